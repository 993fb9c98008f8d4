"""Desk pages through AppTest: intake at a busy desk, the list with its next steps, callbacks, stats."""

from tests.app.conftest import login, open_page


def fill_intake(
    app,
    unit="3-2-1201",
    name="李先生",
    phone="13812345678",
    content="厨房水管漏水",
    dispatch=...,
    submit="登记",
):
    if dispatch is not ...:
        next(s for s in app.selectbox if s.label == "立即派工给").set_value(dispatch)
    for key, value in (("desk_unit", unit), ("desk_name", name), ("desk_phone", phone)):
        app.text_input(key=key).input(value)
    app.text_area(key="desk_content").input(content)
    next(b for b in app.button if b.label == submit).click()
    return app.run()


def test_staff_log_a_repair_and_get_its_number(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    assert app.title[0].value == "新登记"
    fill_intake(app)
    assert not app.exception
    assert app.success[0].value == "已登记：BX000001"


def test_a_repair_is_dispatched_at_intake_to_the_categorys_department(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    dispatch = next(s for s in app.selectbox if s.label == "立即派工给")
    assert dispatch.value == "engineering"  # water and electricity go to engineering by default
    fill_intake(app)
    app.switch_page("app_pages/desk/request_list.py").run()
    assert list(app.dataframe[0].value["部门"]) == ["工程部"]


def test_a_bad_phone_number_is_refused_and_nothing_is_logged(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app, phone="12345")
    assert app.error[0].value == "联系电话：电话号码“12345”无效：请填写 11 位手机号或带区号的固定电话。"
    app.switch_page("app_pages/desk/request_list.py").run()
    assert app.info[0].value == "没有符合条件的工单。"


def test_an_inquiry_answered_on_the_spot_is_closed_at_once(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    app.segmented_control(key="desk_new_kind").set_value("inquiry").run()
    app.checkbox[0].check()
    fill_intake(app, content="物业费什么时候交")
    assert app.success[0].value == "已登记：ZX000001"
    app.switch_page("app_pages/desk/request_list.py").run()
    app.segmented_control(key="desk_view").set_value("all").run()
    assert list(app.dataframe[0].value["状态"]) == ["已答复"]


def test_the_owner_search_fills_in_a_known_owner(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app)
    app.text_input(key="desk_new_owner_search").input("1201").run()
    owner = app.selectbox(key="desk_new_owner")
    owner.select_index(1).run()
    assert app.info[0].value == "业主：3\\-2\\-1201 李先生 138\\*\\*\\*\\*5678"
    app.text_area(key="desk_content").input("门禁卡失效")
    next(b for b in app.button if b.label == "登记").click()
    app.run()
    assert app.success[0].value == "已登记：BX000002"


def test_an_illegal_step_on_the_list_page_names_the_allowed_ones(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app, dispatch="")
    app.switch_page("app_pages/desk/request_list.py").run()
    assert list(app.dataframe[0].value["状态"]) == ["已登记"]
    assert [o for o in app.radio[0].options] == ["派工", "暂停", "作废"]
    app.radio[0].set_value("void")
    next(b for b in app.button if b.label == "执行").click()
    app.run()
    assert app.error[0].value == "原因：请填写原因。"


def test_trainees_have_no_desk_pages(app, installed):
    login(app, "newbie")
    import pytest

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/desk/new_request.py")


def test_the_monthly_statistics_page_shows_rates_and_definitions(app, installed):
    open_page(app, "boss", "desk/new_request")
    fill_intake(app)
    app.switch_page("app_pages/desk/monthly_stats.py").run()
    assert not app.exception
    assert app.title[0].value == "月统计"
    assert [m.value for m in app.metric][:3] == ["1", "0", "0"]
    rates = app.dataframe[0].value
    assert "维修及时率" in list(rates["指标"])
    assert any("首次解决率 =" in m.value for m in app.markdown)


def test_a_refused_intake_keeps_every_value_as_typed_and_names_the_field(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    app.radio(key="desk_channel").set_value("walk_in")
    app.radio(key="desk_urgency").set_value("urgent")
    fill_intake(app, phone="12345")
    assert [e.value for e in app.error] == [
        "联系电话：电话号码“12345”无效：请填写 11 位手机号或带区号的固定电话。"
    ]
    typed = {key: app.text_input(key=key).value for key in ("desk_unit", "desk_name", "desk_phone")}
    assert typed == {"desk_unit": "3-2-1201", "desk_name": "李先生", "desk_phone": "12345"}
    assert app.text_area(key="desk_content").value == "厨房水管漏水"
    assert app.radio(key="desk_channel").value == "walk_in"
    assert app.radio(key="desk_urgency").value == "urgent"


def test_a_refusal_is_shown_in_the_users_language(app, installed):
    login(app, "xiaoli")
    app.sidebar.segmented_control(key="lang_switch").set_value("en").run()
    app.switch_page("app_pages/desk/new_request.py").run()
    fill_intake(app, name="", submit="Log request")
    assert [e.value for e in app.error] == ["Contact name: Please give the contact's name."]


def test_after_a_save_the_form_is_empty_and_no_owner_stays_selected(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app)
    app.text_input(key="desk_new_owner_search").input("1201").run()
    app.selectbox(key="desk_new_owner").select_index(1).run()
    app.radio(key="desk_channel").set_value("walk_in")
    app.text_area(key="desk_content").input("门禁卡失效")
    next(b for b in app.button if b.label == "登记").click()
    app.run()
    assert app.success[0].value == "已登记：BX000002"
    assert app.text_input(key="desk_new_owner_search").value == ""
    assert not [s for s in app.selectbox if s.key == "desk_new_owner"]
    assert [app.text_input(key=k).value for k in ("desk_unit", "desk_name", "desk_phone")] == ["", "", ""]
    assert app.text_area(key="desk_content").value == ""
    assert app.radio(key="desk_channel").value == "phone"


def test_the_search_finds_a_closed_request_from_the_my_items_tab(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    app.segmented_control(key="desk_new_kind").set_value("inquiry").run()
    app.checkbox[0].check()
    fill_intake(app, unit="5-1-302", name="王女士", phone="13900001111", content="物业费什么时候交")
    app.segmented_control(key="desk_new_kind").set_value("repair").run()
    fill_intake(app)
    app.switch_page("app_pages/desk/request_list.py").run()
    assert list(app.dataframe[0].value["单号"]) == ["BX000002"]  # my open items: the closed one is not
    assert app.text_input(key="desk_query").label == "搜索"
    app.text_input(key="desk_query").input("王女士").run()
    assert list(app.dataframe[0].value["单号"]) == ["ZX000001"]
    assert app.subheader[0].value == "工单 ZX000001"


def test_clicking_a_row_opens_that_request(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app)
    fill_intake(app, unit="5-1-302", name="王女士", phone="13900001111")
    app.switch_page("app_pages/desk/request_list.py").run()
    assert not app.subheader
    assert "点击表格中的一行，查看该工单的详情和下一步。" in [c.value for c in app.caption]
    app.session_state["desk_rows_mine"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    number = app.dataframe[0].value["单号"][1]
    assert app.subheader[0].value == f"工单 {number}"


def test_a_finished_request_shows_its_callback_at_once_and_links_to_it(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app)
    staff = installed.accounts.authenticate("xiaoli", "correct-horse-1")
    for action in ("accept", "finish"):
        installed.request_workflow.act(staff, 1, action)
    [callback] = installed.request_callbacks.callbacks(staff)
    app.switch_page("app_pages/desk/callbacks.py").run()
    table = app.dataframe[0].value
    assert list(table["单号"]) == ["BX000001"]
    assert set(table["到期情况"]) <= {"今天到期", "以后到期"}  # shown though not yet due
    app.switch_page("app_pages/desk/request_list.py").run()
    app.segmented_control(key="desk_view").set_value("all").run()
    [link] = [p for p in app.get("page_link") if p.proto.page == "callbacks"]
    assert link.proto.query_string == f"callback={callback.id}"
    app.query_params["callback"] = str(callback.id)
    app.switch_page("app_pages/desk/callbacks.py").run()
    assert app.subheader[0].value == "回访 BX000001"


def test_the_request_detail_masks_the_phone_until_it_is_revealed(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app)
    app.switch_page("app_pages/desk/request_list.py").run()
    assert list(app.dataframe[0].value["联系电话"]) == ["138****5678"]
    assert any("138\\*\\*\\*\\*5678" in m.value for m in app.markdown)
    next(b for b in app.button if b.label == "显示完整号码").click()
    app.run()
    assert any("13812345678" in m.value for m in app.markdown)
    assert not [b for b in app.button if b.label == "显示完整号码"]


def test_the_unit_page_shows_everything_about_a_unit_in_one_timeline(app, installed):
    open_page(app, "xiaoli", "desk/new_request")
    fill_intake(app)
    app.switch_page("app_pages/desk/request_list.py").run()
    [link] = [p for p in app.get("page_link") if p.proto.page == "unit"]
    assert link.proto.query_string == "unit=3-2-1201"
    app.query_params["unit"] = "3-2-1201"
    app.switch_page("app_pages/desk/unit.py").run()
    assert not app.exception
    assert list(app.dataframe[0].value["联系人"]) == ["李先生"]
    assert list(app.dataframe[0].value["联系电话"]) == ["138****5678"]
    timeline = app.dataframe[1].value
    assert set(timeline["记录"]) == {"住户登记", "工单"}
    assert "BX000001" in list(timeline["编号"])


def test_the_unit_page_says_when_a_unit_has_no_record(app, installed):
    open_page(app, "xiaoli", "desk/unit")
    app.text_input(key="unit_code").input("9-9-999").run()
    assert app.info[0].value == "没有房号“9\\-9\\-999”的任何记录。"
