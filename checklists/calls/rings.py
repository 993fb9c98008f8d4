"""The ring-time rule of item 27 (电话铃声三声接起). Pure: numbers in, decisions out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime


def ring_seconds(
    start: datetime | None,
    answer: datetime | None,
    duration: float | None = None,
    billsec: float | None = None,
) -> float | None:
    """How long the phone rang before it was picked up: answer - start, else duration - billsec.

    None when neither pair is known (a missed call has no ring time that counts against the rings).
    """
    if start is not None and answer is not None:
        return (answer - start).total_seconds()
    if duration is not None and billsec is not None:
        return duration - billsec
    return None


def within_rings(seconds: float | None, limit_seconds: int) -> bool:
    """Picked up while the rings lasted: strictly under rings x ring cycle (3 x 5 s: 14 s yes, 15 s no)."""
    return seconds is not None and seconds < limit_seconds


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between the closest ranks (PostgreSQL's percentile_cont); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
