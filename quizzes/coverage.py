"""Where a question is drawn (its category) and how well the pool covers the rulebook. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from quizzes.duties import DESK
from quizzes.model import Question
from rules.model import Rulebook


def category_of(rulebook: Rulebook, question: Question) -> str:
    """A question belongs to the category of its first rule; one on the duties alone to `desk`."""
    return rulebook.by_id[question.rules[0]].category if question.rules else DESK


def coverage(rulebook: Rulebook, pool: Sequence[Question]) -> list[tuple[str, int, int]]:
    """(rule id, generated questions, bank questions) for every rule; rules with none first,
    then in rulebook order."""
    rows = []
    for rule in rulebook.rules:
        testing = [q for q in pool if rule.id in q.rules]
        rows.append(
            (rule.id, sum(q.origin == "generated" for q in testing), sum(q.origin == "bank" for q in testing))
        )
    return sorted(rows, key=lambda row: row[1] + row[2] > 0)
