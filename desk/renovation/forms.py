"""Form rules for move-ins, renovations, worker passes and special services: what each must say before it
is saved. Strings come as typed; each refusal names its field. Pure: no database, no UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.errors import ValidationFailed
from desk.money import parse_amount
from desk.phone import clean_phone
from desk.renovation.content import RegistersContent
from desk.renovation.id_card import clean_id_number
from desk.renovation.passes import Period, clean_validity, clean_works_period
from desk.requests.intake import normalize_unit

MAX_TEXT = 2000
REASON_MAX = 500


def text(value: str | None, field: str, max_len: int, *, required: bool, key: str | None = None) -> str:
    """Trimmed text; empty refused when required (with `key`, or the shared "please fill in" message)."""
    clean = (value or "").strip()
    if required and not clean:
        raise ValidationFailed(key or "renovation.error.required", field=field)
    if len(clean) > max_len:
        raise ValidationFailed("error.too_long", field=field, max=max_len)
    return clean


def reason(value: str | None) -> str:
    return text(value, "reason", REASON_MAX, required=True, key="error.reason_required")


def unit_code(value: str | None, *, required: bool = True) -> str:
    code = normalize_unit(value or "")
    if required and not code:
        raise ValidationFailed("desk.error.unit_required", field="unit")
    if len(code) > 40:
        raise ValidationFailed("error.too_long", field="unit", max=40)
    return code


# --- move-in -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveInForm:
    site_id: int
    unit: str
    owner_name: str
    owner_phone: str
    note: str = ""


@dataclass(frozen=True)
class CleanMoveIn:
    site_id: int
    unit: str
    owner_name: str
    owner_phone: str
    note: str


def clean_move_in(form: MoveInForm) -> CleanMoveIn:
    return CleanMoveIn(
        site_id=form.site_id,
        unit=unit_code(form.unit),
        owner_name=text(form.owner_name, "owner_name", 50, required=True),
        owner_phone=clean_phone(form.owner_phone, field="owner_phone"),
        note=text(form.note, "note", REASON_MAX, required=False),
    )


# --- renovation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenovationForm:
    site_id: int
    unit: str
    owner_name: str
    company: str
    person_in_charge: str
    person_phone: str
    scope: str
    planned_start: date | None
    planned_end: date | None
    deposit: str | Decimal


@dataclass(frozen=True)
class CleanRenovation:
    site_id: int
    unit: str
    owner_name: str
    company: str
    person_in_charge: str
    person_phone: str
    scope: str
    works: Period
    deposit: Decimal


def clean_renovation(form: RenovationForm) -> CleanRenovation:
    return CleanRenovation(
        site_id=form.site_id,
        unit=unit_code(form.unit),
        owner_name=text(form.owner_name, "owner_name", 50, required=False),
        company=text(form.company, "company", 100, required=True),
        person_in_charge=text(form.person_in_charge, "person_in_charge", 50, required=True),
        person_phone=clean_phone(form.person_phone, field="person_phone"),
        scope=text(form.scope, "scope", MAX_TEXT, required=True),
        works=clean_works_period(form.planned_start, form.planned_end),
        deposit=parse_amount(form.deposit, "deposit", allow_zero=True),
    )


def clean_refund(
    amount: str | Decimal, deposit: Decimal, note: str, receipt_no: str
) -> tuple[Decimal, str, str]:
    """The deposit refund: at most the deposit; anything kept back needs a reason."""
    refund = parse_amount(amount, "refund_amount", allow_zero=True)
    if refund > deposit:
        raise ValidationFailed(
            "renovation.error.refund_exceeds", field="refund_amount", value=str(refund), deposit=str(deposit)
        )
    clean_note = text(note, "refund_note", REASON_MAX, required=False)
    if refund < deposit and not clean_note:
        raise ValidationFailed(
            "renovation.error.deduction_reason", field="refund_note", kept=str(deposit - refund)
        )
    return refund, clean_note, text(receipt_no, "receipt_no", 40, required=False)


# --- worker pass ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassForm:
    renovation_id: int
    worker_name: str
    id_number: str
    photo_ref: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class CleanPass:
    worker_name: str
    id_number: str
    photo_ref: str
    validity: Period


def clean_pass(form: PassForm, works: Period, today: date) -> CleanPass:
    return CleanPass(
        worker_name=text(form.worker_name, "worker_name", 50, required=True),
        id_number=clean_id_number(form.id_number, today),
        photo_ref=text(form.photo_ref, "photo_ref", 100, required=True, key="passes.error.photo_required"),
        validity=clean_validity(form.valid_from, form.valid_to, works, today),
    )


# --- special service -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecialForm:
    site_id: int
    unit: str
    contact_name: str
    contact_phone: str
    service_type: str
    description: str
    quoted_price: str | Decimal | None = None  # blank: the service type's default price, if any


@dataclass(frozen=True)
class CleanSpecial:
    site_id: int
    unit: str
    contact_name: str
    contact_phone: str
    service_type: str
    description: str
    quoted_price: Decimal | None


def clean_special(form: SpecialForm, content: RegistersContent) -> CleanSpecial:
    service = content.service(form.service_type or "")
    if service is None:
        raise ValidationFailed("desk.error.choice_invalid", field="service_type", value=form.service_type)
    raw_price = form.quoted_price
    if raw_price is None or (isinstance(raw_price, str) and not raw_price.strip()):
        price = service.price
    else:
        price = parse_amount(raw_price, "quoted_price", allow_zero=True)
    return CleanSpecial(
        site_id=form.site_id,
        unit=unit_code(form.unit),
        contact_name=text(form.contact_name, "contact_name", 50, required=True),
        contact_phone=clean_phone(form.contact_phone, field="contact_phone"),
        service_type=service.id,
        description=text(form.description, "description", MAX_TEXT, required=False),
        quoted_price=price,
    )
