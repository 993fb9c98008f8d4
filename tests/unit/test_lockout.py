"""Repeated wrong logins wait longer and longer; nobody can shut a colleague out for long."""

from datetime import UTC, datetime, timedelta

import pytest

from core import lockout
from core.lockout import PER_ADDRESS, PER_USERNAME, Throttle

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def fail_times(n: int, policy=PER_USERNAME, at: datetime = NOW) -> Throttle:  # type: ignore[no-untyped-def]
    state = Throttle()
    for _ in range(n):
        state = lockout.after_failure(state, at, policy)
    return state


def test_two_wrong_passwords_cost_no_wait():
    state = fail_times(2)
    assert state.failures == 2
    assert lockout.wait_seconds(state, NOW) == 0


@pytest.mark.parametrize(("failures", "seconds"), [(3, 5), (4, 10), (5, 20), (6, 40), (9, 300), (30, 300)])
def test_from_the_third_wrong_password_on_each_doubles_the_wait_up_to_five_minutes(failures, seconds):
    assert lockout.wait_seconds(fail_times(failures), NOW) == seconds


def test_the_wait_counts_down_and_rounds_up_so_it_never_says_zero_while_waiting():
    state = fail_times(3)
    assert lockout.wait_seconds(state, NOW + timedelta(seconds=4.2)) == 1
    assert lockout.wait_seconds(state, NOW + timedelta(seconds=5)) == 0


def test_an_hour_without_a_failure_starts_a_fresh_count():
    later = NOW + timedelta(hours=1)
    state = lockout.after_failure(fail_times(8), later, PER_USERNAME)
    assert state == Throttle(1, later, None)


def test_a_shared_desk_pc_gets_more_slack_than_one_username():
    assert lockout.wait_seconds(fail_times(19, PER_ADDRESS), NOW) == 0
    assert lockout.wait_seconds(fail_times(20, PER_ADDRESS), NOW) == 5


def test_a_right_password_takes_back_only_its_own_count():
    state = lockout.after_success(fail_times(20, PER_ADDRESS), NOW, PER_ADDRESS)
    assert state.failures == 19
    assert lockout.wait_seconds(state, NOW) == 0
    assert lockout.after_success(Throttle(), NOW, PER_ADDRESS) == Throttle()
