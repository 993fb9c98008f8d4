from datetime import datetime
from decimal import Decimal

import pytest

from core.errors import ValidationFailed
from desk.content_loader import default_content_dir, load_desk_content
from desk.money import format_amount, parse_amount
from desk.registers.off_hours import Period, classify, desk_opens_at, require_off_hours

CASH = load_desk_content(default_content_dir()).registers.cash


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,234.5", "1234.50"), ("¥88", "88.00"), ("88元", "88.00"), ("0.1", "0.10"), (Decimal("7"), "7.00")],
)
def test_amounts_are_read_as_exact_decimals(raw, value):
    assert parse_amount(raw) == Decimal(value)


def test_floats_are_never_accepted_as_money():
    with pytest.raises(TypeError):
        parse_amount(0.1)


@pytest.mark.parametrize("raw", ["12.345", "abc", "-1", "0", "1e3x", "NaN"])
def test_bad_amounts_are_refused(raw):
    with pytest.raises(ValidationFailed):
        parse_amount(raw)


def test_zero_is_allowed_where_said_so():
    assert parse_amount("0", allow_zero=True) == Decimal("0.00")


def test_amounts_are_shown_in_yuan_with_the_sign_first():
    assert format_amount(Decimal("1234.5")) == "¥1,234.50"
    assert format_amount(Decimal("-8.5")) == "-¥8.50"


@pytest.mark.parametrize(
    ("moment", "period"),
    [
        (datetime(2026, 11, 26, 10, 0), Period.BUSINESS),  # a Thursday morning
        (datetime(2026, 11, 26, 12, 30), Period.LUNCH),
        (datetime(2026, 11, 26, 17, 30), Period.AFTER_HOURS),
        (datetime(2026, 11, 26, 7, 0), Period.AFTER_HOURS),
        (datetime(2026, 11, 28, 10, 0), Period.WEEKEND),  # Saturday
        (datetime(2026, 10, 1, 10, 0), Period.HOLIDAY),  # National Day
        (datetime(2027, 2, 6, 10, 0), Period.HOLIDAY),  # Spring Festival 2027, from the lunar calendar
    ],
)
def test_when_the_desk_may_take_fees(moment, period):
    assert classify(moment, CASH) is period


def test_a_fee_in_business_hours_is_refused_with_the_time():
    with pytest.raises(ValidationFailed) as err:
        require_off_hours(datetime(2026, 11, 26, 10, 5), CASH)
    assert err.value.params == {"time": "10:05"}


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        (datetime(2026, 11, 26, 10, 5), "12:00"),  # Thursday morning: after the morning window
        (datetime(2026, 11, 26, 15, 0), "17:30"),
        (datetime(2026, 11, 26, 12, 30), None),  # lunch: the desk takes fees now
        (datetime(2026, 11, 28, 10, 5), None),  # Saturday
    ],
)
def test_the_desk_says_when_it_may_take_fees_again(moment, opens):
    assert desk_opens_at(moment, CASH) == opens
