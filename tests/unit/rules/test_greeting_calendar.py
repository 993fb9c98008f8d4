"""Settings decide which greeting is due when; festivals come from the China holiday calendar."""

from __future__ import annotations

from datetime import date, time

import pytest

from rules.greeting_calendar import festivals_on, known_holiday_names, time_greeting_at, wish_in_season
from rules.loader import default_rulebook
from rules.model import Settings


@pytest.fixture(scope="module")
def settings() -> Settings:
    return default_rulebook().settings


def test_declared_version_is_set(settings: Settings) -> None:
    assert settings.version == "2026.2"


@pytest.mark.parametrize(
    ("clock", "band"),
    [
        (time(5, 0), "morning"),
        (time(11, 59), "morning"),
        (time(12, 0), "noon"),
        (time(12, 59), "noon"),
        (time(13, 0), "afternoon"),
        (time(17, 59), "afternoon"),
        (time(18, 0), "evening"),
        (time(0, 30), "evening"),
        (time(4, 59), "evening"),
    ],
)
def test_time_of_day_greeting_band(settings: Settings, clock: time, band: str) -> None:
    assert time_greeting_at(settings, clock).key == band


@pytest.mark.parametrize(
    ("day", "festivals"),
    [
        (date(2027, 1, 1), ["new_year"]),
        (date(2026, 2, 16), ["spring_festival_eve"]),
        (date(2026, 2, 17), ["spring_festival"]),
        (date(2027, 2, 6), ["spring_festival"]),
        (date(2026, 12, 25), ["christmas"]),
        (date(2027, 2, 20), ["lantern_festival"]),  # lunar 01-15, from the lunisolar tables
        (date(2026, 3, 3), ["lantern_festival"]),
        (date(2027, 4, 5), []),  # 清明: a festival, but no wish is expected
        (date(2027, 5, 1), ["labour_day"]),
        (date(2027, 6, 9), ["dragon_boat"]),
        (date(2027, 9, 15), ["mid_autumn"]),
        (date(2027, 10, 3), ["national_day"]),
        (date(2027, 10, 4), []),  # an observed day off is not the festival
        (date(2026, 11, 26), []),
        (date(2026, 1, 2), []),  # a substituted day off is not a festival
    ],
)
def test_festival_days(settings: Settings, day: date, festivals: list[str]) -> None:
    assert [f.key for f in festivals_on(settings, day)] == festivals


def test_festivals_are_named_by_calendar_name_not_hard_coded_dates(settings: Settings) -> None:
    spring = next(f for f in settings.festivals if f.key == "spring_festival")
    assert spring.date is None
    assert spring.holiday in known_holiday_names()
    christmas = next(f for f in settings.festivals if f.key == "christmas")
    assert (christmas.holiday, christmas.date) == (None, "12-25")


def test_document_festival_wishes_are_configured(settings: Settings) -> None:
    greetings = {g for f in settings.festivals for g in f.greetings}
    assert {"新年好", "春节快乐", "圣诞快乐"} <= greetings


def test_the_common_festivals_of_the_year_are_configured(settings: Settings) -> None:
    keys = {f.key for f in settings.festivals}
    assert {"new_year", "spring_festival", "lantern_festival", "qingming", "labour_day", "dragon_boat",
            "mid_autumn", "national_day", "christmas"} <= keys  # fmt: skip


@pytest.mark.parametrize(
    ("key", "day", "in_season"),
    [
        ("mid_autumn", date(2027, 9, 16), True),
        ("mid_autumn", date(2027, 4, 20), False),
        ("spring_festival", date(2027, 1, 25), True),  # 提前祝您春节快乐
        ("new_year", date(2027, 1, 7), True),
        ("new_year", date(2027, 1, 8), False),
    ],
)
def test_a_festival_wish_has_a_season(settings: Settings, key: str, day: date, in_season: bool) -> None:
    festival = next(f for f in settings.festivals if f.key == key)
    assert wish_in_season(festival, day) is in_season
