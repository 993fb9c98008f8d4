"""Move-in, renovation, pass and special-service pages through AppTest: the desk's books for duties 1.4
and 1.8, with refusals that name the field, manager-only approval and the guards' list of valid passes."""

from datetime import time, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from desk.renovation.forms import PassForm, RenovationForm, SpecialForm
from desk.renovation.passes import local_today
from services import open_services
from store.clock import utcnow
from tests.app.conftest import APP, click, log_out, login, open_page, page_links, type_into
from tests.integration.helpers import PASSWORD
from ui.context import plain

WORKER_ID = "11010519491231002X"


def table(app, column, index=0):
    """The `index`-th table on the page that has `column` (tabs put several tables on one page)."""
    return [d.value for d in app.dataframe if column in d.value.columns][index]


def today():
    return local_today(utcnow(), "Asia/Shanghai")


def apply_renovation(app, start=None, deposit="2000.00"):
    for key, value in (
        ("reno_unit", "3-2-1201"), ("reno_owner", "李先生"), ("reno_company", "美家装饰"),
        ("reno_person", "王工"), ("reno_person_phone", "13912345678"), ("reno_deposit", deposit),
    ):  # fmt: skip
        app.text_input(key=key).input(value)
    app.date_input(key="reno_start").set_value(start or today() + timedelta(days=1))
    app.text_area(key="reno_scope").input("厨卫改造、铺地板")
    return click(app, "提交申请")


def do_step(app, action, note=""):
    radio = next(r for r in app.radio if r.key and r.key.startswith("reno_action_"))
    radio.set_value(action)
    if note:
        next(t for t in app.text_input if t.key and t.key.startswith("reno_note_")).input(note)
    return click(app, "执行")


# --- move-in --------------------------------------------------------------------------------------


def test_staff_complete_a_move_in_by_ticking_every_required_item(app, installed):
    open_page(app, "xiaoli", "desk/renovation")
    assert app.title[0].value == "收房与装修"
    type_into(app, movein_unit="3-2-1201", movein_owner="李先生", movein_phone="13812345678")
    click(app, "开始办理")
    assert not app.exception
    assert app.success[0].value == "已开始收房：SF000001，请在下方逐项勾选。"
    assert list(table(app, "必办项")["状态"]) == ["办理中"]
    required = [c for c in app.checkbox if c.label.endswith(" *")]
    assert len(required) > 5 and len(required) < len(app.checkbox)
    for box in required:
        box.check()
    click(app, "保存勾选")
    assert app.success[0].value == "SF000001 收房已完成。"
    app.segmented_control(key="movein_view").set_value("all").run()
    assert list(table(app, "必办项")["状态"]) == ["已完成"]
    assert all(c.disabled for c in app.checkbox)  # a completed move-in stays as it is


def test_a_bad_owner_phone_is_refused_naming_the_field(app, installed):
    open_page(app, "xiaoli", "desk/renovation")
    type_into(app, movein_unit="3-2-1201", movein_owner="李先生", movein_phone="12345")
    click(app, "开始办理")
    assert app.error[0].value == "业主电话：电话号码“12345”无效：请填写 11 位手机号或带区号的固定电话。"
    assert app.info[0].value == "没有符合条件的收房记录。"


# --- renovation -----------------------------------------------------------------------------------


def test_staff_log_an_application_and_only_a_manager_can_approve_it(app, installed):
    open_page(app, "xiaoli", "desk/renovation")
    apply_renovation(app)
    assert app.success[0].value == "已登记装修申请：ZS000001，等待主管审批。"
    assert list(table(app, "装修押金")["装修押金"]) == ["¥2,000.00"]
    radio = next(r for r in app.radio if r.key and r.key.startswith("reno_action_"))
    assert list(radio.options) == ["作废"]
    assert "装修申请须由主管批准或驳回。" in [c.value for c in app.caption]

    log_out(app)
    open_page(app, "boss", "desk/renovation")
    radio = next(r for r in app.radio if r.key and r.key.startswith("reno_action_"))
    assert list(radio.options) == ["批准", "驳回", "作废"]
    do_step(app, "approve")
    assert app.success[0].value == "ZS000001: 批准 · 已执行。"
    assert list(table(app, "装修押金")["状态"]) == ["已批准"]


def test_rejecting_without_a_reason_is_refused(app, installed):
    open_page(app, "boss", "desk/renovation")
    apply_renovation(app)
    do_step(app, "reject")
    assert app.error[0].value == "原因：请填写原因。"


