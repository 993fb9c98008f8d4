"""In a real browser: a trainee takes the onboarding certification, answering every question (the
test reads the right answers from the database), hands it in, passes and opens the certificate."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest

from quizzes.grading import right_answer
from rules.judge import model_answers
from rules.loader import default_rulebook
from store.clock import configured_clock
from tests.e2e.conftest import screenshot, seeding, wait_idle
from tests.integration.helpers import PASSWORD, add_user, first_manager

pytestmark = pytest.mark.e2e


@pytest.fixture
def trainee(server):
    with seeding() as svc:
        add_user(svc, first_manager(svc), "newbie", "trainee", gender="female")


def in_progress():
    with seeding() as svc:
        actor = svc.accounts.authenticate("newbie", PASSWORD)
        return svc.quizzes.current_attempt(actor, default_rulebook())


def as_shown(text: str) -> re.Pattern[str]:
    """An option's label as the page shows it: plain text may hold a word joiner (U+2060) after a colon
    and elsewhere (so that 23:40 is never an emoji code), which an exact text match would miss."""
    return re.compile("^" + "\u2060?".join(re.escape(c) for c in text) + "$")


def answer(page, view, position: int) -> None:
    question = view.questions[position].question
    # This question's own form, found by its widget's key: while the page reruns, the previous question's
    # form can still be on screen (stale), and the same "对"/"错" or save button inside it would answer
    # that question again instead.
    key = f"quiz_answer_{view.summary.id}_{position}"
    widget = f".st-key-{key}" if question.kind != "multiple" else f".st-key-{key}_{question.options[0].key}"
    form = page.get_by_test_id("stForm").filter(has=page.locator(widget))
    labels = {o.key: o.text.zh for o in question.options}
    right = right_answer(question)
    if question.kind == "single":
        form.get_by_test_id("stRadio").get_by_text(as_shown(labels[right])).click()
    elif question.kind == "true_false":
        form.get_by_test_id("stRadio").get_by_text("对" if right else "错", exact=True).click()
    elif question.kind == "multiple":
        for key in right:
            form.get_by_test_id("stCheckbox").get_by_text(as_shown(labels[key])).click()
    elif question.kind == "ordering":
        search = form.get_by_test_id("stMultiSelect").locator("input")
        for key in right:  # find each step and click it: the order picked is the answer
            search.fill(labels[key])
            page.get_by_role("option", name=labels[key], exact=True).click()
        search.press("Escape")
        for key in right:  # every step is taken before the answer is saved
            form.get_by_test_id("stMultiSelect").get_by_text(labels[key], exact=True).wait_for()
    else:
        # The server's clock (FRONTDESK_NOW), never the machine's: the greeting depends on the hour.
        now = configured_clock()().astimezone(ZoneInfo(view.timezone)).replace(tzinfo=None)
        at = question.at or now
        text = model_answers(default_rulebook(), question.scenario, at=at, site=view.site_name)[0].text
        form.get_by_role("textbox", name="您的回答").fill(text)
    form.get_by_role("button", name="保存答案").click()


def test_a_trainee_takes_and_passes_the_onboarding_certification(server, browser, trainee):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(server)
    wait_idle(page)
    page.get_by_role("textbox", name="用户名").fill("newbie")
    page.get_by_role("textbox", name="密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("测验", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name="入职认证测验").wait_for()
    screenshot(page, "quiz-01-start-zh")
    page.get_by_role("button", name="开始测验").click()
    wait_idle(page)

    view = in_progress()
    total = view.summary.question_count
    for answered in range(total):
        view = in_progress()
        position = view.first_unanswered
        page.get_by_text(f"第 {position + 1} 题 / 共 {total} 题").wait_for()
        if answered == 1:
            screenshot(page, "quiz-02-question-zh")
        answer(page, view, position)
        # The new count is drawn only by the run after the save; the page is settled once that run ends.
        page.get_by_text(f"已答 {answered + 1} / {total} 题").wait_for()
        wait_idle(page)

    # A refresh in the middle of handing in loses nothing: every answer is in the database.
    page.reload()
    wait_idle(page)
    page.get_by_text(f"已答 {total} / {total} 题").wait_for()
    page.get_by_role("button", name="交卷").click()
    wait_idle(page)
    page.get_by_role("heading", name="测验结果").wait_for()
    page.get_by_text(f"通过：得分 100%（答对 {total}/{total} 题），及格线 80%。").wait_for()
    screenshot(page, "quiz-03-result-zh")

    page.get_by_test_id("stSidebarNav").get_by_text("我的证书", exact=True).click()
    wait_idle(page)
    page.get_by_role("heading", name="入职认证证书").wait_for()
    assert page.get_by_text("有效", exact=True).first.is_visible()
    screenshot(page, "quiz-04-certificate-zh")
    page.close()
