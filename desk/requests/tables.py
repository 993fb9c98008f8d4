"""Request tables (duties 1.1, 1.9, 1.10): requests with their work orders, events and callbacks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desk.requests.workflow import FINAL, Status
from store.base import Base
from store.coltypes import UTCDateTime

# The statuses of a request still open, in a fixed order: the list views name them in the same words,
# so that both databases see the open requests' index below applies.
OPEN_VALUES = tuple(s.value for s in Status if s not in FINAL)
_OPEN = "status IN ({})".format(", ".join(f"'{v}'" for v in OPEN_VALUES))


class Request(Base):
    """One owner request (报修 / 咨询 / 投诉) from intake to close."""

    __tablename__ = "desk_requests"
    __table_args__ = (
        Index("ix_desk_requests_site_period", "site_id", "period"),
        Index("ix_desk_requests_site_status_due", "site_id", "status", "due_at"),
        # The list "all": newest first, read off the index in its own order (both columns descending).
        Index("ix_desk_requests_site_received", "site_id", "received_at", "id"),
        Index("ix_desk_requests_received", "received_at", "id"),  # ... and over many centres
        # The open requests of many centres, soonest due first: a few thousand among millions.
        Index(
            "ix_desk_requests_open_due",
            "due_at",
            "id",
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
        # The unfinished requests of a scope: the part of the service dashboard that depends on the
        # moment ("due by now", "overdue now") is counted live from these, the rest from the tallies.
        Index(
            "ix_desk_requests_unfinished",
            "site_id",
            "period",
            sqlite_where=text("finished_at IS NULL"),
            postgresql_where=text("finished_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    held_from: Mapped[str | None] = mapped_column(String(16), nullable=True)
    on_hold_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    channel: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owners.id"), nullable=True)
    contact_name: Mapped[str] = mapped_column(String(50))
    contact_phone: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM in the site's time zone at intake
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    department: Mapped[str | None] = mapped_column(String(40), nullable=True)
    respond_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    warn_at: Mapped[datetime] = mapped_column(UTCDateTime())  # from here on it is "due soon"
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_in_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    first_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    validity: Mapped[str | None] = mapped_column(String(8), nullable=True)  # valid / invalid
    validity_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    judged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    judged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The staff member the complaint concerns (managers only; desk/requests/staff.py).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    imported: Mapped[bool] = mapped_column(Boolean, default=False)


class WorkOrder(Base):
    """A dispatch (派工单) of a request to one department, in that department's queue until it ends;
    a transfer ends it and starts another."""

    __tablename__ = "work_orders"
    __table_args__ = (Index("ix_work_orders_queue", "site_id", "department", "outcome"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("desk_requests.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    department: Mapped[str] = mapped_column(String(40), index=True)
    dispatched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dispatched_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str] = mapped_column(
        String(16), default="open"
    )  # open/transferred/returned/finished/voided
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    finished_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class WorkOrderNote(Base):
    """What the department said about a work order: accepted, a progress report, finished (with a note)."""

    __tablename__ = "work_order_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))  # accept / progress / finish
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class RequestEvent(Base):
    """Every transition of a request: from, to, who, when, note."""

    __tablename__ = "request_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("desk_requests.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class Callback(Base):
    """A callback task (回访) for a finished repair or complaint, and its result."""

    __tablename__ = "callbacks"
    __table_args__ = (Index("ix_callbacks_site_status_due", "site_id", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("desk_requests.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(8), default="due")  # due / done / voided
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RequestTally(Base):
    """The counters of the service dashboard per (centre, month, kind, category, department), kept by
    database triggers in the same transaction as every write to requests and callbacks (migration 0013),
    so a year of many centres is summed from some thousands of rows instead of read from a million.

    Only what does not depend on the moment is kept here; "due by now" and "overdue now" concern the
    unfinished requests, which are few, and are counted live (desk/statistics/one_scan.py). Voided
    requests count nowhere. `department` is '' for none (a key column cannot be NULL)."""

    __tablename__ = "desk_request_tallies"

    site_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    department: Mapped[str] = mapped_column(String(40), primary_key=True)
    requests: Mapped[int] = mapped_column(Integer)
    finished: Mapped[int] = mapped_column(Integer)
    finished_in_time: Mapped[int] = mapped_column(Integer)
    valid: Mapped[int] = mapped_column(Integer)
    valid_finished: Mapped[int] = mapped_column(Integer)
    first_contact: Mapped[int] = mapped_column(Integer)
    callbacks_created: Mapped[int] = mapped_column(Integer)
    callbacks_done: Mapped[int] = mapped_column(Integer)
    ratings_given: Mapped[int] = mapped_column(Integer)
    ratings_satisfied: Mapped[int] = mapped_column(Integer)
    rating_1: Mapped[int] = mapped_column(Integer)
    rating_2: Mapped[int] = mapped_column(Integer)
    rating_3: Mapped[int] = mapped_column(Integer)
    rating_4: Mapped[int] = mapped_column(Integer)
    rating_5: Mapped[int] = mapped_column(Integer)
