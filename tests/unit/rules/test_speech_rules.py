"""The speech-rule data is enough for a script judge to get the known sample scripts right.

`judge` below is a deliberately small reading of the semantics documented in rules.model; it is a
test of the data, not the product's judge.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from rules.catalog import rules_for_scenario
from rules.greeting_calendar import festivals_on, time_greeting_at
from rules.loader import default_rulebook
from rules.model import Example, Form, Rule, Rulebook, Settings

# /work/shared/samples/phone_scripts.jsonl, copied so CI needs nothing outside the repo.
SAMPLES: list[tuple[str, str, str | None, str | None, bool]] = [
    # scenario, text, site, at, ok
    ("phone.answer", "您好,阳光花园服务中心,有什么可以帮到您的?", "阳光花园服务中心", None, True),
    ("phone.answer", "下午好,阳光花园服务中心,请问有什么可以帮您?", "阳光花园服务中心",
     "2026-11-26T15:30", True),
    ("phone.answer", "喂,你找谁?", "阳光花园服务中心", None, False),
    ("phone.answer", "阳光花园,什么事?", "阳光花园服务中心", None, False),
    ("phone.answer", "您好,请问有什么事?", "阳光花园服务中心", None, False),
    ("phone.answer", "你好,阳光花园服务中心,有什么可以帮你?", "阳光花园服务中心", None, False),
    ("phone.ask_identity", "请问您贵姓?", None, None, True),
    ("phone.ask_identity", "请问能告诉我贵公司名称吗?", None, None, True),
    ("phone.ask_identity", "你叫什么?", None, None, False),
    ("phone.ask_identity", "你哪个单位的?", None, None, False),
    ("phone.transfer", "好的,请稍候。", None, None, True),
    ("phone.transfer", "李主管现在不在,请问需要我帮您传达什么吗?", None, None, True),
    ("phone.transfer", "不在。", None, None, False),
    ("greet", "早上好,张女士!", None, "2026-11-26T08:30", True),
    ("greet", "您好,王先生!", None, "2026-11-26T14:00", True),
    ("greet", "下午好!", None, "2026-11-26T19:45", False),
    ("greet", "晚上好,圣诞快乐!", None, "2026-12-25T18:30", True),
    ("greet", "下午好!", None, "2027-01-01T15:00", False),
    ("greet", "早上好,春节快乐!", None, "2026-02-17T09:00", True),
    ("greet", "唉,早上好。", None, "2026-11-26T10:00", False),
    ("farewell", "您走好,欢迎再来!", None, None, True),
    ("farewell", "慢走不送。", None, None, False),
]  # fmt: skip

SPEECH_SCENARIOS = ["phone.answer", "phone.ask_identity", "phone.transfer", "greet", "farewell"]


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def expand(variant: str, settings: Settings, site: str | None, at: datetime | None) -> list[str]:
    if "{site}" in variant:
        if site is None:
            return []
        variant = variant.replace("{site}", site)
    if "{time_greeting}" in variant:
        bands = [time_greeting_at(settings, at)] if at else settings.time_greetings
        return [variant.replace("{time_greeting}", g) for b in bands for g in b.greetings]
    if "{festival_greeting}" in variant:
        festivals = festivals_on(settings, at.date()) if at else ()
        return [variant.replace("{festival_greeting}", g) for f in festivals for g in f.greetings]
    return [variant]


def form_present(form: Form, text: str, settings: Settings, site: str | None,
                 at: datetime | None) -> bool:  # fmt: skip
    festival_day = bool(at and festivals_on(settings, at.date()))
    ordered: list[tuple[int, int]] = []
    for element in form.elements:
        if element.condition == "festival_day" and not festival_day:
            continue
        phrases = [p for v in element.variants for p in expand(v, settings, site, at)]
        found = [text.find(p) for p in phrases if p in text]
        if not found:
            return False
        if element.order is not None:
            ordered.append((element.order, min(found)))
    positions = [position for _, position in sorted(ordered)]
    return positions == sorted(positions)


def complies(rule: Rule, settings: Settings, text: str, site: str | None,
             at: datetime | None) -> bool:  # fmt: skip
    speech = rule.speech
    assert speech is not None
    for forbidden in speech.forbidden:
        if any(p in text for p in forbidden.phrasings):
            return False
    return not speech.forms or any(form_present(form, text, settings, site, at) for form in speech.forms)


def judge(rulebook: Rulebook, scenario: str, text: str, site: str | None,
          at: datetime | None) -> bool:  # fmt: skip
    rules = rules_for_scenario(rulebook, scenario)
    return all(complies(rule, rulebook.settings, text, site, at) for rule in rules)


def speech_rules(rulebook: Rulebook) -> list[Rule]:
    return [r for r in rulebook.rules if r.speech is not None]


@pytest.mark.parametrize(("scenario", "text", "site", "at", "ok"), SAMPLES)
def test_sample_script_is_judged_as_expected_from_the_rule_data(
    rulebook: Rulebook, scenario: str, text: str, site: str | None, at: str | None, ok: bool
) -> None:
    moment = datetime.fromisoformat(at) if at else None
    assert judge(rulebook, scenario, text, site, moment) is ok


def test_every_example_matches_its_own_rule(rulebook: Rulebook) -> None:
    wrong: list[tuple[str, Example]] = []
    for rule in speech_rules(rulebook):
        assert rule.speech is not None
        for example in rule.speech.examples:
            verdict = complies(rule, rulebook.settings, example.text, example.site, example.at)
            if verdict is not example.ok:
                wrong.append((rule.id, example))
    assert wrong == []


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
