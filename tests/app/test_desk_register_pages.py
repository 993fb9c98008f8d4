"""The register pages through AppTest: mail, keys, off-hours cash with handover, owner records, handover."""

from datetime import UTC, datetime

import pytest

from tests.app.conftest import click, open_page, pages_on_clock, type_into
from ui.context import plain


@pytest.fixture
def after_hours(installed, app_db, monkeypatch):
    """Services on a clock stopped at 19:30 on a Thursday in Shanghai (after hours)."""
    with pages_on_clock(app_db, monkeypatch, datetime(2026, 11, 26, 11, 30, tzinfo=UTC)) as services:
        yield services


def test_mail_is_logged_and_waits_for_its_unit(app, after_hours):
    open_page(app, "xiaoli", "desk/mail")
    assert app.info[0].value == "没有待领取的信件报刊。"
    type_into(app, mail_unit="3-2-1201", mail_description="顺丰快递")
    click(app, "登记")
    assert app.success[0].value == "已登记。"
    assert list(app.dataframe[0].value["房号"]) == ["3-2-1201"]


def test_clicking_a_mail_row_opens_that_items_next_step(app, after_hours):
    staff = after_hours.accounts.authenticate("xiaoli", "correct-horse-1")
    for unit in ("1-1-101", "3-2-1201"):
        after_hours.mail.receive(staff, min(staff.site_ids), unit=unit, kind="letter", description="挂号信")
    open_page(app, "xiaoli", "desk/mail")
    assert "点击表格中的一行，为该件登记通知、签收或退回。" in [c.value for c in app.caption]
    units = list(app.dataframe[0].value["房号"])
    app.session_state["mail_rows"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert any(units[1] in h.value.replace("\\", "") for h in app.subheader)
    assert not any(units[0] in h.value.replace("\\", "") for h in app.subheader)


def test_collecting_mail_needs_the_collectors_name(app, after_hours):
    open_page(app, "xiaoli", "desk/mail")
    type_into(app, mail_unit="3-2-1201", mail_description="挂号信")
    click(app, "登记")
    app.radio[0].set_value("collect")
    click(app, "执行")
    assert app.error[0].value == "签收人：请填写签收人姓名。"


def test_a_key_is_registered_lent_and_shown_as_out(app, after_hours):
    manager = after_hours.accounts.authenticate("boss", "correct-horse-1")
    after_hours.keys.add_key(manager, min(manager.site_ids), room="设备房", purpose="水泵检修")
    open_page(app, "xiaoli", "desk/keys")
    assert list(app.dataframe[0].value["去向"]) == ["在前台"]
    form_inputs = {w.label: w for w in app.text_input}
    form_inputs["借用人 *"].input("工程部老刘")
    form_inputs["证件号码 *"].input("110101199003071234")
    form_inputs["联系电话 *"].input("13812345678")
    form_inputs["原因 *"].input("检修")
    click(app, "借出")
    assert app.success[0].value == "设备房：已借出。"
    assert list(app.dataframe[0].value["去向"]) == ["已借出: 工程部老刘"]
    assert list(app.dataframe[0].value["证件号码"]) == ["110***********1234"]


def test_a_key_row_opens_the_key_with_its_loan_history(app, after_hours):
    manager = after_hours.accounts.authenticate("boss", "correct-horse-1")
    key = after_hours.keys.add_key(manager, min(manager.site_ids), room="设备房", purpose="水泵检修")
    after_hours.keys.add_key(manager, min(manager.site_ids), room="天台", purpose="巡查")
    after_hours.keys.lend(
        manager, key, borrower="工程部老刘", id_number="A123456", phone="13812345678", reason="检修"
    )
    after_hours.keys.return_key(manager, key)
    open_page(app, "xiaoli", "desk/keys")
    assert list(app.dataframe[0].value["钥匙位置"]) == ["天台", "设备房"]
    app.session_state["key_rows_all"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert app.subheader[0].value == "钥匙：设备房"
    history = app.dataframe[1].value
    assert list(history["借用人"]) == ["工程部老刘"]
    assert list(history["经手人"]) == list(history["收回人"]) == ["王主管"]


def test_an_empty_overdue_filter_says_no_key_is_overdue(app, after_hours):
    manager = after_hours.accounts.authenticate("boss", "correct-horse-1")
    after_hours.keys.add_key(manager, min(manager.site_ids), room="设备房", purpose="水泵检修")
    open_page(app, "xiaoli", "desk/keys")
    app.segmented_control(key="keys_only").set_value("overdue").run()
    assert app.info[0].value == "没有逾期未还的钥匙。"


def test_a_fee_taken_after_hours_is_handed_over_with_a_difference(app, after_hours):
    open_page(app, "xiaoli", "desk/cash")
    assert app.caption[0].value == "现在是：下班后"
    for key, value in (
        ("cash_payer", "李先生"),
        ("cash_unit", "3-2-1201"),
        ("cash_item", "物业费"),
        ("cash_amount", "1,200.50"),
        ("cash_receipt_no", "A001"),
    ):
        app.text_input(key=key).input(value)
    click(app, "登记收费")
    assert app.success[0].value == "已登记收费。"
    assert "现金 ¥1,200.50" in app.markdown[-1].value or any("¥1,200.50" in m.value for m in app.markdown)
    app.text_input(key="cash_counted").input("1200")
    click(app, "交接")
    assert app.success[0].value == "已提交交接，等待接班人确认。"
    [handover] = after_hours.cash.handovers(after_hours.accounts.authenticate("boss", "correct-horse-1"))
    assert str(handover.difference) == "-0.50"


def test_in_business_hours_the_fee_form_says_so_before_anything_is_typed(app, installed, app_db, monkeypatch):
    # 10:05 on a Thursday in Shanghai: the finance office is open.
    with pages_on_clock(app_db, monkeypatch, datetime(2026, 11, 26, 2, 5, tzinfo=UTC)):
        open_page(app, "xiaoli", "desk/cash")
        assert app.warning[0].value == (
            "现在（10:05）是工作时间，费用请业主到财务窗口缴纳；"
            "前台从 12:00 起（午休、下班后、周末和节假日）代收。"
        )
        assert next(b for b in app.button if b.label == "登记收费").disabled


def test_after_hours_the_fee_form_is_open_without_a_warning(app, after_hours):
    open_page(app, "xiaoli", "desk/cash")
    assert not app.warning
    assert not next(b for b in app.button if b.label == "登记收费").disabled


def test_a_bad_amount_is_refused_with_its_field(app, after_hours):
    open_page(app, "xiaoli", "desk/cash")
    for key, value in (
        ("cash_payer", "李先生"),
        ("cash_unit", "3-2-1201"),
        ("cash_item", "物业费"),
        ("cash_amount", "12.345"),
        ("cash_receipt_no", "A001"),
    ):
        app.text_input(key=key).input(value)
    click(app, "登记收费")
    assert app.error[0].value == f"金额：金额“{plain('12.345')}”无效：请填写最多两位小数的数字。"


def test_owner_records_are_added_and_listed_with_masked_phones(app, after_hours):
    open_page(app, "xiaoli", "desk/owners")
    type_into(app, owner_unit="3-2-1201", owner_name="李先生", owner_phone="13812345678")
    click(app, "保存")
    assert app.success[0].value == "已登记。"
    assert list(app.dataframe[0].value["联系电话"]) == ["138****5678"]


def test_clicking_an_owner_row_opens_that_record_for_editing(app, after_hours):
    staff = after_hours.accounts.authenticate("xiaoli", "correct-horse-1")
    for unit, name in (("1-1-101", "张女士"), ("3-2-1201", "李先生")):
        after_hours.owner_records.add(
            staff, min(staff.site_ids), unit=unit, name=name, relation="owner", phone="", note=""
        )
    open_page(app, "xiaoli", "desk/owners")
    names = list(app.dataframe[0].value["联系人"])
    app.session_state["owner_rows"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert any(names[1] in h.value for h in app.subheader)


def test_the_handover_page_shows_carried_items_and_saves_a_note(app, after_hours):
    staff = after_hours.accounts.authenticate("xiaoli", "correct-horse-1")
    after_hours.mail.receive(staff, min(staff.site_ids), unit="1-1-101", kind="letter", description="信")
    open_page(app, "xiaoli", "desk/handover")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["待领取信件报刊"] == "1"
    app.text_area(key="handover_body").input("1-1-101 的信已通知业主")
    click(app, "保存")
    assert app.success[0].value == "已保存。"
    assert any(t.value == "1-1-101 的信已通知业主" for t in app.text)


def test_the_handover_groups_each_count_with_its_register_and_says_what_is_empty(app, after_hours):
    staff = after_hours.accounts.authenticate("xiaoli", "correct-horse-1")
    after_hours.mail.receive(staff, min(staff.site_ids), unit="1-1-101", kind="letter", description="信")
    open_page(app, "xiaoli", "desk/handover")
    assert {m.label for m in app.metric} == {"待领取信件报刊", "其中等待过久"}  # mail sits under mail
    captions = [c.value for c in app.caption]
    assert "没有借出未还的钥匙，全部在前台。" in captions
    assert "没有超时或即将超时的工单，也没有 24 小时内应回访的。" in captions
    assert "没有待接收的现金交接，也没有待处理的差异。" in captions


def test_managers_see_the_departments_view_on_the_handover_page(app, after_hours):
    open_page(app, "boss", "desk/handover")
    assert any(s.value == "各部门待办（协调会）" for s in app.subheader)
