"""Load a demo service centre through the real services, with a simulated clock moved day by day.

Every record goes through the same validation, state machines and history as real use: the loader
plans each day with seeded `random.Random` streams (demo.plan, demo.request_plan), puts every step on
the centre's timeline (demo.centre), moves the clock to each step's moment and calls the service a page
would call. Each use case plans its own part of the day (demo.checks, demo.request_stories,
demo.register_stories, demo.renovation_stories, demo.special_stories, demo.training), always in the same
order. The same seed, size and end moment give the same data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, event, func, select

from demo import plan
from demo.bulk import BulkChecks
from demo.centre import DEMO, TIMEZONE, Centre, SimClock, Volume
from demo.checks import ServiceChecks
from demo.opening import open_accounts, open_households, refusal
from demo.people import DEMO_PASSWORD, DemoPerson
from demo.register_stories import CashStories, HandoverNotes, KeyStories, MailStories
from demo.renovation_stories import MoveIns, Renovations
from demo.request_stories import RequestStories
from demo.special_stories import SpecialStories
from demo.training import Training
from services import Services, build_services
from store.clock import Clock
from store.db import make_engine
from store.migrations.registry import metadata

DEFAULT_SITE_NAME = "阳光花园服务中心"
Progress = Callable[[int, int, str], None]


class DayPlanner(Protocol):
    def plan_day(self, index: int, day: date) -> None: ...


@dataclass(frozen=True)
class DemoSummary:
    site_id: int
    site_name: str
    people: tuple[DemoPerson, ...]
    password: str
    first_day: date
    last_day: date
    seed: int
    counts: dict[str, int]
    quizzes_skipped: str | None  # why the quiz part was left out, if it was
    seconds: float


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, for the summary and the tests."""
    with engine.connect() as conn:
        return {
            t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in metadata.sorted_tables
        }


def _fast_sqlite(engine: Engine) -> Engine:
    """For SQLite, a dedicated engine that does not fsync every commit (WAL with synchronous=NORMAL keeps
    the file consistent; a power cut can lose only the last steps of a load, which is started again)."""
    if engine.url.get_backend_name() != "sqlite":
        return engine
    fast = make_engine(engine.url.render_as_string(hide_password=False))

    @event.listens_for(fast, "connect")
    def _normal(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return fast


def load_demo(
    target: Engine | Callable[[Clock], Services],
    *,
    days: int = 90,
    staff: int = 8,
    seed: int = 2026,
    site_name: str = DEFAULT_SITE_NAME,
    progress: Progress | None = None,
    end: datetime | None = None,
    volume: Volume = DEMO,
) -> DemoSummary:
    """Create the demo centre (or use the existing one of a first manager) with `staff` staff and their
    trainees, and `days` days of work ending at `end` (default: now). Refused (demo.opening.DemoRefused)
    when the database already has demo users or more than a first manager."""
    if days < 1 or staff < 1:
        raise ValueError("days and staff must be at least 1")
    started = time.perf_counter()
    end = (end or datetime.now(UTC)).astimezone(UTC)
    last_day = end.astimezone(ZoneInfo(TIMEZONE)).date()
    first_day = last_day - timedelta(days=days - 1)
    clock = SimClock(plan.at_local(first_day - timedelta(days=1), 9, TIMEZONE))
    engine = None
    if isinstance(target, Engine):
        engine = _fast_sqlite(target)
        services = build_services(engine, clock)
    else:
        services = target(clock)
    try:
        centre = Centre(services, clock, seed, staff, volume, first_day, days, end, site_name)
        training = run(centre, progress)
        counts = row_counts(services.engine)
    finally:
        if engine is not None and engine is not target:
            engine.dispose()
    return DemoSummary(
        site_id=centre.site_id,
        site_name=centre.site_name,
        people=centre.people,
        password=DEMO_PASSWORD,
        first_day=first_day,
        last_day=last_day,
        seed=seed,
        counts=counts,
        quizzes_skipped=training.skipped,
        seconds=time.perf_counter() - started,
    )


def run(c: Centre, progress: Progress | None) -> Training:
    """Open the centre, then plan and play one day after another up to the end moment."""
    refused = refusal(c.svc)
    if refused is not None:
        raise refused
    total = c.days + 1
    open_accounts(c)
    open_households(c)
    checks = BulkChecks(c) if c.volume.bulk_checks else ServiceChecks(c)
    training = Training(c)
    # The order in which each day is planned fixes the order of same-moment steps: keep it.
    planners: tuple[DayPlanner, ...] = (
        checks, RequestStories(c), MailStories(c), KeyStories(c), CashStories(c), HandoverNotes(c),
        Renovations(c), MoveIns(c), SpecialStories(c), training,
    )  # fmt: skip
    if progress:
        progress(1, total, "accounts")
    for index in range(c.days):
        day = c.first_day + timedelta(days=index)
        if index == 0:
            for ahead in range(7):
                checks.roster(ahead, c.clock())
        c.timeline.at(plan.at_local(day, 10, c.tz), checks.roster, index + 7, None)
        for planner in planners:
            planner.plan_day(index, day)
        day_end = plan.at_local(day + timedelta(days=1), 0, c.tz)
        c.timeline.run_until(min(day_end, c.end))
        checks.flush(min(day_end, c.end))
        if progress:
            progress(index + 2, total, day.isoformat())
    checks.flush(c.end, final=True)
    return training
