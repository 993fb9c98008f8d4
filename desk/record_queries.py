"""Query pieces the desk's record services share: text search, site-local days and months, counts, sums,
and a choice checked against its enum."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, false, func, or_

from core.errors import ValidationFailed

LIST_LIMIT = 200


def choice(enum: type, value: str, field: str = "action"):  # type: ignore[no-untyped-def]
    try:
        return enum(value)
    except ValueError as exc:
        raise ValidationFailed("desk.error.choice_invalid", field=field, value=value) from exc


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_search(
    query: str, prefix: str, id_column: Any, columns: Sequence[Any]
) -> ColumnElement[bool] | None:
    """What a register's search box finds: its record number (e.g. ZS000012 -> id 12) or the text in
    any of `columns`, LIKE wildcards typed by the user taken literally; None for an empty query."""
    text = (query or "").strip()
    if not text:
        return None
    upper = text.upper()
    if upper.startswith(prefix) and upper[len(prefix) :].isdigit():
        return id_column == int(upper[len(prefix) :])
    pattern = f"%{escape_like(text)}%"
    return or_(*(column.like(pattern, escape="\\") for column in columns))


def in_local_range(
    column: Any, bounds: Mapping[int, tuple[datetime, datetime]], site_column: Any
) -> ColumnElement[bool]:
    """`column` falls within its own site's range (a month or a day runs from midnight to midnight in
    the site's time zone, so each site has its own bounds)."""
    parts = [
        and_(site_column == site_id, column >= start, column < end)
        for site_id, (start, end) in bounds.items()
    ]
    return or_(*parts) if parts else false()


def day_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """Today at the site: from its midnight to the next."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(now.astimezone(zone).date(), time(), zone)
    return start, datetime.combine(start.date() + timedelta(days=1), time(), zone)


def month_bounds(period: str, timezone: str) -> tuple[datetime, datetime]:
    year, month = int(period[:4]), int(period[5:7])
    zone = ZoneInfo(timezone)
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def money_sum(column: Any, condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, column), else_=None)), 0)


def money(value: Any) -> Decimal:
    """A database sum as exact yuan (SQLite may hand back an int or a float-backed number)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))
