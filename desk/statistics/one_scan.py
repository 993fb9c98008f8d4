"""The service dashboard's figures in one pass over each table: the requests of the scope grouped once
by (site, month, kind, category, department), their callbacks once by (site, month) with the ratings;
the per-month counts, the breakdowns and the satisfaction distribution are summed from those groups.
The figures are those of `count_by_period`, `breakdowns` and `satisfaction_counts` (tested to agree)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desk.record_queries import count_if
from desk.requests.tables import Callback, Request
from desk.statistics.monthly import (
    Breakdown,
    DeskTrends,
    PeriodCounts,
    Scope,
    _callback_counts,
    _counts_of,
    _request_counts,
    of_scope,
    open_overdue,
)

RATINGS = range(1, 6)
NO_CALLBACKS = (0, 0, 0, 0)


@dataclass(frozen=True)
class DashboardFigures:
    """What the service dashboard shows for one scope."""

    by_period: list[PeriodCounts]
    by_category: tuple[Breakdown, ...]
    by_department: tuple[Breakdown, ...]
    satisfaction: dict[int, int]


# A year of fifty centres groups into some 40,000 (centre, month, kind, category, department) rows:
# PostgreSQL's default 4 MB of sort memory spills them to disk (measured 2.4 s against 1.1 s hashed in
# memory). Raised for this transaction only, so a server's pool of connections is not sized by it.
_POSTGRES_GROUPING_MEMORY = "SET LOCAL work_mem = '32MB'"


def dashboard_figures(session: Session, scope: Scope, now: datetime) -> DashboardFigures:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(_POSTGRES_GROUPING_MEMORY))
    where = scope.conditions()
    groups = (Request.site_id, Request.period, Request.kind, Request.category, Request.department)
    requests = session.execute(
        select(
            *groups,
            func.count(),
            count_if(open_overdue(now)),
            count_if(Request.finished_at.is_not(None)),
            *_request_counts(now),
        )
        .where(*where)
        .group_by(*groups)
    ).all()
    callbacks = session.execute(
        select(
            Request.site_id,
            Request.period,
            *_callback_counts(),
            *(count_if(Callback.satisfaction == rating) for rating in RATINGS),
        )
        .join(Request, Request.id == Callback.request_id)
        .where(*where)
        .group_by(Request.site_id, Request.period)
    ).all()
    calls = {(int(r[0]), r[1]): r[2:6] for r in callbacks}
    # Summed as plain integers, one MonthCounts per (site, month) at the end: the groups are many.
    per_month: dict[tuple[int, str], list[int]] = {}
    categories: dict[tuple[str, str], int] = {}
    departments: dict[str, list[int]] = {}
    for site_id, period, kind, category, department, n, late, done, *counted in requests:
        sums = per_month.setdefault((int(site_id), period), [0] * len(counted))
        for index, value in enumerate(counted):
            sums[index] += int(value)
        categories[(kind, category)] = categories.get((kind, category), 0) + int(n)
        if department is not None:
            totals = departments.setdefault(department, [0, 0, 0])
            totals[0], totals[1], totals[2] = totals[0] + int(n), totals[1] + int(late), totals[2] + int(done)
    by_period = [
        PeriodCounts(site_id, period, _counts_of(sums, calls.get((site_id, period), NO_CALLBACKS)))
        for (site_id, period), sums in per_month.items()
    ]
    by_category = sorted(categories.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
    by_department = sorted(departments.items(), key=lambda item: (-item[1][0], item[0]))
    ratings = {rating: sum(int(r[5 + rating]) for r in callbacks) for rating in RATINGS}
    return DashboardFigures(
        by_period=sorted(by_period, key=lambda p: (p.period, p.site_id)),
        by_category=tuple(Breakdown(key, n) for key, n in by_category),
        by_department=tuple(Breakdown((d,), n, late, done) for d, (n, late, done) in by_department),
        satisfaction=ratings,
    )


class DashboardTrends(DeskTrends):
    # `by_period`, `breakdown` and `satisfaction` of the same scope, each table scanned once.
    dashboard = of_scope(dashboard_figures)
