from datetime import UTC, datetime, timedelta

import pytest

from core.errors import ValidationFailed
from desk.phone import clean_phone, mask_phone
from desk.requests import sla
from desk.statistics.kpi import MonthCounts, meets_target, rates

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
URGENT_REPAIR = sla.Limit(respond_minutes=30, resolve_minutes=240, warn_minutes=30)


def test_due_times_come_from_the_limit():
    assert sla.due_at(T0, URGENT_REPAIR) == T0 + timedelta(hours=4)
    assert sla.respond_due_at(T0, URGENT_REPAIR) == T0 + timedelta(minutes=30)
    assert sla.respond_due_at(T0, sla.Limit(None, 60, 10)) is None


def test_timing_warns_before_the_due_time_and_flags_overdue():
    due = sla.due_at(T0, URGENT_REPAIR)
    assert sla.timing(due, T0 + timedelta(hours=3), 30) is sla.Timing.ON_TIME
    assert sla.timing(due, T0 + timedelta(hours=3, minutes=30), 30) is sla.Timing.DUE_SOON
    assert sla.timing(due, due, 30) is sla.Timing.OVERDUE


def test_finishing_exactly_at_the_due_time_counts_as_in_time():
    due = sla.due_at(T0, URGENT_REPAIR)
    assert sla.finished_in_time(due, due)
    assert not sla.finished_in_time(due, due + timedelta(seconds=1))


def test_time_on_hold_does_not_count_against_the_limit():
    due = sla.due_at(T0, URGENT_REPAIR)
    assert sla.extend_for_hold(due, T0, T0 + timedelta(hours=2)) == due + timedelta(hours=2)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("021-62345678", "02162345678"),
        ("(0755)8123-4567", "075581234567"),
    ],
)
def test_valid_phone_numbers_are_kept_as_digits(raw, clean):
    assert clean_phone(raw) == clean


@pytest.mark.parametrize("raw", ["12345", "23812345678", "1381234567", "abc", "138123456789"])
def test_invalid_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationFailed) as err:
        clean_phone(raw)
    assert err.value.key == "desk.error.phone_invalid"


def test_an_empty_phone_is_refused_when_required():
    with pytest.raises(ValidationFailed) as err:
        clean_phone("  ")
    assert err.value.key == "desk.error.phone_required"


def test_phone_numbers_are_masked_in_the_middle():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("02162345678") == "021****5678"


def test_rates_on_a_hand_computed_month():
    counts = MonthCounts(
        repair=10, inquiry=5, complaint=4, complaint_due=4, complaint_timely=3, complaint_valid=2,
        valid_handled=1, repair_due=8, repair_timely=6, callbacks_created=10, callbacks_done=7,
        ratings_given=7, ratings_satisfied=6, first_contact=4,
    )  # fmt: skip
    assert rates(counts) == {
        "complaint_timely_rate": 0.75,
        "complaint_valid_rate": 0.5,
        "valid_complaint_handled_rate": 0.5,
        "repair_timely_rate": 0.75,
        "callback_rate": 0.7,
        "satisfaction_rate": 6 / 7,
        "first_contact_resolution_rate": 4 / 19,
    }


def test_a_rate_with_nothing_due_is_none_not_zero():
    assert set(rates(MonthCounts()).values()) == {None}
    assert meets_target(None, 0.95) is None
    assert meets_target(0.96, 0.95) is True
    assert meets_target(0.5, None) is None
