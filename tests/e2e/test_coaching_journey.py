"""In a real browser, in Chinese: a manager records a mystery call in which a certified staff member
answered 喂，找谁; she sees the practice assigned to her and why, her certificate is suspended on the
critical rule, she passes the short re-test (the test reads the right answers from the database) and
the certificate is whole again."""

import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from quizzes.assignment_tables import CertificateRetest
from quizzes.grading import right_answer
from rules.loader import default_rulebook
from services import open_services
from tests.conftest import FakeClock
from tests.e2e.conftest import log_out, screenshot, wait_idle
from tests.e2e.test_desk_journey import go, log_in
from tests.integration.helpers import add_user, first_manager
from tests.integration.test_quizzes import SITE, take

pytestmark = pytest.mark.e2e

WEI = default_rulebook().by_id["address.no_wei_or_ai"].title.zh  # a critical rule of the certificate


@pytest.fixture
def certified(server):
    """Xiaoli, staff, who passed the onboarding certification the day before (through the quiz service)."""
    svc = open_services(
        os.environ["E2E_DATABASE_URL"], clock=FakeClock(datetime(2026, 11, 25, 1, 30, tzinfo=UTC))
    )
    staff = add_user(svc, first_manager(svc), "xiaoli", "staff", gender="female")
    rulebook = default_rulebook()
    assert take(svc, staff, rulebook, svc.quizzes.start(staff, rulebook, "onboarding")).passed
    svc.engine.dispose()


def retest_questions():
    """The questions of the re-test just started, as the page shows them (at the centre)."""
    svc = open_services(os.environ["E2E_DATABASE_URL"])
    try:
        with svc.sessions() as session:
            ids = session.scalars(
                select(CertificateRetest.question_ids).order_by(CertificateRetest.id.desc()).limit(1)
            ).one()
        questions = svc.quizzes.content(default_rulebook()).questions
        return [questions[i].with_site(SITE) for i in ids]
    finally:
        svc.engine.dispose()


def test_a_mystery_call_with_wei_suspends_the_certificate_until_the_assigned_retest_is_passed(
    server, browser, certified
):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, server, "boss")
    go(page, "神秘电话与现场抽查")  # Xiaoli, a mystery call, picked up at the first ring: preselected
    said = page.get_by_role("textbox", name="对方说的话（一行一句）")
    said.fill("喂，找谁")
    page.get_by_role("button", name="记录并评分").click()
    wait_idle(page)
    page.get_by_text("已记录对 Xiaoli 的抽查：").wait_for()
    assert said.input_value() == ""  # recorded: the words do not stay for a second, duplicate audit
    screenshot(page, "coaching-01-mystery-call-zh")
    log_out(page)

    log_in(page, server, "xiaoli")
    go(page, "练习")  # the rule comes first, with why: the call's words, nothing of any owner
    assigned = page.get_by_role("listitem").filter(has_text=f"{WEI}（待练习）")
    assigned.filter(has_text="的神秘电话中：喂、找谁").wait_for()
    screenshot(page, "coaching-02-assigned-practice-zh")

    go(page, "我的证书")
    page.get_by_text(f"您的证书在以下关键规范上暂停：{WEI}。").wait_for()
    assert page.get_by_text("有效（部分规范暂停）", exact=True).is_visible()  # not shown as plainly valid
    page.get_by_role("button", name=f"开始复测：{WEI}", exact=True).click()
    wait_idle(page)
    form = page.get_by_test_id("stForm")
    form.get_by_text(f"复测：{WEI}（全部答对即通过）").wait_for()
    radios, questions = 0, retest_questions()
    for question in questions:
        labels = {o.key: o.text.zh for o in question.options}
        right = right_answer(question)
        if question.kind == "multiple":
            for key in right:
                form.get_by_test_id("stCheckbox").get_by_text(labels[key], exact=True).click()
            continue
        label = labels[right] if question.kind == "single" else ("对" if right else "错")
        form.get_by_test_id("stRadio").nth(radios).get_by_text(label, exact=True).click()
        radios += 1
    screenshot(page, "coaching-03-retest-zh")
    form.get_by_role("button", name="提交复测").click()
    wait_idle(page)
    page.get_by_text(f"复测通过（{len(questions)}/{len(questions)}），证书已恢复。").wait_for()
    assert page.get_by_text("证书在以下关键规范上暂停").count() == 0  # whole again
    assert page.get_by_text("有效", exact=True).first.is_visible()
    screenshot(page, "coaching-04-certificate-whole-zh")
    page.close()
