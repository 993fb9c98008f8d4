"""Special services (特约服务) on a real database (SQLite and PostgreSQL): the order's life, payment with
exact money and unique receipts, the callback, cancelling and voiding with reasons, roles, month totals."""

from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.errors import PermissionDenied, ValidationFailed
from desk.renovation.forms import SpecialForm
from desk.special.tables import SpecialService
from store.history import for_record
from tests.integration.helpers import desk_people, refusal


@pytest.fixture
def desk(services):
    return desk_people(services)


def form(site_id, **changes):
    values = dict(
        site_id=site_id, unit="3-2-1201", contact_name="李先生", contact_phone="13812345678",
        service_type="housekeeping_hourly", description="周六上午打扫 3 小时",
    )  # fmt: skip
    values.update(changes)
    return SpecialForm(**values)


def done_order(services, staff, site, **changes):
    sid = services.special_services.request(staff, form(site, **changes))
    services.special_services.schedule(staff, sid, day=date(2026, 11, 28), at=time(9, 30), assignee="刘阿姨")
    services.special_services.finish(staff, sid)
    return sid


def test_an_order_goes_from_request_to_callback_and_every_step_is_recorded(desk, services):
    _, _, staff, _, site = desk
    sid = done_order(services, staff, site)
    services.special_services.pay(staff, sid, amount="150.00", method="wechat", receipt_no="TY-20261128-01")
    services.special_services.record_callback(staff, sid, satisfaction=5, result="打扫干净，很满意")
    detail = services.special_services.detail(staff, sid)
    assert detail.row.status == "closed"
    assert detail.row.assignee == "刘阿姨"
    # 09:30 on 28 November in Shanghai is 01:30 UTC.
    assert detail.row.scheduled_for.isoformat() == "2026-11-28T01:30:00+00:00"
    assert (detail.row.amount, detail.method, detail.receipt_no) == (
        Decimal("150.00"),
        "wechat",
        "TY-20261128-01",
    )
    assert detail.satisfaction == 5
    assert [(h.action, h.changes["status"]) for h in detail.history] == [
        ("request", [None, "requested"]),
        ("schedule", ["requested", "scheduled"]),
        ("finish", ["scheduled", "done"]),
        ("pay", ["done", "paid"]),
        ("callback", ["paid", "closed"]),
    ]
    assert detail.history[3].changes["amount"] == [None, "150.00"]
    assert detail.history[0].actor_name == "Xiaoli"


def test_the_default_price_is_quoted_from_the_price_list(desk, services):
    _, _, staff, _, site = desk
    sid = services.special_services.request(staff, form(site))
    assert services.special_services.detail(staff, sid).row.quoted_price == Decimal("50.00")


def test_rescheduling_keeps_the_old_time_in_the_history(desk, services):
    _, _, staff, _, site = desk
    sid = services.special_services.request(staff, form(site))
    services.special_services.schedule(staff, sid, day=date(2026, 11, 28), at=time(9, 0), assignee="刘阿姨")
    services.special_services.schedule(staff, sid, day=date(2026, 11, 29), at=time(14, 0), assignee="陈阿姨")
    last = services.special_services.detail(staff, sid).history[-1]
    assert last.changes["assignee"] == ["刘阿姨", "陈阿姨"]
    assert last.changes["scheduled_for"][0] == "2026-11-28T01:00:00+00:00"


def test_scheduling_needs_a_day_a_time_and_someone(desk, services):
    _, _, staff, _, site = desk
    sid = services.special_services.request(staff, form(site))
    for kwargs, field in (
        ({"day": None, "at": time(9), "assignee": "刘"}, "scheduled_day"),
        ({"day": date(2026, 11, 28), "at": None, "assignee": "刘"}, "scheduled_time"),
        ({"day": date(2026, 11, 28), "at": time(9), "assignee": " "}, "assignee"),
        ({"day": date(2026, 11, 20), "at": time(9), "assignee": "刘"}, "scheduled_day"),  # before the order
    ):
        err = refusal(services.special_services.schedule, staff, sid, **kwargs)
        assert err.field == field


@pytest.mark.parametrize("amount", ["0.01", "88.8", "12345678.90", "9999999999.99"])
def test_payments_round_trip_exactly(desk, services, amount):
    _, _, staff, _, site = desk
    sid = done_order(services, staff, site)
    services.special_services.pay(staff, sid, amount=amount, method="cash", receipt_no="R-1")
    with services.sessions() as session:
        stored = session.scalar(select(SpecialService.amount).where(SpecialService.id == sid))
    assert stored == Decimal(amount)
    assert str(stored) == str(Decimal(amount).quantize(Decimal("0.01")))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": "", "method": "cash", "receipt_no": "R-1"}, "amount"),
        ({"amount": "12.345", "method": "cash", "receipt_no": "R-1"}, "amount"),
        ({"amount": "0", "method": "cash", "receipt_no": "R-1"}, "amount"),
        ({"amount": "50", "method": "bitcoin", "receipt_no": "R-1"}, "method"),
        ({"amount": "50", "method": "cash", "receipt_no": " "}, "receipt_no"),
    ],
)
def test_a_payment_names_the_field_that_is_wrong(desk, services, kwargs, field):
    _, _, staff, _, site = desk
    sid = done_order(services, staff, site)
    err = refusal(services.special_services.pay, staff, sid, **kwargs)
    assert err.field == field
    assert services.special_services.detail(staff, sid).row.status == "done"


