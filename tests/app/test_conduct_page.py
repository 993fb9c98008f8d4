"""The code-of-conduct page: every role reads it, search narrows it, broken content is reported."""

import pytest

from tests.app.conftest import login
from ui import content


@pytest.fixture(autouse=True)
def fresh_rulebook_cache():
    content.rulebook_state.clear()
    yield
    content.rulebook_state.clear()


def open_conduct(app, username):
    login(app, username)
    return app.switch_page("app_pages/training/conduct.py").run()


@pytest.mark.parametrize("username", ["newbie", "xiaoli", "boss"])
def test_every_role_reads_the_code_of_conduct_by_category(app, installed, username):
    open_conduct(app, username)
    assert not app.exception
    assert app.title[0].value == "客服行为规范"
    headers = [h.value for h in app.subheader]
    assert len(headers) == 11
    assert headers[0].startswith("着装")
    assert headers[-1].startswith("班后")


def test_search_finds_the_badge_rule_in_chinese_or_english(app, installed):
    open_conduct(app, "newbie")
    app.text_input[0].input("工作牌").run()
    titles = [m.value for m in app.markdown if m.value.startswith("**")]
    assert any("工作牌佩戴在左前胸" in t for t in titles)
    assert all("电话" not in t for t in titles)
    app.text_input[0].input("left chest").run()
    assert any("工作牌佩戴在左前胸" in m.value for m in app.markdown)


def test_a_search_with_no_match_says_so(app, installed):
    open_conduct(app, "newbie")
    app.text_input[0].input("火星").run()
    assert app.info[0].value == "没有符合条件的规范。"


def test_broken_content_is_shown_to_managers_with_file_and_line(app, installed, broken_content):
    open_conduct(app, "boss")
    assert not app.exception
    assert "内容文件有错误" in app.error[0].value
    assert "settings.yaml:1:1" in app.code[0].value


def test_broken_content_is_not_detailed_to_trainees(app, installed, broken_content):
    open_conduct(app, "newbie")
    assert "内容文件有错误" in app.error[0].value
    assert len(app.code) == 0


def test_wordings_that_name_a_centre_name_the_users_own(app, installed, app_db):
    from sqlalchemy import update

    from accounts.tables import Site
    from services import open_services

    svc = open_services(app_db)
    with svc.sessions.begin() as session:
        session.execute(update(Site).values(name="翠湖苑服务中心"))
    svc.engine.dispose()
    open_conduct(app, "newbie")
    shown = [m.value for m in app.markdown] + [e.value for e in app.success] + [e.value for e in app.error]
    assert any("应说：您好，翠湖苑服务中心" in t for t in shown)
    assert any("翠湖苑服务中心，有什么可以帮到您" in t for t in shown)  # the example, at the own centre
    assert not any("{site}" in t or "阳光花园" in t or "嘉里" in t for t in shown)
