"""The script judge, by business rule: what staff say is judged from the rulebook data alone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rules.judge import (
    SEVERITY_WEIGHT,
    SiteRequired,
    UnknownScenario,
    Verdict,
    judge,
    model_answers,
    needs_site,
    site_names,
)
from rules.loader import default_rulebook, load_rulebook
from rules.model import Rulebook

SITE = "阳光花园服务中心"
MORNING = datetime(2026, 11, 26, 10, 0)  # an ordinary Thursday
EVENING = datetime(2026, 11, 26, 19, 45)
CHRISTMAS = datetime(2026, 12, 25, 10, 0)
NEW_YEARS_DAY = datetime(2027, 1, 1, 15, 0)
SPRING_FESTIVAL_2027 = datetime(2027, 2, 6, 9, 0)  # from the holidays calendar, not hard-coded in rules


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def say(rulebook: Rulebook, scenario: str, text: str, at: datetime = MORNING, site: str = SITE) -> Verdict:
    return judge(rulebook, scenario, text, at=at, site=site)


def kinds(verdict: Verdict) -> list[tuple[str, str]]:
    return [(f.rule, f.kind) for f in verdict.findings]


def flagged(verdict: Verdict) -> list[tuple[str, str, str | None]]:
    """Each finding with the better wording it offers: (rule, kind, suggestion)."""
    return [(f.rule, f.kind, f.suggestion) for f in verdict.findings]


# --- phone.answer -----------------------------------------------------------------------------------


def test_standard_phone_answer_passes_with_full_score(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "您好，阳光花园服务中心，有什么可以帮到您的？")
    assert (verdict.ok, verdict.score, verdict.findings) == (True, 100, ())


def test_phone_answer_without_site_name_is_flagged(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "您好，请问有什么可以帮您？")
    assert kinds(verdict) == [("phone.answer", "missing")]
    (finding,) = verdict.findings
    assert "自报单位" in finding.message.zh and "centre's name" in finding.message.en
    # the speaker's own words, completed
    assert finding.suggestion == "您好，阳光花园服务中心，请问有什么可以帮您？"


def test_phone_answer_uses_the_callers_own_site_name(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.answer", "您好，翠湖苑服务中心，有什么可以帮您？", site="翠湖苑服务中心").ok
    wrong_centre = say(rulebook, "phone.answer", "您好，翠湖苑服务中心，有什么可以帮您？", site=SITE)
    assert kinds(wrong_centre) == [("phone.answer", "forbidden")]
    assert "说错中心名称" in wrong_centre.findings[0].message.zh


def test_short_form_of_the_site_name_is_accepted(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.answer", "您好，阳光花园，有什么可以帮您？").ok
    assert say(rulebook, "phone.answer", "您好，阳光花园客服中心，有什么可以帮您？").ok


def test_short_site_name_with_a_curt_question_is_still_wrong(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "阳光花园，什么事？")
    assert kinds(verdict) == [("phone.answer", "forbidden"), ("phone.answer", "missing")]
    assert "问好" in verdict.findings[1].message.zh


def test_site_names_drop_a_generic_ending_only_when_a_name_is_left() -> None:
    suffixes = ("服务中心", "客服中心")
    assert set(site_names("阳光花园服务中心", suffixes)) == {
        "阳光花园服务中心",
        "阳光花园",
        "阳光花园客服中心",
    }
    assert site_names("X服务中心", suffixes) == ("X服务中心",)


def test_the_centres_name_before_the_greeting_is_fine(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.answer", "阳光花园服务中心，您好，有什么可以帮您？").ok


def test_wei_on_the_phone_is_flagged_as_the_critical_hail(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "喂，您好，阳光花园服务中心，有什么可以帮您？")
    assert kinds(verdict) == [("address.no_wei_or_ai", "forbidden")]
    assert verdict.score == 100 - SEVERITY_WEIGHT["critical"]


def test_wei_who_do_you_want_gets_each_slip_explained_once(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "喂，你找谁？")
    assert kinds(verdict) == [
        ("address.no_wei_or_ai", "forbidden"),
        ("phone.answer", "forbidden"),  # 你找谁 as one slip of item 29
        ("phone.answer", "missing"),  # the centre's name: what is left once the slips are fixed
    ]
    assert [f.found for f in verdict.findings[:2]] == ["喂", "你找谁"]
    assert verdict.score == 0


def test_ni_hao_on_the_phone_is_a_slip_not_also_a_missing_greeting(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "你好，阳光花园服务中心，有什么可以帮你？")
    assert kinds(verdict) == [("address.nin_not_ni", "forbidden")] * 2  # 你好 and 你, no missing greeting
    assert {f.suggestion for f in verdict.findings} == {"您好，阳光花园服务中心，有什么可以帮您？"}


def test_the_same_slip_said_twice_counts_once(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "farewell", "你慢走，你走好！")
    assert kinds(verdict) == [("address.nin_not_ni", "forbidden")]
    assert verdict.score == 100 - SEVERITY_WEIGHT["major"]


def test_offer_of_help_that_mentions_shi_is_not_the_curt_question(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.answer", "您好，阳光花园服务中心，请问有什么事情需要帮忙吗？").ok
    curt = say(rulebook, "phone.answer", "您好，阳光花园服务中心，有什么事？")
    assert ("phone.answer", "forbidden") in kinds(curt)


@pytest.mark.parametrize(
    "offer",
    ["有什么可以帮您的吗", "有什么能帮您", "请问您需要什么帮助", "有什么我可以帮您的", "我能为您做些什么"],
)
def test_natural_variants_of_the_offer_of_help_pass(rulebook: Rulebook, offer: str) -> None:
    assert say(rulebook, "phone.answer", f"您好，阳光花园服务中心，{offer}？").ok


def test_morning_greeting_on_an_evening_call_is_said_at_the_wrong_time(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "早上好，阳光花园服务中心，有什么可以帮您？", at=EVENING)
    assert flagged(verdict) == [
        ("greeting.time_of_day", "wrong_time", "晚上好，阳光花园服务中心，有什么可以帮您？")
    ]


def test_phone_answer_needs_the_site_name(rulebook: Rulebook) -> None:
    assert needs_site(rulebook, "phone.answer")
    assert not needs_site(rulebook, "greet")
    with pytest.raises(SiteRequired, match=r"phone\.answer"):
        judge(rulebook, "phone.answer", "您好", at=MORNING, site="  ")


# --- phone.ask_identity / phone.transfer --------------------------------------------------------------


@pytest.mark.parametrize(
    "ask", ["请问您贵姓？", "请问怎么称呼您？", "请问您是哪家公司的？", "能告诉我贵公司名称吗？"]
)
def test_polite_questions_for_name_or_company_pass(rulebook: Rulebook, ask: str) -> None:
    assert say(rulebook, "phone.ask_identity", ask).ok


def test_who_are_you_is_flagged_with_the_polite_question_instead(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.ask_identity", "你是谁？")
    # One finding: not also one for the bare 你.
    assert flagged(verdict) == [("phone.ask_identity", "forbidden", "请问贵姓？")]


def test_polite_transfer_offering_a_message_passes(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.transfer", "李主管现在不在，请问需要我帮您传达什么吗？").ok
    assert say(rulebook, "phone.transfer", "他出去了，需要我帮您转告吗？").ok


def test_polite_request_to_hold_passes(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.transfer", "好的，请您稍等。").ok


def test_bare_refusal_is_missing_the_offer_to_pass_on_a_message(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.transfer", "他不在。")
    assert kinds(verdict) == [("phone.transfer", "missing")]
    assert "询问是否需要传达" in verdict.findings[0].message.zh
    assert verdict.findings[0].suggestion == "他不在，需要我帮您传达什么吗？"


def test_an_order_to_wait_is_flagged(rulebook: Rulebook) -> None:
    assert kinds(say(rulebook, "phone.transfer", "等着，我去叫他。")) == [("phone.transfer", "forbidden")]


# --- the familiar 你 ------------------------------------------------------------------------------------


def test_you_in_a_quoted_word_is_not_flagged(rulebook: Rulebook) -> None:
    text = "请问您说的“你们公司”是哪一家？能告诉我贵公司名称吗？"
    assert say(rulebook, "phone.ask_identity", text).ok


def test_you_inside_mini_is_not_flagged(rulebook: Rulebook) -> None:
    assert say(rulebook, "greet", "早上好，您订的迷你仓钥匙在这儿。", at=datetime(2026, 11, 26, 9, 0)).ok


def test_you_addressing_the_caller_is_flagged(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.ask_identity", "请问你们公司叫什么？")
    assert ("address.nin_not_ni", "forbidden") in kinds(verdict)


def test_you_typed_after_nin_is_still_flagged(rulebook: Rulebook) -> None:
    """Decision: 您你好 is a slip as written; a quiz answer is judged as typed."""
    assert kinds(say(rulebook, "farewell", "您你慢走。")) == [("address.nin_not_ni", "forbidden")]


# --- greet ------------------------------------------------------------------------------------------


def test_greeting_for_the_time_of_day_passes(rulebook: Rulebook) -> None:
    assert say(rulebook, "greet", "早上好，张女士！", at=datetime(2026, 11, 26, 8, 30)).ok
    assert say(rulebook, "greet", "您好，王先生！", at=EVENING).ok


def test_afternoon_greeting_in_the_evening_is_said_at_the_wrong_time(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "greet", "下午好！", at=EVENING)
    assert kinds(verdict) == [("greeting.time_of_day", "wrong_time")]
    finding = verdict.findings[0]
    assert finding.suggestion == "晚上好！"
    assert "19:45" in finding.message.zh and "19:45" in finding.message.en


@pytest.mark.parametrize(
    ("clock", "ok"),
    [((4, 59), False), ((5, 0), True), ((11, 59), True), ((12, 0), False)],
)
def test_morning_greeting_band_boundaries(rulebook: Rulebook, clock: tuple[int, int], ok: bool) -> None:
    assert say(rulebook, "greet", "早上好！", at=datetime(2026, 11, 26, *clock)).ok is ok


def test_a_greeting_inside_another_word_is_no_greeting(rulebook: Rulebook) -> None:
    assert say(rulebook, "greet", "早上好，今天晚上好像要下雨。").ok


def test_ni_hao_to_an_owner_is_flagged_once_with_nin_hao(rulebook: Rulebook) -> None:
    assert flagged(say(rulebook, "greet", "你好！")) == [("address.nin_not_ni", "forbidden", "您好！")]


def test_festival_wish_is_required_on_new_years_day(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "greet", "下午好！", at=NEW_YEARS_DAY)
    assert kinds(verdict) == [("greeting.festival", "missing")]
    assert "元旦" in verdict.findings[0].message.zh
    assert verdict.findings[0].suggestion == "下午好，新年好！"
    assert say(rulebook, "greet", "下午好，新年好！", at=NEW_YEARS_DAY).ok


def test_spring_festival_date_comes_from_the_lunar_calendar(rulebook: Rulebook) -> None:
    assert not say(rulebook, "greet", "早上好！", at=SPRING_FESTIVAL_2027).ok
    assert say(rulebook, "greet", "早上好，春节快乐！", at=SPRING_FESTIVAL_2027).ok
    assert say(rulebook, "greet", "早上好！", at=datetime(2027, 3, 6, 9, 0)).ok


def test_christmas_wish_is_required_on_christmas_day(rulebook: Rulebook) -> None:
    assert kinds(say(rulebook, "greet", "您好！", at=CHRISTMAS)) == [("greeting.festival", "missing")]
    assert say(rulebook, "greet", "早上好，圣诞快乐！", at=CHRISTMAS).ok


def test_festival_wish_alone_is_a_fitting_greeting_on_the_festival(rulebook: Rulebook) -> None:
    assert say(rulebook, "greet", "王先生，新年好！", at=NEW_YEARS_DAY).ok


def test_festival_wish_out_of_season_is_said_at_the_wrong_time(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "greet", "早上好，圣诞快乐！")
    assert kinds(verdict) == [("greeting.festival", "wrong_time")]
    assert "圣诞节" in verdict.findings[0].message.zh


def test_festival_wish_just_before_the_festival_is_fine(rulebook: Rulebook) -> None:
    assert say(rulebook, "greet", "早上好，提前祝您圣诞快乐！", at=datetime(2026, 12, 24, 9, 0)).ok


def test_festival_greetings_are_configurable(content_copy, rulebook: Rulebook) -> None:
    settings = content_copy / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    double_ninth = (
        "festivals:\n"
        "  - key: double_ninth\n"
        "    name: {zh: 重阳节, en: Double Ninth Festival}\n"
        '    lunar: "09-09"\n'
        "    greetings: [重阳节快乐, 重阳安康]\n"
    )
    settings.write_text(text.replace("festivals:\n", double_ninth, 1), encoding="utf-8")
    edited = load_rulebook(content_copy)
    double_ninth_day = datetime(2026, 10, 18, 10, 0)  # lunar 09-09, from the calendar
    assert say(rulebook, "greet", "早上好！", at=double_ninth_day).ok
    assert not say(edited, "greet", "早上好！", at=double_ninth_day).ok
    assert say(edited, "greet", "早上好，重阳节快乐！", at=double_ninth_day).ok
    assert not say(edited, "greet", "早上好，重阳节快乐！", at=MORNING).ok  # out of season


def test_hailing_an_owner_with_ai_is_critical(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "greet", "唉，早上好。")
    assert kinds(verdict) == [("address.no_wei_or_ai", "forbidden")]
    assert verdict.score == 50


def test_time_zone_aware_moment_uses_its_own_wall_clock(rulebook: Rulebook) -> None:
    at = datetime(2026, 11, 26, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert say(rulebook, "greet", "晚上好！", at=at).ok


# --- farewell -------------------------------------------------------------------------------------


def test_polite_goodbye_passes(rulebook: Rulebook) -> None:
    assert say(rulebook, "farewell", "王先生，您慢走！").ok
    assert say(rulebook, "farewell", "再见，欢迎您下次再来！").ok


def test_i_wont_see_you_out_is_flagged(rulebook: Rulebook) -> None:
    assert flagged(say(rulebook, "farewell", "慢走不送。")) == [
        ("farewell.see_off", "forbidden", "您慢走，欢迎再来。")
    ]


def test_no_goodbye_at_all_is_missing(rulebook: Rulebook) -> None:
    assert kinds(say(rulebook, "farewell", "好了，办完了。")) == [("farewell.see_off", "missing")]


# --- score, errors, model answers -----------------------------------------------------------------


def test_score_is_100_only_without_findings_and_falls_with_severity(rulebook: Rulebook) -> None:
    minor = say(rulebook, "greet", "下午好！", at=NEW_YEARS_DAY)  # minor rule missing entirely
    major = say(rulebook, "greet", "下午好！", at=EVENING)  # major rule, wrong time
    critical = say(rulebook, "greet", "唉，早上好。")
    order = say(rulebook, "phone.transfer", "需要我帮您传达什么吗？他不在。")
    assert minor.score == 85 and major.score == 70 and critical.score == 50 and order.score == 85
    assert say(rulebook, "farewell", "").score < 100


def test_findings_carry_bilingual_messages_and_a_chinese_suggestion(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "喂，你找谁？")
    for finding in verdict.findings:
        assert finding.message.zh and finding.message.en and finding.suggestion
    data = verdict.as_dict("en")
    assert set(data) == {"text", "ok", "score", "findings"}
    assert set(data["findings"][0]) == {"rule", "kind", "message", "suggestion"}
    assert data["findings"][0]["message"].startswith("Item 15: never hail an owner")


def test_unknown_scenario_raises_a_clear_error(rulebook: Rulebook) -> None:
    with pytest.raises(UnknownScenario, match=r"unknown scenario 'phone\.hangup'.*phone\.answer"):
        judge(rulebook, "phone.hangup", "再见", at=MORNING, site=SITE)


def test_model_answers_fit_the_moment_and_the_site(rulebook: Rulebook) -> None:
    christmas_evening = datetime(2026, 12, 25, 18, 30)
    answers = [a.text for a in model_answers(rulebook, "greet", at=christmas_evening)]
    assert answers and all(say(rulebook, "greet", a, at=christmas_evening).ok for a in answers)
    assert "早上好，张女士！" not in answers
    phone = [a.text for a in model_answers(rulebook, "phone.answer", at=MORNING, site="翠湖苑服务中心")]
    assert "您好，翠湖苑服务中心，有什么可以帮到您的？" in phone
    assert all("阳光花园" not in a for a in phone)
