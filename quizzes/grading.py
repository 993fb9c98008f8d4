"""Checking and grading one answer. Pure: the moment a free-text answer is judged at comes in.

Answers are plain JSON values, so an attempt can keep them as given:

| kind        | answer                                   | right when                                  |
|-------------|------------------------------------------|---------------------------------------------|
| single      | an option key, "o2"                      | it is the right option                      |
| multiple    | a list of option keys                    | exactly the right options                   |
| true_false  | true / false                             | it is the statement's truth                 |
| ordering    | every option key, in the order chosen    | the right order                             |
| script      | the words written                        | the judge passes them, said when answered   |
| situation   | the words written                        | the judge passes them, said at the moment given |

A wrong answer fails every rule of its question; a judged answer fails the rules the judge found
something against (so a slip on a critical rule is told apart from a missing offer of help).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quizzes.model import Question
from rules.judge import Finding, judge
from rules.model import Rulebook

MAX_TEXT = 500


class AnswerInvalid(ValueError):
    """An answer that does not fit its question (an unknown option, a half ordering ...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Outcome:
    answered: bool
    correct: bool
    failed_rules: tuple[str, ...]
    findings: tuple[Finding, ...] = ()  # the judge's, for free-text answers
    judge_score: int | None = None


def clean_answer(question: Question, raw: Any) -> Any:
    """The answer as it is kept, or AnswerInvalid. None and blanks mean no answer."""
    keys = [o.key for o in question.options]
    if raw is None:
        return None
    if question.kind == "single":
        if raw not in keys:
            raise AnswerInvalid("unknown_option")
        return raw
    if question.kind in ("multiple", "ordering"):
        if not isinstance(raw, list | tuple) or any(k not in keys for k in raw) or len(set(raw)) != len(raw):
            raise AnswerInvalid("unknown_option")
        if not raw:
            return None
        if question.kind == "ordering" and len(raw) != len(keys):
            raise AnswerInvalid("order_all")
        return list(raw) if question.kind == "ordering" else [k for k in keys if k in raw]
    if question.kind == "true_false":
        if not isinstance(raw, bool):
            raise AnswerInvalid("true_or_false")
        return raw
    if not isinstance(raw, str):
        raise AnswerInvalid("text_expected")
    text = raw.strip()
    if len(text) > MAX_TEXT:
        raise AnswerInvalid("text_too_long")
    return text or None


def grade(
    question: Question,
    answer: Any,
    *,
    rulebook: Rulebook,
    site: str | None = None,
    answered_at: datetime | None = None,
) -> Outcome:
    """Grade a kept answer. `answered_at`: local time at the site when a script was answered."""
    if answer is None:
        return Outcome(answered=False, correct=False, failed_rules=question.rules)
    if question.judged:
        at = question.at if question.kind == "situation" else answered_at
        if at is None:
            raise ValueError("a script answer is judged at the moment it was given: pass answered_at")
        assert question.scenario is not None
        verdict = judge(
            rulebook, question.scenario, answer, at=at, site=site or rulebook.settings.example_site
        )
        failed = tuple(dict.fromkeys(f.rule for f in verdict.findings))
        return Outcome(True, verdict.ok, failed, verdict.findings, verdict.score)
    if question.kind == "true_false":
        right = answer is question.answer
    elif question.kind == "single":
        right = (answer,) == question.correct
    elif question.kind == "multiple":
        right = set(answer) == set(question.correct)
    else:
        right = tuple(answer) == question.correct
    return Outcome(answered=True, correct=right, failed_rules=() if right else question.rules)


def right_answer(question: Question) -> Any:
    """The right answer in the same form as an answer (for the review, and for tests)."""
    if question.kind == "true_false":
        return question.answer
    if question.kind == "single":
        return question.correct[0]
    if question.kind in ("multiple", "ordering"):
        return list(question.correct)
    return None  # free text: the judge's model answers show what passes
