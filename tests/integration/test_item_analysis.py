"""The managers' item analysis is counted by the database and gives the figures of the pure
`analysis.item_analysis` over every answer of the first attempts (the way it was computed before)."""

from __future__ import annotations

from sqlalchemy import func, select

from quizzes import analysis
from quizzes.model import Question
from quizzes.service_base import FINISHED
from quizzes.tables import QuizAttempt, QuizAttemptQuestion
from rules.loader import default_rulebook
from tests.integration.helpers import add_user, first_manager
from tests.integration.test_quizzes import SITE, take


def reference_items(services, blueprint_id, settings):
    """Every answer of each person's first finished attempt, each snapshot decoded, in Python."""
    with services.sessions() as session:
        first = (
            select(func.min(QuizAttempt.id))
            .where(QuizAttempt.blueprint_id == blueprint_id, QuizAttempt.status.in_(FINISHED))
            .group_by(QuizAttempt.user_id)
        )
        rows = session.execute(
            select(QuizAttemptQuestion, QuizAttempt.score)
            .join(QuizAttempt, QuizAttempt.id == QuizAttemptQuestion.attempt_id)
            .where(QuizAttempt.id.in_(first))
            .order_by(QuizAttemptQuestion.attempt_id, QuizAttemptQuestion.position)
        ).all()
        responses = [
            analysis.Response(q.attempt_id, q.question_id, bool(q.correct), score or 0.0) for q, score in rows
        ]
        shown = {q.question_id: (q.kind, Question.from_dict(q.snapshot).prompt) for q, _ in rows}
    return {
        s.question_id: (*shown[s.question_id], s.responses, s.facility, s.discrimination, s.flags)
        for s in analysis.item_analysis(responses, settings)
    }


def test_item_statistics_counted_in_the_database_equal_those_computed_from_every_answer(services, clock):
    rulebook = default_rulebook()
    manager = first_manager(services, SITE)
    # Seven people, five ways of getting it wrong: the thirds hold two attempts each, with tied scores.
    mistakes = ["phone.three_rings", "address.no_wei_or_ai", "", "phone.", "address.", "", "before_shift."]
    for number, mistake in enumerate(mistakes):
        person = add_user(services, manager, f"person{number}", "staff")
        attempt_id = services.quizzes.start(person, rulebook, "onboarding", seed=number % 3)
        take(
            services,
            person,
            rulebook,
            attempt_id,
            wrong=lambda q, m=mistake: m and any(m in r for r in q.rules),
        )
    overview = services.quizzes.training_overview(manager, rulebook)
    settings = services.quizzes._content(rulebook).analysis
    expected = reference_items(services, overview.blueprint_id, settings)
    got = {
        i.question_id: (i.kind, i.prompt, i.responses, i.facility, i.discrimination, i.flags)
        for i in overview.items
    }
    assert got == expected
    assert any(i.discrimination not in (None, 0) for i in overview.items)  # the thirds differ somewhere
    order = sorted(expected, key=lambda q: (not expected[q][5], expected[q][3], q))
    assert [i.question_id for i in overview.items] == order
