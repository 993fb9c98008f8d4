"""Departments' queues on a real database: dispatch puts a work order in the department's queue, the
department accepts, reports progress and finishes; the desk sees where each order stands."""

import pytest

from core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.integration.helpers import PASSWORD, add_user, desk_form, dispatched_repair, first_manager


def department_user(services, manager, username, department):
    services.accounts.create_user(
        manager, username=username, display_name=f"{username}师傅", gender="male", role="department",
        site_ids=[min(manager.site_ids)], password=PASSWORD, department=department,
    )  # fmt: skip
    return services.accounts.authenticate(username, PASSWORD)


@pytest.fixture
def desk(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    plumber = department_user(services, manager, "laozhang", "engineering")
    cleaner = department_user(services, manager, "xiaozhao", "cleaning")
    return services, manager, staff, plumber, cleaner, min(manager.site_ids)


def test_dispatching_puts_a_work_order_in_that_departments_queue_only(desk):
    services, _, staff, plumber, cleaner, site = desk
    rid = dispatched_repair(services, staff, site)
    (order,) = services.work_orders.my_queue(plumber)
    assert (order.request_id, order.department, order.stage) == (rid, "engineering", "waiting")
    assert order.unit == "3-2-1201"
    assert order.number == f"PG{order.id:06d}" and order.request_number == "BX000001"
    assert order.phone == "138****5678"  # the department sees the masked number
    assert services.work_orders.my_queue(cleaner) == []


def test_the_department_accepts_reports_progress_and_finishes_and_the_callback_falls_due(desk, clock):
    services, _, staff, plumber, _, site = desk
    rid = dispatched_repair(services, staff, site)
    (order,) = services.work_orders.my_queue(plumber)
    clock.advance(minutes=25)
    services.work_orders.accept(plumber, order.id)
    assert services.request_lists.detail(staff, rid).row.status == "in_progress"
    clock.advance(minutes=30)
    services.work_orders.report_progress(plumber, order.id, "阀门需更换，已去库房领料")
    clock.advance(minutes=40)
    services.work_orders.finish(plumber, order.id, "更换角阀，试水无渗漏，业主已确认")
    detail = services.request_lists.detail(staff, rid)
    assert detail.row.status == "callback_due" and detail.callbacks[0].status == "due"
    assert services.work_orders.my_queue(plumber) == []
    (done,) = services.work_orders.of_request(staff, rid)
    assert done.stage == "finished" and done.accepted_by == "laozhang师傅"
    assert done.waited_minutes == 95
    assert [(n.kind, n.note) for n in done.notes] == [
        ("accept", None),
        ("progress", "阀门需更换，已去库房领料"),
        ("finish", "更换角阀，试水无渗漏，业主已确认"),
    ]


def test_the_desk_board_shows_each_open_order_with_how_long_it_has_waited(desk, clock):
    services, manager, staff, plumber, _, site = desk
    first = dispatched_repair(services, staff, site)
    clock.advance(hours=2)
    second = services.request_intake.intake(staff, desk_form(site, category="cleaning", content="楼道有垃圾"))
    services.request_workflow.act(staff, second, "dispatch", department="cleaning")
    clock.advance(minutes=10)
    services.work_orders.accept(plumber, services.work_orders.my_queue(plumber)[0].id)
    board = services.work_orders.board(manager)
    assert [(o.request_id, o.department, o.stage, o.waited_minutes) for o in board] == [
        (first, "engineering", "accepted", 130), (second, "cleaning", "waiting", 10),
    ]  # fmt: skip
    assert [o.department for o in services.work_orders.board(staff, department="cleaning")] == ["cleaning"]


def test_a_transfer_moves_the_order_to_the_other_departments_queue(desk):
    services, _, staff, plumber, cleaner, site = desk
    rid = dispatched_repair(services, staff, site)
    services.request_workflow.act(staff, rid, "transfer", department="cleaning", note="属保洁范围")
    assert services.work_orders.my_queue(plumber) == []
    (order,) = services.work_orders.my_queue(cleaner)
    assert order.request_id == rid
    stages = [o.stage for o in services.work_orders.of_request(staff, rid)]
    assert stages == ["transferred", "waiting"]


def test_a_department_cannot_touch_another_departments_order(desk):
    services, _, staff, plumber, cleaner, site = desk
    dispatched_repair(services, staff, site)
    (order,) = services.work_orders.my_queue(plumber)
    with pytest.raises(NotFound):
        services.work_orders.accept(cleaner, order.id)
    with pytest.raises(NotFound):
        services.work_orders.slip(cleaner, order.id)


def test_finishing_needs_a_note_and_progress_needs_the_order_accepted(desk):
    services, _, staff, plumber, _, site = desk
    dispatched_repair(services, staff, site)
    (order,) = services.work_orders.my_queue(plumber)
    with pytest.raises(ValidationFailed) as refused:
        services.work_orders.finish(plumber, order.id, "  ")
    assert refused.value.key == "orders.error.finish_note_required"
    with pytest.raises(ValidationFailed) as refused:
        services.work_orders.report_progress(plumber, order.id, "在路上")
    assert refused.value.key == "orders.error.accept_first"
    services.work_orders.accept(plumber, order.id)
    with pytest.raises(ValidationFailed) as refused:
        services.work_orders.accept(plumber, order.id)
    assert refused.value.key == "orders.error.already_accepted"


def test_a_finished_order_can_no_longer_be_changed(desk):
    services, _, staff, plumber, _, site = desk
    dispatched_repair(services, staff, site)
    (order,) = services.work_orders.my_queue(plumber)
    services.work_orders.finish(plumber, order.id, "已修好")
    with pytest.raises(ValidationFailed) as refused:
        services.work_orders.report_progress(plumber, order.id, "补充")
    assert refused.value.key == "orders.error.not_open"


def test_a_department_finishing_a_complaints_order_leaves_the_reply_to_the_desk(desk):
    services, manager, staff, _, cleaner, site = desk
    rid = services.request_intake.intake(
        staff, desk_form(site, kind="complaint", category="cleaning", content="楼道三天没人打扫")
    )
    services.request_workflow.act(manager, rid, "judge_valid", note="属实")
    services.request_workflow.act(staff, rid, "dispatch", department="cleaning")
    (order,) = services.work_orders.my_queue(cleaner)
    services.work_orders.accept(cleaner, order.id)
    services.work_orders.finish(cleaner, order.id, "已安排专人每日打扫并拍照留存")
    detail = services.request_lists.detail(staff, rid)
    assert detail.row.status == "handling" and "reply" in detail.allowed_actions
    assert detail.events[-1].action == "department_finish"


@pytest.mark.parametrize("role", ["staff", "manager", "trainee"])
def test_only_department_accounts_work_a_queue(desk, role):
    services, manager, staff, plumber, _, site = desk
    dispatched_repair(services, staff, site)
    order_id = services.work_orders.my_queue(plumber)[0].id
    actor = {"staff": staff, "manager": manager}.get(role) or add_user(services, manager, "newbie", "trainee")
    with pytest.raises(PermissionDenied):
        services.work_orders.my_queue(actor)
    with pytest.raises(PermissionDenied):
        services.work_orders.finish(actor, order_id, "已修好")


def test_department_accounts_have_no_desk_and_no_board(desk):
    services, _, staff, plumber, _, site = desk
    rid = dispatched_repair(services, staff, site)
    with pytest.raises(PermissionDenied):
        services.work_orders.board(plumber)
    with pytest.raises(PermissionDenied):
        services.request_lists.detail(plumber, rid)
    with pytest.raises(PermissionDenied):
        services.request_intake.intake(plumber, desk_form(site))


def test_a_department_account_must_name_a_known_department(services):
    manager = first_manager(services)
    for department in (None, "no_such_team"):
        with pytest.raises(ValidationFailed) as refused:
            department_user(services, manager, "laoli", department)
        assert refused.value.key == "error.department_required"
    user = services.accounts.create_user(
        manager, username="xiaowang", display_name="小王", gender="male", role="staff",
        site_ids=[min(manager.site_ids)], password=PASSWORD, department="engineering",
    )  # fmt: skip
    assert user.department is None  # only department accounts belong to a department