def test_a_deposit_with_three_decimals_is_refused_naming_the_field(app, installed):
    open_page(app, "xiaoli", "desk/renovation")
    apply_renovation(app, deposit="2000.005")
    assert app.error[0].value == f"装修押金：金额“{plain('2000.005')}”无效：请填写最多两位小数的数字。"


def test_the_deposit_is_refunded_after_a_passed_inspection(app, installed):
    open_page(app, "boss", "desk/renovation")
    apply_renovation(app)
    for step in ("approve", "start", "request_inspection"):
        do_step(app, step)
    do_step(app, "fail", note="卫生间未做闭水试验")
    do_step(app, "reinspect")
    do_step(app, "accept")
    amount = next(t for t in app.text_input if t.label == "退还押金 *")
    assert amount.value == "2000.00"
    amount.input("1800")
    click(app, "登记退押金")
    assert app.error[0].value == f"扣款原因：少退 {plain('200.00')} 元，请写明扣款原因。"
    next(t for t in app.text_input if t.label == "扣款原因").input("损坏电梯轿厢")
    click(app, "登记退押金")
    assert app.success[0].value == "ZS000001 押金已退还。"
    app.segmented_control(key="reno_view").set_value("all").run()
    assert list(table(app, "装修押金")["状态"]) == ["押金已退"]
    history = table(app, "变更内容", index=-1)
    assert list(history["操作"]) == [
        "申请", "批准", "开工", "申请验收", "验收不合格", "整改后复验", "验收合格", "退还押金",
    ]  # fmt: skip
    assert "退还押金：— → 1800.00" in list(history["变更内容"])[-1]


# --- worker passes --------------------------------------------------------------------------------


def test_a_pass_with_a_wrong_id_number_is_refused_and_a_good_one_reaches_the_guards(app, installed):
    open_page(app, "boss", "desk/renovation")
    apply_renovation(app, start=today())
    do_step(app, "approve")
    type_into(app, pass_worker="张三", pass_id_number="110105194912310021", pass_photo="P-007")
    click(app, "办理")
    assert app.error[0].value == "身份证号码：“110105194912310021”的校验位不对，请对照证件重新输入。"
    app.text_input(key="pass_worker").input("张三")
    app.text_input(key="pass_id_number").input(WORKER_ID)
    app.text_input(key="pass_photo").input("P-007")
    click(app, "办理")
    assert app.success[0].value == "已办理出入证 CR000001：张三"
    passes = table(app, "工人姓名")
    assert WORKER_ID in list(passes["身份证号码"])  # a manager sees the full number

    app.switch_page("app_pages/desk/passes.py").run()
    assert not app.exception
    assert app.title[0].value == "今日有效出入证"
    listed = table(app, "工人姓名")
    assert list(listed["工人姓名"]) == ["张三"]
    assert list(listed["身份证号码"]) == ["1101**********002X"]  # the guards' list is masked
    assert list(listed["状态"]) == ["有效"]
    [download] = app.get("download_button")
    assert download.proto.label == "下载 CSV"


def test_staff_see_worker_id_numbers_masked(app, installed, app_db):
    svc = open_services(app_db)
    boss = svc.accounts.authenticate("boss", PASSWORD)
    works = RenovationForm(
        site_id=min(boss.site_ids), unit="3-2-1201", owner_name="", company="美家装饰",
        person_in_charge="王工", person_phone="13912345678", scope="刷墙", planned_start=today(),
        planned_end=today() + timedelta(days=30), deposit="0",
    )  # fmt: skip
    rid = svc.renovation.apply(boss, works)
    svc.renovation.act(boss, rid, "approve")
    svc.worker_passes.issue_pass(boss, PassForm(rid, "张三", WORKER_ID, "P-1", today(), today()))
    svc.engine.dispose()
    open_page(app, "xiaoli", "desk/renovation")
    assert list(table(app, "工人姓名")["身份证号码"]) == ["1101**********002X"]


# --- special services -----------------------------------------------------------------------------


