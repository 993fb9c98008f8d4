"""What the move-in, renovation, pass and special-service pages get back: plain frozen values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.spreadsheet import csv_text
from core.views import HistoryEntry

PREFIX = {"move_in": "SF", "renovation": "ZS", "worker_pass": "CR", "special_service": "TY"}
# The move-in and renovation lists: what is still open, or everything.
VIEWS = ("open", "all")


def record_number(entity: str, record_id: int) -> str:
    """收房 SF000001, 装修 ZS..., 出入证 CR..., 特约服务 TY..."""
    return f"{PREFIX[entity]}{record_id:06d}"


@dataclass(frozen=True)
class TickRow:
    kind: str  # item / document
    code: str
    required: bool
    done: bool
    done_at: datetime | None


@dataclass(frozen=True)
class MoveInRow:
    id: int
    number: str
    site_id: int
    unit: str
    owner_name: str
    owner_phone: str  # masked unless the viewer needs the full number
    status: str
    handled_by: str | None
    started_at: datetime
    completed_at: datetime | None
    required: int
    required_done: int


@dataclass(frozen=True)
class MoveInDetail:
    row: MoveInRow
    ticks: tuple[TickRow, ...]
    note: str | None
    void_reason: str | None
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class RenovationRow:
    id: int
    number: str
    site_id: int
    unit: str
    status: str
    company: str
    person_in_charge: str
    person_phone: str
    planned_start: date
    planned_end: date
    deposit: Decimal
    applied_at: datetime


@dataclass(frozen=True)
class PassRow:
    id: int
    number: str
    site_id: int
    renovation_id: int
    renovation_number: str
    unit: str
    company: str
    worker_name: str
    id_number: str  # masked unless the viewer needs the full number
    photo_ref: str
    valid_from: date
    valid_to: date
    state: str  # desk.passes.PassState
    revoke_reason: str | None


@dataclass(frozen=True)
class RenovationDetail:
    row: RenovationRow
    owner_name: str | None
    scope: str
    approved_at: datetime | None
    approved_by: str | None
    inspections: int
    inspection_note: str | None
    accepted_at: datetime | None
    refund_amount: Decimal | None
    refund_receipt_no: str | None
    refund_note: str | None
    refunded_at: datetime | None
    closing_reason: str | None
    allowed_actions: tuple[str, ...]  # for the step form (refund has its own)
    can_refund: bool
    can_issue_passes: bool
    passes: tuple[PassRow, ...]
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class SpecialRow:
    id: int
    number: str
    site_id: int
    unit: str
    contact_name: str
    phone: str
    service_type: str
    status: str
    requested_at: datetime
    scheduled_for: datetime | None
    assignee: str | None
    quoted_price: Decimal | None
    amount: Decimal | None
    summary: str


@dataclass(frozen=True)
class SpecialDetail:
    row: SpecialRow
    description: str
    done_at: datetime | None
    method: str | None
    receipt_no: str | None
    paid_at: datetime | None
    callback_at: datetime | None
    callback_result: str | None
    satisfaction: int | None
    closing_reason: str | None
    allowed_actions: tuple[str, ...]
    history: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class ServiceTotal:
    service_type: str
    done: int
    revenue: Decimal


@dataclass(frozen=True)
class RegistersMonth:
    """The month's register counts (not voided records), by when each thing happened at its site."""

    period: str
    move_ins_completed: int
    renovations_applied: int
    renovations_approved: int
    renovations_accepted: int
    deposits_refunded: Decimal
    passes_issued: int
    passes_revoked: int
    special_requested: int
    special_done: int
    special_cancelled: int
    special_revenue: Decimal
    special_satisfaction: Decimal | None  # average rating of the month's callbacks, 1 decimal
    by_service: tuple[ServiceTotal, ...]


# The guards' list, in this order on the page and in the CSV.
PASS_COLUMNS = (
    "number", "worker_name", "id_number", "photo_ref", "unit", "company", "valid_from", "valid_to", "status",
)  # fmt: skip


def pass_cells(row: PassRow, labels: dict[str, str]) -> list[str]:
    """One pass as the guards read it; `labels` turns a pass state code into words."""
    return [
        row.number, row.worker_name, row.id_number, row.photo_ref, row.unit, row.company,
        row.valid_from.isoformat(), row.valid_to.isoformat(), labels.get(row.state, row.state),
    ]  # fmt: skip


def passes_csv(rows: Sequence[PassRow], headers: Sequence[str], labels: dict[str, str]) -> str:
    """Valid passes for the guard house: one row per pass, PASS_COLUMNS with `headers` in the reader's
    language. ID numbers stay as the rows give them (masked); formula-like text is neutralised."""
    return csv_text(headers, (pass_cells(row, labels) for row in rows))