def test_a_receipt_number_is_used_once_per_site(desk, services):
    _, _, staff, _, site = desk
    first = done_order(services, staff, site)
    second = done_order(services, staff, site)
    services.special_services.pay(staff, first, amount="50", method="cash", receipt_no="R-7")
    err = refusal(services.special_services.pay, staff, second, amount="50", method="cash", receipt_no="R-7")
    assert (err.key, err.params["number"]) == ("special.error.receipt_taken", f"TY{first:06d}")


def test_payment_comes_after_the_work_and_the_callback_after_payment(desk, services):
    _, _, staff, _, site = desk
    sid = services.special_services.request(staff, form(site))
    err = refusal(services.special_services.pay, staff, sid, amount="50", method="cash", receipt_no="R-1")
    assert err.params["steps"] == "schedule,cancel,void"
    services.special_services.schedule(staff, sid, day=date(2026, 11, 28), at=time(9), assignee="刘阿姨")
    services.special_services.finish(staff, sid)
    with pytest.raises(ValidationFailed):
        services.special_services.record_callback(staff, sid, satisfaction=5, result="好")


def test_the_callback_rates_from_1_to_5_and_says_what_the_owner_said(desk, services):
    _, _, staff, _, site = desk
    sid = done_order(services, staff, site)
    services.special_services.pay(staff, sid, amount="50", method="cash", receipt_no="R-1")
    err = refusal(services.special_services.record_callback, staff, sid, satisfaction=6, result="好")
    assert err.field == "satisfaction"
    err = refusal(services.special_services.record_callback, staff, sid, satisfaction=4, result="")
    assert err.field == "callback_result"


def test_cancelling_and_voiding_need_a_reason_and_keep_the_record(desk, services):
    _, _, staff, _, site = desk
    cancelled = services.special_services.request(staff, form(site))
    err = refusal(services.special_services.cancel, staff, cancelled, "")
    assert err.field == "reason"
    services.special_services.cancel(staff, cancelled, "业主临时出差")
    voided = done_order(services, staff, site)
    services.special_services.void(staff, voided, "登记到了错误的房号")
    rows = {r.id: r for r in services.special_services.list_services(staff, "all")}
    assert (rows[cancelled].status, rows[voided].status) == ("cancelled", "voided")
    assert services.special_services.detail(staff, voided).closing_reason == "登记到了错误的房号"
    assert services.special_services.list_services(staff, "open") == []
    with services.sessions() as session:
        assert [h.action for h in for_record(session, "special_service", voided)][-1] == "void"


def test_todays_appointments_are_by_the_sites_date(desk, services, clock):
    _, _, staff, _, site = desk
    today = services.special_services.request(staff, form(site))
    services.special_services.schedule(
        staff, today, day=date(2026, 11, 26), at=time(19, 0), assignee="刘阿姨"
    )
    later = services.special_services.request(staff, form(site))
    services.special_services.schedule(staff, later, day=date(2026, 11, 27), at=time(7, 0), assignee="刘阿姨")
    assert [r.id for r in services.special_services.list_services(staff, "today")] == [today]
    assert [r.id for r in services.special_services.list_services(staff, "open")] == [today, later]


def test_trainees_cannot_take_or_move_orders(desk, services):
    _, _, staff, trainee, site = desk
    sid = services.special_services.request(staff, form(site))
    with pytest.raises(PermissionDenied):
        services.special_services.request(trainee, form(site))
    with pytest.raises(PermissionDenied):
        services.special_services.cancel(trainee, sid, "不需要了")
    with pytest.raises(PermissionDenied):
        services.special_services.list_services(trainee)


def test_the_month_counts_done_services_and_their_revenue_exactly(desk, services):
    _, manager, staff, _, site = desk
    for amount, receipt in (("150.10", "R-1"), ("0.20", "R-2")):
        sid = done_order(services, staff, site)
        services.special_services.pay(staff, sid, amount=amount, method="cash", receipt_no=receipt)
        services.special_services.record_callback(
            staff, sid, satisfaction=4 if receipt == "R-1" else 5, result="好"
        )
    cleaning = done_order(services, staff, site, service_type="window_cleaning")
    services.special_services.pay(staff, cleaning, amount="300.00", method="alipay", receipt_no="R-3")
    voided = done_order(services, staff, site)
    services.special_services.pay(staff, voided, amount="999.99", method="cash", receipt_no="R-4")
    services.special_services.void(staff, voided, "重复登记")
    services.special_services.cancel(staff, services.special_services.request(staff, form(site)), "不需要了")
    month = services.registers_month.month_registers(manager, "2026-11")
    assert month.special_requested == 4
    assert month.special_done == 3
    assert month.special_cancelled == 1
    assert month.special_revenue == Decimal("450.30")
    assert month.special_satisfaction == Decimal("4.5")
    assert [(t.service_type, t.done, t.revenue) for t in month.by_service] == [
        ("housekeeping_hourly", 2, Decimal("150.30")),
        ("window_cleaning", 1, Decimal("300.00")),
    ]
