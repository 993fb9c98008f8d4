"""Questions generated from the rulebook: the judged scenarios only, at moments that ask something new."""

from __future__ import annotations

from datetime import datetime

from quizzes.coverage import category_of, coverage
from quizzes.generate import MAX_SITUATIONS, generate, moment_text, situation_moments
from quizzes.grading import grade
from quizzes.model import Question
from rules.greeting_calendar import festivals_in_season, time_greeting_at


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


def test_a_scenario_gets_no_more_situations_than_ask_something_different(rulebook):
    # Eleven copies of "the phone rings" that differ only by the hour teach nothing the first did not.
    settings = rulebook.settings
    for scenario in rulebook.settings.scenarios:
        situations = [q for q in generate(rulebook) if q.kind == "situation" and q.scenario == scenario.id]
        assert 1 <= len(situations) <= MAX_SITUATIONS, scenario.id
        asks = {
            (
                time_greeting_at(settings, q.at),
                tuple(f.key for f in festivals_in_season(settings, q.at.date())),
            )
            for q in situations
        }
        assert len(asks) == len(situations), scenario.id


def test_the_two_moments_are_a_festival_day_and_an_ordinary_day_at_another_time(rulebook):
    moments = [
        datetime(2026, 11, 26, 19, 45),
        datetime(2026, 11, 26, 8, 30),
        datetime(2026, 11, 26, 10, 0),
        datetime(2026, 12, 25, 18, 30),
    ]
    # Christmas evening first; of the ordinary days, the earliest not in the evening like it.
    assert situation_moments(rulebook.settings, moments) == [
        datetime(2026, 11, 26, 8, 30),
        datetime(2026, 12, 25, 18, 30),
    ]


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
