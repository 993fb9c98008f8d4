"""Questions generated from the rulebook: every rule has one, and each template asks what its field says."""

from __future__ import annotations

from datetime import datetime

import pytest

from quizzes.generate import category_of, coverage, generate
from quizzes.grading import grade
from quizzes.model import Question


def by_id(questions, question_id: str) -> Question:
    return next(q for q in questions if q.id == question_id)


def texts(question: Question, keys=None) -> list[str]:
    return [o.text.zh for o in question.options if keys is None or o.key in keys]


def test_every_rule_of_the_shipped_rulebook_has_at_least_one_generated_question(rulebook):
    questions = generate(rulebook)
    untested = [r.id for r in rulebook.rules if not any(r.id in q.rules for q in questions)]
    assert untested == []


def test_every_rule_is_tested_by_its_own_which_rule_question(rulebook):
    questions = {q.id: q for q in generate(rulebook)}
    assert all(f"g.rule.{r.id}" in questions for r in rulebook.rules)


def test_generated_question_ids_are_unique_and_marked_generated(rulebook):
    ids = [q.id for q in generate(rulebook)]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("g.") for i in ids)


def test_generation_is_deterministic(rulebook):
    assert generate(rulebook) == generate(rulebook)


def test_choice_questions_name_existing_options_as_right(rulebook):
    for question in generate(rulebook):
        keys = [o.key for o in question.options]
        assert len(keys) == len(set(keys)), question.id
        assert len({o.text.zh for o in question.options}) == len(keys), question.id
        if question.kind == "single":
            assert len(question.correct) == 1 and question.correct[0] in keys, question.id
            assert len(keys) >= 2, question.id
        elif question.kind in ("multiple", "ordering"):
            assert set(question.correct) <= set(keys) and question.correct, question.id
        elif question.kind == "true_false":
            assert question.answer is not None and not keys, question.id


def test_which_rule_question_offers_the_rule_text_against_texts_of_its_category(rulebook):
    question = by_id(generate(rulebook), "g.rule.dress.uniform_on_duty")
    assert question.kind == "single"
    assert question.prompt.zh == "规范“上班时着统一制服”的要求是："
    assert texts(question, question.correct) == ["上班时应着统一制服。"]
    dress_texts = {r.text.zh for r in rulebook.rules if r.category == "dress"}
    assert set(texts(question)) <= dress_texts and len(question.options) == 4


def test_a_category_with_one_rule_borrows_distractors_from_the_next_categories(rulebook):
    question = by_id(generate(rulebook), "g.rule.farewell.see_off")
    assert len(question.options) == 4
    others = [
        rulebook.rules[[r.text.zh for r in rulebook.rules].index(t)].category for t in texts(question)[1:]
    ]
    assert others == ["phone", "phone", "phone"]


def test_a_self_check_question_is_true_for_its_rule_and_false_for_another_rule(rulebook):
    questions = generate(rulebook)
    true = by_id(questions, "g.check.before_shift.no_alcohol")
    false = by_id(questions, "g.check_other.before_shift.no_alcohol")
    assert true.kind == false.kind == "true_false"
    assert true.answer is True and "班前是否没有饮酒？" in true.prompt.zh and "不酒后当班" in true.prompt.zh
    assert (
        false.answer is False
        and "班前是否没有饮酒？" in false.prompt.zh
        and "不酒后当班" not in false.prompt.zh
    )
    assert true.rules == false.rules == ("before_shift.no_alcohol",)


def test_a_rule_without_a_self_check_question_gets_no_true_false_question(rulebook):
    assert not [q for q in generate(rulebook) if q.rules == ("phone.three_rings",) and q.kind == "true_false"]


def test_a_forbidden_phrasing_asks_which_wording_is_wrong_and_what_to_say_instead(rulebook):
    questions = generate(rulebook)
    wrong = by_id(questions, "g.wrong.phone.answer.1")
    assert texts(wrong, wrong.correct) == ["喂，你找谁？"]
    better = by_id(questions, "g.better.phone.answer.1")
    assert better.prompt.zh == "不能说“喂”，应该怎么说？"
    assert texts(better, better.correct) == ["您好，{site}"]
    assert "找谁" in texts(better)  # distractors are other forbidden phrasings


