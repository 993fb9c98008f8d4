"""When a shift runs, when its checks open, fall due and close, and which shift comes next. Pure.

A shift occurrence is a shift on a date (the local date it starts). Times go in and come out as
aware UTC datetimes; the site's time zone turns local shift times into instants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from checklists.settings import Shift, ShiftSettings


class Kind(StrEnum):
    START = "start"  # 班前自检: the before-shift rules
    END = "end"  # 班后自检: the end-of-shift rules


MOMENT = {Kind.START: "before_shift", Kind.END: "end_of_shift"}


class Timing(StrEnum):
    TOO_EARLY = "too_early"  # a future shift: refused
    ON_TIME = "on_time"
    LATE = "late"  # accepted, marked late
    CLOSED = "closed"  # too long after the shift: refused, it counts as missed


@dataclass(frozen=True)
class Occurrence:
    shift_id: str
    shift_date: date  # the local date the shift starts on
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC


@dataclass(frozen=True)
class CheckWindow:
    opens_at: datetime
    due_at: datetime  # after this the check is late
    closes_at: datetime  # after this it is no longer accepted


def local_date(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def occurrence(shift: Shift, shift_date: date, timezone: str) -> Occurrence:
    zone = ZoneInfo(timezone)
    end_date = shift_date + timedelta(days=1) if shift.crosses_midnight else shift_date
    starts = datetime.combine(shift_date, shift.start_time, tzinfo=zone)
    ends = datetime.combine(end_date, shift.end_time, tzinfo=zone)
    return Occurrence(shift.id, shift_date, starts.astimezone(UTC), ends.astimezone(UTC))


def occurrences(settings: ShiftSettings, dates: Iterable[date], timezone: str) -> list[Occurrence]:
    """Every shift on every date, in date then shift order."""
    return [occurrence(shift, day, timezone) for day in dates for shift in settings.shifts]


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def check_window(occ: Occurrence, kind: Kind, settings: ShiftSettings) -> CheckWindow:
    anchor = occ.starts_at if kind is Kind.START else occ.ends_at
    return CheckWindow(
        opens_at=anchor - timedelta(minutes=settings.opens_minutes_before),
        due_at=anchor + timedelta(minutes=settings.grace_minutes),
        closes_at=occ.ends_at + timedelta(minutes=settings.closes_minutes_after_end),
    )


def timing(window: CheckWindow, at: datetime) -> Timing:
    if at < window.opens_at:
        return Timing.TOO_EARLY
    if at > window.closes_at:
        return Timing.CLOSED
    return Timing.LATE if at > window.due_at else Timing.ON_TIME


def active_window(occ: Occurrence, settings: ShiftSettings) -> tuple[datetime, datetime]:
    """Logins created in [from, until) count as working this shift.

    Both ends move back by the opening lead, so back-to-back shifts split the day without overlap and a
    person who logs in to do the start check before their shift counts for that shift, not the one ending.
    """
    lead = timedelta(minutes=settings.opens_minutes_before)
    return occ.starts_at - lead, occ.ends_at - lead


def open_checks(settings: ShiftSettings, at: datetime, timezone: str) -> list[tuple[Occurrence, Kind]]:
    """The checks that can be done at `at`: every (shift occurrence, kind) whose window contains it."""
    today = local_date(at, timezone)
    found = []
    for occ in occurrences(settings, days(today - timedelta(days=1), today + timedelta(days=1)), timezone):
        for kind in Kind:
            if timing(check_window(occ, kind, settings), at) in (Timing.ON_TIME, Timing.LATE):
                found.append((occ, kind))
    return found


def next_shift_start(
    current: Occurrence, rostered: Iterable[Occurrence], settings: ShiftSettings, timezone: str
) -> datetime:
    """When the person's next shift starts: their next rostered shift after this one, else the same
    shift on the next day."""
    later = [o.starts_at for o in rostered if o.starts_at > current.starts_at]
    if later:
        return min(later)
    shift = settings.shift(current.shift_id)
    assert shift is not None
    return occurrence(shift, current.shift_date + timedelta(days=1), timezone).starts_at


class SlotStatus(StrEnum):
    """Where one person's check of one shift stands, as a manager's board shows it."""

    DONE = "done"
    LATE = "late"  # done, after the grace period
    NOT_OPEN = "not_open"  # cannot be done yet
    DUE = "due"  # open, not done, not yet late
    MISSING = "missing"  # past due, not done; can still be done (late)
    MISSED = "missed"  # closed without a check


def slot_status(window: CheckWindow, at: datetime, *, submitted: bool, late: bool) -> SlotStatus:
    if submitted:
        return SlotStatus.LATE if late else SlotStatus.DONE
    if at < window.opens_at:
        return SlotStatus.NOT_OPEN
    if at > window.closes_at:
        return SlotStatus.MISSED
    return SlotStatus.MISSING if at > window.due_at else SlotStatus.DUE


def latest_started(settings: ShiftSettings, at: datetime, timezone: str) -> Occurrence:
    """The shift that started last before `at` (the one a spot check is most likely about)."""
    today = local_date(at, timezone)
    started = [
        occ
        for occ in occurrences(settings, days(today - timedelta(days=1), today), timezone)
        if occ.starts_at <= at
    ]
    return max(started, key=lambda occ: occ.starts_at)
