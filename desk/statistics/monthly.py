"""Monthly statistics (月统计), counted by the database with one GROUP BY query per table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from desk.content_model import DeskContent
from desk.owners.tables import Unit
from desk.record_base import RecordService
from desk.record_queries import count_if
from desk.requests.rows import request_row
from desk.requests.tables import Callback, Request
from desk.requests.views import RequestRow
from desk.requests.workflow import Kind, Status
from desk.statistics.kpi import SATISFIED_AT_LEAST, MonthCounts, rates
from store.clock import utcnow
from store.db import SessionFactory

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Breakdown:
    key: tuple[str, ...]  # (kind, category) or (department,)
    count: int
    open_overdue: int = 0
    finished: int = 0


@dataclass(frozen=True)
class MonthStats:
    period: str
    site_ids: frozenset[int]
    counts: MonthCounts
    rates: dict[str, float | None]
    targets: dict[str, float | None]
    by_category: tuple[Breakdown, ...]
    by_department: tuple[Breakdown, ...]


def clean_period(value: str) -> str:
    text = (value or "").strip()
    if not PERIOD_RE.match(text):
        raise ValidationFailed("desk.error.period_invalid", field="month", value=text)
    return text


class DeskStatistics(RecordService[DeskContent]):
    def month(self, actor: Actor, period: str, site_ids: set[int] | None = None) -> MonthStats:
        """A month's counts and rates for the given sites (default: all the actor's sites)."""
        require(actor, Permission.READ_DESK_STATS)
        period = clean_period(period)
        return self.month_unchecked(period, self._sites(actor, site_ids))

    def month_unchecked(self, period: str, sites: set[int]) -> MonthStats:
        """The same for a trusted caller (the command line, which reads the database directly)."""
        now = self._clock()
        base = and_(
            Request.site_id.in_(sites), Request.period == period, Request.status != Status.VOIDED.value
        )
        is_repair = Request.kind == Kind.REPAIR.value
        is_complaint = Request.kind == Kind.COMPLAINT.value
        # Due in the period: finished (in time or not), or past its due time unfinished.
        due = or_(Request.finished_at.is_not(None), Request.due_at <= now)
        valid = and_(is_complaint, Request.validity == "valid")
        with self._sessions() as session:
            r = session.execute(
                select(
                    count_if(is_repair),
                    count_if(Request.kind == Kind.INQUIRY.value),
                    count_if(is_complaint),
                    count_if(and_(is_complaint, due)),
                    count_if(and_(is_complaint, Request.finished_in_time.is_(True))),
                    count_if(valid),
                    count_if(and_(valid, Request.status == Status.CLOSED.value)),
                    count_if(and_(is_repair, due)),
                    count_if(and_(is_repair, Request.finished_in_time.is_(True))),
                    count_if(Request.first_contact.is_(True)),
                ).where(base)
            ).one()
            c = session.execute(
                select(
                    count_if(Callback.status != "voided"),
                    count_if(Callback.status == "done"),
                    count_if(Callback.satisfaction.is_not(None)),
                    count_if(Callback.satisfaction >= SATISFIED_AT_LEAST),
                )
                .join(Request, Request.id == Callback.request_id)
                .where(base)
            ).one()
            categories = session.execute(
                select(Request.kind, Request.category, func.count())
                .where(base)
                .group_by(Request.kind, Request.category)
                .order_by(Request.kind, func.count().desc())
            ).all()
            open_overdue = and_(
                Request.finished_at.is_(None),
                Request.status.not_in([Status.CLOSED.value, Status.ANSWERED.value, Status.ON_HOLD.value]),
                Request.due_at <= now,
            )
            departments = session.execute(
                select(
                    Request.department,
                    func.count(),
                    count_if(open_overdue),
                    count_if(Request.finished_at.is_not(None)),
                )
                .where(base, Request.department.is_not(None))
                .group_by(Request.department)
                .order_by(func.count().desc())
            ).all()
        counts = MonthCounts(
            repair=int(r[0]),
            inquiry=int(r[1]),
            complaint=int(r[2]),
            complaint_due=int(r[3]),
            complaint_timely=int(r[4]),
            complaint_valid=int(r[5]),
            valid_closed=int(r[6]),
            repair_due=int(r[7]),
            repair_timely=int(r[8]),
            first_contact=int(r[9]),
            callbacks_created=int(c[0]),
            callbacks_done=int(c[1]),
            ratings_given=int(c[2]),
            ratings_satisfied=int(c[3]),
        )
        return MonthStats(
            period=period,
            site_ids=frozenset(sites),
            counts=counts,
            rates=rates(counts),
            targets=dict(self._content.targets),
            by_category=tuple(Breakdown((k, cat), int(n)) for k, cat, n in categories),
            by_department=tuple(
                Breakdown((d,), int(n), int(late), int(done)) for d, n, late, done in departments
            ),
        )


@dataclass(frozen=True)
class PeriodCounts:
    site_id: int
    period: str
    counts: MonthCounts

    @property
    def rates(self) -> dict[str, float | None]:
        return rates(self.counts)


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last`, inclusive."""
    first, last = clean_period(first), clean_period(last)
    if first > last:
        raise ValidationFailed("desk.error.period_order", field="month", first=first, last=last)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return out


