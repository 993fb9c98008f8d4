"""Department queues through AppTest: a manager opens a department account, the department works its
queue, the desk sees where each order stands."""

from services import open_services
from tests.app.conftest import PASSWORD, login, page_links, type_into
from tests.integration.helpers import desk_form


def dispatched(app_db):
    """A plumber of the engineering department and a repair dispatched to it by the desk."""
    svc = open_services(app_db)
    manager = svc.accounts.authenticate("boss", PASSWORD)
    svc.accounts.create_user(
        manager, username="laozhang", display_name="老张", gender="male", role="department",
        site_ids=list(manager.site_ids), password=PASSWORD, department="engineering",
    )  # fmt: skip
    staff = svc.accounts.authenticate("xiaoli", PASSWORD)
    rid = svc.request_intake.intake(staff, desk_form(min(manager.site_ids), department="engineering"))
    svc.engine.dispose()
    return rid


def button(app, label):
    return next(b for b in app.button if b.label == label)


def test_a_manager_opens_a_department_account_on_the_users_page(app, installed):
    login(app, "boss")
    app.switch_page("app_pages/admin/users.py").run()
    type_into(app, new_username="laozhang", new_display_name="老张", new_password="welcome-2026")
    next(s for s in app.selectbox if s.label == "角色").set_value("department")
    app.selectbox(key="new_department").set_value("engineering")
    button(app, "创建账户").click()
    app.run()
    assert not app.exception
    assert app.success[0].value == "账户 laozhang 已创建。"
    table = app.dataframe[0].value
    assert list(table[table["用户名"] == "laozhang"]["部门"]) == ["工程部"]


def test_a_department_account_sees_its_queue_and_nothing_of_the_desk(app, installed, app_db):
    dispatched(app_db)
    login(app, "laozhang")
    assert set(page_links(app)) == {"department-queue", "account"}
    app.switch_page("app_pages/desk/department_queue.py").run()
    assert app.title[0].value == "工程部 · 待办工单"
    assert any("PG000001 · 3\\-2\\-1201 · BX000001" in m.value for m in app.markdown)
    assert any(r"138\*\*\*\*5678" in m.value for m in app.markdown)  # masked, shown as typed


def test_the_department_accepts_and_finishes_and_the_order_leaves_its_queue(app, installed, app_db):
    dispatched(app_db)
    login(app, "laozhang")
    app.switch_page("app_pages/desk/department_queue.py").run()
    button(app, "接单").click()
    app.run()
    assert app.success[0].value == "PG000001 已接单。"
    button(app, "完工").click()
    app.run()
    assert app.error[0].value == "说明：完工须写明处理结果。"
    app.text_area(key="finish_note_1").input("更换角阀，试水无渗漏")
    button(app, "完工").click()
    app.run()
    assert app.success[0].value == "PG000001 已完工，客服中心将回访业主。"
    assert app.info[0].value == "本部门目前没有待办工单。"


def test_the_desk_sees_each_order_its_stage_and_wait_on_the_board(app, installed, app_db):
    dispatched(app_db)
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/work_orders.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["工单号"]) == ["BX000001"]
    assert list(table["进度"]) == ["待接单"]
    assert list(table["已等时长"]) == ["0分钟"]


def download_labels(app):
    return [b.proto.label for b in app.get("download_button")]


def test_the_request_detail_offers_the_work_order_slip(app, installed, app_db):
    dispatched(app_db)
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/request_list.py").run()
    assert not app.exception
    assert "打印派工单" in download_labels(app)


def test_the_department_prints_the_slip_from_its_queue(app, installed, app_db):
    dispatched(app_db)
    login(app, "laozhang")
    app.switch_page("app_pages/desk/department_queue.py").run()
    assert "打印派工单" in download_labels(app)


def test_the_handover_page_offers_the_shift_sheet(app, installed):
    login(app, "xiaoli")
    app.switch_page("app_pages/desk/handover.py").run()
    assert not app.exception
    assert download_labels(app) == ["打印交接班表"]
