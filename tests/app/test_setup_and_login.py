"""The app's pages as a user meets them: first run, login, lockout, role navigation, language."""

import pytest

from tests.app.conftest import log_out, login, page_links
from tests.integration.helpers import PASSWORD


def fill_setup(at, password=PASSWORD, confirm=PASSWORD):
    at.run()
    values = ["阳光花园服务中心", "boss", "王主管", password, confirm]
    for widget, value in zip(at.text_input, values, strict=True):
        widget.input(value)
    at.button[0].click()
    return at.run()


def test_first_run_shows_setup_and_creates_the_first_manager(app):
    app.run()
    assert [t.value for t in app.title] == ["首次设置"]
    fill_setup(app)
    assert not app.exception
    assert app.title[0].value == "你好，王主管"
    # The manager's home links to the management pages that exist.
    assert {"users", "sites", "conduct", "desk-new", "desk", "callbacks", "desk-stats"} <= set(
        page_links(app)
    )


def test_setup_with_a_short_password_says_why_and_stays_on_setup(app):
    fill_setup(app, password="short", confirm="short")
    assert app.title[0].value == "首次设置"
    assert [e.value for e in app.error] == ["密码：密码至少需要 8 个字符。"]


def test_setup_shows_every_problem_at_once_above_the_form(app):
    app.run()
    app.text_input[0].input("")  # no centre name
    app.text_input[1].input("b")  # username too short
    app.text_input[3].input("short")
    app.text_input[4].input("other")
    app.button[0].click()
    app.run()
    [box] = app.error
    lines = box.value.splitlines()
    assert len(lines) >= 4 and all(line.startswith("- ") for line in lines)
    assert "- 密码：密码至少需要 8 个字符。" in lines
    assert any("两次输入的密码不一致" in line for line in lines)
    assert app.text_input[1].value == "b"  # what was typed stays


def test_setup_with_mismatched_passwords_is_refused(app):
    fill_setup(app, confirm="something-else")
    assert "两次输入的密码不一致" in app.error[0].value


def test_login_page_appears_once_set_up(app, installed):
    app.run()
    assert app.title[0].value == "客服礼仪通"
    assert app.button[0].label == "登录"


def test_wrong_password_and_unknown_user_get_the_same_message(app, installed):
    login(app, "boss", "wrong-password")
    assert app.error[0].value == "用户名或密码错误。"
    login(app, "nobody", "wrong-password")
    assert app.error[0].value == "用户名或密码错误。"
    assert app.title[0].value == "客服礼仪通"


def test_empty_login_fields_are_refused(app, installed):
    login(app, "", "")
    assert app.error[0].value.endswith("请输入用户名和密码。")


def test_a_username_that_must_wait_is_told_for_how_long(app, installed):
    from datetime import timedelta

    from accounts.tables import LoginThrottle
    from store.clock import utcnow

    # Set the wait directly: the page runs on the real clock, and the test must not race it.
    with installed.sessions.begin() as session:
        session.add(LoginThrottle(key="user:xiaoli", failures=9, blocked_until=utcnow() + timedelta(hours=1)))
    login(app, "xiaoli", PASSWORD)
    assert app.error[0].value.startswith("尝试次数过多，请 ")
    assert "秒后再试" in app.error[0].value


def test_deactivated_user_is_told_to_contact_a_manager(app, installed):
    manager = installed.accounts.authenticate("boss", PASSWORD)
    staff = next(u for u in installed.accounts.list_users(manager) if u.username == "xiaoli")
    installed.accounts.set_active(manager, staff.id, False, reason="离职")
    login(app, "xiaoli")
    assert app.error[0].value == "该账户已停用，请联系主管。"


def test_staff_and_trainees_get_no_management_pages(app, installed):
    login(app, "newbie")
    assert app.title[0].value == "你好，Newbie"
    links = set(page_links(app))
    assert {"conduct", "account"} <= links
    assert links.isdisjoint({"users", "sites", "desk-new", "desk", "callbacks", "desk-stats"})
    # A manager page does not exist for this role, so not even its path reaches it.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/admin/users.py")


def test_manager_sees_accounts_and_opens_one(app, installed):
    login(app, "boss")
    app.switch_page("app_pages/admin/users.py").run()
    assert app.title[0].value == "账户管理"
    usernames = list(app.dataframe[0].value["用户名"])
    assert usernames == ["boss", "newbie", "xiaoli"]


def test_switching_to_english_changes_the_labels_and_is_remembered(app, installed):
    login(app, "boss")
    app.sidebar.button_group(key="lang_switch").set_value("en").run()
    assert app.title[0].value == "Hello, 王主管"
    assert installed.accounts.authenticate("boss", PASSWORD).language == "en"


def test_language_can_be_chosen_before_logging_in(app, installed):
    app.run()
    app.sidebar.button_group(key="lang_switch").set_value("en").run()
    assert app.title[0].value == "Front Desk Coach"
    assert app.button[0].label == "Log in"


def test_logout_returns_to_the_login_page_and_ends_the_login(app, installed):
    login(app, "boss")
    session_id = app.session_state["login_session_id"]
    log_out(app)
    assert app.title[0].value == "客服礼仪通"
    assert app.button[0].label == "登录"
    with installed.sessions() as session:
        from accounts.tables import LoginSession

        assert session.get(LoginSession, session_id).revoked_at is not None


def test_log_out_everywhere_ends_the_logins_in_other_browsers_too(app, installed):
    login(app, "boss")
    boss = installed.accounts.authenticate("boss", PASSWORD)
    _, code = installed.login_sessions.start(boss.user_id)  # the office PC, still logged in
    other = installed.login_sessions.redeem(code).token
    log_out(app, everywhere=True)
    assert app.button[0].label == "登录"
    assert installed.login_sessions.user_for_token(other) is None


def test_an_open_tab_is_logged_out_once_a_manager_resets_the_password(app, installed):
    login(app, "xiaoli")
    assert app.title[0].value == "你好，Xiaoli"
    boss = installed.accounts.authenticate("boss", PASSWORD)
    xiaoli = next(u for u in installed.accounts.list_users(boss) if u.username == "xiaoli")
    installed.accounts.reset_password(boss, xiaoli.id, "brand-new-pass-1")
    app.run()
    assert app.title[0].value == "客服礼仪通"
    assert app.button[0].label == "登录"


def test_a_deep_link_opened_while_logged_out_shows_the_login_then_that_page(app, installed):
    app.run()
    # The address /desk-new, as a browser would open it.
    app._page_hash = next(
        h for h, info in app._registered_pages.items() if info.get("url_pathname") == "desk-new"
    )
    app.run()
    assert [t.value for t in app.subheader] == ["登录"]
    login(app, "xiaoli")
    assert app.title[0].value == "新登记"
