"""Mail and newspapers (信件报刊): received, owner notified, collected with a signature, or returned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select

from core.errors import ValidationFailed
from core.roles import Actor
from core.views import view_of
from desk.content_model import DeskContent
from desk.owners.tables import Unit
from desk.owners.units import clean_unit, get_or_create_unit
from desk.record_base import RecordService, reason_text, required_text
from desk.registers.tables import MailItem


class MailKind(StrEnum):
    LETTER = "letter"
    PARCEL = "parcel"
    NEWSPAPER = "newspaper"
    MAGAZINE = "magazine"
    OTHER = "other"


OPEN = ("waiting", "notified")
# action -> (states it may start from, state it leads to)
MAIL_STEPS = {
    "notify": (("waiting",), "notified"),
    "collect": (OPEN, "collected"),
    "return": (OPEN, "returned"),
    "void": (OPEN, "voided"),
}


@dataclass(frozen=True)
class MailRow:
    id: int
    site_id: int
    unit: str
    kind: str
    description: str
    status: str
    received_at: datetime
    waiting_days: int
    highlight: bool  # waiting longer than the configured number of days
    collected_by_name: str | None


class MailService(RecordService[DeskContent]):
    entity = "mail"

    def receive(self, actor: Actor, site_id: int, *, unit: str, kind: str, description: str) -> int:
        self._allow(actor, site_id)
        code = clean_unit(unit)
        try:
            kind_value = MailKind(kind).value
        except ValueError as exc:
            raise ValidationFailed("desk.error.choice_invalid", field="mail_kind", value=kind) from exc
        text = required_text(description, "description", "desk.error.description_required", 200)
        now = self._clock()
        with self._sessions.begin() as session:
            unit_row = get_or_create_unit(session, site_id, code, now)
            item = MailItem(
                site_id=site_id,
                unit_id=unit_row.id,
                kind=kind_value,
                description=text,
                status="waiting",
                received_at=now,
                received_by=actor.user_id,
            )
            return self._add(session, actor, item, "receive", {"status": [None, "waiting"]}, at=now)

    def step(self, actor: Actor, item_id: int, action: str, *, name: str = "", reason: str = "") -> None:
        """notify / collect (with the collector's signature name) / return or void (with a reason)."""
        self._allow(actor)
        if action not in MAIL_STEPS:
            raise ValidationFailed("desk.error.choice_invalid", field="action", value=action)
        signature = (
            required_text(name, "signature", "desk.error.signature_required", 50)
            if action == "collect"
            else None
        )
        note = reason_text(reason) if action in ("return", "void") else None
        now = self._clock()
        with self._sessions.begin() as session:
            item = self._locked(session, actor, MailItem, item_id)
            sources, target = MAIL_STEPS[action]
            if item.status not in sources:
                raise ValidationFailed("desk.error.mail_step", field="action", mail_status=item.status)
            before = item.status
            item.status = target
            if action == "notify":
                item.notified_at = now
            elif action == "collect":
                item.collected_at, item.collected_by_name, item.handed_over_by = now, signature, actor.user_id
            elif action == "return":
                item.returned_at, item.closing_note = now, note
            else:
                item.closing_note = note
            self._record(
                session, actor, item, action, {"status": [before, target]}, note=signature or note, at=now
            )

    def waiting(self, actor: Actor, *, site_ids: set[int] | None = None, unit: str = "") -> list[MailRow]:
        """What waits at the desk, oldest first; items waiting too long are highlighted."""
        self._allow(actor)
        sites = self._sites(actor, site_ids)
        now = self._clock()
        highlight_after = timedelta(days=self._content.registers.mail.highlight_after_days)
        stmt = (
            select(MailItem, Unit.code)
            .join(Unit, Unit.id == MailItem.unit_id)
            .where(MailItem.site_id.in_(sites), MailItem.status.in_(OPEN))
        )
        if unit.strip():
            stmt = stmt.where(Unit.code == clean_unit(unit))
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(MailItem.received_at, MailItem.id).limit(500)).all()
        return [
            view_of(
                MailRow,
                m,
                unit=code,
                waiting_days=(now - m.received_at).days,
                highlight=now - m.received_at >= highlight_after,
            )
            for m, code in rows
        ]
