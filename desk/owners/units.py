"""Units (building-unit-room) are created the first time any register names them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationFailed
from desk.owners.tables import Unit
from desk.requests.intake import normalize_unit


def clean_unit(value: str, field: str = "unit") -> str:
    code = normalize_unit(value)
    if not code:
        raise ValidationFailed("desk.error.unit_required", field=field)
    if len(code) > 40:
        raise ValidationFailed("error.too_long", field=field, max=40)
    return code


def get_or_create_unit(session: Session, site_id: int, code: str, now: datetime) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.site_id == site_id, Unit.code == code))
    if unit is None:
        unit = Unit(site_id=site_id, code=code, created_at=now)
        session.add(unit)
        session.flush()
    return unit
