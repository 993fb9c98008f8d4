"""Monthly statistics on a small hand-computed month, counted by the database."""

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import PermissionDenied, ValidationFailed
from tests.integration.helpers import add_user, desk_form, first_manager


@pytest.fixture
def month(services, clock):
    """November 2026 at one site (Asia/Shanghai), built request by request:

    repairs:    R1 finished in time, callback 5    R2 finished late, callback 3    R3 open, past due
                R4 open, not yet due                R5 voided (counts nowhere)
    complaints: C1 valid, replied in time, callback 4 -> closed
                C2 invalid, replied in time, no callback yet
                C3 valid, still handling, past due
    inquiries:  I1 answered on the spot (first contact)             I2 forwarded, answered later
    """
    clock.now = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    site = min(manager.site_ids)
    desk = services.desk

    def repair(urgency="normal"):
        return desk.intake(staff, desk_form(site, urgency=urgency))

    def complaint():
        return desk.intake(staff, desk_form(site, kind="complaint", category="cleaning"))

    r1, r2, r3 = repair(), repair("urgent"), repair("urgent")
    for rid in (r1, r2):
        desk.act(staff, rid, "dispatch", department="engineering")
    desk.act(staff, r3, "dispatch", department="cleaning")
    clock.advance(hours=2)
    desk.act(staff, r1, "finish")  # 2 h of 24: in time
    clock.advance(hours=3)
    desk.act(staff, r2, "finish")  # 5 h of 4: late
    desk.record_callback(staff, r1, result="好", satisfaction=5)
    desk.record_callback(staff, r2, result="一般", satisfaction=3)
    r5 = repair()
    desk.act(staff, r5, "void", note="重复登记")

    c1, c2, c3 = complaint(), complaint(), complaint()
    desk.act(manager, c1, "judge_valid", note="属实")
    desk.act(staff, c1, "reply", note="已处理")
    desk.record_callback(staff, c1, result="满意", satisfaction=4)
    desk.act(manager, c2, "judge_invalid", note="非物业责任")
    desk.act(manager, c3, "judge_valid", note="属实")

    desk.intake(staff, desk_form(site, kind="inquiry", category="fees", answered_on_spot=True))
    i2 = desk.intake(staff, desk_form(site, kind="inquiry", category="fees"))
    desk.act(staff, i2, "forward", department="service_centre")
    desk.act(staff, i2, "answer")

    clock.advance(days=3)  # R3 (4 h) and C3 (48 h) are now past due; R4 is logged now, due tomorrow
    repair()
    counted_at = clock.now + timedelta(hours=1)
    # Another month's request must not count.
    clock.now = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    repair()
    clock.now = counted_at
    return services, manager, staff, site


def test_monthly_counts_and_rates_match_the_hand_count(month):
    services, manager, _, _ = month
    stats = services.desk_stats.month(manager, "2026-11")
    c = stats.counts
    assert (c.repair, c.inquiry, c.complaint) == (4, 2, 3)
    assert stats.rates == {
        "repair_timely_rate": 1 / 3,  # R1 of R1, R2, R3 (R4 not yet due)
        "complaint_timely_rate": 2 / 3,  # C1, C2 of C1, C2, C3
        "complaint_valid_rate": 2 / 3,  # C1, C3
        "valid_complaint_handled_rate": 1 / 2,  # C1 closed
        "callback_rate": 3 / 4,  # R1, R2, C1 done of R1, R2, C1, C2
        "satisfaction_rate": 2 / 3,  # 5 and 4 of 5, 3, 4
        "first_contact_resolution_rate": 1 / 9,
    }
    assert stats.targets["satisfaction_rate"] == 0.85


def test_breakdowns_by_category_and_department(month):
    services, manager, _, _ = month
    stats = services.desk_stats.month(manager, "2026-11")
    by_category = {b.key: b.count for b in stats.by_category}
    assert by_category == {
        ("complaint", "cleaning"): 3,
        ("inquiry", "fees"): 2,
        ("repair", "water_electric"): 4,
    }
    by_department = {b.key[0]: (b.count, b.open_overdue, b.finished) for b in stats.by_department}
    assert by_department == {"engineering": (2, 0, 2), "cleaning": (1, 1, 0), "service_centre": (1, 0, 1)}


