"""The service dashboard's figures from the request tallies (`RequestTally`, kept by the database on
every write) and the scope's unfinished requests: a year of fifty centres sums some 40,000 tally rows
instead of grouping half a million requests. The tallies hold what does not change with the moment;
what does ("due by now" and "overdue now") only concerns unfinished requests, which are few and have
their own index, and is counted live. The figures are those of `count_by_period`, `breakdowns` and
`satisfaction_counts` (tested to agree, and the tallies tested to equal a live count)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from desk.record_queries import count_if
from desk.requests.tables import Request, RequestTally
from desk.requests.workflow import Kind
from desk.statistics.kpi import MonthCounts
from desk.statistics.monthly import (
    NOW,
    Breakdown,
    DeskTrends,
    PeriodCounts,
    Scope,
    Shape,
    of_scope,
    open_overdue,
    scoped,
    scoped_requests,
)

RATINGS = range(1, 6)
NO_DEPARTMENT = ""  # how the tallies spell a request without a department
T = RequestTally


@dataclass(frozen=True)
class DashboardFigures:
    """What the service dashboard shows for one scope."""

    by_period: list[PeriodCounts]
    by_category: tuple[Breakdown, ...]
    by_department: tuple[Breakdown, ...]
    satisfaction: dict[int, int]


def _of_kind(kind: Kind, column=None):  # type: ignore[no-untyped-def]
    """The sum of `column` (the requests themselves by default) over the tallies of one kind."""
    counted = T.requests if column is None else column
    return func.coalesce(func.sum(case((T.kind == kind.value, counted), else_=0)), 0)


def _month_columns() -> list:  # type: ignore[type-arg]
    """Per (site, month): the moment-free parts of MonthCounts, in the order `_month_counts` reads."""
    return [
        _of_kind(Kind.REPAIR),
        _of_kind(Kind.INQUIRY),
        _of_kind(Kind.COMPLAINT),
        _of_kind(Kind.COMPLAINT, T.finished),  # finished complaints are due; the unfinished ones by now
        _of_kind(Kind.COMPLAINT, T.finished_in_time),
        _of_kind(Kind.COMPLAINT, T.valid),
        _of_kind(Kind.COMPLAINT, T.valid_finished),
        _of_kind(Kind.REPAIR, T.finished),
        _of_kind(Kind.REPAIR, T.finished_in_time),
        func.sum(T.first_contact),
        func.sum(T.callbacks_created),
        func.sum(T.callbacks_done),
        func.sum(T.ratings_given),
        func.sum(T.ratings_satisfied),
        *(func.sum(getattr(T, f"rating_{n}")) for n in RATINGS),
    ]


def _month_counts(row: tuple[int, ...], complaints_due: int, repairs_due: int) -> MonthCounts:
    r = [int(v) for v in row]
    return MonthCounts(
        repair=r[0], inquiry=r[1], complaint=r[2], complaint_due=r[3] + complaints_due,
        complaint_timely=r[4], complaint_valid=r[5], valid_handled=r[6], repair_due=r[7] + repairs_due,
        repair_timely=r[8], first_contact=r[9], callbacks_created=r[10], callbacks_done=r[11],
        ratings_given=r[12], ratings_satisfied=r[13],
    )  # fmt: skip


@cache
def _statements(shape: Shape) -> tuple[Select[Any], ...]:
    """The dashboard's four statements for a scope of this shape: months, categories and departments
    from the tallies, and the moment's part from the unfinished requests of the scope (their own index)."""
    where = scoped(T, shape)
    months = select(T.site_id, T.period, *_month_columns()).where(*where).group_by(T.site_id, T.period)
    categories = (
        select(T.kind, T.category, func.sum(T.requests))
        .where(*where)
        .group_by(T.kind, T.category)
        .having(func.sum(T.requests) > 0)
        .order_by(T.kind, func.sum(T.requests).desc(), T.category)
    )
    departments = (
        select(T.department, func.sum(T.requests), func.sum(T.finished))
        .where(*where, T.department != NO_DEPARTMENT)
        .group_by(T.department)
        .having(func.sum(T.requests) > 0)
        .order_by(func.sum(T.requests).desc(), T.department)
    )
    past_due = Request.due_at <= NOW
    unfinished = (
        select(
            Request.site_id,
            Request.period,
            Request.department,
            count_if(and_(Request.kind == Kind.COMPLAINT.value, past_due)),
            count_if(and_(Request.kind == Kind.REPAIR.value, past_due)),
            count_if(open_overdue()),
        )
        .where(*scoped_requests(shape), Request.finished_at.is_(None))
        .group_by(Request.site_id, Request.period, Request.department)
    )
    return months, categories, departments, unfinished


def dashboard_figures(session: Session, scope: Scope, now: datetime) -> DashboardFigures:
    months_statement, categories_statement, departments_statement, unfinished = _statements(scope.shape)
    values = scope.values()
    months = session.execute(months_statement, values).all()
    categories = session.execute(categories_statement, values).all()
    departments = session.execute(departments_statement, values).all()
    due: dict[tuple[int, str], tuple[int, int]] = {}
    late: dict[str, int] = {}
    for site_id, period, department, complaints, repairs, overdue in session.execute(
        unfinished, scope.values(now)
    ):
        before = due.get((int(site_id), period), (0, 0))
        due[(int(site_id), period)] = (before[0] + int(complaints), before[1] + int(repairs))
        if department is not None:
            late[department] = late.get(department, 0) + int(overdue)
    # A tally row emptied by voids and moves stays, at zero: a month, category or department that no
    # longer counts a request is left out, as a live count would leave it.
    by_period = [
        PeriodCounts(
            int(site_id), period, _month_counts(counts[:14], *due.get((int(site_id), period), (0, 0)))
        )
        for site_id, period, *counts in months
        if int(counts[0]) + int(counts[1]) + int(counts[2])
    ]
    return DashboardFigures(
        by_period=sorted(by_period, key=lambda p: (p.period, p.site_id)),
        by_category=tuple(Breakdown((kind, category), int(n)) for kind, category, n in categories),
        by_department=tuple(Breakdown((d,), int(n), late.get(d, 0), int(done)) for d, n, done in departments),
        satisfaction={n: sum(int(row[15 + n]) for row in months) for n in RATINGS},  # after the 14 counts
    )


class DashboardTrends(DeskTrends):
    # `by_period`, `breakdown` and `satisfaction` of the same scope, from the tallies.
    dashboard = of_scope(dashboard_figures)
