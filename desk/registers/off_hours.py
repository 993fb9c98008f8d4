"""When a fee may be taken at the desk: lunch time, after hours, weekends and public holidays."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

import holidays

from core.errors import ValidationFailed
from desk.content_model import CashSettings, Window


class Period(StrEnum):
    BUSINESS = "business"
    LUNCH = "lunch"
    AFTER_HOURS = "after_hours"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"


@lru_cache(maxsize=16)
def _china(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year)


def is_public_holiday(day: date) -> bool:
    return day in _china(day.year)


def _inside(window: Window, hhmm: str) -> bool:
    return window.start <= hhmm < window.end


def classify(local: datetime, cash: CashSettings) -> Period:
    """`local` is the moment in the site's own time zone."""
    if is_public_holiday(local.date()):
        return Period.HOLIDAY
    if local.weekday() >= 5:
        return Period.WEEKEND
    hhmm = local.strftime("%H:%M")
    if _inside(cash.lunch, hhmm):
        return Period.LUNCH
    if any(_inside(w, hhmm) for w in cash.business_hours):
        return Period.BUSINESS
    return Period.AFTER_HOURS


def require_off_hours(local: datetime, cash: CashSettings) -> Period:
    period = classify(local, cash)
    if period is Period.BUSINESS and cash.refuse_in_business_hours:
        raise ValidationFailed("desk.error.business_hours", field="taken_at", time=local.strftime("%H:%M"))
    return period


def desk_opens_at(local: datetime, cash: CashSettings) -> str | None:
    """When the desk may take fees again, for a moment inside business hours (None: it may now)."""
    if classify(local, cash) is not Period.BUSINESS or not cash.refuse_in_business_hours:
        return None
    hhmm = local.strftime("%H:%M")
    return next(str(w.end) for w in cash.business_hours if _inside(w, hhmm))
