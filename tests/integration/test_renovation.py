"""Move-ins, renovations and worker passes on a real database (SQLite and PostgreSQL): roles, history,
voiding with reasons, passes that expire by the clock, exact deposits, the month's register counts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.errors import NotFound, PermissionDenied, ValidationFailed
from desk.renovation.forms import MoveInForm, PassForm, RenovationForm
from desk.renovation.tables import Renovation, WorkerPass
from store.history import for_record
from tests.integration.helpers import add_user, desk_people, refusal

WORKER_ID = "11010519491231002X"
OTHER_ID = "110101199003074477"


@pytest.fixture
def desk(services):
    return desk_people(services)


def renovation_form(site_id, **changes):
    values = dict(
        site_id=site_id, unit="3-2-1201", owner_name="李先生", company="美家装饰", person_in_charge="王工",
        person_phone="13912345678", scope="厨卫改造、铺地板", planned_start=date(2026, 11, 27),
        planned_end=date(2026, 12, 31), deposit="2000.00",
    )  # fmt: skip
    values.update(changes)
    return RenovationForm(**values)


def pass_form(renovation_id, **changes):
    values = dict(
        renovation_id=renovation_id, worker_name="张三", id_number=WORKER_ID, photo_ref="照片 P-007",
        valid_from=date(2026, 11, 27), valid_to=date(2026, 12, 10),
    )  # fmt: skip
    values.update(changes)
    return PassForm(**values)


def approved(services, manager, staff, site):
    rid = services.renovation.apply(staff, renovation_form(site))
    services.renovation.act(manager, rid, "approve")
    return rid


def actions(services, entity, record_id):
    with services.sessions() as session:
        return [(h.action, h.changes.get("status")) for h in for_record(session, entity, record_id)]


# --- move-in --------------------------------------------------------------------------------------


def test_a_move_in_is_completed_when_every_required_item_and_document_is_ticked(desk, services):
    _, _, staff, _, site = desk
    content = services.renovation.content
    mid = services.move_ins.start_move_in(staff, MoveInForm(site, "3-2-1201", "李先生", "13812345678"))
    required_items = [e.id for e in content.movein.items if e.required]
    required_docs = [e.id for e in content.movein.documents if e.required]
    status = services.move_ins.tick_move_in(staff, mid, required_items[:-1], required_docs)
    assert status == "open"
    assert services.move_ins.move_in_detail(staff, mid).row.required_done == len(required_items) - 1 + len(
        required_docs
    )
    status = services.move_ins.tick_move_in(staff, mid, required_items, required_docs)
    detail = services.move_ins.move_in_detail(staff, mid)
    assert status == "completed" and detail.row.completed_at is not None
    assert detail.row.handled_by == "Xiaoli"
    assert [h.action for h in detail.history] == ["start", "tick", "complete"]
    assert detail.history[2].changes["status"] == ["open", "completed"]
    err = refusal(services.move_ins.tick_move_in, staff, mid, [], [])
    assert err.key == "movein.error.closed"


def test_one_move_in_per_unit_and_owner_until_it_is_voided_with_a_reason(desk, services):
    _, _, staff, _, site = desk
    form = MoveInForm(site, "3-2-1201", "李先生", "13812345678")
    mid = services.move_ins.start_move_in(staff, form)
    err = refusal(services.move_ins.start_move_in, staff, form)
    assert (err.key, err.params["number"]) == ("movein.error.exists", f"SF{mid:06d}")
    err = refusal(services.move_ins.void_move_in, staff, mid, "  ")
    assert err.field == "reason"
    services.move_ins.void_move_in(staff, mid, "房号登记错误")
    detail = services.move_ins.move_in_detail(staff, mid)
    assert (detail.row.status, detail.void_reason) == ("voided", "房号登记错误")
    assert services.move_ins.start_move_in(staff, form) != mid
    assert [r.status for r in services.move_ins.list_move_ins(staff, "all")] == ["open", "voided"]


def test_the_move_in_list_masks_phones_shows_them_on_reveal_and_shows_progress(desk, services):
    from store.history import for_record

    _, manager, staff, _, site = desk
    mid = services.move_ins.start_move_in(staff, MoveInForm(site, "5-1-302", "王女士", "13900001111"))
    [row] = services.move_ins.list_move_ins(manager, "open", query="王")
    assert row.owner_phone == "139****1111"
    assert services.phone_reveal.move_in_phone(manager, mid) == "13900001111"
    with services.sessions() as session:
        assert [h.action for h in for_record(session, "move_in", mid)][-1] == "reveal_phone"
    assert row.required_done == 0 and row.required > 0


# --- renovation -----------------------------------------------------------------------------------


def test_a_renovation_goes_from_application_to_refund_and_every_step_is_recorded(desk, services):
    _, manager, staff, _, site = desk
    rid = services.renovation.apply(staff, renovation_form(site))
    services.renovation.act(manager, rid, "approve")
    services.renovation.act(staff, rid, "start")
    services.renovation.act(staff, rid, "request_inspection")
    services.renovation.act(staff, rid, "fail", note="卫生间防水未做闭水试验")
    services.renovation.act(staff, rid, "reinspect")
    services.renovation.act(staff, rid, "accept")
    services.renovation.refund_deposit(staff, rid, amount="2000.00", receipt_no="TK-0001")
    detail = services.renovation.renovation_detail(staff, rid)
    assert detail.row.status == "refunded"
    assert detail.inspections == 2
    assert detail.inspection_note == "卫生间防水未做闭水试验"
    assert detail.refund_amount == Decimal("2000.00")
    assert detail.approved_by == "王主管"
    assert actions(services, "renovation", rid) == [
        ("apply", [None, "applied"]),
        ("approve", ["applied", "approved"]),
        ("start", ["approved", "in_progress"]),
        ("request_inspection", ["in_progress", "inspection"]),
        ("fail", ["inspection", "failed"]),
        ("reinspect", ["failed", "inspection"]),
        ("accept", ["inspection", "accepted"]),
        ("refund", ["accepted", "refunded"]),
    ]
    assert detail.history[4].note == "卫生间防水未做闭水试验"
    assert detail.history[4].actor_name == "Xiaoli"


def test_only_a_manager_approves_or_rejects_a_renovation(desk, services):
    _, manager, staff, _, site = desk
    rid = services.renovation.apply(staff, renovation_form(site))
    with pytest.raises(PermissionDenied):
        services.renovation.act(staff, rid, "approve")
    assert "approve" not in services.renovation.renovation_detail(staff, rid).allowed_actions
    assert "approve" in services.renovation.renovation_detail(manager, rid).allowed_actions
    err = refusal(services.renovation.act, manager, rid, "reject")
    assert err.field == "reason"
    services.renovation.act(manager, rid, "reject", note="涉及拆改承重墙")
    detail = services.renovation.renovation_detail(manager, rid)
    assert (detail.row.status, detail.closing_reason) == ("rejected", "涉及拆改承重墙")


def test_trainees_can_do_nothing_with_the_registers(desk, services):
    _, _, staff, trainee, site = desk
    rid = services.renovation.apply(staff, renovation_form(site))
    for call in (
        lambda: services.renovation.apply(trainee, renovation_form(site)),
        lambda: services.renovation.list_renovations(trainee),
        lambda: services.renovation.renovation_detail(trainee, rid),
        lambda: services.move_ins.start_move_in(trainee, MoveInForm(site, "1-1-101", "赵", "13812345678")),
        lambda: services.worker_passes.valid_passes(trainee, site),
        lambda: services.registers_month.month_registers(trainee, "2026-11"),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_an_illegal_step_is_refused_naming_the_allowed_ones_and_nothing_changes(desk, services):
    _, _, staff, _, site = desk
    rid = services.renovation.apply(staff, renovation_form(site))
    err = refusal(services.renovation.act, staff, rid, "start")
    assert err.key == "renovation.error.illegal_transition"
    assert err.params["steps"] == "approve,reject,void"
    with pytest.raises(ValidationFailed):
        services.renovation.refund_deposit(staff, rid, amount="2000")
    assert services.renovation.renovation_detail(staff, rid).row.status == "applied"
    assert actions(services, "renovation", rid) == [("apply", [None, "applied"])]


def test_a_step_on_a_renovation_someone_else_just_moved_is_refused(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    err = refusal(services.renovation.act, staff, rid, "void", note="重复登记", expected_status="applied")
    assert err.key == "renovation.error.changed_meanwhile"


@pytest.mark.parametrize("amount", ["0.01", "1234567.89", "9999999999.99", "0.10"])
def test_deposits_and_refunds_round_trip_exactly(desk, services, amount):
    _, manager, staff, _, site = desk
    rid = services.renovation.apply(staff, renovation_form(site, deposit=amount))
    for step in ("approve", "start", "request_inspection", "accept"):
        services.renovation.act(manager, rid, step)
    services.renovation.refund_deposit(staff, rid, amount=amount)
    with services.sessions() as session:
        record = session.scalar(select(Renovation).where(Renovation.id == rid))
        assert record.deposit == Decimal(amount) and str(record.deposit) == str(
            Decimal(amount).quantize(Decimal("0.01"))
        )
        assert record.refund_amount == Decimal(amount)


def test_part_of_the_deposit_is_kept_only_with_a_reason(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    for step in ("start", "request_inspection", "accept"):
        services.renovation.act(staff, rid, step)
    err = refusal(services.renovation.refund_deposit, staff, rid, amount="1500")
    assert err.field == "refund_note"
    services.renovation.refund_deposit(staff, rid, amount="1500", note="电梯轿厢划伤，扣 500 元维修费")
    detail = services.renovation.renovation_detail(staff, rid)
    assert detail.refund_amount == Decimal("1500.00")
    assert detail.history[-1].changes["refund_amount"] == [None, "1500.00"]


def test_the_refund_has_its_own_form(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    err = refusal(services.renovation.act, staff, rid, "refund")
    assert err.key == "renovation.error.use_refund_form"


def test_another_sites_renovation_is_not_found(desk, services):
    _, manager, staff, _, site = desk
    rid = services.renovation.apply(staff, renovation_form(site))
    other = services.sites.create_site(manager, name="二期服务中心", timezone="Asia/Shanghai")
    stranger = add_user(services, manager, "laozhang", "staff")
    assert other.id not in stranger.site_ids
    with services.sessions.begin() as session:
        session.get(Renovation, rid).site_id = other.id
    with pytest.raises(NotFound):
        services.renovation.renovation_detail(stranger, rid)


# --- worker passes --------------------------------------------------------------------------------


def test_a_pass_is_issued_for_approved_works_only(desk, services):
    _, manager, staff, _, site = desk
    rid = services.renovation.apply(staff, renovation_form(site))
    err = refusal(services.worker_passes.issue_pass, staff, pass_form(rid))
    assert err.key == "passes.error.works_not_open"
    services.renovation.act(manager, rid, "approve")
    pid = services.worker_passes.issue_pass(staff, pass_form(rid))
    assert actions(services, "worker_pass", pid) == [("issue", None)]


def test_pass_dates_must_lie_within_the_renovations_planned_dates(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    err = refusal(services.worker_passes.issue_pass, staff, pass_form(rid, valid_to=date(2027, 1, 15)))
    assert (err.key, err.params["end"]) == ("passes.error.outside_works", "2026-12-31")


def test_a_wrong_id_number_is_refused_naming_the_field(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    err = refusal(services.worker_passes.issue_pass, staff, pass_form(rid, id_number="110105194912310021"))
    assert (err.key, err.field) == ("id_card.error.check_digit", "id_number")


def test_the_same_worker_cannot_hold_two_overlapping_passes_for_one_renovation(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    pid = services.worker_passes.issue_pass(staff, pass_form(rid))
    err = refusal(
        services.worker_passes.issue_pass,
        staff,
        pass_form(rid, valid_from=date(2026, 12, 5), valid_to=date(2026, 12, 20)),
    )
    assert err.params["number"] == f"CR{pid:06d}"
    services.worker_passes.issue_pass(
        staff, pass_form(rid, valid_from=date(2026, 12, 11), valid_to=date(2026, 12, 20))
    )


def test_passes_expire_by_themselves_with_the_clock(desk, services, clock):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    services.worker_passes.issue_pass(
        staff, pass_form(rid, valid_from=date(2026, 11, 27), valid_to=date(2026, 11, 30))
    )
    # 09:00 UTC on 26 November is 17:00 in Shanghai: the pass starts tomorrow.
    assert services.worker_passes.valid_passes(staff, site) == []
    clock.advance(hours=15)  # 08:00 on 27 November in Shanghai
    [row] = services.worker_passes.valid_passes(staff, site)
    assert (row.worker_name, row.state, row.unit) == ("张三", "valid", "3-2-1201")
    clock.now = clock.now.replace(day=30, hour=15, minute=59)  # 23:59 on the 30th in Shanghai
    assert len(services.worker_passes.valid_passes(staff, site)) == 1
    clock.advance(minutes=1)  # midnight in Shanghai, still the 30th in UTC
    assert services.worker_passes.valid_passes(staff, site) == []
    [card] = services.renovation.renovation_detail(staff, rid).passes
    assert card.state == "expired"


def test_a_revoked_pass_needs_a_reason_and_leaves_the_guards_list(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    pid = services.worker_passes.issue_pass(staff, pass_form(rid))
    services.worker_passes.issue_pass(staff, pass_form(rid, worker_name="李四", id_number=OTHER_ID))
    on = date(2026, 12, 1)
    assert [r.worker_name for r in services.worker_passes.valid_passes(staff, site, on)] == ["张三", "李四"]
    with pytest.raises(ValidationFailed):
        services.worker_passes.revoke_pass(staff, pid, "")
    services.worker_passes.revoke_pass(staff, pid, "工人离场，证件已收回")
    assert [r.worker_name for r in services.worker_passes.valid_passes(staff, site, on)] == ["李四"]
    err = refusal(services.worker_passes.revoke_pass, staff, pid, "again")
    assert err.key == "passes.error.already_revoked"
    with services.sessions() as session:
        history = for_record(session, "worker_pass", pid)
    assert [(h.action, h.note) for h in history] == [("issue", None), ("revoke", "工人离场，证件已收回")]


def test_passes_lapse_when_the_works_are_accepted_or_voided(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    services.worker_passes.issue_pass(staff, pass_form(rid))
    on = date(2026, 12, 1)
    assert len(services.worker_passes.valid_passes(staff, site, on)) == 1
    services.renovation.act(staff, rid, "void", note="业主取消装修")
    assert services.worker_passes.valid_passes(staff, site, on) == []
    assert services.renovation.renovation_detail(staff, rid).passes[0].state == "works_closed"


def test_id_numbers_are_masked_except_for_managers(desk, services):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    services.worker_passes.issue_pass(staff, pass_form(rid))
    assert services.renovation.renovation_detail(staff, rid).passes[0].id_number == "1101**********002X"
    assert services.renovation.renovation_detail(manager, rid).passes[0].id_number == WORKER_ID
    # The guards' list is masked for everyone; the history never holds the full number.
    assert (
        services.worker_passes.valid_passes(manager, site, date(2026, 12, 1))[0].id_number
        == "1101**********002X"
    )
    with services.sessions() as session:
        pid = session.scalar(select(WorkerPass.id))
        [issued] = for_record(session, "worker_pass", pid)
    assert issued.changes["id_number"] == [None, "1101**********002X"]


# --- the month's register counts ------------------------------------------------------------------


def test_the_month_counts_registers_by_when_things_happened_at_the_site(desk, services, clock):
    _, manager, staff, _, site = desk
    rid = approved(services, manager, staff, site)
    services.worker_passes.issue_pass(staff, pass_form(rid))
    voided = services.renovation.apply(staff, renovation_form(site, unit="1-1-101"))
    services.renovation.act(manager, voided, "approve")
    services.renovation.act(manager, voided, "void", note="重复登记")
    for step in ("start", "request_inspection", "accept"):
        services.renovation.act(staff, rid, step)
    services.renovation.refund_deposit(staff, rid, amount="1999.99", note="扣清运费 0.01 元")
    mid = services.move_ins.start_move_in(staff, MoveInForm(site, "3-2-1201", "李先生", "13812345678"))
    content = services.renovation.content
    services.move_ins.tick_move_in(
        staff, mid, [e.id for e in content.movein.items], [e.id for e in content.movein.documents]
    )
    month = services.registers_month.month_registers(manager, "2026-11")
    assert month.renovations_applied == 1  # the voided one is left out
    assert month.renovations_approved == 1
    assert month.renovations_accepted == 1
    assert month.deposits_refunded == Decimal("1999.99")
    assert month.passes_issued == 1
    assert month.move_ins_completed == 1
    assert services.registers_month.month_registers(manager, "2026-12").renovations_applied == 0
    # 16:30 UTC on 30 November is 1 December in Shanghai: December's count.
    clock.now = clock.now.replace(day=30, hour=16, minute=30)
    services.renovation.apply(staff, renovation_form(site, unit="2-2-202"))
    assert services.registers_month.month_registers(manager, "2026-12").renovations_applied == 1
    assert services.registers_month.month_registers(manager, "2026-11").renovations_applied == 1


def test_the_month_counts_are_for_managers(desk, services):
    _, _, staff, _, _ = desk
    with pytest.raises(PermissionDenied):
        services.registers_month.month_registers(staff, "2026-11")


def test_a_bad_month_is_refused(desk, services):
    _, manager, _, _, _ = desk
    err = refusal(services.registers_month.month_registers, manager, "2026-13")
    assert err.field == "month"


def test_the_clock_fixture_starts_where_the_tests_expect(clock):
    assert clock.now.date() + timedelta(days=1) == date(2026, 11, 27)
