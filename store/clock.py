"""Time comes in as a parameter so services and tests agree on 'now'.

`FRONTDESK_NOW` (an ISO time with its offset, e.g. 2026-11-26T09:30+08:00) starts the app's clock at that
moment and lets it run on from there: browser tests and demos see the same shift, whatever the hour of
the machine. Unset, the clock is the real one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

Clock = Callable[[], datetime]
NOW_VARIABLE = "FRONTDESK_NOW"
EXAMPLE = "2026-11-26T09:30+08:00"


def utcnow() -> datetime:
    return datetime.now(UTC)


def running_from(start: datetime, real: Clock = utcnow) -> Clock:
    """A clock that reads `start` now and advances with real time."""
    offset = start.astimezone(UTC) - real()

    def now() -> datetime:
        return real() + offset

    return now


def configured_clock(environ: Mapping[str, str] | None = None) -> Clock:
    """The real clock, or one started at FRONTDESK_NOW; a malformed value is refused, never ignored."""
    value = (os.environ if environ is None else environ).get(NOW_VARIABLE, "").strip()
    if not value:
        return utcnow
    try:
        start = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{NOW_VARIABLE}={value!r} is not an ISO time such as {EXAMPLE}") from exc
    if start.tzinfo is None:
        raise ValueError(f"{NOW_VARIABLE}={value!r} needs its UTC offset, e.g. {EXAMPLE}")
    return running_from(start)
