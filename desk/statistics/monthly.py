"""Monthly statistics (月统计), counted by the database with one GROUP BY query per table."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from core.errors import ValidationFailed
from core.roles import Actor, Permission, require, require_site
from desk.content_model import DeskContent
from desk.owners.tables import Unit
from desk.record_queries import count_if
from desk.requests.rows import LISTED, request_row
from desk.requests.tables import Callback, Request
from desk.requests.views import RequestRow
from desk.requests.workflow import Kind, Status
from desk.statistics.kpi import SATISFIED_AT_LEAST, MonthCounts, rates
from store.clock import Clock, utcnow
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
    category: str | None = None  # the filters the figures obey (None: every category / department)
    department: str | None = None


def clean_period(value: str) -> str:
    text = (value or "").strip()
    if not PERIOD_RE.match(text):
        raise ValidationFailed("desk.error.period_invalid", field="month", value=text)
    return text


Shape = tuple[bool, bool]  # which optional filters a scope has: (category, department)


@dataclass(frozen=True)
class Scope:
    """Which requests a figure counts: sites, months and the optional category and department filters.

    Every figure of a page (headline counts, rates, breakdowns, satisfaction, exports) takes the same
    scope, so they always describe the same requests. The statements are built once per shape (which
    filters are present) with bound parameters, and run with `values`: building a statement costs
    several times what the database takes to answer it.
    """

    sites: frozenset[int]
    periods: tuple[str, ...]
    category: str | None = None
    department: str | None = None

    @property
    def shape(self) -> Shape:
        return (bool(self.category), bool(self.department))

    def values(self, now: datetime | None = None) -> dict[str, Any]:
        """The parameters of `scoped` (and of the moment, `now`, where a statement counts by it)."""
        out: dict[str, Any] = {"sites": sorted(self.sites), "periods": list(self.periods)}
        if self.category:
            out["category"] = self.category
        if self.department:
            out["department"] = self.department
        if now is not None:
            out["now"] = now
        return out


def scoped(table: Any, shape: Shape) -> list:  # type: ignore[type-arg]
    """The scope's conditions on a table with site, period, category and department columns."""
    out = [
        table.site_id.in_(bindparam("sites", expanding=True)),
        table.period.in_(bindparam("periods", expanding=True)),
    ]
    if shape[0]:
        out.append(table.category == bindparam("category"))
    if shape[1]:
        out.append(table.department == bindparam("department"))
    return out


def scoped_requests(shape: Shape) -> list:  # type: ignore[type-arg]
    """The scope's requests: its conditions, voided requests left out."""
    return [*scoped(Request, shape), Request.status != Status.VOIDED.value]


NOW = bindparam("now", type_=Request.due_at.type)  # the moment "due" and "overdue" are counted at


def _request_counts() -> list:  # type: ignore[type-arg]
    """The request columns of MonthCounts, in the order of `_counts_of` (REFERENCE section 4)."""
    is_repair = Request.kind == Kind.REPAIR.value
    is_complaint = Request.kind == Kind.COMPLAINT.value
    # Due in the period: finished (in time or not), or past its due time unfinished.
    due = or_(Request.finished_at.is_not(None), Request.due_at <= NOW)
    valid = and_(is_complaint, Request.validity == "valid")
    return [
        count_if(is_repair),
        count_if(Request.kind == Kind.INQUIRY.value),
        count_if(is_complaint),
        count_if(and_(is_complaint, due)),
        count_if(and_(is_complaint, Request.finished_in_time.is_(True))),
        count_if(valid),
        # Handled: the reply is given (finished), whether or not the callback is done yet; a reopened
        # complaint has its finish cleared and is not handled until it is finished again.
        count_if(and_(valid, Request.finished_at.is_not(None))),
        count_if(and_(is_repair, due)),
        count_if(and_(is_repair, Request.finished_in_time.is_(True))),
        count_if(Request.first_contact.is_(True)),
    ]


def _callback_counts() -> list:  # type: ignore[type-arg]
    return [
        count_if(Callback.status != "voided"),
        count_if(Callback.status == "done"),
        count_if(Callback.satisfaction.is_not(None)),
        count_if(Callback.satisfaction >= SATISFIED_AT_LEAST),
    ]


def _counts_of(requests: Sequence[object], callbacks: Sequence[object]) -> MonthCounts:
    r, c = [int(v) for v in requests], [int(v) for v in callbacks]  # type: ignore[call-overload]
    return MonthCounts(
        repair=r[0], inquiry=r[1], complaint=r[2], complaint_due=r[3], complaint_timely=r[4],
        complaint_valid=r[5], valid_handled=r[6], repair_due=r[7], repair_timely=r[8], first_contact=r[9],
        callbacks_created=c[0], callbacks_done=c[1], ratings_given=c[2], ratings_satisfied=c[3],
    )  # fmt: skip


@cache
def _period_statements(shape: Shape) -> tuple[Select[Any], Select[Any]]:
    where = scoped_requests(shape)
    main = (
        select(Request.site_id, Request.period, *_request_counts())
        .where(*where)
        .group_by(Request.site_id, Request.period)
    )
    calls = (
        select(Request.site_id, Request.period, *_callback_counts())
        .join(Request, Request.id == Callback.request_id)
        .where(*where)
        .group_by(Request.site_id, Request.period)
    )
    return main, calls


