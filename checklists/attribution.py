"""Which shift checks a person is asked for at a moment, and which they owe. Pure; the clock comes in.

A person is asked for, and owes, only the checks of the shifts they are rostered on. The checks of the
other shifts open at that moment are offered only on request (someone covering a shift the roster does not
show yet); they are recorded like any check but owe nothing: a start check done off the roster never makes
an end check "missed".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from checklists.settings import ShiftSettings
from checklists.shifts import Kind, Occurrence, Timing, check_window, open_checks, timing

Rostered = Collection[tuple[date, str]]  # (shift date, shift id) the person is rostered on


@dataclass(frozen=True)
class OpenCheck:
    occurrence: Occurrence
    kind: Kind
    timing: Timing  # ON_TIME or LATE: only open checks are listed
    rostered: bool


@dataclass(frozen=True)
class Attribution:
    due: tuple[OpenCheck, ...]  # the checks of the person's rostered shifts open now: asked for
    off_roster: tuple[OpenCheck, ...]  # the other checks open now: offered only on request


def attribute(settings: ShiftSettings, rostered: Rostered, at: datetime, timezone: str) -> Attribution:
    """Split the checks open at `at` into the person's own (rostered) and the rest, each in due order."""
    found = []
    for occ, kind in open_checks(settings, at, timezone):
        window = check_window(occ, kind, settings)
        on_roster = (occ.shift_date, occ.shift_id) in rostered
        found.append(OpenCheck(occ, kind, timing(window, at), on_roster))
    found.sort(key=lambda c: check_window(c.occurrence, c.kind, settings).due_at)
    return Attribution(
        due=tuple(c for c in found if c.rostered),
        off_roster=tuple(c for c in found if not c.rostered),
    )
