"""Intake form rules: what a new request must say before it is saved."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from core.errors import ValidationFailed
from desk.content_model import DeskContent
from desk.phone import clean_phone
from desk.requests.sla import Urgency
from desk.requests.workflow import Kind

MAX_CONTENT = 2000


class Channel(StrEnum):
    PHONE = "phone"
    WALK_IN = "walk_in"
    OTHER = "other"


@dataclass(frozen=True)
class IntakeForm:
    """What the desk typed. Strings as entered; `clean_intake` decides what they mean."""

    site_id: int
    kind: str
    unit: str
    contact_name: str
    contact_phone: str
    channel: str
    category: str
    urgency: str
    content: str
    owner_id: int | None = None  # picked from the owner records; None: typed, created if new
    answered_on_spot: bool = False  # an inquiry answered at once is closed at intake
    department: str | None = None  # dispatch straight away


@dataclass(frozen=True)
class CleanIntake:
    site_id: int
    kind: Kind
    unit: str
    contact_name: str
    contact_phone: str
    channel: Channel
    category: str
    urgency: Urgency
    content: str
    owner_id: int | None
    answered_on_spot: bool
    department: str | None


def normalize_unit(value: str) -> str:
    """Full-width digits and dashes typed on a Chinese keyboard become their plain forms."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    return " ".join(text.split())


def _choice(enum: type[StrEnum], value: str, field: str):  # type: ignore[no-untyped-def]
    try:
        return enum(value)
    except ValueError as exc:
        raise ValidationFailed("desk.error.choice_invalid", field=field, value=value) from exc


def clean_intake(form: IntakeForm, content: DeskContent) -> CleanIntake:
    kind = _choice(Kind, form.kind, "kind")
    urgency = _choice(Urgency, form.urgency, "urgency")
    channel = _choice(Channel, form.channel, "channel")
    unit = normalize_unit(form.unit)
    if not unit and form.owner_id is None:
        raise ValidationFailed("desk.error.unit_required", field="unit")
    if len(unit) > 40:
        raise ValidationFailed("error.too_long", field="unit", max=40)
    name = (form.contact_name or "").strip()
    if not name and form.owner_id is None:
        raise ValidationFailed("desk.error.contact_name_required", field="contact_name")
    if len(name) > 50:
        raise ValidationFailed("error.too_long", field="contact_name", max=50)
    # A picked owner's number is on record: the desk need not type it again.
    phone = clean_phone(form.contact_phone, field="contact_phone", required=form.owner_id is None)
    category = content.category(form.category)
    if category is None or kind not in category.kinds:
        raise ValidationFailed("desk.error.category_invalid", field="category", value=form.category)
    text = (form.content or "").strip()
    if not text:
        raise ValidationFailed("desk.error.content_required", field="content")
    if len(text) > MAX_CONTENT:
        raise ValidationFailed("error.too_long", field="content", max=MAX_CONTENT)
    if form.answered_on_spot and kind is not Kind.INQUIRY:
        raise ValidationFailed("desk.error.on_spot_inquiry_only", field="answered_on_spot")
    department = form.department or None
    if department is not None:
        if content.department(department) is None:
            raise ValidationFailed("desk.error.department_invalid", field="department", value=department)
        if kind is not Kind.REPAIR:
            # A complaint is judged before it goes to a department; an inquiry is forwarded later.
            raise ValidationFailed("desk.error.dispatch_repair_only", field="department")
    return CleanIntake(
        site_id=form.site_id, kind=kind, unit=unit, contact_name=name, contact_phone=phone,
        channel=channel, category=category.id, urgency=urgency, content=text,
        owner_id=form.owner_id, answered_on_spot=form.answered_on_spot, department=department,
    )  # fmt: skip
