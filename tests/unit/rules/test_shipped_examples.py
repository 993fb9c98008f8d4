"""No acceptable wording the product ships is flagged by the judge: the rulebook's good examples, the
right answers of the hand-written quiz banks and the model answers of their situations.

A quiz option may describe an action with the words said in quotation marks (走上前说：“先生，您好……”);
then the quoted words are judged. A question that asks which options break the code has its wrong
wordings as right answers, so it is left out. A right answer is often a reply, not a whole script, so
only slips count against it (a forbidden phrasing, words of the wrong moment), from every rule judged
in the scenarios of the question's rules; a question without a moment of its own is judged at the
moment that suits the wording best (its prompt may say 晚上 19:00 or 元宵节).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from quizzes.loader import load_quiz_content
from quizzes.model import Question
from rules.catalog import rules_for_scenario
from rules.greeting_calendar import festivals_in_season, festivals_on
from rules.judge import judge, judge_rules, model_answers
from rules.judge_context import Context
from rules.loader import default_rulebook
from rules.model import Rule, Rulebook

ORDINARY_MORNING = datetime(2026, 11, 26, 10, 0)  # a Thursday: no festival
QUIZ_CONTENT = Path(__file__).resolve().parents[3] / "quizzes" / "content"
SLIPS = {"forbidden", "wrong_time"}
# Prompts whose right answers are the wrong ways (以下哪些说法不符合规范？).
ASKS_FOR_FAULTS = re.compile(r"不符合|不规范|不可以|不能|不允许|禁止|不应|错误|不妥|违反|违规|失误|问题")
HOURS = (9, 12, 15, 20)
QUOTED = re.compile(r"[“「『\"]([^”」』\"]+)[”」』\"]")


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def good_examples(rulebook: Rulebook) -> Iterator[tuple[Rule, str, datetime, str]]:
    for rule in rulebook.rules:
        for example in rule.speech.examples if rule.speech else ():
            if example.ok:
                site = example.site or rulebook.settings.example_site
                yield rule, example.text, example.at or ORDINARY_MORNING, site


def test_no_good_example_of_the_rulebook_is_flagged_in_the_scenarios_of_its_rule(rulebook: Rulebook) -> None:
    """No slip of any rule on a good example; in a scenario its rule leads, it passes outright."""
    flagged = []
    main = {s.id: s.rule for s in rulebook.settings.scenarios}
    for rule, text, at, site in good_examples(rulebook):
        assert rule.speech is not None
        for scenario in rule.speech.scenarios:
            verdict = judge(rulebook, scenario, text, at=at, site=site)
            slips = [f for f in verdict.findings if f.kind in SLIPS]
            if slips or (main.get(scenario) == rule.id and not verdict.ok):
                flagged.append((rule.id, scenario, text, [f.message.zh for f in verdict.findings]))
    assert flagged == []


def said(option_text: str) -> list[str]:
    """The words an option says: its quoted words, or the whole option when nothing is quoted."""
    quoted = QUOTED.findall(option_text)
    return quoted or [option_text]


def right_wordings(rulebook: Rulebook, content_dir: Path) -> Iterator[tuple[Question, list[Rule], str]]:
    content = load_quiz_content(content_dir, rulebook)
    for question in content.questions.values():
        if question.template != "bank" or question.kind not in ("single", "multiple"):
            continue
        if ASKS_FOR_FAULTS.search(question.prompt.zh):
            continue
        speech = [rulebook.by_id[r] for r in question.rules if rulebook.by_id[r].speech is not None]
        if not speech:
            continue
        for option in question.options:
            if option.key in question.correct:
                for words in said(option.text.zh):
                    yield question, speech, words


def moments(rulebook: Rulebook) -> list[datetime]:
    """An ordinary day and each festival day of 2027, at four hours of the day."""
    days = [ORDINARY_MORNING.date()]
    day = datetime(2027, 1, 1).date()
    while day.year == 2027:
        if festivals_on(rulebook.settings, day) or any(f.key == "qingming" for f in festivals_in_season(
            rulebook.settings, day)):  # fmt: skip
            days.append(day)
        day += timedelta(days=1)
    return [datetime(d.year, d.month, d.day, h) for d in days for h in HOURS]


def slips(rulebook: Rulebook, question: Question, rules: list[Rule], words: str, at: datetime) -> list[str]:
    site = rulebook.settings.example_site
    scenarios = {s for r in rules for s in r.speech.scenarios}  # type: ignore[union-attr]
    judged = {r.id: r for s in scenarios for r in rules_for_scenario(rulebook, s)} or {r.id: r for r in rules}
    verdict = judge_rules(rulebook, list(judged.values()), words.replace("{site}", site), at=at, site=site)
    return [f.message.zh for f in verdict.findings if f.kind in SLIPS]


def test_no_right_answer_of_the_quiz_banks_is_flagged(rulebook: Rulebook) -> None:
    flagged = []
    candidates = moments(rulebook)
    for question, rules, words in right_wordings(rulebook, QUIZ_CONTENT):
        first = slips(rulebook, question, rules, words, question.at or ORDINARY_MORNING)
        if first and question.at is None:
            fits = any(not slips(rulebook, question, rules, words, at) for at in candidates)
            first = [] if fits else first
        if first:
            flagged.append((question.id, words, first))
    assert flagged == []


def test_every_situation_of_the_quiz_banks_has_a_model_answer_that_passes(rulebook: Rulebook) -> None:
    content = load_quiz_content(QUIZ_CONTENT, rulebook)
    site = rulebook.settings.example_site
    situations = [q for q in content.questions.values() if q.template == "bank" and q.kind == "situation"]
    assert situations
    for question in situations:
        assert question.scenario is not None and question.at is not None
        rules = [r for r in rulebook.rules if r.speech and question.scenario in r.speech.scenarios]
        ctx = Context.build(rulebook, question.at, site)
        models = [m for r in rules for f in r.speech.forms if f.model and (m := ctx.fill(f.model))]  # type: ignore[union-attr]
        assert any(judge(rulebook, question.scenario, m, at=question.at, site=site).ok for m in models), (
            question.id
        )
        assert model_answers(rulebook, question.scenario, at=question.at, site=site), question.id
