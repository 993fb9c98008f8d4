"""Script practice: every role writes what they would say and sees the judge's findings."""

from datetime import datetime

import pytest

from tests.app.conftest import login
from ui import content


@pytest.fixture(autouse=True)
def fresh_rulebook_cache():
    content.rulebook_state.clear()
    yield
    content.rulebook_state.clear()


def open_practice(app, username="xiaoli"):
    login(app, username)
    return app.switch_page("app_pages/training/script_practice.py").run()


def answer(app, text):
    app.text_area(key="practice_text").input(text)
    app.button[0].click()
    return app.run()


def choose(app, scenario):
    app.selectbox(key="practice_scenario").set_value(scenario).run()


def findings_text(app):
    """All markdown on the page as a reader sees it: without the escapes and the invisible word joiners
    that ui.context.plain() adds so that Streamlit's markdown leaves the text alone."""
    return "\n".join(m.value for m in app.markdown).replace("\\", "").replace("\u2060", "")


@pytest.mark.parametrize("username", ["newbie", "xiaoli", "boss"])
def test_every_role_can_practise_and_sees_the_phone_prompt(app, installed, username):
    open_practice(app, username)
    assert not app.exception
    assert app.title[0].value == "话术练习"
    assert app.selectbox(key="practice_scenario").value == "phone.answer"
    assert any("前台电话响了" in m.value for m in app.markdown)


def test_a_good_phone_answer_passes(app, installed):
    open_practice(app)
    answer(app, "您好，阳光花园服务中心，有什么可以帮到您的？")
    assert not app.exception
    assert app.success[0].value == "符合规范，得分 100。"
    assert len(app.error) == 0


def test_a_bad_phone_answer_shows_each_finding_with_rule_and_better_wording(app, installed):
    open_practice(app)
    answer(app, "喂，你找谁？")
    assert "处需要改进" in app.error[0].value
    text = findings_text(app)
    assert "招呼业主不用“喂”“唉”" in text and "`address.no_wei_or_ai`" in text
    assert "规程第 29 条" in text and "不要说“你找谁”，应说“您找哪位”。" in text
    # the centre's own name comes from the user's site
    assert "建议说法：**您好，阳光花园服务中心，您找哪位？**" in text
    assert text.count(":red-badge[禁用说法]") == 2


def test_user_text_is_shown_escaped_not_as_markdown(app, installed):
    open_practice(app)
    answer(app, "**喂** [link](http://x.example)")
    said = next(m.value for m in app.markdown if m.value.startswith("您的说法"))
    assert "\\*\\*喂\\*\\*" in said and "\\[link\\]" in said


def greet_at(app, moment: datetime, said: str) -> None:
    """The greeting scenario, judged at `moment` (as chosen on the page)."""
    open_practice(app)
    choose(app, "greet")
    app.date_input(key="practice_day").set_value(moment.date()).run()
    app.time_input(key="practice_time").set_value(moment.time()).run()
    answer(app, said)


def test_greeting_is_judged_at_the_chosen_moment(app, installed):
    greet_at(app, datetime(2026, 11, 26, 19, 45), "下午好！")
    assert "处需要改进" in app.error[0].value
    text = findings_text(app)
    assert "19:45" in text and "建议说法：**晚上好！**" in text
    answer(app, "晚上好，王先生！")
    assert app.success[0].value == "符合规范，得分 100。"


def test_festival_day_needs_the_festival_wish(app, installed):
    greet_at(app, datetime(2026, 12, 25, 10, 0), "您好！")
    assert "圣诞节" in findings_text(app)
    models = findings_text(app)
    assert "圣诞快乐" in models  # the model answers fit the chosen day


def test_an_empty_answer_asks_for_words(app, installed):
    open_practice(app)
    answer(app, "   ")
    assert app.warning[0].value == "请先写下您要说的话。"


def test_english_interface_explains_findings_in_english(app, installed):
    open_practice(app)
    app.sidebar.button_group(key="lang_switch").set_value("en").run()
    assert app.title[0].value == "Script practice"
    answer(app, "喂，你找谁？")
    assert "point(s) to improve" in app.error[0].value
    text = findings_text(app)
    assert 'Do not say "喂"' in text
    assert "Never hail an owner" in text
    assert "Better wording: **您好，阳光花园服务中心，您找哪位？**" in text


def test_the_verdict_follows_a_language_switch(app, installed):
    open_practice(app)
    answer(app, "不在。")
    assert "缺少" in findings_text(app)
    choose(app, "phone.transfer")
    answer(app, "不在。")
    app.sidebar.button_group(key="lang_switch").set_value("en").run()
    assert "missing: Offer to pass on a message" in findings_text(app)


def test_broken_content_shows_the_conduct_notice(app, installed, broken_content):
    open_practice(app, "boss")
    assert not app.exception
    assert "内容文件有错误" in app.error[0].value
    assert "settings.yaml:1:1" in app.code[0].value
