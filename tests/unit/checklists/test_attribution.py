"""Who is asked for which shift check, and when: only the checks of the shifts a person is rostered on,
as a table over the day (before, inside, after and between shifts, the night shift across midnight)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from checklists.attribution import attribute
from checklists.shifts import Kind, Timing
from tests.unit.checklists.test_shifts import SETTINGS, TZ

DAY = date(2026, 11, 26)
BEFORE = DAY - timedelta(days=1)
START, END = Kind.START, Kind.END
ON_TIME, LATE = Timing.ON_TIME, Timing.LATE


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(TZ)).astimezone(UTC)


def asked(rostered: set[tuple[date, str]], when: datetime) -> list[tuple[date, str, Kind, Timing]]:
    due = attribute(SETTINGS, rostered, when, TZ).due
    return [(c.occurrence.shift_date, c.occurrence.shift_id, c.kind, c.timing) for c in due]


MORNING = {(DAY, "morning")}
MIDDLE = {(DAY, "middle")}
NIGHT = {(DAY, "night")}
NIGHT_BEFORE = {(BEFORE, "night")}


@pytest.mark.parametrize(
    ("rostered", "when", "expected"),
    [
        # 早班 07:00-15:00: the start check opens 06:00, is late after 07:15; the end check opens 14:00.
        (MORNING, at(5, 59), []),  # before the shift: nothing open yet
        (MORNING, at(6, 0), [(DAY, "morning", START, ON_TIME)]),
        (MORNING, at(7, 15), [(DAY, "morning", START, ON_TIME)]),
        (MORNING, at(10, 0), [(DAY, "morning", START, LATE)]),  # inside: the start check, late
        (MORNING, at(14, 30), [(DAY, "morning", START, LATE), (DAY, "morning", END, ON_TIME)]),
        # The case of the issue: at 15:18 an early-shift worker owes her own end check, never 中班's start.
        (MORNING, at(15, 18), [(DAY, "morning", START, LATE), (DAY, "morning", END, LATE)]),
        (MORNING, at(17, 0), [(DAY, "morning", START, LATE), (DAY, "morning", END, LATE)]),
        (MORNING, at(17, 1), []),  # after the shift: its checks have closed
        # 中班 15:00-23:00.
        (MIDDLE, at(13, 59), []),
        (MIDDLE, at(14, 0), [(DAY, "middle", START, ON_TIME)]),
        (MIDDLE, at(22, 30), [(DAY, "middle", START, LATE), (DAY, "middle", END, ON_TIME)]),
        (MIDDLE, at(1, 1, DAY + timedelta(days=1)), []),
        # 晚班 23:00-07:00 crosses midnight: the shift of the 26th ends on the 27th.
        (NIGHT, at(21, 59), []),
        (NIGHT, at(22, 0), [(DAY, "night", START, ON_TIME)]),
        (NIGHT, at(2, 0, DAY + timedelta(days=1)), [(DAY, "night", START, LATE)]),
        (
            NIGHT,
            at(7, 10, DAY + timedelta(days=1)),
            [(DAY, "night", START, LATE), (DAY, "night", END, ON_TIME)],
        ),
        (NIGHT, at(9, 1, DAY + timedelta(days=1)), []),
        # The night shift of the 25th is still ending in the morning of the 26th.
        (NIGHT_BEFORE, at(6, 30), [(BEFORE, "night", START, LATE), (BEFORE, "night", END, ON_TIME)]),
        (NIGHT_BEFORE, at(9, 1), []),
        # Between two rostered shifts (早班 and 晚班): nothing from 17:01 until the night opens at 22:00.
        (MORNING | NIGHT, at(18, 0), []),
        (MORNING | NIGHT, at(22, 0), [(DAY, "night", START, ON_TIME)]),
        # Back to back (早班 then 中班): at 15:18 both of her own checks are asked for.
        (
            MORNING | MIDDLE,
            at(15, 18),
            [(DAY, "morning", START, LATE), (DAY, "morning", END, LATE), (DAY, "middle", START, LATE)],
        ),
        # Off the roster nothing is asked for, at any hour.
        (set(), at(6, 30), []),
        (set(), at(15, 18), []),
        (set(), at(23, 30), []),
        # A shift on another date is not this one.
        ({(DAY + timedelta(days=1), "morning")}, at(10, 0), []),
    ],
)
def test_a_person_is_asked_only_for_the_checks_of_their_rostered_shifts(rostered, when, expected):
    assert asked(rostered, when) == expected


def test_the_other_checks_open_now_are_offered_apart_and_never_as_rostered():
    found = attribute(SETTINGS, MORNING, at(15, 18), TZ)
    assert {(c.occurrence.shift_id, c.kind) for c in found.off_roster} == {("middle", START)}
    assert not any(c.rostered for c in found.off_roster)
    assert all(c.rostered for c in found.due)


def test_off_the_roster_every_open_check_is_offered_only_on_request():
    found = attribute(SETTINGS, set(), at(15, 18), TZ)
    assert found.due == ()
    assert {(c.occurrence.shift_id, c.kind) for c in found.off_roster} == {
        ("morning", START),
        ("morning", END),
        ("middle", START),
    }
