"""Scoring an attempt: the pass mark, and the critical rule that fails it whatever the percentage."""

from __future__ import annotations

from quizzes.grading import Outcome
from quizzes.scoring import critical_rule_ids, rule_results, score
from tests.unit.quizzes.test_grading import question

RIGHT = Outcome(True, True, ())
CRITICAL = frozenset({"phone.three_rings", "before_shift.no_alcohol"})


def wrong(*rules: str) -> Outcome:
    return Outcome(True, False, rules)


def test_the_shipped_critical_rules(rulebook):
    assert critical_rule_ids(rulebook) == {
        "before_shift.no_alcohol",
        "address.no_wei_or_ai",
        "phone.three_rings",
    }


def test_exactly_the_pass_mark_passes():
    result = score([RIGHT] * 8 + [wrong("dress.clean_clothes")] * 2, critical=CRITICAL, pass_mark=80)
    assert result.percent == 80.0 and result.passed


def test_below_the_pass_mark_fails():
    result = score([RIGHT] * 7 + [wrong("dress.clean_clothes")] * 3, critical=CRITICAL, pass_mark=80)
    assert result.percent == 70.0 and not result.passed and result.critical_failed == ()


def test_one_wrong_answer_on_a_critical_rule_fails_the_quiz_whatever_the_percentage():
    outcomes = [RIGHT] * 23 + [wrong("before_shift.no_alcohol")]
    result = score(outcomes, critical=CRITICAL, pass_mark=80)
    assert result.percent == 95.8 and result.reached_mark
    assert not result.passed and result.critical_failed == ("before_shift.no_alcohol",)


def test_an_unanswered_question_counts_as_wrong_and_fails_its_critical_rule():
    result = score(
        [RIGHT] * 9 + [Outcome(False, False, ("phone.three_rings",))], critical=CRITICAL, pass_mark=80
    )
    assert result.correct == 9 and result.critical_failed == ("phone.three_rings",) and not result.passed


def test_each_critical_rule_is_named_once_in_the_order_shown():
    outcomes = [wrong("phone.three_rings"), wrong("before_shift.no_alcohol"), wrong("phone.three_rings")]
    assert score(outcomes, critical=CRITICAL, pass_mark=80).critical_failed == (
        "phone.three_rings", "before_shift.no_alcohol"
    )  # fmt: skip


def test_an_empty_attempt_never_passes():
    result = score([], critical=CRITICAL, pass_mark=80)
    assert result.percent == 0.0 and not result.passed


def test_a_rule_counts_as_known_unless_some_answer_failed_it():
    questions = [question("single", rules=("a.x", "a.y")), question("single", rules=("a.y",))]
    assert rule_results(questions, [RIGHT, wrong("a.y")]) == {"a.x": True, "a.y": False}
