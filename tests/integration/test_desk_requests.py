"""The desk log on a real database: intake, dispatch, time limits, callbacks, roles."""

from datetime import timedelta

import pytest

from core.errors import NotFound, PermissionDenied, ValidationFailed
from desk.requests.tables import WorkOrder
from tests.integration.helpers import add_user, desk_form, dispatched_repair, first_manager, refusal


@pytest.fixture
def desk(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    site = min(manager.site_ids)
    return services, manager, staff, site


def statuses(services, actor, request_id):
    return [(e.action, e.to_status) for e in services.request_lists.detail(actor, request_id).events]


def test_a_repair_goes_from_intake_to_close_and_every_step_is_recorded(desk, clock):
    services, _, staff, site = desk
    rid = dispatched_repair(services, staff, site)
    services.request_workflow.act(staff, rid, "accept")
    clock.advance(hours=3)
    services.request_workflow.act(staff, rid, "finish")
    detail = services.request_lists.detail(staff, rid)
    assert detail.row.status == "callback_due"
    assert detail.finished_in_time is True
    assert detail.callbacks[0].status == "due"
    services.request_callbacks.record_callback(staff, rid, result="已修好，业主满意", satisfaction=5)
    assert statuses(services, staff, rid) == [
        ("intake", "registered"),
        ("dispatch", "dispatched"),
        ("accept", "in_progress"),
        ("finish", "done"),
        ("schedule_callback", "callback_due"),
        ("callback_ok", "closed"),
    ]
    detail = services.request_lists.detail(staff, rid)
    assert detail.events[1].department == "engineering"
    assert detail.events[1].actor_name == "Xiaoli"
    assert detail.callbacks[0].satisfaction == 5


def test_the_due_time_is_set_at_intake_from_kind_and_urgency(desk, clock):
    services, _, staff, site = desk
    normal = services.request_intake.intake(staff, desk_form(site))
    urgent = services.request_intake.intake(staff, desk_form(site, urgency="urgent"))
    assert services.request_lists.detail(staff, normal).row.due_at == clock.now + timedelta(hours=24)
    assert services.request_lists.detail(staff, urgent).row.due_at == clock.now + timedelta(hours=4)


def test_a_repair_finished_after_its_due_time_is_late_for_good(desk, clock):
    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site, urgency="urgent"))
    services.request_workflow.act(staff, rid, "dispatch", department="engineering")
    clock.advance(hours=5)
    services.request_workflow.act(staff, rid, "finish")
    assert services.request_lists.detail(staff, rid).finished_in_time is False


def test_overdue_and_due_soon_lists(desk, clock):
    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site, urgency="urgent"))
    assert services.request_lists.list_requests(staff, "overdue") == []
    clock.advance(minutes=31)  # nobody on site within 30 minutes
    [row] = services.request_lists.list_requests(staff, "overdue")
    assert row.response_overdue and row.timing.value == "on_time"
    clock.advance(hours=3)  # within the last 30 minutes before the 4-hour limit
    assert [r.id for r in services.request_lists.list_requests(staff, "due_soon")] == [rid]
    clock.advance(hours=1)
    assert services.request_lists.list_requests(staff, "overdue")[0].timing.value == "overdue"


def test_on_hold_pauses_the_clock(desk, clock):
    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site))
    due = services.request_lists.detail(staff, rid).row.due_at
    services.request_workflow.act(staff, rid, "dispatch", department="engineering")
    services.request_workflow.act(staff, rid, "hold", note="等业主回家开门")
    clock.advance(hours=30)
    assert services.request_lists.list_requests(staff, "overdue") == []
    services.request_workflow.act(staff, rid, "resume")
    detail = services.request_lists.detail(staff, rid)
    assert detail.row.status == "dispatched"
    assert detail.row.due_at == due + timedelta(hours=30)


def test_an_illegal_step_is_refused_and_names_the_allowed_ones(desk):
    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site))
    err = refusal(services.request_workflow.act, staff, rid, "finish")
    assert err.key == "desk.error.illegal_transition"
    assert err.params["allowed"] == "dispatch,hold,void"
    assert services.request_lists.detail(staff, rid).row.status == "registered"


def test_transfer_ends_one_work_order_and_starts_another(desk):
    services, _, staff, site = desk
    rid = dispatched_repair(services, staff, site)
    with pytest.raises(ValidationFailed):
        services.request_workflow.act(staff, rid, "transfer", department="engineering", note="重复")
    services.request_workflow.act(staff, rid, "transfer", department="area_manager", note="属于片区")
    with services.sessions() as session:
        orders = session.query(WorkOrder).filter_by(request_id=rid).order_by(WorkOrder.id).all()
    assert [(o.department, o.outcome) for o in orders] == [
        ("engineering", "transferred"),
        ("area_manager", "open"),
    ]


