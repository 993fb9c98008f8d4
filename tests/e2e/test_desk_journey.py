"""In a real browser: staff log a complaint; a manager judges it valid, dispatches it, replies,
and calls the owner back; the request ends closed."""

import pytest
from sqlalchemy import select

from desk.requests.tables import Request
from tests.e2e.conftest import log_out, manager_and_xiaoli, screenshot, seeding, wait_idle
from tests.integration.helpers import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(server):
    with seeding() as svc:
        manager_and_xiaoli(svc)


def log_in(page, base, username):
    page.goto(base)
    wait_idle(page)
    page.get_by_role("textbox", name="用户名").fill(username)
    page.get_by_role("textbox", name="密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)


def go(page, label):
    page.get_by_test_id("stSidebarNav").get_by_text(label, exact=True).click()
    wait_idle(page)


def choose(page, label, option):
    selectbox = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    selectbox.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def do_step(page, action, note="", department=None):
    page.get_by_test_id("stRadio").get_by_text(action, exact=True).click()
    if department:
        choose(page, "部门", department)
    if note:
        page.get_by_role("textbox", name="说明").fill(note)
    page.get_by_role("button", name="执行").click()
    wait_idle(page)
    page.get_by_text(f"TS000001：{action} · 已执行。").wait_for()


def test_complaint_from_intake_to_callback(server, browser, people):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log_in(page, server, "xiaoli")
    go(page, "新登记")
    page.get_by_test_id("stButtonGroup").get_by_text("投诉", exact=True).click()
    wait_idle(page)
    choose(page, "类别 *", "服务态度")
    page.get_by_role("textbox", name="房号 *").fill("5-1-302")
    page.get_by_role("textbox", name="联系人 *").fill("王女士")
    page.get_by_role("textbox", name="联系电话 *").fill("13900001111")
    page.get_by_role("textbox", name="内容 *").fill("前台接电话时说“喂，找谁”，态度生硬")
    page.get_by_role("button", name="登记").click()
    wait_idle(page)
    page.get_by_text("已登记：TS000001").wait_for()
    screenshot(page, "desk-01-intake-zh")
    log_out(page)

    log_in(page, server, "boss")
    go(page, "工单列表")
    page.get_by_test_id("stButtonGroup").get_by_text("全部未结", exact=True).click()
    wait_idle(page)
    do_step(page, "判定有效", note="调取录音核实属实")
    do_step(page, "派工", department="客服中心")
    do_step(page, "答复业主", note="已致歉，当班员工重新培训称呼礼节")
    screenshot(page, "desk-02-detail-zh")

    go(page, "回访")  # due tomorrow, listed at once; the only one, so it is open already
    page.get_by_text("回访 TS000001").wait_for()
    page.get_by_role("textbox", name="回访结果 *").fill("业主接受道歉，表示满意")
    page.get_by_text("4", exact=True).click()
    page.get_by_role("button", name="保存回访").click()
    wait_idle(page)
    page.get_by_text("TS000001：回访已记录。").wait_for()

    go(page, "工单列表")
    page.get_by_test_id("stButtonGroup").get_by_text("全部", exact=True).click()
    wait_idle(page)
    screenshot(page, "desk-03-closed-zh")
    page.close()
    # The list's cells are drawn on a canvas; the record itself says how the request ended.
    with seeding() as svc, svc.sessions() as session:
        assert session.scalars(select(Request.status)).all() == ["closed"]
