"""The desk's registers on a real database: mail, keys, off-hours cash with handover, owner records,
handover notes with carried-over items, and the departments' view."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.imports import ImportRefused
from store.history import for_record
from tests.integration.helpers import add_user, desk_form, first_manager

# Thursday 26 November 2026, 19:30 in Shanghai: after hours.
AFTER_HOURS = datetime(2026, 11, 26, 11, 30, tzinfo=UTC)


@pytest.fixture
def desk(services, clock):
    clock.now = AFTER_HOURS
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff", gender="female")
    colleague = add_user(services, manager, "xiaowang", "staff")
    return services, manager, staff, colleague, min(manager.site_ids)


# --- mail -------------------------------------------------------------------------------------


def test_mail_is_received_notified_and_collected_with_a_signature(desk, clock):
    services, _, staff, _, site = desk
    item = services.mail.receive(staff, site, unit="3-2-1201", kind="parcel", description="顺丰快递一件")
    services.mail.step(staff, item, "notify")
    with pytest.raises(ValidationFailed) as err:
        services.mail.step(staff, item, "collect")
    assert err.value.key == "desk.error.signature_required"
    services.mail.step(staff, item, "collect", name="李先生")
    assert services.mail.waiting(staff) == []
    with services.sessions() as session:
        rows = for_record(session, "mail", item)
    assert [r.action for r in rows] == ["receive", "notify", "collect"]
    assert rows[-1].note == "李先生"


def test_collected_mail_cannot_be_collected_again(desk):
    services, _, staff, _, site = desk
    item = services.mail.receive(staff, site, unit="1-1-101", kind="letter", description="挂号信")
    services.mail.step(staff, item, "collect", name="张先生")
    with pytest.raises(ValidationFailed) as err:
        services.mail.step(staff, item, "return", reason="无人认领")
    assert err.value.key == "desk.error.mail_step"


def test_mail_waiting_too_long_is_highlighted(desk, clock):
    services, _, staff, _, site = desk
    services.mail.receive(staff, site, unit="3-2-1201", kind="newspaper", description="人民日报")
    clock.advance(days=2)
    services.mail.receive(staff, site, unit="5-1-302", kind="letter", description="银行对账单")
    clock.advance(days=1, hours=1)
    rows = services.mail.waiting(staff)
    assert [(r.unit, r.waiting_days, r.highlight) for r in rows] == [
        ("3-2-1201", 3, True),
        ("5-1-302", 1, False),
    ]
    assert [r.unit for r in services.mail.waiting(staff, unit="5-1-302")] == ["5-1-302"]


# --- keys -------------------------------------------------------------------------------------


def test_a_key_is_lent_and_returned_and_never_in_two_places(desk, clock):
    services, _, staff, colleague, site = desk
    key = services.keys.add_key(staff, site, room="设备房", purpose="水泵检修", copies=2)
    services.keys.lend(
        staff,
        key,
        borrower="工程部老刘",
        id_number="110101199003071234",
        phone="13812345678",
        reason="水泵检修",
    )
    with pytest.raises(ValidationFailed) as err:
        services.keys.lend(
            colleague, key, borrower="保洁阿姨", id_number="A123", phone="13900001111", reason="打扫"
        )
    assert err.value.key == "desk.error.key_out"
    [row] = services.keys.register(staff, only="out")
    assert (row.borrower, row.borrower_id_number, row.borrower_phone) == (
        "工程部老刘",
        "110***********1234",
        "138****5678",
    )
    services.keys.return_key(colleague, key)
    assert services.keys.register(staff, only="out") == []
    services.keys.lend(
        colleague, key, borrower="保洁阿姨", id_number="A123456", phone="13900001111", reason="打扫"
    )


def test_a_key_keeps_its_loan_history_who_lent_it_to_whom_and_when_it_came_back(desk, clock):
    services, _, staff, colleague, site = desk
    key = services.keys.add_key(staff, site, room="3-2-1201", purpose="业主委托装修")
    lent_at = clock.now
    services.keys.lend(
        staff, key, borrower="装修师傅", id_number="A123456", phone="13812345678", reason="装修"
    )
    clock.advance(hours=2)
    services.keys.return_key(colleague, key)
    clock.advance(hours=1)
    services.keys.lend(
        colleague, key, borrower="保洁阿姨", id_number="B123456", phone="13900001111", reason="开荒"
    )
    latest, first = services.keys.loan_history(staff, key_id=key)
    assert (first.borrower, first.lent_by, first.lent_at, first.returned_to) == (
        "装修师傅", "Xiaoli", lent_at, "Xiaowang",
    )  # fmt: skip
    assert first.returned_at == lent_at + timedelta(hours=2)
    assert (latest.borrower, latest.returned_at, latest.borrower_phone) == ("保洁阿姨", None, "139****1111")


def test_the_database_refuses_a_second_open_loan_of_one_key(desk):
    from desk.registers.tables import KeyLoan

    services, _, staff, _, site = desk
    key = services.keys.add_key(staff, site, room="3-2-1201", purpose="业主托管")
    services.keys.lend(
        staff, key, borrower="李先生", id_number="A1234567", phone="13812345678", reason="业主取用"
    )
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), services.sessions.begin() as session:
        session.add(
            KeyLoan(
                key_id=key,
                site_id=site,
                borrower="x",
                borrower_id_number="x",
                reason="x",
                lent_at=AFTER_HOURS,
                expected_return_at=AFTER_HOURS + timedelta(hours=1),
            )
        )


def test_keys_not_back_on_time_are_overdue(desk, clock):
    services, _, staff, _, site = desk
    key = services.keys.add_key(staff, site, room="会议室", purpose="业委会开会")
    services.keys.lend(
        staff,
        key,
        borrower="业委会王主任",
        id_number="B7654321",
        phone="13900001111",
        reason="开会",
        expected_return_at=clock.now + timedelta(hours=2),
    )
    assert services.keys.register(staff, only="overdue") == []
    clock.advance(hours=3)
    [row] = services.keys.register(staff, only="overdue")
    assert row.overdue
    assert services.handover.carried_over(staff, site).keys_overdue == 1


def test_a_lent_key_cannot_be_voided(desk):
    services, _, staff, _, site = desk
    key = services.keys.add_key(staff, site, room="设备房", purpose="检修")
    services.keys.lend(staff, key, borrower="老刘", id_number="C1234567", phone="13812345678", reason="检修")
    with pytest.raises(ValidationFailed):
        services.keys.void_key(staff, key, reason="丢失")
    services.keys.return_key(staff, key)
    services.keys.void_key(staff, key, reason="锁已更换")
    assert services.keys.register(staff) == []


# --- cash -------------------------------------------------------------------------------------


def take(services, actor, site, no, amount, method="cash"):
    return services.cash.take(
        actor,
        site,
        payer="李先生",
        unit="3-2-1201",
        item="物业费",
        amount=amount,
        method=method,
        receipt_no=no,
    )


def test_fees_are_exact_decimals_and_handed_over_to_the_next_person(desk):
    services, _, staff, colleague, site = desk
    take(services, staff, site, "A001", "1,234.50")
    take(services, staff, site, "A002", "0.10")
    take(services, staff, site, "A003", "88", method="wechat")
    takings = services.cash.open_takings(staff, site)
    assert (takings.cash, takings.other) == (Decimal("1234.60"), Decimal("88.00"))
    handover = services.cash.hand_over(staff, site, to_user=colleague.user_id, counted_cash="1234.60")
    assert services.cash.open_takings(staff, site).receipts == ()
    assert services.cash.accept(colleague, handover) == "accepted"
    [row] = services.cash.handovers(staff)
    assert (row.expected_cash, row.counted_cash, row.difference) == (Decimal("1234.60"),) * 2 + (
        Decimal("0.00"),
    )


def test_a_cash_difference_is_flagged_for_a_manager_who_resolves_it(desk):
    services, manager, staff, colleague, site = desk
    take(services, staff, site, "A001", "500")
    handover = services.cash.hand_over(staff, site, to_user=colleague.user_id, counted_cash="450")
    with pytest.raises(PermissionDenied):
        services.cash.accept(staff, handover)  # only the receiver accepts
    assert services.cash.accept(colleague, handover) == "discrepancy"
    [row] = services.cash.handovers(manager, status="discrepancy")
    assert row.difference == Decimal("-50.00")
    with pytest.raises(PermissionDenied):
        services.cash.resolve(staff, handover, "找到了")
    services.cash.resolve(manager, handover, "少收 50 元，已由当班员工补齐")
    assert services.cash.handovers(manager)[0].status == "resolved"


def test_the_receiver_can_dispute_even_a_balanced_handover(desk):
    services, _, staff, colleague, site = desk
    take(services, staff, site, "A001", "100")
    handover = services.cash.hand_over(staff, site, to_user=colleague.user_id, counted_cash="100")
    assert services.cash.accept(colleague, handover, dispute="收据 A001 金额与存根不符") == "discrepancy"


def test_fees_are_refused_during_business_hours(desk, clock):
    services, _, staff, _, site = desk
    clock.now = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 Thursday in Shanghai
    with pytest.raises(ValidationFailed) as err:
        take(services, staff, site, "A001", "100")
    assert err.value.key == "desk.error.business_hours"
    clock.now = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)  # 12:30: lunch time
    take(services, staff, site, "A001", "100")
    assert services.cash.open_takings(staff, site).receipts[0].off_hours == "lunch"


@pytest.mark.parametrize(
    ("amount", "key"),
    [
        ("", "desk.error.amount_required"),
        ("12.345", "desk.error.amount_invalid"),
        ("-5", "desk.error.amount_range"),
        ("abc", "desk.error.amount_invalid"),
    ],
)
def test_bad_amounts_are_refused(desk, amount, key):
    services, _, staff, _, site = desk
    with pytest.raises(ValidationFailed) as err:
        take(services, staff, site, "A001", amount)
    assert err.value.key == key


def test_a_receipt_number_is_used_once(desk):
    services, _, staff, _, site = desk
    take(services, staff, site, "A001", "100")
    with pytest.raises(ValidationFailed) as err:
        take(services, staff, site, "A001", "50")
    assert err.value.key == "desk.error.receipt_no_taken"


def test_nothing_to_hand_over_and_handing_over_to_oneself_are_refused(desk):
    services, _, staff, colleague, site = desk
    with pytest.raises(ValidationFailed) as err:
        services.cash.hand_over(staff, site, to_user=colleague.user_id, counted_cash="0")
    assert err.value.key == "desk.error.nothing_to_hand_over"
    take(services, staff, site, "A001", "100")
    with pytest.raises(ValidationFailed):
        services.cash.hand_over(staff, site, to_user=staff.user_id, counted_cash="100")


def test_a_handed_over_receipt_is_voided_only_by_a_manager(desk):
    services, manager, staff, colleague, site = desk
    receipt = take(services, staff, site, "A001", "100")
    services.cash.hand_over(staff, site, to_user=colleague.user_id, counted_cash="100")
    with pytest.raises(PermissionDenied):
        services.cash.void_receipt(staff, receipt, "开错了")
    services.cash.void_receipt(manager, receipt, "开错了，已重开")


# --- owner records ----------------------------------------------------------------------------


def test_owner_records_hold_every_resident_with_masked_phones_and_a_history(desk):
    services, _, staff, _, site = desk
    rid = services.owner_records.add(
        staff, site, unit="3-2-1201", name="李先生", relation="owner", phone="13812345678"
    )
    services.owner_records.add(staff, site, unit="3-2-1201", name="李太太", relation="family")
    services.owner_records.add(
        staff, site, unit="3-2-1201", name="小陈", relation="租户", phone="13900001111"
    )
    rows = services.owner_records.residents(staff, site, "1201")
    assert [(r.name, r.relation, r.phone) for r in rows] == [
        ("李太太", "family", ""),
        ("李先生", "owner", "138****5678"),
        ("小陈", "tenant", "139****1111"),
    ]
    assert services.phone_reveal.resident_phone(staff, rid) == "13812345678"
    services.owner_records.update(staff, rid, name="李先生", relation="owner", phone="13700000000")
    services.owner_records.void(staff, rid, reason="房屋已出售")
    assert "李先生" not in [r.name for r in services.owner_records.residents(staff, site)]
    with services.sessions() as session:
        rows = for_record(session, "resident", rid)
    assert [r.action for r in rows] == ["create", "reveal_phone", "update", "void"]
    assert rows[2].changes == {"phone": ["13812345678", "13700000000"]}


def test_owners_from_desk_intake_appear_in_the_records(desk):
    services, _, staff, _, site = desk
    services.request_intake.intake(staff, desk_form(site))
    assert [r.name for r in services.owner_records.residents(staff, site)] == ["李先生"]


def test_importing_owner_records_writes_all_rows_or_none(desk):
    services, _, staff, _, site = desk
    good = [
        ["房号", "姓名", "关系", "电话"],
        ["1-1-101", "张先生", "业主", "13812345678"],
        ["1-1-102", "王女士", "租户", ""],
    ]
    bad = [*good, ["", "无名", "业主", ""], ["1-1-103", "赵先生", "邻居", ""]]
    with pytest.raises(ImportRefused) as refused:
        services.owner_records.import_file(staff, site, csv_bytes(bad), "owners.csv")
    assert [(p.row, p.field) for p in refused.value.problems] == [(4, "unit"), (5, "relation")]
    assert services.owner_records.residents(staff, site) == []
    assert services.owner_records.import_file(staff, site, csv_bytes(good), "owners.csv") == 2


def csv_bytes(rows):
    return "\n".join(",".join(r) for r in rows).encode("utf-8")


def test_trainees_have_no_registers(desk):
    services, manager, _, _, site = desk
    trainee = add_user(services, manager, "newbie", "trainee")
    for call in (
        lambda: services.mail.waiting(trainee),
        lambda: services.keys.register(trainee),
        lambda: services.owner_records.residents(trainee, site),
        lambda: services.handover.notes(trainee, site),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_records_of_another_site_are_not_found(desk):
    services, manager, staff, _, _ = desk
    other = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    key = services.keys.add_key(manager, other.id, room="设备房", purpose="检修")
    with pytest.raises(NotFound):
        services.keys.return_key(staff, key)


# --- handover and departments -----------------------------------------------------------------


def test_the_handover_note_is_read_by_the_next_shift_and_open_items_carry_over(desk, clock):
    services, _, staff, colleague, site = desk
    services.mail.receive(staff, site, unit="3-2-1201", kind="parcel", description="快递")
    rid = services.request_intake.intake(staff, desk_form(site, urgency="urgent"))
    note = services.handover.write_note(staff, site, "3-2-1201 的快递业主晚上来取；设备房钥匙在工程部")
    clock.advance(hours=5)
    carried = services.handover.carried_over(colleague, site)
    assert (carried.mail_waiting, carried.overdue_requests) == (1, 1)
    services.handover.mark_read(colleague, note)
    [row] = services.handover.notes(colleague, site)
    assert (row.author, row.read_by) == ("Xiaoli", "Xiaowang")
    assert rid


def test_departments_view_counts_open_overdue_and_time_to_finish(desk, clock):
    services, manager, staff, _, site = desk
    a = services.request_intake.intake(staff, desk_form(site, department="engineering"))
    services.request_intake.intake(staff, desk_form(site, department="engineering", urgency="urgent"))
    services.request_intake.intake(staff, desk_form(site, department="cleaning", category="cleaning"))
    clock.advance(hours=3)
    services.request_workflow.act(staff, a, "finish")
    clock.advance(hours=2)  # the urgent repair (4 h) is now overdue
    loads = {d.department: d for d in services.handover.departments(manager)}
    engineering = loads["engineering"]
    assert (engineering.open_orders, engineering.overdue_orders, engineering.finished_orders) == (1, 1, 1)
    assert engineering.average_hours_to_finish == pytest.approx(3.0)
    assert (loads["cleaning"].open_orders, loads["cleaning"].average_hours_to_finish) == (1, None)


def test_register_lines_of_the_monthly_statistics(desk, clock):
    services, manager, staff, colleague, site = desk
    services.mail.receive(staff, site, unit="1-1-101", kind="letter", description="信")
    take(services, staff, site, "A001", "100")
    take(services, staff, site, "A002", "20.5", method="alipay")
    handover = services.cash.hand_over(staff, site, to_user=colleague.user_id, counted_cash="90")
    services.cash.accept(colleague, handover)
    month = services.register_stats.month(manager, "2026-11")
    assert (month.mail_received, month.receipts, month.receipts_total, month.receipts_cash) == (
        1,
        2,
        Decimal("120.50"),
        Decimal("100.00"),
    )
    assert (month.handovers, month.handover_discrepancies) == (1, 1)
    assert services.register_stats.month(manager, "2026-10").receipts == 0
