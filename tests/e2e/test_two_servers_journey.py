"""Two app processes on one database, as behind a proxy: a trainee logs in and starts the
certification through one; the other knows her from the login cookie alone and continues the same
attempt, with the answers she gave, and the first sees the answer given through the second."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import SETTLE_SCRIPT, TIMEOUT_MS, log_in_awaiting_cookie, seeding, wait_idle
from tests.e2e.test_quiz_journey import answer, in_progress
from tests.integration.helpers import add_user, first_manager

pytestmark = pytest.mark.e2e


@pytest.fixture
def trainee(two_servers):
    with seeding() as svc:  # the schema, before either server opens a page
        add_user(svc, first_manager(svc), "newbie", "trainee", gender="female")


def open_quiz(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("stSidebarNav").get_by_text("测验", exact=True).click()
    wait_idle(page)


def test_a_login_and_a_quiz_started_on_one_app_process_continue_on_another(two_servers, browser, trainee):
    one, other = two_servers
    # One browser (its cookies), two tabs: the cookie is the host's, whichever process set it.
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(SETTLE_SCRIPT)
    first = context.new_page()
    browser.pages.append(first)
    log_in_awaiting_cookie(first, one, "newbie")
    open_quiz(first)
    first.get_by_role("button", name="开始测验").click()
    wait_idle(first)
    started = in_progress()
    total = started.summary.question_count
    for position in (0, 1):
        answer(first, in_progress(), position)
        first.get_by_text(f"已答 {position + 1} / {total} 题").wait_for()
        wait_idle(first)
    before = in_progress()

    second = context.new_page()
    browser.pages.append(second)
    second.goto(other)
    wait_idle(second)
    assert second.get_by_role("textbox", name="用户名").count() == 0  # no login form: the cookie did it
    open_quiz(second)
    second.get_by_text(f"已答 2 / {total} 题").wait_for()
    second.get_by_text(f"第 3 题 / 共 {total} 题").wait_for()
    answer(second, before, 2)
    second.get_by_text(f"已答 3 / {total} 题").wait_for()
    wait_idle(second)

    after = in_progress()
    assert after.summary.id == started.summary.id
    assert [q.answer for q in after.questions[:2]] == [q.answer for q in before.questions[:2]]
    assert after.questions[2].answer is not None
    first.reload()  # a fresh run of the first process reads what the second saved
    wait_idle(first)
    first.get_by_text(f"已答 3 / {total} 题").wait_for()