def test_void_needs_a_reason_and_keeps_the_record(desk):
    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site))
    err = refusal(services.request_workflow.act, staff, rid, "void")
    assert err.key == "error.reason_required"
    services.request_workflow.act(staff, rid, "void", note="重复登记")
    detail = services.request_lists.detail(staff, rid)
    assert (detail.row.status, detail.void_reason) == ("voided", "重复登记")
    assert [r.id for r in services.request_lists.list_requests(staff, "all")] == [rid]


def test_an_unsatisfied_callback_reopens_the_order_with_a_fresh_limit(desk, clock):
    services, _, staff, site = desk
    rid = dispatched_repair(services, staff, site)
    services.request_workflow.act(staff, rid, "finish")
    clock.advance(hours=2)
    services.request_callbacks.record_callback(staff, rid, result="还在漏水", satisfaction=2)
    detail = services.request_lists.detail(staff, rid)
    assert detail.row.status == "dispatched"
    assert detail.row.due_at == clock.now + timedelta(hours=24)
    assert detail.finished_at is None
    assert detail.events[-1].action == "callback_unsatisfied"


@pytest.mark.parametrize("rating", [0, 6])
def test_satisfaction_is_one_to_five(desk, rating):
    services, _, staff, site = desk
    rid = dispatched_repair(services, staff, site)
    services.request_workflow.act(staff, rid, "finish")
    err = refusal(services.request_callbacks.record_callback, staff, rid, result="x", satisfaction=rating)
    assert err.key == "desk.error.satisfaction_range"


def test_a_complaint_is_judged_by_a_manager_dispatched_replied_and_called_back(desk):
    services, manager, staff, site = desk
    rid = services.request_intake.intake(
        staff, desk_form(site, kind="complaint", category="service_attitude", content="前台称呼业主用“喂”")
    )
    with pytest.raises(PermissionDenied):
        services.request_workflow.act(staff, rid, "judge_valid", note="属实")
    services.request_workflow.act(manager, rid, "judge_valid", note="监控核实属实")
    services.request_workflow.act(staff, rid, "dispatch", department="service_centre")
    services.request_workflow.act(staff, rid, "reply", note="已致歉并对员工进行礼仪培训")
    services.request_callbacks.record_callback(staff, rid, result="业主接受道歉", satisfaction=4)
    detail = services.request_lists.detail(manager, rid)
    assert (detail.row.status, detail.validity, detail.validity_reason) == ("closed", "valid", "监控核实属实")
    assert "address.no_wei_or_ai" in detail.rule_ids


def test_an_invalid_complaint_needs_a_reason_and_still_gets_a_callback(desk):
    services, manager, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site, kind="complaint", category="parking"))
    with pytest.raises(ValidationFailed):
        services.request_workflow.act(manager, rid, "judge_invalid")
    services.request_workflow.act(manager, rid, "judge_invalid", note="车位属业主私有，非物业责任")
    assert services.request_lists.detail(manager, rid).row.status == "callback_due"


def test_an_inquiry_answered_on_the_spot_is_closed_at_intake(desk):
    services, _, staff, site = desk
    rid = services.request_intake.intake(
        staff, desk_form(site, kind="inquiry", category="fees", content="物业费标准", answered_on_spot=True)
    )
    detail = services.request_lists.detail(staff, rid)
    assert (detail.row.status, detail.first_contact, detail.finished_in_time) == ("answered", True, True)
    assert detail.callbacks == ()


def test_a_repair_can_be_dispatched_at_intake(desk):
    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site, department="engineering"))
    assert services.request_lists.detail(staff, rid).row.department == "engineering"


def test_owners_typed_at_intake_are_created_once_and_found_again(desk):
    services, _, staff, site = desk
    services.request_intake.intake(staff, desk_form(site))
    services.request_intake.intake(staff, desk_form(site, content="门禁卡失效", category="public_facilities"))
    [hit] = services.request_intake.search_owners(staff, site, "1201")
    assert (hit.unit, hit.name, hit.phone) == ("3-2-1201", "李先生", "138****5678")
    assert services.request_intake.search_owners(staff, site, "5678")[0].owner_id == hit.owner_id
    assert services.request_intake.search_owners(staff, site, "%") == []


