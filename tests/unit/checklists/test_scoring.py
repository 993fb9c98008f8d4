"""Scoring a shift check: weights by severity, N/A out of the denominator, critical items, notes."""

import pytest

from checklists.loader import default_shift_settings
from checklists.scoring import Answer, Item, Response, build_items, collect, score
from checklists.settings import Weights
from checklists.shifts import Kind
from core.errors import ValidationFailed
from rules.loader import default_rulebook

WEIGHTS = Weights(critical=3, major=2, minor=1)
ALCOHOL = Item("before_shift.no_alcohol", "critical", 3, "班前是否没有饮酒？", "No alcohol?")
UNIFORM = Item("dress.uniform_on_duty", "major", 2, "是否穿统一制服？", "Uniform?")
BADGE = Item("dress.badge_on_left_chest", "major", 2, "工作牌？", "Badge?")
SHIRT = Item("dress.clean_clothes", "minor", 1, "衣服整洁？", "Clean clothes?")
ITEMS = (ALCOHOL, UNIFORM, BADGE, SHIRT)


def answered(*answers: str) -> tuple[Response, ...]:
    return tuple(
        Response(item, Answer(a), "说明" if a == "fail" else None)
        for item, a in zip(ITEMS, answers, strict=True)
    )


def test_all_items_passed_scores_one_hundred():
    result = score(answered("pass", "pass", "pass", "pass"), pass_mark=80)
    assert result.percent == 100
    assert result.passed


def test_a_failed_item_loses_its_weight():
    result = score(answered("pass", "pass", "pass", "fail"), pass_mark=80)
    assert (result.earned, result.possible) == (7, 8)
    assert result.percent == pytest.approx(87.5)
    assert result.passed
    assert result.failed == ("dress.clean_clothes",)


def test_na_leaves_the_denominator():
    result = score(answered("pass", "pass", "na", "fail"), pass_mark=80)
    assert (result.earned, result.possible) == (5, 6)
    assert result.percent == pytest.approx(500 / 6)


def test_a_score_below_the_pass_mark_fails_the_check():
    result = score(answered("pass", "fail", "pass", "fail"), pass_mark=80)
    assert result.percent == pytest.approx(62.5)
    assert not result.passed
    assert not result.critical_failed


def test_critical_item_fails_the_whole_check_whatever_the_score():
    many = (*ITEMS, *(Item(f"x.minor_{i}", "minor", 1, "?", "?") for i in range(40)))
    responses = [Response(ALCOHOL, Answer.FAIL, "昨晚喝酒")] + [Response(i, Answer.PASS) for i in many[1:]]
    result = score(responses, pass_mark=80)
    assert result.percent > 90
    assert result.critical_failed
    assert not result.passed


def test_reaching_the_pass_mark_exactly_passes():
    items = [Item(f"x.r{i}", "minor", 1, "?", "?") for i in range(5)]
    responses = [Response(i, Answer.PASS) for i in items[:4]] + [Response(items[4], Answer.FAIL, "n")]
    assert score(responses, pass_mark=80).passed


def test_a_check_with_every_item_na_has_no_score_and_does_not_fail():
    result = score(answered("na", "na", "na", "na"), pass_mark=80)
    assert result.percent is None
    assert result.passed


def test_a_failed_item_needs_a_note():
    with pytest.raises(ValidationFailed) as err:
        collect(ITEMS, {i.rule_id: "pass" for i in ITEMS} | {BADGE.rule_id: "fail"}, {BADGE.rule_id: "  "})
    assert err.value.key == "checks.error.note_required"
    assert err.value.params == {"n": 3}


def test_every_item_must_be_answered():
    with pytest.raises(ValidationFailed) as err:
        collect(ITEMS, {ALCOHOL.rule_id: "pass"}, {})
    assert err.value.key == "checks.error.unanswered"
    assert err.value.params == {"n": 2}


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"nobody.rule": "pass"}, "checks.error.unknown_item"),
        ({ALCOHOL.rule_id: "maybe"}, "checks.error.bad_answer"),
    ],
)
def test_answers_that_do_not_fit_the_items_are_refused(answers, key):
    full = {i.rule_id: "pass" for i in ITEMS} | answers
    with pytest.raises(ValidationFailed) as err:
        collect(ITEMS, full, {})
    assert err.value.key == key


def test_notes_are_trimmed_and_kept_in_item_order():
    responses = collect(
        ITEMS,
        {ALCOHOL.rule_id: "pass", UNIFORM.rule_id: "fail", BADGE.rule_id: "na", SHIRT.rule_id: "pass"},
        {UNIFORM.rule_id: "  忘带领带 "},
    )
    assert [r.item for r in responses] == list(ITEMS)
    assert responses[1].note == "忘带领带"
    assert responses[0].note is None


def test_men_and_women_get_the_grooming_items_for_them():
    rulebook = default_rulebook()
    men = {i.rule_id for i in build_items(rulebook, Kind.START, "male", WEIGHTS)}
    women = {i.rule_id for i in build_items(rulebook, Kind.START, "female", WEIGHTS)}
    audience = {r.id: r.applies_to for r in rulebook.rules}
    assert {audience[r] for r in men} == {"everyone", "men"}
    assert {audience[r] for r in women} == {"everyone", "women"}
    assert {r for r in men if audience[r] == "everyone"} == {r for r in women if audience[r] == "everyone"}


def test_the_start_check_asks_the_before_shift_questions_and_the_end_check_the_end_of_shift_ones():
    rulebook = default_rulebook()
    start = build_items(rulebook, Kind.START, "female", WEIGHTS)
    end = build_items(rulebook, Kind.END, "female", WEIGHTS)
    when = {r.id: r.when for r in rulebook.rules}
    assert start and end
    assert all("before_shift" in when[i.rule_id] for i in start)
    assert all("end_of_shift" in when[i.rule_id] for i in end)
    assert all(i.question_zh and i.question_en for i in (*start, *end))


def test_item_weights_follow_severity_from_the_settings():
    items = build_items(default_rulebook(), Kind.START, "male", default_shift_settings().weights)
    weights = {i.severity: i.weight for i in items}
    assert weights == {"critical": 3, "major": 2, "minor": 1}
