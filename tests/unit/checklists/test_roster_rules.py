from datetime import date, timedelta

import pytest

from checklists.roster_rules import clean_slots, overlapping, plan_week
from checklists.settings import Shift
from checklists.views import RosterEntryView
from core.errors import ValidationFailed
from rules.model import Text
from tests.unit.checklists.test_shifts import SETTINGS

DAY = date(2026, 11, 26)
WITH_DAY_SHIFT = SETTINGS.model_copy(
    update={
        "shifts": (
            *SETTINGS.shifts,
            Shift(id="day", name=Text(zh="白班", en="Day"), start="09:00", end="18:00"),
        )
    }
)


def entry(n, shift_id, day=DAY, user=1):  # type: ignore[no-untyped-def]
    return RosterEntryView(n, user, "小李", day, shift_id)


def test_two_shifts_at_the_same_time_for_one_person_overlap():
    [(a, b)] = overlapping([entry(1, "morning"), entry(2, "day")], WITH_DAY_SHIFT)
    assert (a.shift_id, b.shift_id) == ("morning", "day")


def test_back_to_back_shifts_do_not_overlap():
    assert overlapping([entry(1, "morning"), entry(2, "middle"), entry(3, "night")], SETTINGS) == []


def test_a_night_shift_overlaps_a_next_day_shift_that_starts_before_it_ends():
    early = Shift(id="early", name=Text(zh="早早班", en="Early"), start="06:00", end="14:00")
    settings = SETTINGS.model_copy(update={"shifts": (*SETTINGS.shifts, early)})
    assert len(overlapping([entry(1, "night"), entry(2, "early", day=date(2026, 11, 27))], settings)) == 1


def test_two_people_on_the_same_shift_is_no_overlap():
    assert overlapping([entry(1, "morning", user=1), entry(2, "day", user=2)], WITH_DAY_SHIFT) == []


# --- weekly templates ------------------------------------------------------------------------------

MONDAY = date(2026, 11, 23)
WEEK = [MONDAY + timedelta(days=i) for i in range(7)]
MON_TO_FRI_MORNING = [(d, "morning") for d in range(5)]


def test_a_template_is_kept_in_week_order_without_repeats():
    slots = [(4, "morning"), (0, "middle"), (0, "morning"), (4, "morning")]
    assert clean_slots(slots, SETTINGS) == ((0, "morning"), (0, "middle"), (4, "morning"))


def test_a_template_with_an_unknown_day_or_shift_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        clean_slots([(7, "morning")], SETTINGS)
    assert refused.value.key == "checks.error.bad_weekday"
    with pytest.raises(ValidationFailed) as refused:
        clean_slots([(0, "siesta")], SETTINGS)
    assert refused.value.key == "checks.error.unknown_shift"


def test_a_template_whose_own_shifts_overlap_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        clean_slots([(2, "morning"), (2, "day")], WITH_DAY_SHIFT)
    assert refused.value.key == "checks.error.template_overlap"


def test_a_sunday_night_overlapping_the_next_mondays_shift_is_refused():
    early = Shift(id="early", name=Text(zh="早早班", en="Early"), start="06:00", end="14:00")
    settings = SETTINGS.model_copy(update={"shifts": (*SETTINGS.shifts, early)})
    with pytest.raises(ValidationFailed):
        clean_slots([(6, "night"), (0, "early")], settings)
    assert clean_slots([(6, "night"), (0, "morning")], settings) == ((0, "morning"), (6, "night"))


def test_a_template_puts_its_shifts_on_the_days_of_the_chosen_week():
    plan = plan_week({1: MON_TO_FRI_MORNING}, WEEK, [], SETTINGS)
    assert [(p.user_id, p.shift_date, p.shift_id) for p in plan.add] == [
        (1, MONDAY + timedelta(days=i), "morning") for i in range(5)
    ]
    assert (plan.kept, plan.clashes) == (0, ())


def test_a_week_starting_midweek_takes_each_day_by_its_weekday():
    thursday_on = [MONDAY + timedelta(days=3 + i) for i in range(7)]
    plan = plan_week({1: [(0, "morning")]}, thursday_on, [], SETTINGS)
    assert [p.shift_date for p in plan.add] == [MONDAY + timedelta(days=7)]


def test_shifts_already_given_are_kept_and_not_added_twice():
    plan = plan_week({1: MON_TO_FRI_MORNING}, WEEK, [entry(9, "morning", day=MONDAY)], SETTINGS)
    assert len(plan.add) == 4 and plan.kept == 1


def test_a_template_shift_overlapping_one_already_given_is_left_off_as_a_clash():
    given = entry(9, "day", day=MONDAY + timedelta(days=2))
    plan = plan_week({1: MON_TO_FRI_MORNING}, WEEK, [given], WITH_DAY_SHIFT)
    assert [p.shift_date.weekday() for p in plan.add] == [0, 1, 3, 4]
    [clash] = plan.clashes
    assert (clash.shift_date, clash.shift_id, clash.other_date, clash.other_shift_id) == (
        given.shift_date,
        "morning",
        given.shift_date,
        "day",
    )


def test_a_night_shift_the_day_before_the_week_clashes_with_an_early_monday():
    early = Shift(id="early", name=Text(zh="早早班", en="Early"), start="06:00", end="14:00")
    settings = SETTINGS.model_copy(update={"shifts": (*SETTINGS.shifts, early)})
    sunday_night = entry(9, "night", day=MONDAY - timedelta(days=1))
    plan = plan_week({1: [(0, "early")]}, WEEK, [sunday_night], settings)
    assert plan.add == () and len(plan.clashes) == 1


def test_another_persons_shift_never_clashes():
    plan = plan_week({1: [(0, "morning")]}, WEEK, [entry(9, "day", day=MONDAY, user=2)], WITH_DAY_SHIFT)
    assert len(plan.add) == 1 and plan.clashes == ()
