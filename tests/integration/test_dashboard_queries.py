"""Dashboard queries on a real database: months grouped per site and period, drill-down records,
the satisfaction distribution, and the shift-check compliance figures."""

from datetime import UTC, date, datetime

import pytest

from checklists.analytics import ComplianceAnalytics
from checklists.shifts import Kind
from core.errors import PermissionDenied, ValidationFailed
from desk.statistics.monthly import months_between, records_behind
from desk.statistics.one_scan import DashboardTrends
from rules.loader import default_rulebook
from tests.integration.helpers import PASSWORD, add_user, desk_form, first_manager

RULEBOOK = default_rulebook()


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
    trends = DashboardTrends(services.sessions, services.desk.content, clock)
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
        ComplianceAnalytics(services.sessions).figures(staff, {first}, date(2026, 11, 1), date(2026, 11, 10))


def test_month_ranges_are_checked():
    assert months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]
    with pytest.raises(ValidationFailed):
        months_between("2027-02", "2026-11")


def test_compliance_figures_refuse_a_range_too_long(services, clock):
    manager = first_manager(services)
    analytics = ComplianceAnalytics(services.sessions, clock)
    with pytest.raises(ValidationFailed) as err:
        analytics.figures(manager, manager.site_ids, date(2026, 1, 1), date(2026, 11, 1))
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
        manager, {site}, date(2026, 11, 20), date(2026, 11, 26)
    )
    [day] = [d for d in figures.days if d.day == date(2026, 11, 24)]
    assert (day.due, day.done, day.missed) == (2, 0, 2)
    [person] = figures.people
    assert (person.user_name, person.missed) == ("Xiaoli", 2)


@pytest.fixture
def two_sites(services, clock):
    """Xiaoli at the first site does only her start check (one item failed); Laozhou at the second
    does both of his. Both are rostered on the morning shift of 24 November."""
    clock.now = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    manager = first_manager(services)
    other = services.sites.create_site(manager, name="翠湖服务中心", timezone="Asia/Shanghai")
    manager = services.accounts.actor_for_user(manager.user_id)
    first = min(manager.site_ids - {other.id})
    xiaoli = add_user(services, manager, "xiaoli", "staff", gender="female")
    services.accounts.create_user(
        manager,
        username="laozhou",
        display_name="Laozhou",
        gender="male",
        role="staff",
        site_ids=[other.id],
        password=PASSWORD,
    )
    laozhou = services.accounts.authenticate("laozhou", PASSWORD)
    day = date(2026, 11, 24)
    for site, person in ((first, xiaoli), (other.id, laozhou)):
        services.roster.assign(manager, site, user_id=person.user_id, shift_date=day, shift_id="morning")

    def check(person, kind, hour, fail=None):
        clock.now = datetime(2026, 11, 24, hour, 0, tzinfo=UTC)  # Beijing = UTC + 8
        items = services.checks.today(person, RULEBOOK).items[Kind(kind)]
        answers = {i.rule_id: "fail" if i.rule_id == fail else "pass" for i in items}
        services.checks.submit(
            person,
            RULEBOOK,
            shift_date=day,
            shift_id="morning",
            kind=kind,
            answers=answers,
            notes={fail: "忘戴"} if fail else {},
        )

    check(xiaoli, "start", 0, fail="dress.badge_on_left_chest")  # 08:00
    check(laozhou, "start", 0)
    check(laozhou, "end", 7)  # 15:00
    clock.now = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    return ComplianceAnalytics(services.sessions, clock), manager, first, other.id, xiaoli, laozhou


WEEK = (date(2026, 11, 20), date(2026, 11, 26))


def test_compliance_figures_add_up_the_chosen_sites(two_sites):
    analytics, manager, first, other, _, _ = two_sites
    both = analytics.figures(manager, {first, other}, *WEEK)
    assert (sum(d.due for d in both.days), sum(d.missed for d in both.days)) == (4, 1)
    assert {p.user_name for p in both.people} == {"Xiaoli", "Laozhou"}
    one = analytics.figures(manager, {other}, *WEEK)
    assert (sum(d.due for d in one.days), sum(d.missed for d in one.days)) == (2, 0)
    assert not any(one.heat.values())


def test_one_staff_member_makes_every_compliance_figure_theirs(two_sites):
    analytics, manager, first, other, xiaoli, _ = two_sites
    mine = analytics.figures(manager, {first, other}, *WEEK, user_id=xiaoli.user_id)
    assert [(d.due, d.done, d.missed, d.flagged) for d in mine.days] == [(2, 1, 1, 1)]
    assert [p.user_name for p in mine.people] == ["Xiaoli"]
    assert {key for key, failed in mine.heat.items() if failed} == {("Xiaoli", "dress")}
    assert {person for person, _ in mine.heat} == {"Xiaoli"}
    assert [i.rule_id for i in mine.items] == ["dress.badge_on_left_chest"]


def test_compliance_figures_refuse_a_site_of_another_manager(two_sites):
    analytics, manager, first, _, _, _ = two_sites
    with pytest.raises(PermissionDenied):
        analytics.figures(manager, {first, first + 100}, *WEEK)


@pytest.mark.parametrize(
    "filters",
    [{}, {"category": "public_facilities"}, {"department": "engineering"}, {"category": "cleaning"}],
)
def test_the_dashboard_in_one_scan_shows_the_figures_of_the_separate_queries(months, filters):
    _services, manager, trends, *_ = months
    periods = ["2026-09", "2026-10", "2026-11"]
    figures = trends.dashboard(manager, periods, **filters)
    assert figures.by_period == trends.by_period(manager, periods, **filters)
    assert (figures.by_category, figures.by_department) == trends.breakdown(manager, periods, **filters)
    assert figures.satisfaction == trends.satisfaction(manager, periods, **filters)
