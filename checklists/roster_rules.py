"""Roster rules with no database: which entries give one person two shifts at the same time."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from checklists.settings import ShiftSettings
from checklists.shifts import occurrence
from checklists.views import RosterEntryView


def overlapping(
    entries: Iterable[RosterEntryView], settings: ShiftSettings
) -> list[tuple[RosterEntryView, ...]]:
    """Pairs of one person's entries whose shifts overlap in time (back to back is not an overlap).
    Times are compared in one zone: an overlap does not depend on which."""
    by_person: dict[int, list[tuple[RosterEntryView, object, object]]] = {}
    for entry in entries:
        shift = settings.shift(entry.shift_id)
        if shift is None:
            continue
        when = occurrence(shift, entry.shift_date, "UTC")
        by_person.setdefault(entry.user_id, []).append((entry, when.starts_at, when.ends_at))
    found: list[tuple[RosterEntryView, ...]] = []
    for rows in by_person.values():
        for (a, a_start, a_end), (b, b_start, b_end) in combinations(rows, 2):
            if a_start < b_end and b_start < a_end:  # type: ignore[operator]
                found.append((a, b))
    return sorted(found, key=lambda pair: (pair[0].shift_date, pair[0].user_name))
