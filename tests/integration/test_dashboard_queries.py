"""Dashboard queries on a real database: months grouped per site and period, drill-down records,
the satisfaction distribution, and the shift-check compliance figures."""

from datetime import UTC, date, datetime

import pytest

from checklists.analytics import ComplianceAnalytics
from core.errors import PermissionDenied, ValidationFailed
from desk.statistics.monthly import DeskTrends, months_between, records_behind
from tests.integration.helpers import add_user, desk_form, first_manager


@pytest.fixture
def months(services, clock):
    """Two sites; repairs in October and November at the first, one in November at the second."""
    clock.now = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)
    manager = first_manager(services)
    other = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    first = min(manager.site_ids - {other.id})
    a = services.desk.intake(manager, desk_form(first, department="engineering"))
    services.desk.act(manager, a, "finish")
    services.desk.record_callback(manager, a, result="好", satisfaction=5)
    clock.now = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    b = services.desk.intake(
        manager, desk_form(first, department="engineering", category="public_facilities")
    )
    services.desk.act(manager, b, "finish")
    services.desk.record_callback(manager, b, result="一般", satisfaction=3)
    services.desk.intake(manager, desk_form(other.id, kind="complaint", category="cleaning"))
    trends = DeskTrends(services.sessions, services.desk.content, clock)
    return services, manager, trends, first, other.id


def test_months_are_grouped_per_site_and_period(months):
    _services, manager, trends, first, other = months
    rows = {(r.site_id, r.period): r.counts for r in trends.by_period(manager, ["2026-10", "2026-11"])}
    assert rows[(first, "2026-10")].repair == 1
    assert rows[(first, "2026-11")].repair == 1
    assert rows[(other, "2026-11")].complaint == 1
    assert rows[(first, "2026-10")].callbacks_done == 1


def test_filters_narrow_the_months(months):
    _services, manager, trends, first, _other = months
    only = trends.by_period(manager, ["2026-10", "2026-11"], {first}, category="public_facilities")
    assert [(r.period, r.counts.repair) for r in only] == [("2026-11", 1)]
    assert trends.by_period(manager, ["2026-10", "2026-11"], department="cleaning") == []


def test_the_satisfaction_distribution_counts_each_rating(months):
    _services, manager, trends, *_ = months
    assert trends.satisfaction(manager, ["2026-10", "2026-11"]) == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}


def test_drill_down_lists_the_records_behind_a_bar(months):
    services, manager, _trends, _first, other = months
    rows = records_behind(services.sessions, manager, ["2026-11"], kind="complaint")
    assert [(r.kind, r.site_id) for r in rows] == [("complaint", other)]


def test_staff_cannot_read_the_dashboards(months):
    services, manager, trends, first, _ = months
    staff = add_user(services, manager, "xiaoli", "staff")
    with pytest.raises(PermissionDenied):
        trends.by_period(staff, ["2026-11"])
    with pytest.raises(PermissionDenied):
        ComplianceAnalytics(services.sessions).figures(staff, first, date(2026, 11, 1), date(2026, 11, 10))


def test_month_ranges_are_checked():
    assert months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
    with pytest.raises(ValidationFailed):
        months_between("2027-02", "2026-11")


def test_compliance_figures_refuse_a_range_too_long(services, clock):
    manager = first_manager(services)
    analytics = ComplianceAnalytics(services.sessions, clock)
    with pytest.raises(ValidationFailed) as err:
        analytics.figures(manager, min(manager.site_ids), date(2026, 1, 1), date(2026, 11, 1))
    assert err.value.key == "dash.error.range_too_long"


def test_compliance_figures_count_a_rostered_shift_without_checks_as_missed(services, clock):
    clock.now = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff", gender="female")
    site = min(manager.site_ids)
    settings = services.checks.settings_state()
    shift_id = settings.settings.shifts[0].id if settings.settings else "morning"
    services.roster.assign(
        manager, site, user_id=staff.user_id, shift_date=date(2026, 11, 24), shift_id=shift_id
    )
    figures = ComplianceAnalytics(services.sessions, clock).figures(
        manager, site, date(2026, 11, 20), date(2026, 11, 26)
    )
    [day] = [d for d in figures.days if d.day == date(2026, 11, 24)]
    assert (day.due, day.done, day.missed) == (2, 0, 2)
    [person] = figures.people
    assert (person.user_name, person.missed) == ("Xiaoli", 2)
