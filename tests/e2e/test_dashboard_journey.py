"""In a real browser: a manager opens both dashboards, applies a filter and downloads the monthly
report workbook."""

import io
import os

import pytest
from openpyxl import load_workbook
from pdfminer.high_level import extract_text

from services import open_services
from tests.e2e.conftest import screenshot, wait_idle
from tests.e2e.test_desk_journey import go, log_in
from tests.integration.helpers import desk_form, first_manager

pytestmark = pytest.mark.e2e


@pytest.fixture
def requests_logged(server):
    svc = open_services(os.environ["E2E_DATABASE_URL"])
    manager = first_manager(svc)
    site = min(manager.site_ids)
    for category in ("water_electric", "public_facilities", "water_electric"):
        rid = svc.desk.intake(manager, desk_form(site, department="engineering", category=category))
        svc.desk.act(manager, rid, "finish")
        svc.desk.record_callback(manager, rid, result="满意", satisfaction=5)
    svc.engine.dispose()


def test_manager_reads_both_dashboards_filters_and_downloads_the_report(server, browser, requests_logged):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log_in(page, server, "boss")

    go(page, "合规看板")
    page.get_by_role("heading", name="合规看板").wait_for()
    screenshot(page, "dash-01-compliance-zh")

    go(page, "服务看板")
    page.get_by_role("heading", name="服务看板").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    screenshot(page, "dash-02-service-zh")
    page.get_by_test_id("stSelectbox").filter(has_text="类别").click()
    page.get_by_role("option", name="公共设施", exact=True).click()
    wait_idle(page)
    page.locator(".js-plotly-plot").first.wait_for()

    page.get_by_text("类别：公共设施").wait_for()  # the report says it counts the filtered requests
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Excel 报表").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "汇总"
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(values_only=True) if row and row[0]}
    assert summary["报修"] == 1  # one of the three repairs is 公共设施
    assert summary["维修及时率"] == 1.0
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 PDF 报表（A4，可打印签字）").click()
    text = "".join(extract_text(io.BytesIO(download.value.path().read_bytes())).split())
    assert "类别：公共设施" in text and "服务中心经理（签字）" in text
    screenshot(page, "dash-03-service-filtered-zh")
    page.close()
