"""Certification pass rate over time, for the compliance dashboard: counted by the database per day,
folded into weeks here (a handful of rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, select

from core.roles import Actor, Permission, require, require_site
from quizzes.tables import QuizAttempt
from store.db import SessionFactory


@dataclass(frozen=True)
class WeekPassRate:
    week: date  # the Monday
    attempts: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


def pass_rate_by_week(
    sessions: SessionFactory,
    actor: Actor,
    site_ids: set[int],
    first: date,
    last: date,
    user_id: int | None = None,  # one person's attempts, or everyone's
) -> list[WeekPassRate]:
    require(actor, Permission.READ_TRAINING)
    for site_id in site_ids:
        require_site(actor, site_id)
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    day = func.date(QuizAttempt.finished_at)
    with sessions() as session:
        rows = session.execute(
            select(day, func.count(), func.sum(case((QuizAttempt.passed.is_(True), 1), else_=0)))
            .where(
                QuizAttempt.site_id.in_(site_ids),
                QuizAttempt.purpose == "certification",
                QuizAttempt.passed.is_not(None),
                QuizAttempt.finished_at >= start,
                QuizAttempt.finished_at < end,
                QuizAttempt.user_id == user_id if user_id is not None else QuizAttempt.id.is_not(None),
            )
            .group_by(day)
        ).all()
    weeks: dict[date, list[int]] = {}
    for raw_day, attempts, passed in rows:
        d = raw_day if isinstance(raw_day, date) else date.fromisoformat(str(raw_day)[:10])
        monday = d - timedelta(days=d.weekday())
        found = weeks.setdefault(monday, [0, 0])
        found[0] += int(attempts)
        found[1] += int(passed or 0)
    return [WeekPassRate(w, a, p) for w, (a, p) in sorted(weeks.items())]
