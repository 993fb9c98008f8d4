"""Scoring an attempt: percent right, the pass mark, and the critical rules that fail it regardless.

Every question counts one point; an unanswered question is wrong. An attempt passes when its share of
right answers reaches the pass mark **and** no answer failed a critical rule: one wrong answer on a
critical rule fails it whatever the percentage, and the result names the rule.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from quizzes.grading import Outcome
from quizzes.model import Question
from rules.model import Rulebook


@dataclass(frozen=True)
class Result:
    correct: int
    total: int
    pass_mark: int
    critical_failed: tuple[str, ...]  # rule ids, in the order the questions were shown

    @property
    def percent(self) -> float:
        return round(100 * self.correct / self.total, 1) if self.total else 0.0

    @property
    def reached_mark(self) -> bool:
        return self.total > 0 and self.correct * 100 >= self.pass_mark * self.total

    @property
    def passed(self) -> bool:
        return self.reached_mark and not self.critical_failed


def critical_rule_ids(rulebook: Rulebook) -> frozenset[str]:
    return frozenset(r.id for r in rulebook.rules if r.severity == "critical")


def score(outcomes: Sequence[Outcome], *, critical: Collection[str], pass_mark: int) -> Result:
    failed = [rule for o in outcomes if not o.correct for rule in o.failed_rules if rule in critical]
    return Result(
        correct=sum(1 for o in outcomes if o.correct),
        total=len(outcomes),
        pass_mark=pass_mark,
        critical_failed=tuple(dict.fromkeys(failed)),
    )


def rule_results(questions: Sequence[Question], outcomes: Sequence[Outcome]) -> dict[str, bool]:
    """Per rule tested in an attempt: True when no answer failed it (what the scheduler is told)."""
    results: dict[str, bool] = {}
    for question, outcome in zip(questions, outcomes, strict=True):
        for rule in question.rules:
            results.setdefault(rule, True)
        for rule in outcome.failed_rules if not outcome.correct else ():
            results[rule] = False
    return results
