"""Item analysis for managers (as Moodle's quiz statistics), over first attempts only.

- Facility index F: the share of answers to the question that were right.
- Discrimination index D: the attempts are ranked by their score (highest first, ties by attempt id);
  the top third and the bottom third (n // 3 attempts each) are compared:
  D = (share right among top-third attempts that had the question)
      - (share right among bottom-third attempts that had the question).
  D is None when either third had no attempt with the question (or fewer than three attempts exist).
  D near 1: strong candidates get it right and weak ones do not; near 0 or below: the question tests
  nothing, or its key is wrong.

A question is flagged once it has `min_responses` answers: too hard (F below facility_low), too easy
(F above facility_high), low discrimination (D below discrimination_low) or negative discrimination.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizzes.model import AnalysisSpec


@dataclass(frozen=True)
class Response:
    """One answer of one first attempt."""

    attempt_id: int
    question_id: str
    correct: bool
    attempt_score: float  # the attempt's percent


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    responses: int
    facility: float
    discrimination: float | None
    flags: tuple[str, ...]  # too_hard, too_easy, low_discrimination, negative_discrimination

    @property
    def rewrite(self) -> bool:
        return bool(self.flags)


def thirds(scores: dict[int, float]) -> tuple[frozenset[int], frozenset[int]]:
    """The attempt ids of the top and the bottom third by score."""
    ranked = sorted(scores, key=lambda a: (-scores[a], a))
    size = len(ranked) // 3
    if size == 0:
        return frozenset(), frozenset()
    return frozenset(ranked[:size]), frozenset(ranked[-size:])


def _share(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def item_analysis(responses: Iterable[Response], settings: AnalysisSpec) -> list[ItemStats]:
    """One row per question, in the order the questions first appear."""
    rows = list(responses)
    scores = {r.attempt_id: r.attempt_score for r in rows}
    top, bottom = thirds(scores)
    by_question: dict[str, list[Response]] = {}
    for row in rows:
        by_question.setdefault(row.question_id, []).append(row)
    stats = []
    for question_id, answers in by_question.items():
        facility = sum(a.correct for a in answers) / len(answers)
        upper = _share([a.correct for a in answers if a.attempt_id in top])
        lower = _share([a.correct for a in answers if a.attempt_id in bottom])
        discrimination = None if upper is None or lower is None else round(upper - lower, 4)
        stats.append(
            ItemStats(
                question_id,
                len(answers),
                round(facility, 4),
                discrimination,
                flags(len(answers), facility, discrimination, settings),
            )
        )
    return stats


def flags(
    responses: int, facility: float, discrimination: float | None, settings: AnalysisSpec
) -> tuple[str, ...]:
    if responses < settings.min_responses:
        return ()
    found = []
    if facility < settings.facility_low:
        found.append("too_hard")
    if facility > settings.facility_high:
        found.append("too_easy")
    if discrimination is not None and discrimination < 0:
        found.append("negative_discrimination")
    elif discrimination is not None and discrimination < settings.discrimination_low:
        found.append("low_discrimination")
    return tuple(found)


@dataclass(frozen=True)
class ItemCounts:
    """One question's answers over the first attempts, counted by the database: all of them, and those
    of the top and the bottom third of the attempts (as `thirds` ranks them)."""

    question_id: str
    responses: int
    right: int
    upper: int
    upper_right: int
    lower: int
    lower_right: int


def item_stats(counts: ItemCounts, settings: AnalysisSpec) -> ItemStats:
    """The figures `item_analysis` gives for the question, from its counts."""
    facility = counts.right / counts.responses
    upper = counts.upper_right / counts.upper if counts.upper else None
    lower = counts.lower_right / counts.lower if counts.lower else None
    discrimination = None if upper is None or lower is None else round(upper - lower, 4)
    return ItemStats(
        counts.question_id,
        counts.responses,
        round(facility, 4),
        discrimination,
        flags(counts.responses, facility, discrimination, settings),
    )
