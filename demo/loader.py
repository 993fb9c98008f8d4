"""Load a demo service centre through the real services, with a simulated clock moved day by day.

Every record goes through the same validation, state machines and history as real use: the loader
plans each day with seeded `random.Random` streams (demo.plan, demo.request_plan), puts every step on
the centre's timeline (demo.centre), moves the clock to each step's moment and calls the service a page
would call. Each use case plans its own part of the day (demo.checks, demo.request_stories,
demo.register_stories, demo.renovation_stories, demo.special_stories, demo.training), always in the same
order. The same seed, size and end moment give the same data.

The whole load is one transaction (store.db.one_transaction: each service's unit of work is a
savepoint in it): an error, Ctrl-C or a killed process part way leaves no demo behind, not even its
centre or accounts, and the next load starts from the beginning.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select

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
from store import unit_of_work
from store.clock import Clock
from store.db import one_transaction
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
    trainees, and `days` days of work ending at `end` (default: now), all in one transaction on an
    engine. Refused (demo.opening.DemoRefused) when the database already has demo users or more than
    a first manager."""
    if days < 1 or staff < 1:
        raise ValueError("days and staff must be at least 1")
    started = time.perf_counter()
    end = (end or datetime.now(UTC)).astimezone(UTC)
    last_day = end.astimezone(ZoneInfo(TIMEZONE)).date()
    first_day = last_day - timedelta(days=days - 1)
    clock = SimClock(plan.at_local(first_day - timedelta(days=1), 9, TIMEZONE))

    def play() -> tuple[Centre, Training]:
        with _services_for(target, clock) as services:
            centre = Centre(services, clock, seed, staff, volume, first_day, days, end, site_name)
            return centre, run(centre, progress)

    # One use case: a database still busy after the busy timeout is TryAgain, not a traceback.
    centre, training = unit_of_work.run(play)
    counts = row_counts(centre.svc.engine)
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


@contextmanager
def _services_for(target: Engine | Callable[[Clock], Services], clock: Clock) -> Iterator[Services]:
    """On an engine, every service's unit of work is a savepoint of the load's one transaction; a
    factory's services are the caller's (their own units of work)."""
    if isinstance(target, Engine):
        with one_transaction(target) as sessions:
            yield build_services(target, clock, sessions)
    else:
        yield target(clock)


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