def test_phones_are_masked_in_lists_details_and_callbacks_and_shown_only_on_a_recorded_reveal(desk):
    from store.history import for_record

    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site, department="engineering"))
    assert services.request_lists.list_requests(staff, "open")[0].phone == "138****5678"
    assert services.request_lists.detail(staff, rid).row.phone == "138****5678"
    services.request_workflow.act(staff, rid, "accept")
    services.request_workflow.act(staff, rid, "finish")
    [callback] = services.request_callbacks.callbacks(staff)
    assert callback.phone == "138****5678"
    assert services.phone_reveal.request_phone(staff, rid) == "13812345678"
    assert services.phone_reveal.callback_phone(staff, callback.id) == "13812345678"
    with services.sessions() as session:
        seen = [
            (h.action, h.actor_id) for h in for_record(session, "request", rid) if h.action == "reveal_phone"
        ]
        assert seen == [("reveal_phone", staff.user_id)]
        assert [h.action for h in for_record(session, "callback", callback.id)] == ["reveal_phone"]


def test_a_trainee_cannot_reveal_a_phone(desk):
    services, manager, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site))
    trainee = add_user(services, manager, "newbie", "trainee")
    with pytest.raises(PermissionDenied):
        services.phone_reveal.request_phone(trainee, rid)


def test_search_by_number_unit_name_or_words(desk):
    services, _, staff, site = desk
    a = services.request_intake.intake(staff, desk_form(site))
    b = services.request_intake.intake(
        staff,
        desk_form(
            site,
            unit="5-1-302",
            contact_name="王女士",
            content="楼道灯不亮",
            contact_phone="13900001111",
            category="public_facilities",
        ),
    )
    find = lambda q: [r.id for r in services.request_lists.list_requests(staff, "all", query=q)]  # noqa: E731
    assert find(f"BX{b:06d}") == [b]
    assert find("5-1") == [b]
    assert find("李先生") == [a]
    assert find("楼道") == [b]


def test_trainees_have_no_desk(desk):
    services, manager, _, site = desk
    trainee = add_user(services, manager, "newbie", "trainee")
    with pytest.raises(PermissionDenied):
        services.request_intake.intake(trainee, desk_form(site))
    with pytest.raises(PermissionDenied):
        services.request_lists.list_requests(trainee)


def test_a_desk_cannot_see_another_sites_requests(desk):
    services, manager, staff, _ = desk
    other = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    rid = services.request_intake.intake(manager, desk_form(other.id))
    with pytest.raises(NotFound):
        services.request_lists.detail(staff, rid)
    with pytest.raises(PermissionDenied):
        services.request_intake.intake(staff, desk_form(other.id))
    assert services.request_lists.list_requests(staff, "all") == []


def test_a_step_on_a_request_someone_else_just_moved_is_refused(desk):
    services, _, staff, site = desk
    rid = services.request_intake.intake(staff, desk_form(site))
    workflow = services.request_workflow
    workflow.act(staff, rid, "dispatch", department="engineering", expected_status="registered")
    err = refusal(workflow.act, staff, rid, "dispatch", department="cleaning", expected_status="registered")
    assert err.key == "desk.error.changed_meanwhile"


def test_callbacks_due_lists_what_to_call_back(desk, clock):
    services, _, staff, site = desk
    rid = dispatched_repair(services, staff, site)
    services.request_workflow.act(staff, rid, "finish")
    assert services.request_callbacks.callbacks(staff, due_before=clock.now) == []
    [row] = services.request_callbacks.callbacks(staff, due_before=clock.now + timedelta(days=2))
    assert (row.request_id, row.phone) == (rid, "138****5678")


def test_a_picked_owner_brings_their_unit_and_phone(desk):
    services, _, staff, site = desk
    services.request_intake.intake(staff, desk_form(site))
    [hit] = services.request_intake.search_owners(staff, site, "李先生")
    rid = services.request_intake.intake(
        staff, desk_form(site, owner_id=hit.owner_id, unit="", contact_name="", contact_phone="")
    )
    row = services.request_lists.detail(staff, rid).row
    assert (row.unit, row.contact_name, row.phone) == ("3-2-1201", "李先生", "138****5678")
    assert services.phone_reveal.request_phone(staff, rid) == "13812345678"


def test_one_search_finds_requests_in_every_state_by_number_unit_name_or_phone(desk):
    services, manager, staff, site = desk
    answered = services.request_intake.intake(
        manager,
        desk_form(site, kind="inquiry", category="fees", content="物业费怎么交", answered_on_spot=True),
    )
    voided = services.request_intake.intake(staff, desk_form(site, unit="5-1-302", contact_name="王女士"))
    services.request_workflow.act(staff, voided, "void", note="重复登记")
    find = lambda q: sorted(r.id for r in services.request_lists.search(staff, q))  # noqa: E731
    assert find(f"ZX{answered:06d}") == [answered]  # closed at once, logged by someone else
    assert find("5-1-302") == [voided]
    assert find("李先生") == [answered]
    assert find("138 1234 5678") == [answered, voided]
    assert find("%") == find("_") == []  # wildcards are searched as themselves
    assert find("  ") == []
