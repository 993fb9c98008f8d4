"""Roster rules with no database: which entries give one person two shifts at the same time, and what a
person's weekly template puts on the roster of a chosen week."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations

from checklists.settings import ShiftSettings
from checklists.shifts import occurrence
from checklists.views import RosterEntryView
from core.errors import ValidationFailed

Slot = tuple[int, str]  # (weekday, 0 = Monday; shift id): "works the morning shift on Mondays"
_SAMPLE_MONDAY = date(2024, 1, 1)  # any Monday: a template is checked on two weeks from one


def overlapping(
    entries: Iterable[RosterEntryView], settings: ShiftSettings
) -> list[tuple[RosterEntryView, ...]]:
    """Pairs of one person's entries whose shifts overlap in time (back to back is not an overlap).
    Times are compared in one zone: an overlap does not depend on which."""
    by_person: dict[int, list[tuple[RosterEntryView, datetime, datetime]]] = {}
    for entry in entries:
        when = _span(entry.shift_id, entry.shift_date, settings)
        if when is not None:
            by_person.setdefault(entry.user_id, []).append((entry, *when))
    found: list[tuple[RosterEntryView, ...]] = []
    for rows in by_person.values():
        for (a, a_start, a_end), (b, b_start, b_end) in combinations(rows, 2):
            if a_start < b_end and b_start < a_end:
                found.append((a, b))
    return sorted(found, key=lambda pair: (pair[0].shift_date, pair[0].user_name))


def _span(shift_id: str, day: date, settings: ShiftSettings) -> tuple[datetime, datetime] | None:
    shift = settings.shift(shift_id)
    if shift is None:
        return None
    when = occurrence(shift, day, "UTC")
    return when.starts_at, when.ends_at


def clean_slots(slots: Iterable[Slot], settings: ShiftSettings) -> tuple[Slot, ...]:
    """A template's slots, sorted and without repeats; refused when a day or shift is unknown, or when
    two of its shifts overlap (also a Sunday night into a Monday morning of the next week)."""
    chosen: set[Slot] = set()
    for day, shift_id in slots:
        if not isinstance(day, int) or not 0 <= day <= 6:
            raise ValidationFailed("checks.error.bad_weekday", field="template", day=day)
        if settings.shift(shift_id) is None:
            raise ValidationFailed("checks.error.unknown_shift", field="template", shift=shift_id)
        chosen.add((day, shift_id))
    ordered = tuple(sorted(chosen, key=lambda s: (s[0], settings.shift_ids.index(s[1]))))
    sample = [
        RosterEntryView(0, 0, "", _SAMPLE_MONDAY + timedelta(days=week * 7 + day), shift_id)
        for week in (0, 1)
        for day, shift_id in ordered
    ]
    if overlapping(sample, settings):
        raise ValidationFailed("checks.error.template_overlap", field="template")
    return ordered


@dataclass(frozen=True)
class Planned:
    user_id: int
    shift_date: date
    shift_id: str


@dataclass(frozen=True)
class Clash:
    """A template's shift left off the roster: it would overlap a shift the person already has."""

    user_id: int
    shift_date: date
    shift_id: str
    other_date: date
    other_shift_id: str


@dataclass(frozen=True)
class WeekPlan:
    add: tuple[Planned, ...]
    kept: int  # already on the roster, left as they are
    clashes: tuple[Clash, ...]


def plan_week(
    templates: Mapping[int, Sequence[Slot]],
    dates: Sequence[date],
    rostered: Iterable[RosterEntryView],
    settings: ShiftSettings,
) -> WeekPlan:
    """What the templates add to the week of `dates`. A shift already given is kept; one that would overlap
    a shift the person already has (pass the day before and after the week too) is refused as a clash."""
    held: dict[int, list[tuple[date, str]]] = {}
    for entry in rostered:
        held.setdefault(entry.user_id, []).append((entry.shift_date, entry.shift_id))
    add: list[Planned] = []
    clashes: list[Clash] = []
    kept = 0
    for user_id, slots in templates.items():
        mine = held.setdefault(user_id, [])
        for day in dates:
            for weekday, shift_id in slots:
                if weekday != day.weekday():
                    continue
                if (day, shift_id) in mine:
                    kept += 1
                    continue
                other = next((o for o in mine if _overlap((day, shift_id), o, settings)), None)
                if other is not None:
                    clashes.append(Clash(user_id, day, shift_id, *other))
                    continue
                mine.append((day, shift_id))
                add.append(Planned(user_id, day, shift_id))
    return WeekPlan(tuple(add), kept, tuple(clashes))


def _overlap(a: tuple[date, str], b: tuple[date, str], settings: ShiftSettings) -> bool:
    a_span, b_span = _span(a[1], a[0], settings), _span(b[1], b[0], settings)
    if a_span is None or b_span is None:
        return False
    return a_span[0] < b_span[1] and b_span[0] < a_span[1]
