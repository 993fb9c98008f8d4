from datetime import UTC, datetime, timedelta

from core import lockout
from core.lockout import LockState

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def fail_times(n: int, start: LockState | None = None) -> LockState:
    state = start or LockState(0, None)
    for _ in range(n):
        state = lockout.after_failure(state, NOW)
    return state


def test_four_wrong_passwords_do_not_lock():
    state = fail_times(4)
    assert state.failed_count == 4
    assert not lockout.is_locked(state, NOW)


def test_fifth_wrong_password_locks_for_fifteen_minutes():
    state = fail_times(5)
    assert lockout.is_locked(state, NOW)
    assert state.locked_until == NOW + timedelta(minutes=15)
    assert lockout.minutes_left(state, NOW) == 15
    assert lockout.is_locked(state, NOW + timedelta(minutes=14, seconds=59))
    assert not lockout.is_locked(state, NOW + timedelta(minutes=15))


def test_minutes_left_rounds_up_so_a_locked_account_never_says_zero():
    state = fail_times(5)
    assert lockout.minutes_left(state, NOW + timedelta(minutes=14, seconds=30)) == 1


def test_a_lock_that_ran_out_starts_a_fresh_count():
    locked = fail_times(5)
    later = NOW + timedelta(minutes=16)
    state = lockout.after_failure(locked, later)
    assert state.failed_count == 1
    assert not lockout.is_locked(state, later)


def test_success_clears_the_count():
    assert lockout.after_success() == LockState(0, None)
