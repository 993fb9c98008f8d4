"""Grading each kind of question; answers are checked before they are kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from quizzes.grading import AnswerInvalid, clean_answer, grade, right_answer
from quizzes.model import Option, Question
from rules.model import Text


def question(kind: str, **fields) -> Question:
    values = dict(
        id="t.q", kind=kind, rules=("phone.three_rings",), prompt=Text(zh="题", en="Q"),
        why=Text(zh="因", en="Why"), origin="bank", template="bank",
    )  # fmt: skip
    values.update(fields)
    return Question(**values)


OPTIONS = tuple(Option(f"o{i}", Text(zh=f"选项{i}", en=f"Option {i}")) for i in range(1, 5))
SINGLE = question("single", options=OPTIONS, correct=("o2",))
MULTIPLE = question("multiple", options=OPTIONS, correct=("o1", "o3"))
TRUE_FALSE = question("true_false", answer=False)
ORDERING = question("ordering", options=OPTIONS[:3], correct=("o1", "o2", "o3"))


@pytest.mark.parametrize(
    ("q", "answer", "right"),
    [
        (SINGLE, "o2", True),
        (SINGLE, "o1", False),
        (MULTIPLE, ["o1", "o3"], True),
        (MULTIPLE, ["o3", "o1"], True),  # the order of ticks does not matter
        (MULTIPLE, ["o1"], False),  # every right option
        (MULTIPLE, ["o1", "o3", "o4"], False),  # and no wrong one
        (TRUE_FALSE, False, True),
        (TRUE_FALSE, True, False),
        (ORDERING, ["o1", "o2", "o3"], True),
        (ORDERING, ["o2", "o1", "o3"], False),
    ],
)
def test_a_choice_answer_is_right_only_when_it_matches_the_key(rulebook, q, answer, right):
    outcome = grade(q, clean_answer(q, answer), rulebook=rulebook)
    assert outcome.answered and outcome.correct is right
    assert outcome.failed_rules == (() if right else q.rules)


def test_no_answer_is_wrong_and_fails_every_rule_of_the_question(rulebook):
    outcome = grade(SINGLE, None, rulebook=rulebook)
    assert not outcome.answered and not outcome.correct and outcome.failed_rules == SINGLE.rules


def test_right_answer_has_the_form_of_an_answer():
    assert [right_answer(q) for q in (SINGLE, MULTIPLE, TRUE_FALSE, ORDERING)] == [
        "o2", ["o1", "o3"], False, ["o1", "o2", "o3"]
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("q", "raw", "code"),
    [
        (SINGLE, "o9", "unknown_option"),
        (MULTIPLE, ["o1", "o1"], "unknown_option"),
        (ORDERING, ["o1", "o2"], "order_all"),
        (TRUE_FALSE, "yes", "true_or_false"),
        (question("script", scenario="greet"), 5, "text_expected"),
        (question("script", scenario="greet"), "好" * 501, "text_too_long"),
    ],
)
def test_an_answer_that_does_not_fit_its_question_is_refused(q, raw, code):
    with pytest.raises(AnswerInvalid) as exc:
        clean_answer(q, raw)
    assert exc.value.code == code


def test_blank_answers_are_no_answers():
    assert clean_answer(question("script", scenario="greet"), "   ") is None
    assert clean_answer(MULTIPLE, []) is None
    assert clean_answer(MULTIPLE, ["o3", "o1"]) == ["o1", "o3"]


GREET = ("greeting.time_of_day", "greeting.festival", "address.sir_or_madam_with_surname",
         "address.no_wei_or_ai", "address.nin_not_ni")  # fmt: skip


def test_a_situation_is_judged_at_its_own_moment(rulebook):
    evening = question("situation", rules=GREET, scenario="greet", at=datetime(2026, 11, 26, 19, 45))
    late = grade(evening, "下午好！", rulebook=rulebook)
    assert not late.correct and late.failed_rules == ("greeting.time_of_day",)
    assert late.findings[0].kind == "wrong_time" and late.judge_score is not None
    assert grade(evening, "晚上好！", rulebook=rulebook).correct


def test_a_script_is_judged_at_the_moment_it_was_answered(rulebook):
    script = question("script", rules=GREET, scenario="greet")
    assert grade(script, "早上好！", rulebook=rulebook, answered_at=datetime(2026, 11, 26, 9, 0)).correct
    assert not grade(script, "早上好！", rulebook=rulebook, answered_at=datetime(2026, 11, 26, 15, 0)).correct
    with pytest.raises(ValueError, match="answered_at"):
        grade(script, "早上好！", rulebook=rulebook)


def test_a_judged_answer_fails_only_the_rules_the_judge_found_something_against(rulebook):
    phone = question(
        "situation", rules=("phone.answer", "address.no_wei_or_ai", "address.nin_not_ni"),
        scenario="phone.answer", at=datetime(2026, 11, 26, 10, 0),
    )  # fmt: skip
    slip = grade(
        phone, "喂，阳光花园服务中心，有什么可以帮到您？", rulebook=rulebook, site="阳光花园服务中心"
    )
    assert not slip.correct and "address.no_wei_or_ai" in slip.failed_rules
    missing = grade(phone, "您好，请讲。", rulebook=rulebook, site="阳光花园服务中心")  # no centre named
    assert missing.failed_rules == ("phone.answer",)
    good = grade(
        phone, "您好，阳光花园服务中心，有什么可以帮到您？", rulebook=rulebook, site="阳光花园服务中心"
    )
    assert good.correct and good.failed_rules == ()


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("scene.phone.situation_supervisor_in_a_meeting", "李主管正在开会，需要我帮您转告吗？"),
        ("scene.phone.situation_supervisor_in_a_meeting", "李主管在会上，您看需要我帮您带个话吗？"),
        (
            "scene.phone.situation_supervisor_in_a_meeting",
            "李主管这会儿走不开，我帮您记一下，散会后请他回您电话。",
        ),
        ("scene.phone.situation_ask_the_complainant", "请问您贵姓？"),
        ("scene.phone.situation_ask_the_complainant", "能留一下您的姓氏和联系电话吗？"),
        ("scene.phone.situation_ask_the_complainant", "女士，请问怎么称呼您？"),
    ],
)
def test_a_trained_colleagues_own_words_pass_the_phone_situations(content, rulebook, question_id, answer):
    outcome = grade(content.questions[question_id], answer, rulebook=rulebook, site="翠湖苑服务中心")
    assert outcome.correct, outcome.findings
