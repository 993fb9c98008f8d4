"""A company of many centres over years, written fast: rows in batches straight into the real tables.

For `python -m demo bench --sites N --years Y`. Per centre and day: about `requests_per_day` requests
(most closed, the last days still open; callbacks for about two thirds), and four people on shift
(two mornings, a middle, a night), each rostered, logged in once at the start of the shift and
submitting a start and an end self-check (a few missed) with `answers_per_check` answers. The
content is plain filler: the benchmark is about row counts and their spread, not about the words.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, text
from sqlalchemy.engine import Engine

from accounts.tables import LoginSession, Site, User, UserSite
from checklists.tables import CheckAnswer, RosterEntry, ShiftCheck
from core.passwords import hash_password
from demo.people import DEMO_PASSWORD
from demo.scale_training import TABLES, write_training
from desk.owners.tables import Unit
from desk.requests.tables import Callback, Request
from quizzes.loader import default_quiz_content
from rules.loader import default_rulebook

TZ = "Asia/Shanghai"
SHIFTS = (("morning", time(7), 8), ("morning", time(7), 8), ("middle", time(15), 8), ("night", time(23), 8))
OPEN = ("registered", "dispatched", "in_progress", "received", "handling", "recorded", "callback_due")
CATEGORIES = ("water", "electric", "door_lock", "lift", "noise", "parking", "cleaning", "fee")
DEPARTMENTS = ("engineering", "cleaning", "security", "greening")
RULES = tuple(f"scale.item{n}" for n in range(1, 13))
STAFF_PER_SITE = 8
SCALE_MANAGER = "scale_boss"


@dataclass(frozen=True)
class ScaleSize:
    sites: int = 50
    years: float = 2.0
    requests_per_day: int = 27
    answers_per_check: int = 4

    @property
    def days(self) -> int:
        return max(1, round(365 * self.years))


class _Writer:
    """Rows gathered per table and flushed in batches of `batch` through Core executemany."""

    def __init__(self, engine: Engine, batch: int = 20_000) -> None:
        self._engine = engine
        self._batch = batch
        self._rows: dict[Table, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: Any, row: dict[str, Any]) -> None:
        rows = self._rows.setdefault(table.__table__, [])
        rows.append(row)
        if len(rows) >= self._batch:
            self.flush_all()  # all tables, parents first: a child batch may fill before its parent's

    def _flush(self, table: Table) -> None:
        rows = self._rows.get(table)
        if rows:
            with self._engine.begin() as conn:
                conn.execute(table.insert(), rows)
            self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
            self._rows[table] = []

    def flush_all(self) -> None:
        # Parents before children, so the foreign keys hold at every commit.
        order = (
            Site,
            User,
            UserSite,
            Unit,
            Request,
            Callback,
            RosterEntry,
            LoginSession,
            ShiftCheck,
            CheckAnswer,
            *TABLES,
        )
        for model in order:
            self._flush(model.__table__)


def _ids() -> Iterator[int]:
    n = 0
    while True:
        n += 1
        yield n


def generate(
    engine: Engine, size: ScaleSize, now: datetime, seed: int = 2026, progress: Callable[[str], None] = print
) -> dict[str, int]:
    """Fill an empty, migrated database with `size` ending at `now`; returns the row counts."""
    rng = random.Random(seed)
    w = _Writer(engine)
    zone = ZoneInfo(TZ)
    first_day = (now.astimezone(zone) - timedelta(days=size.days)).date()
    password = hash_password(DEMO_PASSWORD)
    created = now - timedelta(days=size.days + 1)
    user_ids, request_ids, check_ids = _ids(), _ids(), _ids()
    callback_ids, roster_ids, login_ids, answer_ids = _ids(), _ids(), _ids(), _ids()

    def user(username: str, role: str) -> int:
        uid = next(user_ids)
        w.add(
            User,
            dict(
                id=uid,
                username=username,
                display_name=f"{username}",
                gender="female",
                role=role,
                active=True,
                password_hash=password,
                language="zh",
                failed_logins=0,
                locked_until=None,
                created_at=created,
            ),
        )
        return uid

    for s in range(1, size.sites + 1):
        w.add(
            Site, dict(id=s, name=f"规模测试第{s:02d}服务中心", timezone=TZ, active=True, created_at=created)
        )
    w.flush_all()
    boss = user(SCALE_MANAGER, "manager")
    staff_of: dict[int, list[int]] = {}
    for s in range(1, size.sites + 1):
        w.add(UserSite, dict(user_id=boss, site_id=s))
        staff = staff_of[s] = [user(f"scale_s{s:02d}_{n}", "staff") for n in range(STAFF_PER_SITE)]
        for uid in staff:
            w.add(UserSite, dict(user_id=uid, site_id=s))
        for n in range(1, 201):
            w.add(
                Unit,
                dict(
                    id=(s - 1) * 200 + n,
                    site_id=s,
                    code=f"{n // 20 + 1}-{n % 20 + 1:02d}01",
                    created_at=created,
                ),
            )
        w.flush_all()
        for d in range(size.days):
            day = first_day + timedelta(days=d)
            _requests(w, rng, s, staff, day, zone, now, size, request_ids, callback_ids)
            _shifts(
                w, rng, s, staff, boss, day, zone, now, size, (check_ids, roster_ids, login_ids, answer_ids)
            )
        if s % 10 == 0 or s == size.sites:
            progress(f"  {s:>3}/{size.sites} centres")
    rulebook = default_rulebook()
    start = datetime.combine(first_day, time(9), zone).astimezone(UTC)
    write_training(w.add, rng, staff_of, start, now, default_quiz_content(rulebook), rulebook)
    progress("  training written")
    w.flush_all()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for name in w.counts:
                if name not in ("user_sites", "quiz_rule_memory"):
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}")
                    )
        conn.execute(text("ANALYZE"))  # fresh statistics, as a running installation has
    return w.counts


def _requests(
    w: _Writer,
    rng: random.Random,
    site: int,
    staff: list[int],
    day: date,
    zone: ZoneInfo,
    now: datetime,
    size: ScaleSize,
    ids: Iterator[int],
    callback_ids: Iterator[int],
) -> None:
    for _ in range(rng.randint(size.requests_per_day // 2, size.requests_per_day * 3 // 2)):
        received = datetime.combine(day, time(8), zone).astimezone(UTC) + timedelta(
            minutes=rng.randrange(720)
        )
        if received >= now:
            continue
        kind = rng.choices(("repair", "inquiry", "complaint"), (6, 3, 1))[0]
        recent = now - received < timedelta(days=3)
        status = rng.choice(OPEN) if recent else ("answered" if kind == "inquiry" else "closed")
        if not recent and rng.random() < 0.01:
            status = "voided"
        finished = None if status in OPEN else received + timedelta(hours=rng.uniform(1, 30))
        due = received + timedelta(hours=24)
        rid = next(ids)
        w.add(
            Request,
            dict(
                id=rid,
                site_id=site,
                kind=kind,
                status=status,
                held_from=None,
                on_hold_since=None,
                channel=rng.choice(("phone", "walk_in", "wechat")),
                category=rng.choice(CATEGORIES),
                urgency="normal",
                unit_id=(site - 1) * 200 + rng.randint(1, 200),
                owner_id=None,
                contact_name="业主",
                contact_phone="13800000000",
                content="规模测试工单",
                received_at=received,
                period=received.astimezone(zone).strftime("%Y-%m"),
                created_by=rng.choice(staff),
                department=rng.choice(DEPARTMENTS) if kind != "inquiry" else None,
                respond_due_at=received + timedelta(minutes=30) if kind == "complaint" else None,
                responded_at=received + timedelta(minutes=rng.randint(5, 40))
                if kind == "complaint"
                else None,
                due_at=due,
                warn_at=due - timedelta(hours=4),
                finished_at=finished,
                finished_in_time=None if finished is None else finished <= due,
                first_contact=rng.random() < 0.9,
                validity="valid" if kind == "complaint" else None,
                validity_reason=None,
                judged_by=None,
                judged_at=None,
                closed_at=finished,
                void_reason="重复登记" if status == "voided" else None,
                imported=False,
            ),
        )
        if kind != "inquiry" and finished is not None and rng.random() < 0.75:
            done = finished + timedelta(hours=rng.uniform(2, 40))
            late = done >= now - timedelta(hours=12)  # the last half day's callbacks are still to make
            w.add(
                Callback,
                dict(
                    id=next(callback_ids),
                    request_id=rid,
                    site_id=site,
                    created_at=finished,
                    due_at=finished + timedelta(days=1),
                    status="due" if late else "done",
                    done_at=None if late else done,
                    caller_id=None if late else rng.choice(staff),
                    result=None if late else "满意",
                    satisfaction=None if late else rng.choice((3, 4, 5, 5, 5)),
                ),
            )


def _shifts(
    w: _Writer,
    rng: random.Random,
    site: int,
    staff: list[int],
    boss: int,
    day: date,
    zone: ZoneInfo,
    now: datetime,
    size: ScaleSize,
    ids: tuple[Iterator[int], ...],
) -> None:
    check_ids, roster_ids, login_ids, answer_ids = ids
    offset = day.toordinal() * len(SHIFTS)
    for k, (shift_id, starts, hours) in enumerate(SHIFTS):
        uid = staff[(offset + k) % len(staff)]
        start = datetime.combine(day, starts, zone).astimezone(UTC)
        if start >= now:
            continue
        w.add(
            RosterEntry,
            dict(
                id=next(roster_ids),
                site_id=site,
                user_id=uid,
                shift_date=day,
                shift_id=shift_id,
                active=True,
                created_by=boss,
                created_at=start - timedelta(days=7),
                updated_at=start - timedelta(days=7),
            ),
        )
        login = start - timedelta(minutes=rng.randint(5, 20))
        w.add(
            LoginSession,
            dict(
                id=next(login_ids),
                user_id=uid,
                token_hash=None,
                handoff_hash=None,
                handoff_expires_at=None,
                created_at=login,
                expires_at=login + timedelta(hours=12),
                revoked_at=None,
            ),
        )
        for kind, at in (("start", start), ("end", start + timedelta(hours=hours))):
            if at >= now or rng.random() < 0.04:
                continue
            failed = [rng.random() < 0.08 for _ in range(size.answers_per_check)]
            cid = next(check_ids)
            w.add(
                ShiftCheck,
                dict(
                    id=cid,
                    site_id=site,
                    user_id=uid,
                    source="self",
                    inspector_id=None,
                    shift_date=day,
                    shift_id=shift_id,
                    kind=kind,
                    rulebook_version="scale",
                    pass_mark=80,
                    submitted_at=at + timedelta(minutes=rng.randint(-10, 25)),
                    late=rng.random() < 0.05,
                    score=100.0 * (1 - sum(failed) / len(failed)),
                    passed=not any(failed),
                    critical_failed=False,
                    failed_count=sum(failed),
                    amended_at=None,
                    amended_by=None,
                ),
            )
            for n, fail in enumerate(failed, start=1):
                w.add(
                    CheckAnswer,
                    dict(
                        id=next(answer_ids),
                        check_id=cid,
                        position=n,
                        rule_id=RULES[(n + cid) % len(RULES)],
                        severity="normal",
                        weight=1,
                        question_zh="规模测试检查项",
                        question_en="scale item",
                        answer="fail" if fail else "pass",
                        note=None,
                    ),
                )
