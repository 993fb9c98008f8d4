"""In a real browser: a key is lent and returned; a cash handover with a discrepancy is flagged to the
receiver's acceptance and resolved by a manager."""

from datetime import UTC, datetime

import pytest

from tests.e2e.conftest import log_out, manager_and_xiaoli, screenshot, seeding, wait_idle
from tests.e2e.test_desk_journey import go, log_in
from tests.integration.helpers import add_user

# The evening after the fees were taken (19:30), when the next shift takes the cash over.
pytestmark = [pytest.mark.e2e, pytest.mark.e2e_now("2026-11-26T20:00:00+08:00")]


@pytest.fixture
def seeded(server):
    """Staff who took two fees after hours (19:30 on a Thursday), a colleague, a key at the desk."""
    with seeding(datetime(2026, 11, 26, 11, 30, tzinfo=UTC)) as svc:
        manager, staff, site = manager_and_xiaoli(svc)
        add_user(svc, manager, "xiaowang", "staff")
        for number, amount in (("A001", "300"), ("A002", "88.50")):
            svc.cash.take(
                staff,
                site,
                payer="李先生",
                unit="3-2-1201",
                item="物业费",
                amount=amount,
                method="cash",
                receipt_no=number,
            )
        svc.keys.add_key(manager, site, room="设备房", purpose="水泵检修")


def press(page, button: str, then: str) -> None:  # type: ignore[no-untyped-def]
    """Click the page's `button` and wait for the message `then` that the step was done."""
    page.get_by_role("button", name=button).click()
    wait_idle(page)
    page.get_by_text(then).wait_for()


def test_key_loan_and_return_and_a_cash_handover_with_a_discrepancy(server, browser, seeded):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log_in(page, server, "xiaoli")

    go(page, "钥匙")
    form = page.get_by_test_id("stForm").filter(has=page.get_by_text("借用人 *"))
    form.get_by_role("textbox", name="借用人 *").fill("工程部老刘")
    form.get_by_role("textbox", name="证件号码 *").fill("110101199003071234")
    form.get_by_role("textbox", name="联系电话 *").fill("13812345678")
    form.get_by_role("textbox", name="原因 *").fill("水泵检修")
    form.get_by_role("button", name="借出").click()
    wait_idle(page)
    page.get_by_text("设备房：已借出。").wait_for()
    screenshot(page, "registers-01-key-lent-zh")
    press(page, "归还", then="设备房：已归还。")

    go(page, "代收费用")
    page.get_by_text("现金 ¥388.50").wait_for()
    # Colleagues are listed by name: Xiaowang comes first and is preselected.
    page.get_by_role("textbox", name="清点现金 *").fill("380")
    press(page, "交接", then="已提交交接，等待接班人确认。")
    log_out(page)

    log_in(page, server, "xiaowang")
    go(page, "代收费用")
    page.get_by_text("交给我的待接收").wait_for()
    press(page, "确认接收", then="金额有差异，已提交主管处理。")
    log_out(page)

    log_in(page, server, "boss")
    go(page, "代收费用")
    page.get_by_text("待处理的差异").wait_for()
    screenshot(page, "registers-02-discrepancy-zh")
    page.get_by_role("textbox", name="处理结果 *").fill("少 8.50 元，已由当班员工补齐")
    press(page, "处理完毕", then="已处理。")
    page.close()
