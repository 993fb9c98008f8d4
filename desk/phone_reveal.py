"""A phone number in full, only on deliberate reveal: lists and details show it masked (desk.phone),
and each reveal leaves a history row saying who saw which number, when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from core.errors import NotFound
from core.roles import Actor, Permission, require
from desk.content_model import DeskContent
from desk.owners.tables import Owner
from desk.record_base import RecordService
from desk.renovation.tables import MoveIn
from desk.requests.tables import Callback, Request

REVEAL = "reveal_phone"


class PhoneReveal(RecordService[DeskContent]):
    entity = "phone"

    def request_phone(self, actor: Actor, request_id: int) -> str:
        """The contact phone of a request (its detail, its callback)."""
        return self._reveal(actor, Request, request_id, "request", lambda _s, r: r.contact_phone)

    def callback_phone(self, actor: Actor, callback_id: int) -> str:
        def phone(session: Session, callback: Callback) -> str:
            request = session.get(Request, callback.request_id)
            assert request is not None
            return request.contact_phone

        return self._reveal(actor, Callback, callback_id, "callback", phone)

    def move_in_phone(self, actor: Actor, move_in_id: int) -> str:
        def phone(session: Session, move_in: MoveIn) -> str:
            owner = session.get(Owner, move_in.owner_id)
            return owner.phone if owner else ""

        return self._reveal(actor, MoveIn, move_in_id, "move_in", phone)

    def resident_phone(self, actor: Actor, resident_id: int) -> str:
        """The phone of an owner record (the owners page's edit box)."""
        return self._reveal(actor, Owner, resident_id, "resident", lambda _s, o: o.phone)

    def _reveal(self, actor: Actor, table: Any, record_id: int, entity: str, phone: Any) -> str:
        require(actor, Permission.USE_DESK)
        require(actor, Permission.SEE_FULL_PHONE)
        with self._sessions.begin() as session:
            record = session.get(table, record_id)
            if record is None or record.site_id not in actor.site_ids:
                raise NotFound("desk.error.record_not_found", record_id=record_id)
            self._record(session, actor, record, REVEAL, entity=entity)
            return phone(session, record)