def count_by_period(session: Session, scope: Scope, now: datetime) -> list[PeriodCounts]:
    """MonthCounts per (site, month) of the scope, in two GROUP BY queries."""
    main_statement, calls_statement = _period_statements(scope.shape)
    main = session.execute(main_statement, scope.values(now)).all()
    calls = session.execute(calls_statement, scope.values()).all()
    callback_counts = {(r[0], r[1]): r[2:] for r in calls}
    out = [
        PeriodCounts(int(r[0]), r[1], _counts_of(r[2:], callback_counts.get((r[0], r[1]), (0, 0, 0, 0))))
        for r in main
    ]
    return sorted(out, key=lambda p: (p.period, p.site_id))


def open_overdue():  # type: ignore[no-untyped-def]
    """Unfinished, past its due time (the moment `now`) and neither closed, answered nor on hold."""
    return and_(
        Request.finished_at.is_(None),
        Request.status.not_in([Status.CLOSED.value, Status.ANSWERED.value, Status.ON_HOLD.value]),
        Request.due_at <= NOW,
    )


@cache
def _breakdown_statements(shape: Shape) -> tuple[Select[Any], Select[Any]]:
    where = scoped_requests(shape)
    categories = (
        select(Request.kind, Request.category, func.count())
        .where(*where)
        .group_by(Request.kind, Request.category)
        .order_by(Request.kind, func.count().desc(), Request.category)
    )
    departments = (
        select(
            Request.department,
            func.count(),
            count_if(open_overdue()),
            count_if(Request.finished_at.is_not(None)),
        )
        .where(*where, Request.department.is_not(None))
        .group_by(Request.department)
        .order_by(func.count().desc(), Request.department)
    )
    return categories, departments


def breakdowns(
    session: Session, scope: Scope, now: datetime
) -> tuple[tuple[Breakdown, ...], tuple[Breakdown, ...]]:
    """Requests by (kind, category) and by department, with the departments' open overdue work."""
    categories_statement, departments_statement = _breakdown_statements(scope.shape)
    categories = session.execute(categories_statement, scope.values()).all()
    departments = session.execute(departments_statement, scope.values(now)).all()
    return (
        tuple(Breakdown((k, c), int(n)) for k, c, n in categories),
        tuple(Breakdown((d,), int(n), int(late), int(done)) for d, n, late, done in departments),
    )


@cache
def _satisfaction_statement(shape: Shape) -> Select[Any]:
    return (
        select(Callback.satisfaction, func.count())
        .join(Request, Request.id == Callback.request_id)
        .where(*scoped_requests(shape), Callback.satisfaction.is_not(None))
        .group_by(Callback.satisfaction)
    )


def satisfaction_counts(session: Session, scope: Scope) -> dict[int, int]:
    """How many callbacks gave each rating 1-5."""
    rows = session.execute(_satisfaction_statement(scope.shape), scope.values()).all()
    found = {int(rating): int(n) for rating, n in rows}
    return {rating: found.get(rating, 0) for rating in range(1, 6)}


class DeskStatistics:
    def __init__(self, sessions: SessionFactory, content: DeskContent, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

    def month(
        self,
        actor: Actor,
        period: str,
        site_ids: set[int] | None = None,
        *,
        category: str | None = None,
        department: str | None = None,
    ) -> MonthStats:
        """A month's counts and rates for the given sites (default: all the actor's sites)."""
        require(actor, Permission.READ_DESK_STATS)
        return self.month_unchecked(period, _sites(actor, site_ids), category=category, department=department)

    def month_unchecked(
        self, period: str, sites: set[int], *, category: str | None = None, department: str | None = None
    ) -> MonthStats:
        """The same for a trusted caller (the command line, which reads the database directly)."""
        scope = Scope(frozenset(sites), (clean_period(period),), category, department)
        now = self._clock()
        with self._sessions() as session:
            per_site = count_by_period(session, scope, now)
            by_category, by_department = breakdowns(session, scope, now)
        counts = sum((p.counts for p in per_site), MonthCounts())
        return MonthStats(
            period=scope.periods[0],
            site_ids=scope.sites,
            counts=counts,
            rates=rates(counts),
            targets=dict(self._content.targets),
            by_category=by_category,
            by_department=by_department,
            category=category,
            department=department,
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


_Figures = TypeVar("_Figures")


def of_scope(figures: Callable[[Session, Scope, datetime], _Figures]) -> Callable[..., _Figures]:
    """A trends method giving `figures` of the scope asked for, counted now; called as
    (actor, periods, site_ids=None, *, category=None, department=None), the sites by default the actor's."""

    def read(
        self: DeskTrends,
        actor: Actor,
        periods: list[str],
        site_ids: set[int] | None = None,
        *,
        category: str | None = None,
        department: str | None = None,
    ) -> _Figures:
        require(actor, Permission.READ_DESK_STATS)
        scope = Scope(frozenset(_sites(actor, site_ids)), tuple(periods), category, department)
        with self._sessions() as session:
            return figures(session, scope, self._clock())

    return read


class DeskTrends:
    """Several months at once, per site and period (for the dashboards), counted like `DeskStatistics`."""

    def __init__(self, sessions: SessionFactory, content: DeskContent, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

    by_period = of_scope(count_by_period)
    breakdown = of_scope(breakdowns)
    satisfaction = of_scope(lambda session, scope, _now: satisfaction_counts(session, scope))


def _sites(actor: Actor, site_ids: set[int] | None) -> set[int]:
    sites = set(actor.site_ids) if site_ids is None else set(site_ids)
    for site_id in sites:
        require_site(actor, site_id)
    return sites


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
    sites = _sites(actor, site_ids)
    stmt = (
        select(*LISTED, Unit.code)
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
    return [request_row(r, r.code, moment, full_phone=False) for r in rows]
