"""When wrong passwords lock an account, and for how long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)


@dataclass(frozen=True)
class LockState:
    failed_count: int
    locked_until: datetime | None


def is_locked(state: LockState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def minutes_left(state: LockState, now: datetime) -> int:
    """Whole minutes, rounded up, so the message never says 0 while still locked."""
    if not is_locked(state, now):
        return 0
    assert state.locked_until is not None
    seconds = (state.locked_until - now).total_seconds()
    return max(1, int(-(-seconds // 60)))


def after_failure(state: LockState, now: datetime) -> LockState:
    """A wrong password: count it; the fifth in a row locks the account for 15 minutes.

    A lock that has run out starts a fresh count, so one more slip does not re-lock at once.
    """
    count = 0 if (state.locked_until is not None and now >= state.locked_until) else state.failed_count
    count += 1
    if count >= MAX_FAILURES:
        return LockState(failed_count=count, locked_until=now + LOCK_DURATION)
    return LockState(failed_count=count, locked_until=None)


def after_success() -> LockState:
    return LockState(failed_count=0, locked_until=None)