def test_a_special_service_goes_from_order_to_callback(app, installed):
    open_page(app, "xiaoli", "desk/special_services")
    assert app.title[0].value == "特约服务"
    type_into(app, special_unit="5-1-302", special_name="王女士", special_phone="13900001111")
    app.text_area(key="special_description").input("周六上午打扫 3 小时")
    click(app, "受理")
    assert app.success[0].value == "已受理：TY000001"
    assert list(table(app, "报价")["报价"]) == ["¥50.00"]

    assignee = next(t for t in app.text_input if t.label == "服务人员 *")
    assignee.input("刘阿姨")
    click(app, "预约")
    assert app.success[0].value == "TY000001: 预约 · 已执行。"
    next(r for r in app.radio if r.key and r.key.startswith("special_action_")).set_value("finish").run()
    click(app, "完成")
    next(r for r in app.radio if r.key and r.key.startswith("special_action_")).set_value("pay").run()
    next(t for t in app.text_input if t.label == "收费金额 *").input("150.5")
    click(app, "收费")
    assert app.error[0].value == "收据号：请填写收据号。"
    next(t for t in app.text_input if t.label == "收费金额 *").input("150.5")
    next(t for t in app.text_input if t.label == "收据号 *").input("TY-0001")
    click(app, "收费")
    assert app.success[0].value == "TY000001: 收费 · 已执行。"
    assert list(table(app, "报价")["收费金额"]) == ["¥150.50"]
    next(r for r in app.radio if r.key and r.key.startswith("special_action_")).set_value("callback").run()
    next(t for t in app.text_area if t.label == "回访结果 *").input("很满意")
    click(app, "回访")
    app.segmented_control(key="special_view").set_value("all").run()
    assert list(table(app, "报价")["状态"]) == ["已回访"]
    assert list(table(app, "变更内容")["操作"]) == ["受理", "预约", "完成", "收费", "回访"]


def test_cancelling_an_order_needs_a_reason(app, installed):
    open_page(app, "xiaoli", "desk/special_services")
    type_into(app, special_unit="5-1-302", special_name="王女士", special_phone="13900001111")
    click(app, "受理")
    next(r for r in app.radio if r.key and r.key.startswith("special_action_")).set_value("cancel").run()
    click(app, "取消")
    assert app.error[0].value == "原因：请填写原因。"


# --- who sees what --------------------------------------------------------------------------------


def test_trainees_have_none_of_these_pages(app, installed):
    login(app, "newbie")
    for page in ("desk/renovation", "desk/passes", "desk/special_services"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"app_pages/{page}.py")


def test_the_home_page_lists_the_new_pages_for_staff_but_not_for_trainees(app, installed):
    login(app, "xiaoli")
    assert {"renovation", "passes", "special-services"} <= set(page_links(app))
    trainee = login(AppTest.from_file(str(APP), default_timeout=30), "newbie")
    assert {"renovation", "passes", "special-services"}.isdisjoint(page_links(trainee))


@pytest.mark.parametrize(
    ("page", "title"),
    [("desk/renovation", "Move-in & renovation"), ("desk/passes", "Passes valid today"),
     ("desk/special_services", "Special services")],
)  # fmt: skip
def test_the_pages_speak_english_too(app, installed, page, title):
    login(app, "xiaoli")
    app.sidebar.segmented_control(key="lang_switch").set_value("en").run()
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception
    assert app.title[0].value == title


def month_section_script():
    """The registers' section of the monthly statistics, as the stats page renders it."""
    from zoneinfo import ZoneInfo

    from app_pages.desk import renovation_widgets as renovation_ui
    from services import shared_services
    from store.db import database_url

    svc = shared_services(database_url())
    boss = svc.accounts.authenticate("boss", "correct-horse-1")
    period = svc.clock().astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")
    renovation_ui.month_section(boss, period, set(boss.site_ids))


def test_the_monthly_statistics_section_counts_the_months_renovations_and_services(app, installed, app_db):
    svc = open_services(app_db)
    boss = svc.accounts.authenticate("boss", PASSWORD)
    form = SpecialForm(
        site_id=min(boss.site_ids), unit="5-1-302", contact_name="王女士", contact_phone="13900001111",
        service_type="window_cleaning", description="",
    )  # fmt: skip
    sid = svc.special_services.request(boss, form)
    svc.special_services.schedule(boss, sid, day=today(), at=time(23, 30), assignee="刘阿姨")
    svc.special_services.finish(boss, sid)
    svc.special_services.pay(boss, sid, amount="300.10", method="wechat", receipt_no="R-1")
    svc.engine.dispose()
    section = AppTest.from_function(month_section_script, default_timeout=30).run()
    assert not section.exception
    assert section.subheader[0].value == "收房、装修与特约服务"
    metrics = {m.label: m.value for m in section.metric}
    assert metrics["完成特约服务"] == "1"
    assert metrics["特约服务收入"] == "¥300.10"
    assert list(section.dataframe[0].value["服务项目"]) == ["擦玻璃"]
