"""The statements behind the managers' training overview, each built once and run with its values.

Building a statement (coercions, cache keys) costs several times what the database takes to answer
it, so every statement here is built on first use with bound parameters (the sites and people as
expanding lists) and reused; the same structure also lets SQLAlchemy reuse its compiled form.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, func, select
from sqlalchemy.sql.selectable import Subquery

from accounts.tables import User, UserSite
from quizzes.service_base import FINISHED, TROUBLE_LIMIT
from quizzes.tables import QuizAttempt, QuizAttemptQuestion, RuleMemory, RuleReview


def _user_ids() -> Any:
    return bindparam("user_ids", expanding=True)


@cache
def people() -> Select[Any]:
    """The active people of the sites `sites`, by name."""
    at_sites = select(UserSite.user_id).where(UserSite.site_id.in_(bindparam("sites", expanding=True)))
    return (
        select(User.id, User.display_name, User.role)
        .where(User.active.is_(True), User.id.in_(at_sites))
        .order_by(User.display_name, User.id)
    )


@cache
def attempt_stats() -> Select[Any]:
    """Per person: certification attempts and when the last one started."""
    return (
        select(
            QuizAttempt.user_id,
            func.count().label("attempts"),
            func.max(QuizAttempt.started_at).label("last_at"),
        )
        .where(QuizAttempt.user_id.in_(_user_ids()), QuizAttempt.purpose == "certification")
        .group_by(QuizAttempt.user_id)
    )


@cache
def last_scores() -> Select[Any]:
    """Per person: the score of their latest finished certification attempt."""
    latest = (
        select(QuizAttempt.user_id, func.max(QuizAttempt.id).label("last_id"))
        .where(
            QuizAttempt.user_id.in_(_user_ids()),
            QuizAttempt.purpose == "certification",
            QuizAttempt.status.in_(FINISHED),
        )
        .group_by(QuizAttempt.user_id)
        .subquery()
    )
    return select(QuizAttempt.user_id, QuizAttempt.score).join(latest, latest.c.last_id == QuizAttempt.id)


@cache
def leeches() -> Select[Any]:
    """(person, rule) the person failed at least `failures` times, most failed first."""
    return (
        select(RuleMemory.user_id, RuleMemory.rule_id)
        .where(RuleMemory.user_id.in_(_user_ids()), RuleMemory.failures >= bindparam("failures"))
        .order_by(RuleMemory.failures.desc(), RuleMemory.rule_id)
    )


@cache
def troubles() -> Select[Any]:
    """The rules the people got wrong most often: wrong answers and how many people gave them."""
    return (
        select(
            RuleReview.rule_id,
            func.count().label("wrong"),
            func.count(func.distinct(RuleReview.user_id)).label("people"),
        )
        .where(RuleReview.user_id.in_(_user_ids()), RuleReview.correct.is_(False))
        .group_by(RuleReview.rule_id)
        .order_by(func.count().desc(), RuleReview.rule_id)
        .limit(TROUBLE_LIMIT)
    )


@cache
def _ranked() -> Subquery:
    """Each person's first finished attempt of the blueprint `blueprint_id` that has questions, ranked
    by score (best first)."""
    first = (
        select(func.min(QuizAttempt.id).label("first_id"))
        .where(
            QuizAttempt.user_id.in_(_user_ids()),
            QuizAttempt.blueprint_id == bindparam("blueprint_id"),
            QuizAttempt.status.in_(FINISHED),
        )
        .group_by(QuizAttempt.user_id)
    )
    answered = QuizAttemptQuestion.attempt_id == QuizAttempt.id
    score = func.coalesce(QuizAttempt.score, 0.0)
    return (
        select(
            QuizAttempt.id.label("attempt_id"),
            func.row_number().over(order_by=(score.desc(), QuizAttempt.id)).label("rank"),
        )
        .where(QuizAttempt.id.in_(first), select(QuizAttemptQuestion.id).where(answered).exists())
        .subquery()
    )


@cache
def first_attempts_taken() -> Select[Any]:
    return select(func.count()).select_from(_ranked())


@cache
def item_counts() -> Select[Any]:
    """Per question of those attempts: responses and right answers, overall and in the top and bottom
    groups (rank at most `upper_to`, and above `lower_after`)."""
    ranked = _ranked()
    right = QuizAttemptQuestion.correct.is_(True)
    top = ranked.c.rank <= bindparam("upper_to")
    bottom = ranked.c.rank > bindparam("lower_after")

    def counted(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    return (
        select(
            QuizAttemptQuestion.question_id,
            func.count().label("responses"),
            counted(right).label("right"),
            counted(top).label("upper"),
            counted(and_(top, right)).label("upper_right"),
            counted(bottom).label("lower"),
            counted(and_(bottom, right)).label("lower_right"),
        )
        .join(ranked, ranked.c.attempt_id == QuizAttemptQuestion.attempt_id)
        .group_by(QuizAttemptQuestion.question_id)
    )


@cache
def last_shown() -> Select[Any]:
    """What each question of those attempts looked like the last time it was shown: its kind and the
    prompt of its snapshot (only that part is read, not the whole question)."""
    ranked = _ranked()
    last = (
        select(QuizAttemptQuestion.question_id, func.max(QuizAttemptQuestion.attempt_id).label("last_id"))
        .join(ranked, ranked.c.attempt_id == QuizAttemptQuestion.attempt_id)
        .group_by(QuizAttemptQuestion.question_id)
        .subquery()
    )
    return (
        select(
            QuizAttemptQuestion.question_id,
            QuizAttemptQuestion.kind,
            QuizAttemptQuestion.snapshot["prompt"].label("prompt"),
        )
        .join(
            last,
            and_(
                last.c.question_id == QuizAttemptQuestion.question_id,
                last.c.last_id == QuizAttemptQuestion.attempt_id,
            ),
        )
        .order_by(QuizAttemptQuestion.position)
    )
