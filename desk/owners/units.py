"""Units (building-unit-room) and their owners are created the first time any register names them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationFailed
from desk.owners.tables import Owner, Unit
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


def get_or_create_owner(session: Session, unit: Unit, name: str, phone: str, now: datetime) -> Owner:
    """The owner of that name at that unit, created when new (a known owner's phone is filled in if empty)."""
    owner = session.scalar(select(Owner).where(Owner.unit_id == unit.id, Owner.name == name))
    if owner is None:
        owner = Owner(site_id=unit.site_id, unit_id=unit.id, name=name, phone=phone, created_at=now)
        session.add(owner)
        session.flush()
    elif phone and not owner.phone:
        owner.phone = phone
    return owner
