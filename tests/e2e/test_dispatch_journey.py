"""In a real browser, in Chinese: the desk dispatches a repair; the engineering department accepts and
finishes it from its own queue; the callback appears at the desk; the 派工单 PDF downloads with the
request number in it. Screenshots at desk width and at 390 px (a phone)."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from PIL import Image

from tests.e2e.conftest import log_out, manager_and_xiaoli, screenshot, seeding, wait_idle
from tests.e2e.test_desk_journey import go, log_in
from tests.integration.helpers import PASSWORD, desk_form

pytestmark = pytest.mark.e2e


@pytest.fixture
def seeded(server):
    """A repair logged by the desk at 09:00 on a Thursday, not yet dispatched; a plumber's account."""
    with seeding(datetime(2026, 11, 26, 1, 0, tzinfo=UTC)) as svc:
        manager, staff, site = manager_and_xiaoli(svc)
        svc.accounts.create_user(
            manager, username="laozhang", display_name="老张", gender="male", role="department",
            site_ids=list(manager.site_ids), password=PASSWORD, department="engineering",
        )  # fmt: skip
        svc.request_intake.intake(staff, desk_form(site))


def phone_shot(page, name):  # type: ignore[no-untyped-def]
    """The same page on a 390 px phone screen, then back to the desk's width."""
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 1366, "height": 768})
    wait_idle(page)


def test_dispatch_accept_finish_callback_and_the_work_order_pdf(server, browser, seeded, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    log_in(page, server, "xiaoli")
    go(page, "工单列表")
    page.get_by_test_id("stRadio").get_by_text("派工", exact=True).click()
    # The dispatch goes to the category's department, 工程部 for water and electricity, preselected.
    page.get_by_role("button", name="执行").click()
    wait_idle(page)
    page.get_by_text("BX000001：派工 · 已执行。").wait_for()
    log_out(page)

    log_in(page, server, "laozhang")
    go(page, "本部门工单")
    page.get_by_role("heading", name="工程部 · 待办工单").wait_for()
    page.get_by_role("button", name="接单", exact=True).click()
    wait_idle(page)
    page.get_by_text("PG000001 已接单。").wait_for()
    screenshot(page, "dispatch-01-queue-zh")
    phone_shot(page, "dispatch-01-queue-zh-390")
    page.get_by_role("textbox", name="处理结果 *").fill("更换厨房角阀，试水无渗漏，业主已确认")
    photo = tmp_path / "完工照片.png"
    Image.new("RGB", (640, 480), (90, 140, 200)).save(photo)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(photo))
    page.get_by_text("完工照片.png").wait_for()
    page.get_by_role("button", name="完工", exact=True).click()
    wait_idle(page)
    page.get_by_text("PG000001 已完工，客服中心将回访业主。").wait_for()
    page.get_by_text("本部门目前没有待办工单。").wait_for()
    log_out(page)

    log_in(page, server, "xiaoli")
    go(page, "回访")  # due tomorrow, listed at once; the only one, so it is open already
    page.get_by_text("回访 BX000001").wait_for()
    screenshot(page, "dispatch-02-callback-zh")

    go(page, "工单列表")
    page.get_by_role("heading", name="工单 BX000001").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="打印派工单").click()
    pdf = Path(download.value.path()).read_bytes()
    text = "".join(extract_text(io.BytesIO(pdf)).split())
    assert "派工单" in text and "BX000001" in text and "PG000001" in text
    assert "更换厨房角阀，试水无渗漏，业主已确认" in text
    page.get_by_text("派工单", exact=True).click()  # the work orders, with the department's photo
    page.get_by_role("img", name="完工照片.png").or_(page.get_by_test_id("stImage")).first.wait_for()
    screenshot(page, "dispatch-03-detail-zh")
    phone_shot(page, "dispatch-03-detail-zh-390")
    page.close()
