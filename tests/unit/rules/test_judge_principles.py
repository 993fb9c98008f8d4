"""What the procedure asks, principle by principle: tables of acceptable and unacceptable wordings.

Written from the procedure (items 14-19, 25-31), not from the judge: each row says what a trainer
who knows the procedure would accept. The centre is 阳光花园服务中心 unless a row says otherwise;
the moment is an ordinary Thursday morning (26 Nov 2026, 10:00) unless a row gives one.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from rules.judge import Verdict, judge
from rules.loader import default_rulebook
from rules.model import Rulebook

SITE = "阳光花园服务中心"
MORNING = datetime(2026, 11, 26, 10, 0)


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def say(rulebook: Rulebook, scenario: str, text: str, at: datetime = MORNING, site: str = SITE) -> Verdict:
    return judge(rulebook, scenario, text, at=at, site=site)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- answering the phone (items 27-29): greet, name the centre, then let the caller speak -----------

PHONE_OK = [
    "您好！阳光花园服务中心，请讲。",
    "您好，阳光花园服务中心。",
    "阳光花园服务中心您好，请问有什么可以帮到您？",
    "阳光花园服务中心，您好！",
    "您好，阳光花园服务中心，请问您找哪位？",
    "您好，阳光花园服务中心，有什么可以帮到您的？",
    "您好，阳光花园服务中心，我是小李，请讲。",
    "您好，阳光花园物业，请讲。",
]
PHONE_BAD = [
    "您好，阳光花园服务中心，您找谁？",  # 找谁 stays forbidden even with 您
    "喂，阳光花园服务中心。",
    "您好，请讲。",  # no centre named
    "阳光花园服务中心，请讲。",  # no greeting
    "喂，什么事？",
    "喂，哪里？",
    "你好，阳光花园服务中心。",
    "您好，阳光花园服务中心，你找哪位？",
]


@pytest.mark.parametrize("text", PHONE_OK)
def test_answering_with_a_greeting_and_the_centres_name_is_enough(rulebook: Rulebook, text: str) -> None:
    verdict = say(rulebook, "phone.answer", text)
    assert verdict.ok, verdict.findings


@pytest.mark.parametrize("text", PHONE_BAD)
def test_phone_answers_the_procedure_rules_out(rulebook: Rulebook, text: str) -> None:
    assert not say(rulebook, "phone.answer", text).ok


def test_afternoon_greeting_with_the_centres_name_passes_without_an_offer_of_help(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.answer", "下午好，阳光花园服务中心。", at=at("2026-11-26T15:00")).ok


def test_naming_another_centre_is_its_own_finding_not_a_missing_name(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "phone.answer", "您好，翠湖苑服务中心，请讲。")
    (finding,) = verdict.findings
    assert finding.kind != "missing"
    assert "说错中心名称" in finding.message.zh
    assert finding.suggestion == "您好，阳光花园服务中心，请讲。"


def test_the_users_own_centre_is_the_one_to_name(rulebook: Rulebook) -> None:
    assert say(rulebook, "phone.answer", "您好，翠湖苑服务中心，请讲。", site="翠湖苑服务中心").ok
    verdict = say(rulebook, "phone.answer", "喂，请讲。", site="翠湖苑服务中心")
    assert all("翠湖苑服务中心" in f.suggestion for f in verdict.findings)
    assert not any("阳光花园" in f.suggestion or "嘉里" in f.suggestion for f in verdict.findings)


# --- festivals (item 19: 如值节日，应问候节日贺语), face to face ------------------------------------

FESTIVAL_DAYS = [
    ("2027-01-01T10:00", "元旦", "早上好，新年快乐！"),
    ("2027-02-06T10:00", "春节", "早上好，春节快乐！"),
    ("2027-02-20T10:00", "元宵", "早上好，元宵节快乐！"),
    ("2027-05-01T10:00", "劳动节", "早上好，劳动节快乐！"),
    ("2027-06-09T10:00", "端午", "早上好，端午安康！"),
    ("2027-09-15T10:00", "中秋", "早上好，中秋快乐！"),
    ("2027-10-01T10:00", "国庆", "早上好，国庆快乐！"),
    ("2026-12-25T10:00", "圣诞", "早上好，圣诞快乐！"),
]


@pytest.mark.parametrize(("moment", "festival", "wish"), FESTIVAL_DAYS, ids=[f[1] for f in FESTIVAL_DAYS])
def test_on_a_festival_the_owner_is_greeted_with_its_wish(
    rulebook: Rulebook, moment: str, festival: str, wish: str
) -> None:
    assert say(rulebook, "greet", wish, at=at(moment)).ok
    bare = say(rulebook, "greet", "早上好！", at=at(moment))
    assert [f.kind for f in bare.findings] == ["missing"]
    assert festival in bare.findings[0].message.zh
    assert say(rulebook, "greet", bare.findings[0].suggestion, at=at(moment)).ok


@pytest.mark.parametrize(
    ("text", "moment", "ok"),
    [
        ("王先生，国庆节快乐！", "2027-10-02T10:00", True),
        ("早上好，节日快乐！", "2027-10-01T10:00", True),  # 节日快乐 on a festival day
        ("早上好，节日快乐！", "2026-11-26T10:00", False),  # ... but not on an ordinary day
        ("早上好，中秋快乐！", "2027-04-20T10:00", False),  # a wish out of its season
        ("早上好，圣诞快乐！", "2026-06-10T10:00", False),
        ("早上好，提前祝您春节快乐！", "2027-02-01T10:00", True),  # in the season before
        ("早上好，新年好！", "2027-01-03T10:00", True),  # still the new-year season
        ("早上好！", "2027-04-05T10:00", True),  # 清明: a day of remembrance, no wish expected
        ("早上好，清明快乐！", "2027-04-05T10:00", False),  # 快乐 does not fit 清明
        ("早上好，中秋快乐！", "2027-09-16T10:00", True),  # the day after: still fine
        ("早上好！", "2027-09-17T10:00", True),  # the wish is not expected days later
    ],
)
def test_festival_wishes_fit_their_season(rulebook: Rulebook, text: str, moment: str, ok: bool) -> None:
    assert say(rulebook, "greet", text, at=at(moment)).ok is ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("您好，阳光花园服务中心。", True),  # on the phone a wish is welcome, not required
        ("新年好，阳光花园服务中心。", True),
        ("您好，阳光花园服务中心，中秋快乐！", False),  # out of season on the phone too
    ],
)
def test_on_the_phone_a_festival_wish_is_welcome_but_not_required(
    rulebook: Rulebook, text: str, ok: bool
) -> None:
    assert say(rulebook, "phone.answer", text, at=at("2027-01-01T10:00")).ok is ok


# --- forms of address (items 14-16) -------------------------------------------------------------------

ADDRESS = [
    ("greet", "王先生，早上好！", True, None),
    ("greet", "张女士，您好！", True, None),
    ("greet", "您好，先生！", True, None),
    ("greet", "女士，早上好，请问有什么可以帮您？", True, None),
    ("greet", "各位早上好！", True, None),
    ("greet", "您几位好，请这边登记。", True, None),
    ("farewell", "李先生，您慢走！", True, None),
    ("greet", "阿姨，早上好！", False, "女士，早上好！"),
    ("greet", "王阿姨，早上好！", False, "王女士，早上好！"),
    ("greet", "李大爷，早上好！", False, "李先生，早上好！"),
    ("greet", "张姐，早上好！", False, "张女士，早上好！"),
    ("greet", "美女，早上好！", False, "女士，早上好！"),
    ("greet", "帅哥，您好！", False, "先生，您好！"),
    ("greet", "亲，您好！", False, None),
    ("greet", "哎，您好！", False, "您好！"),
    ("greet", "嗨，早上好！", False, "早上好！"),
    ("greet", "哈喽，早上好！", False, "早上好！"),
    ("greet", "唉，早上好！", False, "早上好！"),
    ("greet", "喂，您的快递到了。", False, None),
    ("farewell", "阿姨慢走！", False, "女士慢走！"),
    ("phone.transfer", "好的，你稍等。", False, "好的，您稍等。"),
    ("greet", "你好！", False, "您好！"),
    ("greet", "你们好！", False, "各位好！"),
    ("greet", "早上好，你们几位请坐。", False, "早上好，您几位请坐。"),
    ("greet", "早上好，您们先登记一下。", False, None),
    ("farewell", "谢谢你，慢走！", False, "谢谢您，慢走！"),
]


@pytest.mark.parametrize(("scenario", "text", "ok", "better"), ADDRESS)
def test_owners_are_sir_or_madam_and_always_nin(
    rulebook: Rulebook, scenario: str, text: str, ok: bool, better: str | None
) -> None:
    verdict = say(rulebook, scenario, text)
    assert verdict.ok is ok, verdict.findings
    if better is not None:
        assert {f.suggestion for f in verdict.findings} == {better}
    for finding in verdict.findings:
        assert "您们" not in finding.suggestion and "你" not in finding.suggestion
        assert say(rulebook, scenario, finding.suggestion).ok, finding


def test_the_better_wording_for_you_plural_is_gewei_or_nin_jiwei_never_ninmen(rulebook: Rulebook) -> None:
    verdict = say(rulebook, "greet", "早上好，您们先登记一下。")
    (finding,) = verdict.findings
    assert "各位" in finding.suggestion or "您几位" in finding.suggestion


# --- time of day (item 18): 您好 at any hour, the time greeting of the hour, in every scenario ----------

TIME = [
    ("greet", "中午好！", "2026-11-26T12:30", True),
    ("greet", "中午好！", "2026-11-26T09:00", False),
    ("greet", "下午好！", "2026-11-26T12:30", True),
    ("greet", "您好！", "2026-11-26T03:00", True),
    ("greet", "您好！", "2026-11-26T15:00", True),
    ("greet", "您好！", "2026-11-26T21:00", True),
    ("greet", "晚上好！", "2026-11-26T20:00", True),
    ("greet", "早上好！", "2026-11-26T20:00", False),
    ("farewell", "您慢走！", "2026-11-26T10:00", True),
    ("farewell", "晚上好，您慢走。", "2026-11-26T10:00", False),
    ("farewell", "晚安，您慢走。", "2026-11-26T10:00", False),
    ("farewell", "晚安，您慢走。", "2026-11-26T21:30", True),
    ("phone.transfer", "早上好，请稍候。", "2026-11-26T20:00", False),
    ("phone.answer", "中午好，阳光花园服务中心。", "2026-11-26T12:20", True),
    ("phone.answer", "早上好，阳光花园服务中心。", "2026-11-26T20:00", False),
]


@pytest.mark.parametrize(("scenario", "text", "moment", "ok"), TIME)
def test_time_of_day_words_fit_the_hour_in_every_scenario(
    rulebook: Rulebook, scenario: str, text: str, moment: str, ok: bool
) -> None:
    verdict = say(rulebook, scenario, text, at=at(moment))
    assert verdict.ok is ok, verdict.findings
    if not ok:
        assert [f.kind for f in verdict.findings] == ["wrong_time"]


# --- farewells (items 25-26) --------------------------------------------------------------------------

FAREWELL = [
    ("慢走！", True),
    ("王先生慢走！", True),
    ("您慢走，欢迎再来！", True),
    ("再见，欢迎下次再来！", True),
    ("您走好，拜拜！", True),
    ("不送了。", False),
    ("慢走不送。", False),
    ("拜拜！", False),
    ("好了，办完了。", False),
]


@pytest.mark.parametrize(("text", "ok"), FAREWELL)
def test_a_service_farewell(rulebook: Rulebook, text: str, ok: bool) -> None:
    verdict = say(rulebook, "farewell", text)
    assert verdict.ok is ok, verdict.findings
    for finding in verdict.findings:
        assert say(rulebook, "farewell", finding.suggestion).ok, finding


# --- a caller asks for someone (item 30) or will not say who they are (item 31) -------------------------
# Item 30 asks for "请稍候", or "he is not in" with an offer to pass something on; item 31 only asks to
# enquire politely. What a trained colleague says to a caller whose supervisor is in a meeting, or to a
# complainant who gave no name, in their own words:

ON_THE_LINE = [
    ("phone.transfer", "李主管在会上，需要我帮您转告吗？", True),
    ("phone.transfer", "李主管正在会议中，请问需要我帮您留言吗？", True),
    ("phone.transfer", "李主管现在不方便接电话，您有什么事需要我转达吗？", True),
    ("phone.transfer", "李主管这会儿走不开，我可以帮您记一下，散会后请他回您电话。", True),
    ("phone.transfer", "李主管在开会，您看需要我帮您带个话吗？", True),
    ("phone.transfer", "李主管开会呢，您留个联系方式，他开完会就给您回过去。", True),
    ("phone.transfer", "李主管正在开会，您有什么事可以先跟我说，我转给他。", True),
    ("phone.transfer", "李主管在开会，您半小时后再打来吧。", False),  # no offer to pass anything on
    ("phone.transfer", "李主管在开会，有事吗？", False),
    ("phone.ask_identity", "能留一下您的姓氏和联系电话吗？", True),
    ("phone.ask_identity", "请问您叫什么名字？", True),
    ("phone.ask_identity", "请问是哪位？", True),
    ("phone.ask_identity", "女士，请问怎么称呼您？", True),
    ("phone.ask_identity", "你叫什么名字？", False),
    ("phone.ask_identity", "你是哪个单位的？", False),
]


@pytest.mark.parametrize(("scenario", "text", "ok"), ON_THE_LINE)
def test_a_callers_request_is_met_in_natural_words(
    rulebook: Rulebook, scenario: str, text: str, ok: bool
) -> None:
    verdict = say(rulebook, scenario, text, at=at("2026-12-10T16:20"))
    assert verdict.ok is ok, verdict.findings


# --- speech-to-text and typing noise does not change the verdict --------------------------------------

NOISE = [
    ("phone.answer", "嗯，您好，阳光花园服务中心，请讲。", "您好，阳光花园服务中心，请讲。"),
    ("phone.answer", "啊您好阳光花园服务中心", "您好，阳光花园服务中心。"),
    ("phone.answer", "您好，阳光花园服务中兴，请讲。", "您好，阳光花园服务中心，请讲。"),
    ("phone.answer", "您好,阳光花园服务中心,请讲.", "您好，阳光花园服务中心，请讲。"),
    ("phone.answer", "嗯，你好，阳光花园服务中心。", "你好，阳光花园服务中心。"),
    ("phone.transfer", "好的，请稍后。", "好的，请稍候。"),
    ("phone.transfer", "嗯，他不在，需要我帮您传达什么吗？", "他不在，需要我帮您传达什么吗？"),
    ("phone.ask_identity", "请问您贵性？", "请问您贵姓？"),
    ("phone.ask_identity", "嗯，请问您贵姓呀？", "请问您贵姓？"),
    ("greet", "哈，早上好！", "早上好！"),
    ("greet", "早上好哈，王先生！", "早上好，王先生！"),
    ("greet", "ＨＩ，早上好！", "嗨，早上好！"),
    ("farewell", "嗯嗯，您慢走啊！", "您慢走！"),
]


@pytest.mark.parametrize(("scenario", "noisy", "clean"), NOISE)
def test_fillers_misheard_words_and_punctuation_do_not_change_the_verdict(
    rulebook: Rulebook, scenario: str, noisy: str, clean: str
) -> None:
    assert say(rulebook, scenario, noisy).ok is say(rulebook, scenario, clean).ok


# --- findings teach: the procedure's item and words, and a whole corrected sentence --------------------


@pytest.mark.parametrize(
    ("scenario", "text", "item", "words"),
    [
        ("greet", "你好，王先生！", 15, "不可用“你”"),
        ("phone.answer", "喂，阳光花园服务中心。", 15, "不可用“喂”"),
        ("phone.answer", "您好，请讲。", 28, "自报单位"),
        ("phone.answer", "您好，阳光花园服务中心，您找谁？", 29, "找谁"),
        ("greet", "阿姨，早上好！", 14, "先生、女士"),
        ("greet", "早上好！", 18, "根据不同的时间"),
        ("farewell", "慢走不送。", 26, "再见"),
        ("phone.ask_identity", "你是谁？", 31, "贵姓"),
        ("phone.transfer", "不在。", 30, "需要传达什么吗"),
    ],
)
def test_each_finding_cites_the_procedure_item_and_its_words(
    rulebook: Rulebook, scenario: str, text: str, item: int, words: str
) -> None:
    moment = at("2026-11-26T20:00") if text == "早上好！" else MORNING
    verdict = say(rulebook, scenario, text, at=moment)
    assert verdict.findings
    cited = [f for f in verdict.findings if f"规程第 {item} 条" in f.message.zh]
    assert cited and any(words in f.message.zh for f in cited), [f.message.zh for f in verdict.findings]
    assert all(f"Item {item}" in f.message.en or "Items" in f.message.en for f in cited)


@pytest.mark.parametrize(
    ("scenario", "text", "suggestion"),
    [
        ("greet", "你好，王先生！", "您好，王先生！"),
        ("phone.answer", "您好，请讲。", "您好，阳光花园服务中心，请讲。"),
        ("phone.answer", "阳光花园服务中心，请讲。", "您好，阳光花园服务中心，请讲。"),
        ("phone.answer", "喂，你找谁？", "您好，阳光花园服务中心，您找哪位？"),
        ("phone.transfer", "他不在。", "他不在，需要我帮您传达什么吗？"),
        ("farewell", "慢走不送。", "您慢走，欢迎再来。"),
    ],
)
def test_the_suggestion_is_the_whole_corrected_sentence(
    rulebook: Rulebook, scenario: str, text: str, suggestion: str
) -> None:
    verdict = say(rulebook, scenario, text)
    assert {f.suggestion for f in verdict.findings} == {suggestion}
