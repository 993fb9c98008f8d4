"""A month of calls summed up: the counts come from the database, the rates and percentiles from here."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from checklists.calls.rings import percentile


@dataclass(frozen=True)
class CallFigures:
    calls: int
    answered: int
    missed: int
    within_rings: int
    within_rings_rate: float | None  # of answered calls; None when none was answered
    median_ring_seconds: float | None
    p90_ring_seconds: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Line:
    """One extension, one person, or the centre."""

    label: str  # the extension, the person's display name, or the site name
    user_id: int | None
    figures: CallFigures


@dataclass(frozen=True)
class MonthCalls:
    period: str
    site_names: tuple[str, ...]
    limit_seconds: int
    target_rate: float
    extensions: tuple[Line, ...]
    people: tuple[Line, ...]  # calls to unmapped extensions have user_id None
    centre: CallFigures

    def as_dict(self) -> dict[str, Any]:
        def lines(items: Sequence[Line]) -> list[dict[str, Any]]:
            return [{"label": i.label, "user_id": i.user_id, **i.figures.as_dict()} for i in items]

        return {
            "month": self.period,
            "sites": list(self.site_names),
            "limit_seconds": self.limit_seconds,
            "target_rate": self.target_rate,
            "centre": self.centre.as_dict(),
            "extensions": lines(self.extensions),
            "people": lines(self.people),
        }


def figures(calls: int, answered: int, within: int, rings: Sequence[float]) -> CallFigures:
    return CallFigures(
        calls=calls,
        answered=answered,
        missed=calls - answered,
        within_rings=within,
        within_rings_rate=within / answered if answered else None,
        median_ring_seconds=percentile(rings, 0.5),
        p90_ring_seconds=percentile(rings, 0.9),
    )


def month_bounds(period: str, timezone: str) -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) of YYYY-MM in the site's zone, as UTC."""
    year, month = (int(p) for p in period.split("-"))
    zone = ZoneInfo(timezone)
    start = datetime(year, month, 1, tzinfo=zone)
    days = monthrange(year, month)[1]
    nxt = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    assert (nxt - start).days in (days - 1, days, days + 1)  # DST shifts an hour, never a day
    return start.astimezone(UTC), nxt.astimezone(UTC)
