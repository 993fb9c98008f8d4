"""Shift times in the site's zone, lateness, future shifts, shifts across midnight, the next shift."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from checklists.settings import Shift, ShiftSettings, Weights
from checklists.shifts import (
    Kind,
    SlotStatus,
    Timing,
    active_window,
    check_window,
    latest_started,
    next_shift_start,
    occurrence,
    open_checks,
    slot_status,
    timing,
)
from rules.model import Text

TZ = "Asia/Shanghai"  # UTC+8
SETTINGS = ShiftSettings(
    grace_minutes=15,
    opens_minutes_before=60,
    closes_minutes_after_end=120,
    pass_mark=80,
    weights=Weights(critical=3, major=2, minor=1),
    shifts=(
        Shift(id="morning", name=Text(zh="早班", en="Morning"), start="07:00", end="15:00"),
        Shift(id="middle", name=Text(zh="中班", en="Middle"), start="15:00", end="23:00"),
        Shift(id="night", name=Text(zh="晚班", en="Night"), start="23:00", end="07:00"),
    ),
)
MORNING, MIDDLE, NIGHT = SETTINGS.shifts
DAY = date(2026, 11, 26)


def local(hour: int, minute: int = 0, day: int = 26) -> datetime:
    """A Beijing wall-clock time as the UTC instant the clock would give."""
    return datetime(2026, 11, day, hour, minute, tzinfo=ZoneInfo(TZ)).astimezone(UTC)


def test_a_shift_starts_at_its_local_time_in_the_sites_zone():
    occ = occurrence(MORNING, DAY, TZ)
    assert occ.starts_at == datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    assert occ.ends_at == datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


def test_a_night_shift_crosses_midnight_and_ends_the_next_day():
    occ = occurrence(NIGHT, DAY, TZ)
    assert occ.starts_at == local(23)
    assert occ.ends_at == local(7, day=27)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (local(5, 59), Timing.TOO_EARLY),
        (local(6, 0), Timing.ON_TIME),
        (local(7, 15), Timing.ON_TIME),
        (local(7, 16), Timing.LATE),
        (local(17, 0), Timing.LATE),
        (local(17, 1), Timing.CLOSED),
    ],
)
def test_a_start_check_after_start_plus_grace_is_late(at, expected):
    window = check_window(occurrence(MORNING, DAY, TZ), Kind.START, SETTINGS)
    assert timing(window, at) is expected


def test_a_check_for_a_future_shift_is_too_early():
    tomorrow = occurrence(MORNING, date(2026, 11, 27), TZ)
    assert timing(check_window(tomorrow, Kind.START, SETTINGS), local(9)) is Timing.TOO_EARLY


@pytest.mark.parametrize(
    ("at", "expected"),
    [(local(13, 59), Timing.TOO_EARLY), (local(14, 30), Timing.ON_TIME), (local(15, 16), Timing.LATE)],
)
def test_the_end_check_opens_before_the_shift_ends(at, expected):
    window = check_window(occurrence(MORNING, DAY, TZ), Kind.END, SETTINGS)
    assert timing(window, at) is expected


def test_the_end_check_of_a_night_shift_is_due_the_next_morning():
    window = check_window(occurrence(NIGHT, DAY, TZ), Kind.END, SETTINGS)
    assert timing(window, local(7, 10, day=27)) is Timing.ON_TIME
    assert timing(window, local(7, 16, day=27)) is Timing.LATE


def test_at_half_past_two_the_morning_end_check_and_the_middle_start_check_are_open():
    found = {(o.shift_id, o.shift_date, k) for o, k in open_checks(SETTINGS, local(14, 30), TZ)}
    assert ("morning", DAY, Kind.END) in found
    assert ("middle", DAY, Kind.START) in found
    assert ("morning", DAY, Kind.START) in found  # late, but still accepted
    assert ("night", DAY, Kind.START) not in found


def test_just_after_midnight_the_night_shift_started_yesterday_is_open():
    found = {(o.shift_id, o.shift_date, k) for o, k in open_checks(SETTINGS, local(0, 30, day=27), TZ)}
    assert ("night", DAY, Kind.START) in found


def test_back_to_back_shifts_split_the_day_for_logins():
    morning = active_window(occurrence(MORNING, DAY, TZ), SETTINGS)
    middle = active_window(occurrence(MIDDLE, DAY, TZ), SETTINGS)
    assert morning == (local(6), local(14))
    assert middle[0] == morning[1]


def test_the_next_shift_is_the_next_rostered_one():
    current = occurrence(MORNING, DAY, TZ)
    rostered = [occurrence(MIDDLE, date(2026, 11, 28), TZ), occurrence(NIGHT, date(2026, 11, 27), TZ)]
    assert next_shift_start(current, rostered, SETTINGS, TZ) == local(23, day=27)


def test_without_a_roster_the_next_shift_is_the_same_shift_tomorrow():
    current = occurrence(MORNING, DAY, TZ)
    earlier = [occurrence(MORNING, date(2026, 11, 20), TZ)]
    assert next_shift_start(current, earlier, SETTINGS, TZ) == local(7, day=27)


@pytest.mark.parametrize(
    ("at", "submitted", "late", "expected"),
    [
        (local(7, 5), True, False, SlotStatus.DONE),
        (local(8), True, True, SlotStatus.LATE),
        (local(5), False, False, SlotStatus.NOT_OPEN),
        (local(7, 10), False, False, SlotStatus.DUE),
        (local(7, 30), False, False, SlotStatus.MISSING),
        (local(17, 30), False, False, SlotStatus.MISSED),
    ],
)
def test_board_status_of_a_start_check(at, submitted, late, expected):
    window = check_window(occurrence(MORNING, DAY, TZ), Kind.START, SETTINGS)
    assert slot_status(window, at, submitted=submitted, late=late) is expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (local(9), ("morning", DAY)),
        (local(15), ("middle", DAY)),
        (local(2, day=27), ("night", DAY)),
        (local(6, 59), ("night", date(2026, 11, 25))),
    ],
)
def test_the_shift_that_started_last(at, expected):
    occ = latest_started(SETTINGS, at, TZ)
    assert (occ.shift_id, occ.shift_date) == expected
