from datetime import date

from checklists.roster_rules import overlapping
from checklists.settings import Shift
from checklists.views import RosterEntryView
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
