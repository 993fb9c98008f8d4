"""Everything the desk knows about one unit, in one timeline: owners and residents, requests, callbacks,
key loans, mail, move-in, renovations, worker passes and fees. One query per register, none in a loop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import select

from core.roles import Actor
from desk.content_model import DeskContent
from desk.owners.tables import Owner, Unit
from desk.owners.units import clean_unit
from desk.phone import mask_phone
from desk.record_base import RecordService
from desk.registers.tables import Key, KeyLoan, MailItem, Receipt
from desk.renovation.tables import MoveIn, Renovation, WorkerPass
from desk.renovation.views import record_number
from desk.requests.tables import Callback, Request
from desk.requests.views import request_number

QUERIES = 10  # the unit, then one per register: the page's cost does not grow with the unit's history


@dataclass(frozen=True)
class Resident:
    name: str
    relation: str
    phone: str  # masked


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # owner / request / callback / key / mail / move_in / renovation / pass / fee
    ref: str  # a number or name the desk recognises
    status: str  # a code of that register (translated by the page)
    text: str  # what the record says, as typed


@dataclass(frozen=True)
class UnitTimelineView:
    site_id: int
    unit: str
    residents: tuple[Resident, ...]
    events: tuple[TimelineEvent, ...]  # newest first


class UnitTimeline(RecordService[DeskContent]):
    entity = "unit"

    def timeline(self, actor: Actor, site_id: int, unit: str) -> UnitTimelineView | None:
        """None when the site has no such unit."""
        self._allow(actor, site_id)
        code = clean_unit(unit)
        with self._sessions() as session:
            row = session.scalar(select(Unit).where(Unit.site_id == site_id, Unit.code == code))
            if row is None:
                return None
            uid = row.id
            owners = session.scalars(
                select(Owner).where(Owner.unit_id == uid).order_by(Owner.created_at)
            ).all()
            requests = session.scalars(select(Request).where(Request.unit_id == uid)).all()
            callbacks = session.execute(
                select(Callback, Request.kind)
                .join(Request, Request.id == Callback.request_id)
                .where(Request.unit_id == uid)
            ).all()
            loans = session.execute(
                select(KeyLoan, Key.room).join(Key, Key.id == KeyLoan.key_id).where(Key.unit_id == uid)
            ).all()
            mail = session.scalars(select(MailItem).where(MailItem.unit_id == uid)).all()
            move_ins = session.scalars(select(MoveIn).where(MoveIn.unit_id == uid)).all()
            renovations = session.scalars(select(Renovation).where(Renovation.unit_id == uid)).all()
            passes = session.scalars(
                select(WorkerPass)
                .join(Renovation, Renovation.id == WorkerPass.renovation_id)
                .where(Renovation.unit_id == uid)
            ).all()
            fees = session.scalars(select(Receipt).where(Receipt.unit_id == uid)).all()
        events = [
            *(
                TimelineEvent(
                    o.created_at, "owner", o.name, "voided" if o.voided_at else o.relation, o.note or ""
                )
                for o in owners
            ),
            *(
                TimelineEvent(r.received_at, "request", request_number(r.kind, r.id), r.status, r.content)
                for r in requests
            ),
            *(
                TimelineEvent(
                    c.due_at, "callback", request_number(kind, c.request_id), c.status, c.result or ""
                )
                for c, kind in callbacks
            ),
            *(
                TimelineEvent(k.lent_at, "key", room, "returned" if k.returned_at else "out", k.borrower)
                for k, room in loans
            ),
            *(TimelineEvent(m.received_at, "mail", m.kind, m.status, m.description) for m in mail),
            *(
                TimelineEvent(m.started_at, "move_in", record_number("move_in", m.id), m.status, m.note or "")
                for m in move_ins
            ),
            *(
                TimelineEvent(r.applied_at, "renovation", record_number("renovation", r.id), r.status, "")
                for r in renovations
            ),
            *(
                TimelineEvent(
                    datetime.combine(p.valid_from, time(), UTC),
                    "pass",
                    record_number("worker_pass", p.id),
                    "revoked" if p.revoked_at else "issued",
                    f"{p.worker_name} {p.valid_from} – {p.valid_to}",
                )
                for p in passes
            ),
            *(
                TimelineEvent(
                    f.taken_at,
                    "fee",
                    f.receipt_no,
                    "voided" if f.voided_at else "taken",
                    f"{f.item} ¥{f.amount}",
                )
                for f in fees
            ),
        ]
        residents = tuple(
            Resident(o.name, o.relation, mask_phone(o.phone) if o.phone else "")
            for o in owners
            if not o.voided_at
        )
        events.sort(key=lambda e: e.at, reverse=True)
        return UnitTimelineView(site_id, code, residents, tuple(events))