def test_the_right_wordings_offered_against_a_slip_pass_the_judge_for_that_rule(rulebook):
    # A bare "有什么可以帮到您？" is no complete phone answer, so it is never offered as a right wording.
    for question in generate(rulebook):
        if question.id.startswith("g.wrong.phone.answer."):
            assert "有什么可以帮到您？" not in texts(question)


def test_two_or_more_forbidden_phrasings_make_a_multiple_choice_question(rulebook):
    question = by_id(generate(rulebook), "g.forbidden_set.phone.answer")
    assert question.kind == "multiple"
    assert texts(question, question.correct) == ["喂", "找谁", "什么事", "哪里"]
    assert len(question.options) > len(question.correct)


def test_a_form_with_ordered_elements_makes_an_ordering_question(rulebook):
    question = by_id(generate(rulebook), "g.order.phone.answer.standard")
    assert question.kind == "ordering"
    assert texts(question, question.correct) == ["问好", "自报单位（本服务中心名称）", "询问需要"]
    assert [o.key for o in question.options] == list(question.correct)


def test_examples_make_good_and_bad_choice_questions_with_their_moments(rulebook):
    questions = generate(rulebook)
    good = by_id(questions, "g.good.greeting.time_of_day.1")
    assert texts(good, good.correct) == ["（2026年11月26日 08:30）早上好，张女士！"]
    bad = by_id(questions, "g.bad.greeting.time_of_day.1")
    assert texts(bad, bad.correct) == ["（2026年11月26日 19:45）下午好！"]
    assert bad.why.zh == "18:00 以后应说“晚上好”或“您好”。"  # the example's note


def test_situations_are_set_at_the_moments_of_the_examples_and_judged_there(rulebook):
    questions = generate(rulebook)
    christmas = by_id(questions, "g.situation.greet.202612251830")
    assert christmas.kind == "situation" and christmas.at == datetime(2026, 12, 25, 18, 30)
    assert christmas.prompt.zh.startswith("2026年12月25日 18:30。一位业主走到前台")
    assert christmas.rules[0] == "greeting.time_of_day"  # the scenario's main rule decides the category
    assert category_of(rulebook, christmas) == "greeting"
    assert not grade(christmas, "晚上好！", rulebook=rulebook).correct
    assert grade(christmas, "晚上好，圣诞快乐！", rulebook=rulebook).correct


def test_every_judged_scenario_has_a_script_question(rulebook):
    scripts = {q.scenario for q in generate(rulebook) if q.kind == "script"}
    assert scripts == {s.id for s in rulebook.settings.scenarios}


def test_a_question_shown_at_a_site_names_that_site(rulebook):
    question = by_id(generate(rulebook), "g.better.phone.answer.1").with_site("阳光花园服务中心")
    assert "您好，阳光花园服务中心" in texts(question)
    assert not any("{site}" in t for t in texts(question))


def test_a_question_survives_its_snapshot(rulebook):
    for question in generate(rulebook):
        assert Question.from_dict(question.as_dict()) == question


def test_coverage_lists_rules_without_a_question_first(rulebook):
    pool = [q for q in generate(rulebook) if "phone.three_rings" not in q.rules]
    rows = coverage(rulebook, pool)
    assert rows[0] == ("phone.three_rings", 0, 0)
    assert all(generated + bank > 0 for _, generated, bank in rows[1:])
    assert len(rows) == len(rulebook.rules)


@pytest.mark.parametrize(
    "template", ["rule", "check", "wrong", "better", "order", "good", "bad", "situation"]
)
def test_each_template_is_used_by_the_shipped_rulebook(rulebook, template):
    assert any(q.template == template for q in generate(rulebook))
