"""Weekly roster templates on a real database (SQLite and PostgreSQL): a person's usual week saved per
site, put on a chosen week in one go, never giving one person two overlapping shifts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from checklists.loader import default_shift_settings
from checklists.roster import RosterService
from checklists.roster_templates import RosterTemplates
from checklists.settings import Shift
from checklists.tables import RosterTemplate
from core.errors import PermissionDenied, ValidationFailed
from rules.model import Text
from store.history import for_record
from tests.integration.helpers import add_user, first_manager

MONDAY = date(2026, 11, 30)
MON_TO_FRI_MORNING = [(d, "morning") for d in range(5)]


@pytest.fixture
def team(services):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff", gender="female")
    return services, manager, staff, min(manager.site_ids)


def history(services, entity: str, entity_id: int):
    with services.sessions() as session:
        return for_record(session, entity, entity_id)


def only_template_id(services) -> int:
    with services.sessions() as session:
        return session.scalar(select(RosterTemplate.id))


def week_of(services, manager, site, first=MONDAY):
    week = services.roster.roster(manager, site, first)
    return sorted((e.user_name, e.shift_date, e.shift_id) for e in week.entries)


def test_a_manager_saves_a_persons_usual_week_for_the_site_with_a_history_row(team):
    services, manager, staff, site = team
    saved = services.roster_templates.save(manager, site, staff.user_id, MON_TO_FRI_MORNING)
    assert saved.slots == tuple(MON_TO_FRI_MORNING)
    [listed] = services.roster_templates.templates(manager, site)
    assert (listed.user_name, listed.slots) == ("Xiaoli", tuple(MON_TO_FRI_MORNING))
    template_id = only_template_id(services)
    [row] = history(services, "roster_template", template_id)
    assert (row.action, row.actor_id) == ("save", manager.user_id)
    assert row.changes == {"slots": [[], ["0 morning", "1 morning", "2 morning", "3 morning", "4 morning"]]}


def test_saving_again_replaces_the_week_and_saving_the_same_week_records_nothing(team):
    services, manager, staff, site = team
    services.roster_templates.save(manager, site, staff.user_id, MON_TO_FRI_MORNING)
    services.roster_templates.save(manager, site, staff.user_id, [(5, "middle"), (6, "middle")])
    services.roster_templates.save(manager, site, staff.user_id, [(6, "middle"), (5, "middle")])
    [listed] = services.roster_templates.templates(manager, site)
    assert listed.slots == ((5, "middle"), (6, "middle"))
    template_id = only_template_id(services)
    rows = history(services, "roster_template", template_id)
    assert [r.changes["slots"][1] for r in rows] == [
        ["0 morning", "1 morning", "2 morning", "3 morning", "4 morning"],
        ["5 middle", "6 middle"],
    ]


def test_an_emptied_template_is_no_longer_listed_or_applied(team):
    services, manager, staff, site = team
    services.roster_templates.save(manager, site, staff.user_id, MON_TO_FRI_MORNING)
    services.roster_templates.save(manager, site, staff.user_id, [])
    assert services.roster_templates.templates(manager, site) == []
    assert services.roster_templates.apply(manager, site, MONDAY).added == 0


def test_applying_the_templates_fills_the_chosen_week_with_a_history_row_per_shift(team):
    services, manager, staff, site = team
    services.roster_templates.save(manager, site, staff.user_id, MON_TO_FRI_MORNING)
    applied = services.roster_templates.apply(manager, site, MONDAY)
    assert (applied.added, applied.kept, applied.clashes) == (5, 0, ())
    assert week_of(services, manager, site) == [
        ("Xiaoli", MONDAY + timedelta(days=i), "morning") for i in range(5)
    ]
    entry = services.roster.roster(manager, site, MONDAY).entries[0]
    [row] = history(services, "roster", entry.id)
    assert (row.action, row.changes["from"]) == ("assign", [None, "template"])


def test_applying_again_keeps_what_is_given_and_adds_nothing_twice(team):
    services, manager, staff, site = team
    services.roster.assign(manager, site, user_id=staff.user_id, shift_date=MONDAY, shift_id="morning")
    services.roster_templates.save(manager, site, staff.user_id, MON_TO_FRI_MORNING)
    first = services.roster_templates.apply(manager, site, MONDAY)
    again = services.roster_templates.apply(manager, site, MONDAY)
    assert (first.added, first.kept) == (4, 1)
    assert (again.added, again.kept) == (0, 5)
    assert len(week_of(services, manager, site)) == 5


def test_a_shift_taken_off_is_put_back_on_by_the_template(team):
    services, manager, staff, site = team
    entry = services.roster.assign(
        manager, site, user_id=staff.user_id, shift_date=MONDAY, shift_id="morning"
    )
    services.roster.unassign(manager, entry.id, "调休")
    services.roster_templates.save(manager, site, staff.user_id, [(0, "morning")])
    assert services.roster_templates.apply(manager, site, MONDAY).added == 1
    assert [r.action for r in history(services, "roster", entry.id)] == ["assign", "unassign", "assign"]


def with_day_shift():  # type: ignore[no-untyped-def]
    """The shipped shifts and a day shift 09:00-18:00, which overlaps the early and late ones."""
    shifts = default_shift_settings()
    day_shift = Shift(id="day", name=Text(zh="白班", en="Day"), start="09:00", end="18:00")
    return shifts.model_copy(update={"shifts": (*shifts.shifts, day_shift)})


def test_a_template_shift_overlapping_one_already_given_is_left_off_and_named(services, team):
    _, manager, staff, site = team
    with_day = with_day_shift()
    roster = RosterService(services.sessions, services.clock, settings=lambda: with_day)
    templates = RosterTemplates(services.sessions, services.clock, settings=lambda: with_day)
    wednesday = MONDAY + timedelta(days=2)
    roster.assign(manager, site, user_id=staff.user_id, shift_date=wednesday, shift_id="day")
    templates.save(manager, site, staff.user_id, MON_TO_FRI_MORNING)
    applied = templates.apply(manager, site, MONDAY)
    assert applied.added == 4
    [clash] = applied.clashes
    assert (clash.user_name, clash.shift_date, clash.shift_id, clash.other_shift_id) == (
        "Xiaoli",
        wednesday,
        "morning",
        "day",
    )
    on_wednesday = [
        e.shift_id for e in roster.roster(manager, site, MONDAY).entries if e.shift_date == wednesday
    ]
    assert on_wednesday == ["day"]


def test_a_template_whose_own_shifts_overlap_is_refused_and_nothing_is_saved(services, team):
    _, manager, staff, site = team
    with_day = with_day_shift()
    templates = RosterTemplates(services.sessions, services.clock, settings=lambda: with_day)
    with pytest.raises(ValidationFailed) as refused:
        templates.save(manager, site, staff.user_id, [(0, "morning"), (0, "day")])
    assert refused.value.key == "checks.error.template_overlap"
    assert templates.templates(manager, site) == []


def test_only_managers_keep_templates_and_trainees_have_none(team):
    services, manager, staff, site = team
    trainee = add_user(services, manager, "newbie", "trainee")
    with pytest.raises(PermissionDenied):
        services.roster_templates.save(staff, site, staff.user_id, MON_TO_FRI_MORNING)
    with pytest.raises(PermissionDenied):
        services.roster_templates.apply(staff, site, MONDAY)
    with pytest.raises(ValidationFailed) as refused:
        services.roster_templates.save(manager, site, trainee.user_id, MON_TO_FRI_MORNING)
    assert refused.value.key == "checks.error.trainee_no_checks"


def test_someone_who_has_left_is_not_put_on_the_roster(team):
    services, manager, staff, site = team
    services.roster_templates.save(manager, site, staff.user_id, MON_TO_FRI_MORNING)
    services.accounts.set_active(manager, staff.user_id, False, "离职")
    assert services.roster_templates.apply(manager, site, MONDAY).added == 0
    assert services.roster_templates.templates(manager, site) == []
