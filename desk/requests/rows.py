"""Requests and callbacks as the lists show them: timing worked out for a moment, phones masked."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from core.views import view_of
from desk.phone import shown_phone
from desk.requests import sla
from desk.requests.tables import Callback, Request
from desk.requests.views import CallbackRow, RequestRow, request_number
from desk.requests.workflow import FINAL, Status

FINAL_VALUES = tuple(s.value for s in FINAL)

# What a list row is made of. A list reads these columns rather than whole records: loading 200
# records into the session costs several times what the query and the rows' timing do.
LISTED = (
    Request.id,
    Request.site_id,
    Request.kind,
    Request.status,
    Request.category,
    Request.urgency,
    Request.contact_name,
    Request.contact_phone,
    Request.department,
    Request.received_at,
    Request.due_at,
    Request.warn_at,
    Request.respond_due_at,
    Request.responded_at,
    Request.finished_at,
    Request.content,
)


class Listed(Protocol):
    """A request as `request_row` reads it: a record, or a result row of the `LISTED` columns."""

    id: int
    site_id: int
    kind: str
    status: str
    category: str
    urgency: str
    contact_name: str
    contact_phone: str
    department: str | None
    received_at: datetime
    due_at: datetime
    warn_at: datetime
    respond_due_at: datetime | None
    responded_at: datetime | None
    finished_at: datetime | None
    content: str


def request_row(request: Listed, code: str, now: datetime, *, full_phone: bool) -> RequestRow:
    """A request as lists show it: timing worked out for `now`, phone masked unless `full_phone`."""
    running = request.finished_at is None and request.status not in FINAL_VALUES
    on_hold = request.status == Status.ON_HOLD.value
    return view_of(
        RequestRow,
        request,
        number=request_number(request.kind, request.id),
        unit=code,
        phone=shown_phone(request.contact_phone, full_phone),
        timing=sla.timing_at(request.due_at, request.warn_at, now) if running and not on_hold else None,
        response_overdue=bool(
            running
            and request.responded_at is None
            and request.respond_due_at is not None
            and now >= request.respond_due_at
        ),
        summary=request.content[:60],
    )


def callback_row(
    callback: Callback, request: Request, code: str, caller: str | None, full_phone: bool
) -> CallbackRow:
    return view_of(
        CallbackRow,
        callback,
        request_id=request.id,
        site_id=request.site_id,
        number=request_number(request.kind, request.id),
        kind=request.kind,
        unit=code,
        contact_name=request.contact_name,
        phone=shown_phone(request.contact_phone, full_phone),
        caller_name=caller,
    )
