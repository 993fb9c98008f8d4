"""A newcomer's journey in a real browser: setup -> logout -> login -> manager menu -> English."""

import pytest

from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.e2e


def test_first_run_setup_login_survives_refresh_and_switches_to_english(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(server)
    wait_idle(page)
    assert page.get_by_role("heading", name="首次设置").is_visible()
    screenshot(page, "01-setup-zh")

    page.get_by_role("textbox", name="服务中心名称").fill("阳光花园服务中心")
    page.get_by_role("textbox", name="用户名").fill("boss")
    page.get_by_role("textbox", name="姓名").fill("王主管")
    page.get_by_role("textbox", name="密码", exact=True).fill("correct-horse-1")
    page.get_by_role("textbox", name="确认密码").fill("correct-horse-1")
    # The login cookie comes from /api/session once the account exists: the refresh below needs it.
    with page.expect_response(lambda r: r.url == f"{server}/api/session" and r.ok):
        page.get_by_role("button", name="创建并登录").click()
    wait_idle(page)
    page.get_by_role("heading", name="你好，王主管").wait_for()

    # The manager's menu has the management pages.
    nav = page.get_by_test_id("stSidebarNav")
    for label in ("首页", "账户管理", "服务中心设置", "我的账户", "退出登录"):
        assert nav.get_by_text(label, exact=True).is_visible(), label
    screenshot(page, "02-home-manager-zh")

    # A refresh keeps the login (HttpOnly cookie set by the /api/session route).
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["fdc_session"]["httpOnly"] is True
    page.reload()
    wait_idle(page)
    page.get_by_role("heading", name="你好，王主管").wait_for()

    # Log out: back to the login page, and a refresh does not log back in.
    nav.get_by_text("退出登录", exact=True).click()
    wait_idle(page)
    # The cookie is cleared by /api/logout after the click: the refresh waits for that answer.
    with page.expect_response(lambda r: r.url == f"{server}/api/logout" and r.ok):
        page.get_by_role("button", name="确认退出").click()
    wait_idle(page)
    page.get_by_role("button", name="登录").wait_for()
    page.reload()
    wait_idle(page)
    page.get_by_role("button", name="登录").wait_for()
    screenshot(page, "03-login-zh")

    # Log in again and open the accounts page.
    page.get_by_role("textbox", name="用户名").fill("boss")
    page.get_by_role("textbox", name="密码").fill("correct-horse-1")
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    page.get_by_role("heading", name="你好，王主管").wait_for()
    nav.get_by_text("账户管理", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name="账户管理", exact=True).wait_for()
    screenshot(page, "04-users-zh")

    # Switch to English: the menu and the page follow.
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name="Accounts", exact=True).wait_for()
    for label in ("Home", "Accounts", "Service centres", "My account", "Log out"):
        assert nav.get_by_text(label, exact=True).is_visible(), label
    screenshot(page, "05-users-en")
    page.close()
