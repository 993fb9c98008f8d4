"""Which greetings and wishes fit a moment, from settings.yaml and the `holidays` China calendar.

Festivals are found by holiday *name* (English names, as `holidays` gives them with
language="en_US"), by a fixed month-day, or by a lunar month-day computed from the same package's
Chinese lunisolar tables, so lunar dates such as the Spring Festival need no hard-coded table.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from holidays.calendars.chinese import _ChineseLunisolar

from rules.model import Festival, Settings, TimeGreeting

_LANGUAGE = "en_US"
_KNOWN_YEARS = range(2000, 2051)
# The lunar festivals the lunisolar tables give directly; the first month is counted from the new year.
_LUNAR_TABLES = {"05-05": "dragon_boat_date", "08-15": "mid_autumn_date", "09-09": "double_ninth_date"}


def _china(years: int | range) -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=years, language=_LANGUAGE)


def _split(names: str) -> set[str]:
    # `holidays` joins two holidays on the same day with "; ".
    return set(names.split("; "))


@lru_cache(maxsize=1)
def known_holiday_names() -> frozenset[str]:
    names: set[str] = set()
    for joined in _china(_KNOWN_YEARS).values():
        names |= _split(joined)
    return frozenset(names)


@lru_cache(maxsize=8)
def _china_year(year: int) -> holidays.HolidayBase:
    return _china(year)


def holiday_names_on(day: date) -> frozenset[str]:
    joined = _china_year(day.year).get(day)
    return frozenset(_split(joined)) if joined else frozenset()


@lru_cache(maxsize=256)
def lunar_to_gregorian(month_day: str, year: int) -> date | None:
    """The Gregorian date of a lunar month-day in the lunar year starting in `year` (None when the
    tables do not reach that year)."""
    calendar = _ChineseLunisolar()
    if month_day.startswith("01-"):
        new_year, _ = calendar.lunar_new_year_date(year)
        return new_year + timedelta(days=int(month_day[3:]) - 1) if new_year else None
    found, _ = getattr(calendar, _LUNAR_TABLES[month_day])(year)
    return found


def is_festival_day(festival: Festival, day: date) -> bool:
    if festival.holiday is not None:
        return festival.holiday in holiday_names_on(day)
    if festival.date is not None:
        return festival.date == f"{day.month:02d}-{day.day:02d}"
    assert festival.lunar is not None  # settings validation: exactly one of the three
    return lunar_to_gregorian(festival.lunar, day.year) == day


def _near(festival: Festival, day: date, before: int, after: int) -> bool:
    """The festival falls between `after` days ago and `before` days ahead."""
    return any(is_festival_day(festival, day + timedelta(days=k)) for k in range(-after, before + 1))


def wish_due(festival: Festival, day: date) -> bool:
    """Face to face, the festival's wish is expected on `day`."""
    return festival.wish_expected and _near(festival, day, festival.due.before, festival.due.after)


def wish_in_season(festival: Festival, day: date) -> bool:
    """The festival's wish fits on `day` (expected or not)."""
    return _near(festival, day, festival.season.before, festival.season.after)


def festivals_on(settings: Settings, day: date) -> tuple[Festival, ...]:
    """The festivals whose wish is expected on `day`."""
    return tuple(f for f in settings.festivals if wish_due(f, day))


def festivals_in_season(settings: Settings, day: date) -> tuple[Festival, ...]:
    return tuple(f for f in settings.festivals if wish_in_season(f, day))


def time_greeting_at(settings: Settings, moment: time | datetime) -> TimeGreeting:
    """The band covering the moment; settings validation guarantees exactly one."""
    minute = moment.hour * 60 + moment.minute
    for band in settings.time_greetings:
        if _inside(minute, band.start, band.end):
            return band
    raise LookupError(f"no time band covers {moment:%H:%M}")


def fine_at(band: TimeGreeting, moment: time | datetime) -> bool:
    """Whether the band's words are still fine at the moment (its own hours, widened)."""
    minute = moment.hour * 60 + moment.minute
    return _inside(minute, band.fine_from or band.start, band.fine_until or band.end)


def _inside(minute: int, start: str, end: str) -> bool:
    first, last = _to_minutes(start), _to_minutes(end)
    return first <= minute <= last if first <= last else minute >= first or minute <= last


def _to_minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
