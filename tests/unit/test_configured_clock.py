"""FRONTDESK_NOW starts the app's clock at a chosen moment (browser tests, demos); unset, time is real."""

from datetime import UTC, datetime, timedelta

import pytest

from store.clock import configured_clock, running_from, utcnow


def test_without_the_variable_the_clock_is_the_real_one():
    assert configured_clock({}) is utcnow


def test_the_clock_starts_at_the_moment_given_and_runs_on():
    real = [datetime(2030, 1, 1, tzinfo=UTC)]
    clock = running_from(datetime(2026, 11, 26, 7, 5, tzinfo=UTC), lambda: real[0])
    assert clock() == datetime(2026, 11, 26, 7, 5, tzinfo=UTC)
    real[0] += timedelta(minutes=3)
    assert clock() == datetime(2026, 11, 26, 7, 8, tzinfo=UTC)


def test_a_moment_with_its_offset_is_read_in_utc():
    now = configured_clock({"FRONTDESK_NOW": "2026-11-26T07:05+08:00"})()
    assert abs(now - datetime(2026, 11, 25, 23, 5, tzinfo=UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize("value", ["tomorrow", "2026-11-26T07:05"])
def test_a_malformed_or_zoneless_moment_is_refused_with_an_example(value):
    with pytest.raises(ValueError, match="2026-11-26T09:30\\+08:00"):
        configured_clock({"FRONTDESK_NOW": value})
