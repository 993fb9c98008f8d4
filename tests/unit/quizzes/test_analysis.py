"""Item analysis on a hand-computed table: facility and discrimination over first attempts."""

from __future__ import annotations

import pytest

from quizzes.analysis import Response, item_analysis, thirds
from quizzes.model import AnalysisSpec

# Six first attempts (id: score). Ranked: 1 (90), 2 (80) | 3 (70), 4 (60) | 5 (50), 6 (40).
# Top third = {1, 2}, bottom third = {5, 6}.
SCORES = {1: 90.0, 2: 80.0, 3: 70.0, 4: 60.0, 5: 50.0, 6: 40.0}
#            attempt:   1  2  3  4  5  6
ANSWERS = {
    "q.good": [1, 1, 1, 0, 0, 0],  # F = 3/6 = 0.5,   D = 2/2 - 0/2 = 1.0
    "q.easy": [1, 1, 1, 1, 1, 1],  # F = 1.0,         D = 0.0 -> too easy, low discrimination
    "q.bad": [0, 0, 1, 1, 1, 1],  # F = 4/6 = 0.6667, D = 0/2 - 2/2 = -1.0 -> check the key
    "q.hard": [0, 1, 0, 0, 0, 0],  # F = 1/6 = 0.1667, D = 1/2 - 0/2 = 0.5 -> too hard
}
SETTINGS = AnalysisSpec(min_responses=5, facility_low=0.3, facility_high=0.95, discrimination_low=0.2)


def responses():
    return [
        Response(attempt, question, bool(right), SCORES[attempt])
        for question, row in ANSWERS.items()
        for attempt, right in zip(SCORES, row, strict=True)
    ]


def test_thirds_rank_attempts_by_score():
    assert thirds(SCORES) == ({1, 2}, {5, 6})
    assert thirds({1: 50.0, 2: 40.0}) == (set(), set())  # fewer than three attempts: no thirds
    assert thirds({7: 60.0, 3: 60.0, 5: 10.0}) == ({3}, {5})  # ties: the lower attempt id ranks first


def test_facility_and_discrimination_match_the_hand_computed_table():
    stats = {s.question_id: s for s in item_analysis(responses(), SETTINGS)}
    assert [(s.facility, s.discrimination) for s in stats.values()] == [
        (0.5, 1.0), (1.0, 0.0), (0.6667, -1.0), (0.1667, 0.5)
    ]  # fmt: skip
    assert all(s.responses == 6 for s in stats.values())


@pytest.mark.parametrize(
    ("question", "flags"),
    [
        ("q.good", ()),
        ("q.easy", ("too_easy", "low_discrimination")),
        ("q.bad", ("negative_discrimination",)),
        ("q.hard", ("too_hard",)),
    ],
)
def test_questions_to_rewrite_are_flagged(question, flags):
    stats = {s.question_id: s for s in item_analysis(responses(), SETTINGS)}
    assert stats[question].flags == flags and stats[question].rewrite is bool(flags)


def test_no_flag_before_enough_answers():
    few = [r for r in responses() if r.attempt_id <= 4]
    assert all(s.flags == () for s in item_analysis(few, SETTINGS))


def test_a_question_no_top_third_attempt_had_has_no_discrimination():
    rows = [Response(a, "q.all", True, s) for a, s in SCORES.items()] + [Response(6, "q.late", False, 40.0)]
    stats = {s.question_id: s for s in item_analysis(rows, SETTINGS)}
    assert stats["q.late"].discrimination is None and stats["q.late"].facility == 0.0
