"""Time limits: when a request is due, whether it is overdue or nearly so, and whether it finished in time.

The limits themselves live in desk/content/sla.yaml; this module only does the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Urgency(StrEnum):
    URGENT = "urgent"  # 紧急
    NORMAL = "normal"  # 一般


@dataclass(frozen=True)
class Limit:
    """For one kind and urgency: first response (e.g. on site) and resolution, in minutes."""

    respond_minutes: int | None
    resolve_minutes: int
    warn_minutes: int  # how long before the due time a request counts as "about to be overdue"


class Timing(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def due_at(received_at: datetime, limit: Limit) -> datetime:
    return received_at + timedelta(minutes=limit.resolve_minutes)


def respond_due_at(received_at: datetime, limit: Limit) -> datetime | None:
    if limit.respond_minutes is None:
        return None
    return received_at + timedelta(minutes=limit.respond_minutes)


def timing(due: datetime, now: datetime, warn_minutes: int) -> Timing:
    if now >= due:
        return Timing.OVERDUE
    if now >= due - timedelta(minutes=warn_minutes):
        return Timing.DUE_SOON
    return Timing.ON_TIME


def timing_at(due: datetime, warn_at: datetime, now: datetime) -> Timing:
    """Like `timing`, with the warning moment already worked out (as stored on a request)."""
    if now >= due:
        return Timing.OVERDUE
    if now >= warn_at:
        return Timing.DUE_SOON
    return Timing.ON_TIME


def finished_in_time(due: datetime, finished_at: datetime) -> bool:
    """Decided once, when the work finishes: at or before the due time counts as in time."""
    return finished_at <= due


def extend_for_hold(due: datetime, held_since: datetime, resumed_at: datetime) -> datetime:
    """Time on hold does not count against the limit (the SLA clock pauses)."""
    return due + max(resumed_at - held_since, timedelta(0))
