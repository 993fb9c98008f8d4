"""The speech-rule data is complete and consistent: every example and every model wording is judged
as labelled by the product judge (rules.judge) against its own rule; the samples are in
test_judge_accuracy.py."""

from __future__ import annotations

from datetime import datetime

import pytest

from rules.catalog import rules_for_scenario
from rules.judge import judge_rules
from rules.loader import default_rulebook
from rules.model import Example, Rule, Rulebook

SPEECH_SCENARIOS = ["phone.answer", "phone.ask_identity", "phone.transfer", "greet", "farewell"]
ORDINARY_MORNING = datetime(2026, 11, 26, 10, 0)  # a Thursday: no festival
CHRISTMAS_EVENING = datetime(2026, 12, 25, 19, 0)


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def complies(rulebook: Rulebook, rule: Rule, example: Example) -> bool:
    at = example.at or ORDINARY_MORNING
    site = example.site or rulebook.settings.example_site
    return judge_rules(rulebook, [rule], example.text, at=at, site=site).ok


def speech_rules(rulebook: Rulebook) -> list[Rule]:
    return [r for r in rulebook.rules if r.speech is not None]


def test_every_example_matches_its_own_rule(rulebook: Rulebook) -> None:
    wrong: list[tuple[str, Example]] = []
    for rule in speech_rules(rulebook):
        assert rule.speech is not None
        for example in rule.speech.examples:
            if complies(rulebook, rule, example) is not example.ok:
                wrong.append((rule.id, example))
    assert wrong == []


@pytest.mark.parametrize("at", [ORDINARY_MORNING, CHRISTMAS_EVENING], ids=["ordinary_day", "christmas"])
def test_every_form_model_meets_its_own_rule(rulebook: Rulebook, at: datetime) -> None:
    """The wording the judge suggests must itself pass (on a festival, with the wish filled in)."""
    failing = []
    for rule in speech_rules(rulebook):
        assert rule.speech is not None
        for form in rule.speech.forms:
            if form.model is None or ("{festival_greeting}" in form.model and at == ORDINARY_MORNING):
                continue
            wording = (
                form.model.replace("{site}", "阳光花园服务中心")
                .replace("{time_greeting}", "晚上好" if at.hour >= 18 else "早上好")
                .replace("{festival_greeting}", "圣诞快乐")
            )
            verdict = judge_rules(rulebook, [rule], wording, at=at, site="阳光花园服务中心")
            if not verdict.ok:
                failing.append((rule.id, form.key, wording, verdict.findings))
    assert failing == []


def test_every_speech_form_gives_a_model_wording(rulebook: Rulebook) -> None:
    missing = [
        (rule.id, form.key)
        for rule in speech_rules(rulebook)
        for form in (rule.speech.forms if rule.speech else ())
        if not form.model
    ]
    assert missing == []


def test_phone_answer_requires_greeting_site_name_and_offer_of_help_in_that_order(
    rulebook: Rulebook,
) -> None:
    speech = rulebook.by_id["phone.answer"].speech
    assert speech is not None
    elements = {e.key: e for e in speech.elements}
    assert [elements[k].order for k in ("greeting", "site", "offer_help")] == [1, 2, 3]
    assert "您好" in elements["greeting"].variants
    assert "{site}" in elements["site"].variants
    assert "有什么可以帮到您" in elements["offer_help"].variants
    assert "嘉里" not in " ".join(v for e in speech.elements for v in e.variants)


def test_forbidden_phrasings_include_wei_and_who_are_you(rulebook: Rulebook) -> None:
    def phrasings(rule_id: str) -> set[str]:
        speech = rulebook.by_id[rule_id].speech
        assert speech is not None
        return {p for f in speech.forbidden for p in f.phrasings}

    assert "喂" in phrasings("phone.answer")
    assert "你是谁" in phrasings("phone.ask_identity")
    assert "你是什么单位" in phrasings("phone.ask_identity")
    assert {"喂", "唉"} <= phrasings("address.no_wei_or_ai")
    assert "你" in phrasings("address.nin_not_ni")


def test_every_forbidden_phrasing_has_a_better_wording(rulebook: Rulebook) -> None:
    for rule in speech_rules(rulebook):
        assert rule.speech is not None
        for forbidden in rule.speech.forbidden:
            assert forbidden.better.zh and forbidden.better.en, rule.id
            assert forbidden.phrase not in forbidden.better.zh, rule.id


def test_every_speech_rule_has_a_good_and_a_bad_example(rulebook: Rulebook) -> None:
    for rule in speech_rules(rulebook):
        assert rule.speech is not None
        assert {e.ok for e in rule.speech.examples} == {True, False}, rule.id


@pytest.mark.parametrize("scenario", SPEECH_SCENARIOS)
def test_every_judged_scenario_has_a_main_rule_with_required_wording(
    rulebook: Rulebook, scenario: str
) -> None:
    (declared,) = [s for s in rulebook.settings.scenarios if s.id == scenario]
    main_rule = rulebook.by_id[declared.rule]
    assert main_rule.speech is not None and main_rule.speech.forms
    assert main_rule in rules_for_scenario(rulebook, scenario)


def test_transfer_accepts_holding_or_offering_to_take_a_message(rulebook: Rulebook) -> None:
    speech = rulebook.by_id["phone.transfer"].speech
    assert speech is not None
    assert [f.key for f in speech.forms] == ["hold", "not_in"]


def test_festival_greeting_is_only_required_on_a_festival(rulebook: Rulebook) -> None:
    speech = rulebook.by_id["greeting.festival"].speech
    assert speech is not None
    assert [e.condition for e in speech.elements] == ["festival_day"]
