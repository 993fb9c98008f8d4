"""FSRS scheduling with fixed clocks: right answers space a rule out, wrong ones bring it back soon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizzes.model import SpacingSpec
from quizzes.spacing import is_leech, new_memory, practice_order, retrievability, review

SETTINGS = SpacingSpec()
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def answers(pattern: str, start: datetime = T0):
    """Review one rule at each due moment: R right, W wrong. Returns every memory in turn."""
    memory, now, seen = None, start, []
    for mark in pattern:
        memory = review(memory, "phone.three_rings", mark == "R", now, SETTINGS)
        seen.append(memory)
        now = memory.due
    return seen


def test_a_first_right_answer_schedules_the_next_learning_step():
    first = answers("R")[0]
    assert first.state == 1 and first.step == 1  # learning
    assert first.due - T0 == timedelta(minutes=10)
    assert first.reviews == 1 and first.failures == 0


def test_right_answers_space_the_rule_out_further_each_time():
    intervals = [m.due - m.last_review for m in answers("RRRR")]
    assert intervals[0] < intervals[1] < intervals[2] < intervals[3]
    assert intervals[1] == timedelta(days=2) and intervals[2] == timedelta(days=11)


def test_a_wrong_answer_after_learning_is_a_lapse_and_comes_back_within_minutes():
    memories = answers("RRRW")
    lapse = memories[-1]
    assert lapse.state == 3  # relearning
    assert lapse.due - lapse.last_review == timedelta(minutes=10)
    assert lapse.lapses == 1 and lapse.failures == 1
    assert lapse.stability < memories[-2].stability


def test_the_schedule_is_the_same_for_the_same_answers_at_the_same_moments():
    assert answers("RRWRR") == answers("RRWRR")


def test_the_scheduler_wants_an_aware_time():
    with pytest.raises(ValueError, match="aware"):
        review(None, "x", True, datetime(2026, 11, 26, 9, 0), SETTINGS)


def test_a_rule_failed_often_is_a_leech():
    assert not is_leech(answers("WW")[-1], SETTINGS)
    assert is_leech(answers("WWW")[-1], SETTINGS)


def test_retrievability_falls_as_time_passes():
    memory = answers("RRR")[-1]
    soon = retrievability(memory, memory.last_review + timedelta(days=1), SETTINGS)
    later = retrievability(memory, memory.last_review + timedelta(days=30), SETTINGS)
    assert 1 >= soon > later > 0
    assert retrievability(new_memory("x", T0), T0, SETTINGS) == 0


def test_practice_serves_due_rules_first_longest_overdue_first_then_new_then_later():
    now = T0 + timedelta(days=3)
    memories = {
        "a.later": review(None, "a.later", True, now - timedelta(minutes=1), SETTINGS),  # due in 9 minutes
        "a.due_recent": review(None, "a.due_recent", True, now - timedelta(hours=1), SETTINGS),
        "a.due_old": review(None, "a.due_old", True, now - timedelta(days=2), SETTINGS),
    }
    order = practice_order(["a.new", "a.later", "a.due_recent", "a.due_old", "a.new2"], memories, now)
    assert [(s.rule_id, s.status) for s in order] == [
        ("a.due_old", "due"), ("a.due_recent", "due"), ("a.new", "new"), ("a.new2", "new"),
        ("a.later", "later"),
    ]  # fmt: skip
