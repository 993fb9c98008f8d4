"""A start-of-shift check in a real browser: a staff member answers every item with one tap, fails one
with a note, submits, and finds the corrective action it opened; then the manager's pages, zh and en.

The server's clock reads Thursday 09:30 (tests/e2e/conftest.py), so the morning shift's start check is
the one due."""

from datetime import date

import pytest

from tests.e2e.conftest import screenshot, seeding, wait_idle
from tests.e2e.test_desk_journey import log_in as log_in_as
from tests.integration.helpers import add_user, first_manager

pytestmark = pytest.mark.e2e


def seed() -> None:
    with seeding() as svc:
        manager = first_manager(svc)
        staff = add_user(svc, manager, "xiaoli", "staff", gender="female", display_name="小李")
        # She is on today's morning shift (the journey's clock reads Thursday 26 November, 09:30).
        svc.roster.assign(
            manager,
            min(manager.site_ids),
            user_id=staff.user_id,
            shift_date=date(2026, 11, 26),
            shift_id="morning",
        )


def log_in(page, server: str, username: str, greeting: str) -> None:  # type: ignore[no-untyped-def]
    """Log in and wait for the home page's greeting by name."""
    log_in_as(page, server, username)
    page.get_by_role("heading", name=greeting).wait_for()


def open_menu(page, label: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("stSidebarNav").get_by_text(label, exact=True).click()
    wait_idle(page)


def to_english(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    wait_idle(page)


def test_staff_member_fails_one_item_and_sees_the_action_it_opened(server, browser):
    seed()
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, server, "xiaoli", "你好，小李")

    open_menu(page, "今日班检")
    page.get_by_role("heading", name="今日班检").wait_for()
    main = page.get_by_test_id("stMain")
    passes = main.get_by_role("radio", name="合格", exact=True)  # a segmented control's options
    total = passes.count()
    assert total >= 10
    screenshot(page, "checks-01-shift-check-zh")
    for i in range(total):
        passes.nth(i).click()
        wait_idle(page)
    failed_question = main.get_by_role("radiogroup").nth(1).get_attribute("aria-label") or ""
    main.get_by_role("radio", name="不合格", exact=True).nth(1).click()
    wait_idle(page)
    page.get_by_role("textbox", name="不合格原因").fill("工作牌忘在家里")
    wait_idle(page)
    page.get_by_text(f"已答 {total} / {total} 项").wait_for()
    screenshot(page, "checks-02-answered-zh")
    main.get_by_role("button", name="提交", exact=True).click()
    wait_idle(page)
    page.get_by_text("已提交，得分").wait_for()
    page.get_by_text("已为以下不合格项开立整改").wait_for()
    screenshot(page, "checks-03-submitted-zh")

    open_menu(page, "我的整改")
    page.get_by_role("heading", name="我的整改").wait_for()
    question = failed_question.split(" · ", 1)[1].strip()  # the label without its number
    main.get_by_text(question).first.wait_for()
    assert main.get_by_text("不合格原因：工作牌忘在家里").is_visible()
    assert main.get_by_text("待整改").is_visible()
    screenshot(page, "checks-04-my-actions-zh")

    open_menu(page, "我的班检记录")
    page.get_by_role("heading", name="我的班检记录").wait_for()
    screenshot(page, "checks-05-my-checks-zh")

    to_english(page)
    page.get_by_role("heading", name="My checks").wait_for()
    screenshot(page, "checks-06-my-checks-en")
    open_menu(page, "My actions")
    page.get_by_role("heading", name="My actions").wait_for()
    assert main.get_by_text("Open", exact=True).is_visible()
    screenshot(page, "checks-07-my-actions-en")
    open_menu(page, "Shift check")
    page.get_by_role("heading", name="Shift check").wait_for()
    screenshot(page, "checks-08-shift-check-en")
    open_menu(page, "Log out")
    page.close()

    # The manager sees the staff member's check on the board, and the other manager pages render.
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, server, "boss", "你好，王主管")
    for label, shot in (("排班", "09-roster-zh"), ("主管抽查", "10-spot-zh"), ("整改核验", "11-verify-zh")):
        open_menu(page, label)
        page.get_by_role("heading", name=label).wait_for()
        screenshot(page, f"checks-{shot}")
    open_menu(page, "班检看板")
    page.get_by_role("heading", name="班检看板").wait_for()
    page.get_by_text("当天不合格项").wait_for()
    assert page.get_by_text("工作牌忘在家里").is_visible()
    screenshot(page, "checks-12-board-zh")
    to_english(page)
    page.get_by_role("heading", name="Check board").wait_for()
    screenshot(page, "checks-13-board-en")
    for label, shot in (
        ("Roster", "14-roster-en"),
        ("Spot check", "15-spot-en"),
        ("Verify actions", "16-verify-en"),
    ):
        open_menu(page, label)
        page.get_by_role("heading", name=label).wait_for()
        screenshot(page, f"checks-{shot}")
    page.close()
