"""Worker passes (装修工人出入证): validity by date, computed from the dates and the clock.

A pass is valid from the first to the last day it names, inclusive, in the site's own time zone. Nothing
expires it in the database: "expired" is what a pass is once its last day is over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.errors import ValidationFailed

MAX_DAYS = 366  # a pass for more than a year is a typing mistake


class PassState(StrEnum):
    NOT_YET_VALID = "not_yet_valid"  # 未生效
    VALID = "valid"  # 有效
    EXPIRED = "expired"  # 已过期
    REVOKED = "revoked"  # 已注销
    WORKS_CLOSED = "works_closed"  # 装修已验收、未批准或作废：出入证随之失效


def local_today(now: datetime, timezone: str) -> date:
    """The date at the site now (a pass expires at the site's midnight, not at UTC's)."""
    return now.astimezone(ZoneInfo(timezone)).date()


def pass_state(
    valid_from: date, valid_to: date, revoked: bool, today: date, works_open: bool = True
) -> PassState:
    """A revoked pass stays revoked; a pass of works that are over (accepted, refused, voided) lapses."""
    if revoked:
        return PassState.REVOKED
    if not works_open:
        return PassState.WORKS_CLOSED
    if today < valid_from:
        return PassState.NOT_YET_VALID
    if today > valid_to:
        return PassState.EXPIRED
    return PassState.VALID


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def _period(start: object, end: object, errors: str, fields: tuple[str, str]) -> Period:
    """Both dates given and in order; refusals are `{errors}.error.…`, naming `fields` (start's, end's)."""
    if not isinstance(start, date):
        raise ValidationFailed(f"{errors}.error.date_required", field=fields[0])
    if not isinstance(end, date):
        raise ValidationFailed(f"{errors}.error.date_required", field=fields[1])
    if end < start:
        raise ValidationFailed(f"{errors}.error.dates_order", field=fields[1])
    return Period(start, end)


def clean_validity(valid_from: object, valid_to: object, works: Period, today: date) -> Period:
    """A pass's dates: both given, in order, inside the renovation's planned dates, not over already."""
    asked = _period(valid_from, valid_to, "passes", ("valid_from", "valid_to"))
    if asked.start < works.start or asked.end > works.end:
        raise ValidationFailed(
            "passes.error.outside_works",
            field="valid_to" if asked.start >= works.start else "valid_from",
            start=works.start.isoformat(),
            end=works.end.isoformat(),
        )
    if asked.end < today:
        raise ValidationFailed("passes.error.already_over", field="valid_to", value=asked.end.isoformat())
    return asked


def clean_works_period(start: object, end: object) -> Period:
    """A renovation's planned dates: both given, in order, at most a year apart."""
    works = _period(start, end, "renovation", ("planned_start", "planned_end"))
    if (works.end - works.start).days > MAX_DAYS:
        raise ValidationFailed("renovation.error.too_long_works", field="planned_end", days=MAX_DAYS)
    return works


def overlaps(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end
