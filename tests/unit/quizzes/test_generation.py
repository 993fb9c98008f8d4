"""Questions generated from the rulebook: the judged scenarios only, at moments that ask something new."""

from __future__ import annotations

from datetime import datetime

from quizzes.coverage import category_of, coverage
from quizzes.generate import MAX_SITUATIONS, generate, moment_text, situation_moments
from quizzes.grading import grade
from quizzes.model import Question
from rules.greeting_calendar import festivals_in_season


def by_id(questions, question_id: str) -> Question:
    return next(q for q in questions if q.id == question_id)


def test_no_choice_question_is_generated_from_the_rules_examples(rulebook):
    # Options built from the examples read as spelling tests (你 against 您, three bare options, no
    # scene); the banks hold hand-written questions on every rule instead.
    assert {q.template for q in generate(rulebook)} == {"script", "situation"}
    assert all(q.kind in ("script", "situation") and not q.options for q in generate(rulebook))


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


def test_every_judged_scenario_has_a_script_question(rulebook):
    scripts = {q.scenario for q in generate(rulebook) if q.kind == "script"}
    assert scripts == {s.id for s in rulebook.settings.scenarios}


def test_a_situation_is_set_only_on_a_festival_day_where_the_day_changes_the_words(rulebook):
    # Eleven copies of "the phone rings" that differed only by the hour taught nothing the script did not.
    situations = {}
    for question in generate(rulebook):
        if question.kind == "situation":
            situations.setdefault(question.scenario, []).append(question.at)
    # A greeting takes the festival's wish face to face and the phone answer may open with one; asking a
    # caller's name, passing on a message and a goodbye are said the same way any day.
    assert situations == {
        "phone.answer": [datetime(2026, 2, 17, 9, 0)],
        "greet": [datetime(2026, 2, 17, 9, 0)],
    }
    assert all(len(moments) <= MAX_SITUATIONS for moments in situations.values())


def test_the_moment_is_the_first_festival_day_of_the_examples(rulebook):
    moments = [
        datetime(2026, 11, 26, 19, 45),
        datetime(2026, 12, 25, 18, 30),
        datetime(2026, 11, 26, 8, 30),
        datetime(2027, 1, 1, 15, 0),
    ]
    assert situation_moments(rulebook.settings, moments) == [datetime(2026, 12, 25, 18, 30)]
    assert situation_moments(rulebook.settings, moments[:1]) == []


def test_a_situation_states_the_day_as_the_desk_knows_it(rulebook):
    christmas = moment_text(datetime(2026, 12, 25, 18, 30), rulebook.settings)
    assert christmas.zh == "2026年12月25日（星期五，圣诞节）18:30"
    assert christmas.en == "Friday 25 Dec 2026 (Christmas), 18:30"
    assert moment_text(datetime(2026, 11, 26, 14, 0), rulebook.settings).zh == "2026年11月26日（星期四）14:00"


def test_a_festival_situation_is_judged_at_its_moment(rulebook):
    [festive] = [
        q
        for q in generate(rulebook)
        if q.kind == "situation"
        and q.scenario == "greet"
        and festivals_in_season(rulebook.settings, q.at.date())
    ]
    assert festive.rules[0] == "greeting.time_of_day"  # the scenario's main rule decides the category
    assert category_of(rulebook, festive) == "greeting"
    wish = festivals_in_season(rulebook.settings, festive.at.date())[0].greetings[0]
    assert not grade(festive, "您好！", rulebook=rulebook).correct  # face to face the wish is due
    assert grade(festive, f"您好，{wish}！", rulebook=rulebook).correct


def test_no_generated_text_names_the_example_centre(rulebook):
    for question in generate(rulebook):
        everything = [question.prompt.zh, question.why.zh]
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
