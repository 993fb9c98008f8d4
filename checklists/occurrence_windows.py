"""The shift occurrences of a period, as conditions the checklist queries hand to the database.

Shift times live in shifts.yaml, not in the database, so a period's occurrences go to the database as
conditions on (site, date, shift) columns. A condition is built once per shape (how many terms, which
dates are a range) with bound parameters, and run with the values `Windows.terms` gives: the statements
that use it are then built once too (`checklists.queries`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, false, or_

from checklists.settings import ShiftSettings
from checklists.shifts import Kind, Occurrence, check_window

Shape = tuple[bool, ...]  # per occurrence term: are its dates one range (else a list)


@dataclass(frozen=True)
class Windows:
    """The shift occurrences of a period: per (site, shift) its dates, each with the moment its checks'
    windows close. The queries ask for them as conditions on (site, date, shift) columns: a date range
    per shift for the sites that share it, a few terms whatever the number of centres and days (a
    derived table of one row per occurrence cost more to build and compile than the query to answer)."""

    runs: Mapping[tuple[int, str], tuple[tuple[date, datetime], ...]]

    def terms(self, name: str, closed_by: datetime | None = None) -> tuple[Shape, dict[str, Any]]:
        """The shape of the condition `matching(name, ...)` on the occurrences of the period (whose
        windows closed before `closed_by`), and the values of its parameters."""
        sites_of: dict[tuple[str, tuple[date, ...]], list[int]] = {}
        for (site_id, shift_id), run in self.runs.items():
            dates = tuple(d for d, closes_at in run if closed_by is None or closes_at < closed_by)
            if dates:
                sites_of.setdefault((shift_id, dates), []).append(site_id)
        shape: list[bool] = []
        params: dict[str, Any] = {}
        for i, ((shift_id, dates), site_ids) in enumerate(sites_of.items()):
            key = f"{name}{i}"
            in_range = (dates[-1] - dates[0]).days + 1 == len(dates)  # consecutive: the usual case
            shape.append(in_range)
            params[f"{key}_sites"] = sorted(site_ids)
            params[f"{key}_shift"] = shift_id
            if in_range:
                params[f"{key}_first"], params[f"{key}_last"] = dates[0], dates[-1]
            else:
                params[f"{key}_dates"] = list(dates)
        return tuple(shape), params


def matching(name: str, shape: Shape, site: Any, day: Any, shift: Any) -> Any:
    """(site, day, shift) is an occurrence of the period: the condition whose parameter values
    `Windows.terms(name)` gives."""
    if not shape:
        return false()
    return or_(
        *(
            and_(
                site.in_(bindparam(f"{name}{i}_sites", expanding=True)),
                shift == bindparam(f"{name}{i}_shift"),
                day.between(bindparam(f"{name}{i}_first"), bindparam(f"{name}{i}_last"))
                if in_range
                else day.in_(bindparam(f"{name}{i}_dates", expanding=True)),
            )
            for i, in_range in enumerate(shape)
        )
    )


def windows(period: Sequence[tuple[int, Occurrence]], settings: ShiftSettings) -> Windows:
    """The period's (site, shift occurrence) pairs, with the moment each one's check windows close."""
    runs: dict[tuple[int, str], list[tuple[date, datetime]]] = {}
    for site_id, occ in period:
        closes_at = check_window(occ, Kind.END, settings).closes_at
        runs.setdefault((site_id, occ.shift_id), []).append((occ.shift_date, closes_at))
    return Windows({key: tuple(sorted(run)) for key, run in runs.items()})
