"""Which greetings are due at a moment, from settings.yaml and the `holidays` China calendar.

Festivals are found by holiday *name* (English names, as `holidays` gives them with
language="en_US"), so lunar dates such as the Spring Festival need no hard-coded table.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from rules.model import Festival, Settings, TimeGreeting

_LANGUAGE = "en_US"
_KNOWN_YEARS = range(2000, 2051)


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


def festivals_on(settings: Settings, day: date) -> tuple[Festival, ...]:
    return tuple(f for f in settings.festivals if is_festival_day(f, day))


def is_festival_day(festival: Festival, day: date) -> bool:
    return festival.holiday in holiday_names_on(day) or festival.date == f"{day.month:02d}-{day.day:02d}"


def wish_in_season(festival: Festival, day: date) -> bool:
    """Whether the festival's wish fits on `day`: the festival is at most `wish_days_before` days
    ahead or `wish_days_after` days past."""
    return any(
        is_festival_day(festival, day + timedelta(days=offset))
        for offset in range(-festival.wish_days_after, festival.wish_days_before + 1)
    )


def time_greeting_at(settings: Settings, moment: time | datetime) -> TimeGreeting:
    """The band covering the moment; settings validation guarantees exactly one."""
    minute = moment.hour * 60 + moment.minute
    for band in settings.time_greetings:
        start = _to_minutes(band.start)
        end = _to_minutes(band.end)
        inside = start <= minute <= end if start <= end else minute >= start or minute <= end
        if inside:
            return band
    raise LookupError(f"no time band covers {moment:%H:%M}")


def _to_minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
