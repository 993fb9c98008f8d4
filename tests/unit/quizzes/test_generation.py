"""Questions generated from the rulebook: only templates that test judgement, no giveaways, the own centre."""

from __future__ import annotations

from datetime import datetime

import pytest

from quizzes.coverage import category_of, coverage
from quizzes.generate import generate
from quizzes.grading import grade
from quizzes.model import Question


def by_id(questions, question_id: str) -> Question:
    return next(q for q in questions if q.id == question_id)


def texts(question: Question, keys=None) -> list[str]:
    return [o.text.zh for o in question.options if keys is None or o.key in keys]


def test_no_template_asks_for_a_rule_text_by_its_title_or_files_self_check_questions(rulebook):
    templates = {q.template for q in generate(rulebook)}
    assert not templates & {"rule", "check", "check_other", "forbidden_set", "order"}


def test_no_prompt_names_the_rule_it_tests(rulebook):
    for question in generate(rulebook):
        for rule_id in question.rules:
            assert rulebook.by_id[rule_id].title.zh not in question.prompt.zh, question.id


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


def test_a_slip_asks_which_wording_breaks_the_code_in_its_situation(rulebook):
    wrong = by_id(generate(rulebook), "g.wrong.phone.answer.1")
    assert wrong.prompt.zh == "接听来电时，以下哪句话不合规范？"
    assert texts(wrong, wrong.correct) == ["喂，你找谁？"]
    assert all("{site}" in t for t in texts(wrong)[1:])  # the others are right wordings at the own centre


def test_the_better_wording_of_a_real_slip_is_offered_against_slips_staff_really_make(rulebook):
    better = by_id(generate(rulebook), "g.better.phone.answer.1")
    assert better.prompt.zh == "接听来电时，一位同事说：“喂，你找谁？”应该怎么说才合规范？"
    assert texts(better, better.correct) == ["您好，{site}"]  # item 28: greet, name the centre, then listen
    wrong = [t for t in texts(better) if t not in texts(better, better.correct)]
    assert "你好，{site}，有什么可以帮你？" in wrong  # 你 for 您: a real slip, not an absurd option
    assert not any(word in t for t in wrong for word in ("唉", "嘿", "美女"))


def test_no_generated_option_offers_alternatives_with_a_slash(rulebook):
    assert not [q.id for q in generate(rulebook) if any("/" in t for t in texts(q))]


def test_the_right_wordings_offered_against_a_slip_pass_the_judge_for_that_rule(rulebook):
    # A bare "有什么可以帮到您？" is no complete phone answer, so it is never offered as a right wording.
    for question in generate(rulebook):
        if question.id.startswith("g.wrong.phone.answer."):
            assert "有什么可以帮到您？" not in texts(question)


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
    question = by_id(generate(rulebook), "g.better.phone.answer.1").with_site("翠湖苑服务中心")
    assert "您好，翠湖苑服务中心" in texts(question)
    assert not any("{site}" in t for t in texts(question))


def test_no_generated_text_names_the_example_centre(rulebook):
    for question in generate(rulebook):
        everything = [question.prompt.zh, question.why.zh, *texts(question)]
        assert not any("阳光花园" in t or "嘉里" in t for t in everything), question.id


def test_a_question_survives_its_snapshot(rulebook):
    for question in generate(rulebook):
        assert Question.from_dict(question.as_dict()) == question


def test_coverage_lists_rules_without_a_question_first(rulebook):
    pool = [q for q in generate(rulebook) if "phone.answer" not in q.rules]
    rows = coverage(rulebook, pool)
    empty = [r for r, generated, bank in rows if generated + bank == 0]
    assert "phone.answer" in empty and [r for r, _, _ in rows[: len(empty)]] == empty
    assert len(rows) == len(rulebook.rules)
    assert len(rows) == len(rulebook.rules)


@pytest.mark.parametrize("template", ["wrong", "better", "good", "bad", "script", "situation"])
def test_each_template_is_used_by_the_shipped_rulebook(rulebook, template):
    assert any(q.template == template for q in generate(rulebook))