def test_a_record_belongs_to_the_month_it_was_received_in_the_sites_time_zone(services, clock):
    manager = first_manager(services)
    site = min(manager.site_ids)
    clock.now = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # 1 December 01:00 in Shanghai
    services.request_intake.intake(manager, desk_form(site))
    assert services.desk_stats.month(manager, "2026-11").counts.repair == 0
    assert services.desk_stats.month(manager, "2026-12").counts.repair == 1


def test_an_empty_month_has_no_rates_rather_than_zero(services):
    manager = first_manager(services)
    stats = services.desk_stats.month(manager, "2026-01")
    assert stats.counts.total == 0
    assert set(stats.rates.values()) == {None}


def test_only_managers_read_the_statistics(month):
    services, _, staff, _ = month
    with pytest.raises(PermissionDenied):
        services.desk_stats.month(staff, "2026-11")


@pytest.mark.parametrize("period", ["2026-13", "2026/11", "", "26-11"])
def test_a_bad_month_is_refused(services, period):
    manager = first_manager(services)
    with pytest.raises(ValidationFailed) as err:
        services.desk_stats.month(manager, period)
    assert err.value.key == "desk.error.period_invalid"


def test_months_of_several_sites_add_up(month, clock):
    services, manager, _, site = month
    other = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    clock.now = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)
    services.request_intake.intake(manager, desk_form(other.id))
    assert services.desk_stats.month(manager, "2026-11").counts.repair == 5
    assert services.desk_stats.month(manager, "2026-11", {other.id}).counts.repair == 1
    assert services.desk_stats.month(manager, "2026-11", {site}).counts.repair == 4


def test_a_valid_complaint_replied_but_awaiting_its_callback_is_handled(services, clock):
    clock.now = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
    manager = first_manager(services)
    site = min(manager.site_ids)
    complaint = desk_form(site, kind="complaint", category="cleaning")
    replied, handling = (services.desk.intake(manager, complaint) for _ in range(2))
    for rid in (replied, handling):
        services.desk.act(manager, rid, "judge_valid", note="属实")
    services.desk.act(manager, replied, "reply", note="已处理")  # the callback is not done yet
    stats = services.desk_stats.month(manager, "2026-11")
    assert stats.counts.valid_handled == 1
    assert stats.rates["valid_complaint_handled_rate"] == 1 / 2


@pytest.mark.parametrize(
    ("received_utc", "month"),
    [
        (datetime(2026, 10, 31, 16, 10, tzinfo=UTC), "2026-11"),  # 1 November 00:10 in Shanghai
        (datetime(2026, 10, 31, 15, 30, tzinfo=UTC), "2026-10"),  # 31 October 23:30 in Shanghai
    ],
)
def test_the_month_edges_follow_the_sites_time_zone(services, clock, received_utc, month):
    manager = first_manager(services)
    site = min(manager.site_ids)
    clock.now = received_utc
    services.desk.intake(manager, desk_form(site))
    clock.now = datetime(2026, 12, 2, tzinfo=UTC)
    counts = {m: services.desk_stats.month(manager, m).counts.repair for m in ("2026-10", "2026-11")}
    assert counts == {"2026-10": int(month == "2026-10"), "2026-11": int(month == "2026-11")}


def test_every_figure_of_a_month_obeys_the_category_and_department_filters(month):
    services, manager, _, _ = month
    cleaning = services.desk_stats.month(manager, "2026-11", category="cleaning")
    assert (cleaning.counts.repair, cleaning.counts.complaint, cleaning.counts.inquiry) == (0, 3, 0)
    assert {b.key for b in cleaning.by_category} == {("complaint", "cleaning")}
    assert cleaning.by_department == ()
    engineering = services.desk_stats.month(manager, "2026-11", department="engineering")
    assert engineering.counts.repair == 2
    assert engineering.rates["repair_timely_rate"] == 1 / 2
    assert {b.key[0] for b in engineering.by_department} == {"engineering"}
    assert (engineering.category, engineering.department) == (None, "engineering")
