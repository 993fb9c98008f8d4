"""What the desk pages and the command line get back from the service: plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desk.requests.sla import Timing

NUMBER_PREFIX = {"repair": "BX", "inquiry": "ZX", "complaint": "TS"}


def request_number(kind: str, request_id: int) -> str:
    """The number staff read out to owners: 报修 BX000042, 咨询 ZX..., 投诉 TS..."""
    return f"{NUMBER_PREFIX.get(kind, 'RQ')}{request_id:06d}"


@dataclass(frozen=True)
class OwnerHit:
    owner_id: int
    unit: str
    name: str
    phone: str  # masked unless the viewer needs the full number


@dataclass(frozen=True)
class RequestRow:
    id: int
    number: str
    site_id: int
    kind: str
    status: str
    category: str
    urgency: str
    unit: str
    contact_name: str
    phone: str
    department: str | None
    received_at: datetime
    due_at: datetime
    timing: Timing | None  # None once finished or closed
    response_overdue: bool
    summary: str


@dataclass(frozen=True)
class EventRow:
    at: datetime
    actor_name: str | None
    action: str
    from_status: str | None
    to_status: str
    department: str | None
    note: str | None


@dataclass(frozen=True)
class CallbackRow:
    id: int
    request_id: int
    site_id: int
    number: str
    kind: str
    unit: str
    contact_name: str
    phone: str
    due_at: datetime
    status: str
    done_at: datetime | None
    caller_name: str | None
    result: str | None
    satisfaction: int | None


@dataclass(frozen=True)
class RequestDetail:
    row: RequestRow
    channel: str
    content: str
    held_from: str | None
    validity: str | None
    validity_reason: str | None
    finished_at: datetime | None
    finished_in_time: bool | None
    first_contact: bool
    void_reason: str | None
    allowed_actions: tuple[str, ...]
    events: tuple[EventRow, ...]
    callbacks: tuple[CallbackRow, ...]
    rule_ids: tuple[str, ...]  # conduct rules a complaint of this category concerns
    staff_id: int | None = None  # the staff member a complaint concerns (managers set it)