class DeskTrends(RecordService[DeskContent]):
    """Several months at once, per site and period, in two GROUP BY queries (for the dashboards)."""

    def by_period(
        self,
        actor: Actor,
        periods: list[str],
        site_ids: set[int] | None = None,
        *,
        category: str | None = None,
        department: str | None = None,
    ) -> list[PeriodCounts]:
        require(actor, Permission.READ_DESK_STATS)
        sites = self._sites(actor, site_ids)
        now = self._clock()
        base = [
            Request.site_id.in_(sites),
            Request.period.in_(periods),
            Request.status != Status.VOIDED.value,
        ]
        if category:
            base.append(Request.category == category)
        if department:
            base.append(Request.department == department)
        is_repair = Request.kind == Kind.REPAIR.value
        is_complaint = Request.kind == Kind.COMPLAINT.value
        due = or_(Request.finished_at.is_not(None), Request.due_at <= now)
        valid = and_(is_complaint, Request.validity == "valid")
        with self._sessions() as session:
            main = session.execute(
                select(
                    Request.site_id,
                    Request.period,
                    count_if(is_repair),
                    count_if(Request.kind == Kind.INQUIRY.value),
                    count_if(is_complaint),
                    count_if(and_(is_complaint, due)),
                    count_if(and_(is_complaint, Request.finished_in_time.is_(True))),
                    count_if(valid),
                    count_if(and_(valid, Request.status == Status.CLOSED.value)),
                    count_if(and_(is_repair, due)),
                    count_if(and_(is_repair, Request.finished_in_time.is_(True))),
                    count_if(Request.first_contact.is_(True)),
                )
                .where(*base)
                .group_by(Request.site_id, Request.period)
            ).all()
            calls = session.execute(
                select(
                    Request.site_id,
                    Request.period,
                    count_if(Callback.status != "voided"),
                    count_if(Callback.status == "done"),
                    count_if(Callback.satisfaction.is_not(None)),
                    count_if(Callback.satisfaction >= SATISFIED_AT_LEAST),
                )
                .join(Request, Request.id == Callback.request_id)
                .where(*base)
                .group_by(Request.site_id, Request.period)
            ).all()
        callback_counts = {(r[0], r[1]): r[2:] for r in calls}
        out = []
        for r in main:
            c = callback_counts.get((r[0], r[1]), (0, 0, 0, 0))
            counts = MonthCounts(
                repair=int(r[2]),
                inquiry=int(r[3]),
                complaint=int(r[4]),
                complaint_due=int(r[5]),
                complaint_timely=int(r[6]),
                complaint_valid=int(r[7]),
                valid_closed=int(r[8]),
                repair_due=int(r[9]),
                repair_timely=int(r[10]),
                first_contact=int(r[11]),
                callbacks_created=int(c[0]),
                callbacks_done=int(c[1]),
                ratings_given=int(c[2]),
                ratings_satisfied=int(c[3]),
            )
            out.append(PeriodCounts(int(r[0]), r[1], counts))
        return sorted(out, key=lambda p: (p.period, p.site_id))

    def satisfaction(
        self, actor: Actor, periods: list[str], site_ids: set[int] | None = None
    ) -> dict[int, int]:
        """How many callbacks gave each rating 1-5."""
        require(actor, Permission.READ_DESK_STATS)
        sites = self._sites(actor, site_ids)
        with self._sessions() as session:
            rows = session.execute(
                select(Callback.satisfaction, func.count())
                .join(Request, Request.id == Callback.request_id)
                .where(
                    Request.site_id.in_(sites),
                    Request.period.in_(periods),
                    Callback.satisfaction.is_not(None),
                )
                .group_by(Callback.satisfaction)
            ).all()
        found = {int(rating): int(n) for rating, n in rows}
        return {rating: found.get(rating, 0) for rating in range(1, 6)}

    def breakdown(
        self, actor: Actor, periods: list[str], site_ids: set[int] | None = None
    ) -> tuple[tuple[Breakdown, ...], tuple[Breakdown, ...]]:
        """Requests by (kind, category) and by department over the months, with open overdue work."""
        require(actor, Permission.READ_DESK_STATS)
        sites = self._sites(actor, site_ids)
        now = self._clock()
        base = and_(
            Request.site_id.in_(sites), Request.period.in_(periods), Request.status != Status.VOIDED.value
        )
        open_overdue = and_(
            Request.finished_at.is_(None),
            Request.status.not_in([Status.CLOSED.value, Status.ANSWERED.value, Status.ON_HOLD.value]),
            Request.due_at <= now,
        )
        with self._sessions() as session:
            categories = session.execute(
                select(Request.kind, Request.category, func.count())
                .where(base)
                .group_by(Request.kind, Request.category)
                .order_by(func.count().desc())
            ).all()
            departments = session.execute(
                select(
                    Request.department,
                    func.count(),
                    count_if(open_overdue),
                    count_if(Request.finished_at.is_not(None)),
                )
                .where(base, Request.department.is_not(None))
                .group_by(Request.department)
                .order_by(func.count().desc())
            ).all()
        return (
            tuple(Breakdown((k, c), int(n)) for k, c, n in categories),
            tuple(Breakdown((d,), int(n), int(late), int(done)) for d, n, late, done in departments),
        )


def records_behind(
    sessions: SessionFactory,
    actor: Actor,
    periods: list[str],
    site_ids: set[int] | None = None,
    *,
    kind: str | None = None,
    category: str | None = None,
    department: str | None = None,
    now: datetime | None = None,
    limit: int = 200,
) -> list[RequestRow]:
    """The requests behind a bar or point of a chart (drill-down), newest first."""
    require(actor, Permission.READ_DESK_STATS)
    sites = RecordService._sites(actor, site_ids)
    stmt = (
        select(Request, Unit.code)
        .join(Unit, Unit.id == Request.unit_id)
        .where(Request.site_id.in_(sites), Request.period.in_(periods), Request.status != Status.VOIDED.value)
    )
    for column, value in (
        (Request.kind, kind),
        (Request.category, category),
        (Request.department, department),
    ):
        if value:
            stmt = stmt.where(column == value)
    moment = now or utcnow()
    with sessions() as session:
        rows = session.execute(stmt.order_by(Request.received_at.desc()).limit(limit)).all()
    return [request_row(r, code, moment, full_phone=False) for r, code in rows]
