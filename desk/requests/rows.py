"""Requests and callbacks as the lists show them: timing worked out for a moment, phones masked."""

from __future__ import annotations

from datetime import datetime

from desk.phone import mask_phone
from desk.requests import sla
from desk.requests.tables import Callback, Request
from desk.requests.views import CallbackRow, RequestRow, request_number
from desk.requests.workflow import FINAL, Status

FINAL_VALUES = tuple(s.value for s in FINAL)


def request_row(request: Request, code: str, now: datetime, *, full_phone: bool) -> RequestRow:
    """A request as lists show it: timing worked out for `now`, phone masked unless `full_phone`."""
    running = request.finished_at is None and request.status not in FINAL_VALUES
    on_hold = request.status == Status.ON_HOLD.value
    return RequestRow(
        id=request.id,
        number=request_number(request.kind, request.id),
        site_id=request.site_id,
        kind=request.kind,
        status=request.status,
        category=request.category,
        urgency=request.urgency,
        unit=code,
        contact_name=request.contact_name,
        phone=request.contact_phone if full_phone else mask_phone(request.contact_phone),
        department=request.department,
        received_at=request.received_at,
        due_at=request.due_at,
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
    return CallbackRow(
        id=callback.id,
        request_id=request.id,
        site_id=request.site_id,
        number=request_number(request.kind, request.id),
        kind=request.kind,
        unit=code,
        contact_name=request.contact_name,
        phone=request.contact_phone if full_phone else mask_phone(request.contact_phone),
        due_at=callback.due_at,
        status=callback.status,
        done_at=callback.done_at,
        caller_name=caller,
        result=callback.result,
        satisfaction=callback.satisfaction,
    )
