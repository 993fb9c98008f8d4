"""Move-ins (收房), procedure duty 1.4: open one with today's checklist, tick items and documents until
every required one is done, void one logged in error; the list and a move-in's detail.

Every change is one transaction and writes a history row; nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from accounts.tables import User
from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from desk.owners.tables import Owner, Unit
from desk.owners.units import get_or_create_owner
from desk.phone import shown_phone
from desk.record_base import RecordService
from desk.record_queries import LIST_LIMIT, count_if, text_search
from desk.renovation import movein
from desk.renovation.content import RegistersContent
from desk.renovation.forms import MoveInForm, clean_move_in, reason
from desk.renovation.movein import EntryKind, Tick
from desk.renovation.tables import MoveIn, MoveInItem
from desk.renovation.views import VIEWS, MoveInDetail, MoveInRow, TickRow, record_number

ENTITY = "move_in"
MISSING = "movein.error.not_found"


class MoveInService(RecordService[RegistersContent]):
    entity = ENTITY

    def start_move_in(self, actor: Actor, form: MoveInForm) -> int:
        """Open a move-in for an owner at a unit, with the checklist as it stands today."""
        require(actor, Permission.USE_DESK)
        clean = clean_move_in(form)
        with self._at_unit(actor, clean.site_id, clean.unit) as (session, unit, now):
            owner = get_or_create_owner(session, unit, clean.owner_name, clean.owner_phone, now)
            existing = session.scalar(
                select(MoveIn.id).where(
                    MoveIn.unit_id == unit.id,
                    MoveIn.owner_id == owner.id,
                    MoveIn.status != movein.Status.VOIDED.value,
                )
            )
            if existing is not None:
                raise ValidationFailed(
                    "movein.error.exists", field="unit", number=record_number(ENTITY, existing)
                )
            record = MoveIn(
                site_id=clean.site_id, unit_id=unit.id, owner_id=owner.id, status=movein.Status.OPEN.value,
                handled_by=actor.user_id, started_at=now, note=clean.note or None,
            )  # fmt: skip
            session.add(record)
            session.flush()
            entries = [(EntryKind.ITEM, e) for e in self._content.movein.items]
            entries += [(EntryKind.DOCUMENT, e) for e in self._content.movein.documents]
            for position, (kind, entry) in enumerate(entries):
                session.add(
                    MoveInItem(
                        move_in_id=record.id, kind=kind.value, code=entry.id, position=position,
                        required=entry.required, done=False,
                    )
                )  # fmt: skip
            self._record_change(
                session, actor, record, action="start", before={}, now=now, note=clean.note,
                after={"status": record.status, "unit": unit.code, "owner": owner.name},
            )  # fmt: skip
            return record.id

    def tick_move_in(
        self, actor: Actor, move_in_id: int, items: Iterable[str], documents: Iterable[str]
    ) -> str:
        """Save which items are checked and which documents handed over (exactly these); the move-in is
        completed once every required one is. Returns the new status."""
        require(actor, Permission.USE_DESK)
        ticked = {(EntryKind.ITEM, c) for c in items} | {(EntryKind.DOCUMENT, c) for c in documents}
        now = self._clock()
        with self._sessions.begin() as session:
            record = self._locked(session, actor, MoveIn, move_in_id, MISSING)
            if not movein.can_change(movein.Status(record.status)):
                raise ValidationFailed(
                    "movein.error.closed", field="items", machine="movein", state=record.status
                )
            rows = list(
                session.scalars(
                    select(MoveInItem).where(MoveInItem.move_in_id == record.id).order_by(MoveInItem.position)
                )
            )
            ticks = movein.apply_ticks(
                (Tick(EntryKind(r.kind), r.code, r.required, r.done) for r in rows), ticked
            )
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            for row, tick in zip(rows, ticks, strict=True):
                if row.done != tick.done:
                    before[f"{row.kind}.{row.code}"], after[f"{row.kind}.{row.code}"] = row.done, tick.done
                    row.done = tick.done
                    row.done_at, row.done_by = (now, actor.user_id) if tick.done else (None, None)
            if movein.progress(ticks).complete:
                before["status"], after["status"] = record.status, movein.Status.COMPLETED.value
                record.status, record.completed_at = movein.Status.COMPLETED.value, now
            if after:
                action = "complete" if record.status == movein.Status.COMPLETED.value else "tick"
                self._record_change(
                    session, actor, record, action=action, before=before, after=after, now=now
                )
            return record.status

    def void_move_in(self, actor: Actor, move_in_id: int, reason_text: str) -> None:
        require(actor, Permission.USE_DESK)
        why = reason(reason_text)
        now = self._clock()
        with self._sessions.begin() as session:
            record = self._locked(session, actor, MoveIn, move_in_id, MISSING)
            if record.status == movein.Status.VOIDED.value:
                raise ValidationFailed(
                    "movein.error.closed", field="action", machine="movein", state=record.status
                )
            before = record.status
            record.status, record.void_reason = movein.Status.VOIDED.value, why
            self._record_change(
                session, actor, record, action="void", before={"status": before},
                after={"status": record.status}, now=now, note=why,
            )  # fmt: skip

    def list_move_ins(
        self, actor: Actor, view: str = "open", *, query: str = "", limit: int = LIST_LIMIT
    ) -> list[MoveInRow]:
        require(actor, Permission.USE_DESK)
        if view not in VIEWS:
            raise ValidationFailed("desk.error.choice_invalid", field="view", value=view)
        stmt = _move_in_query(actor)
        if view == "open":
            stmt = stmt.where(MoveIn.status == movein.Status.OPEN.value)
        found = text_search(query, "SF", MoveIn.id, (Unit.code, Owner.name))
        if found is not None:
            stmt = stmt.where(found)
        with self._sessions() as session:
            rows = session.execute(
                stmt.order_by(MoveIn.started_at.desc(), MoveIn.id.desc()).limit(limit)
            ).all()
        # Masked; shown in full only through PhoneReveal, which leaves a history row.
        return [_move_in_row(row, False) for row in rows]

    def move_in_detail(self, actor: Actor, move_in_id: int) -> MoveInDetail:
        require(actor, Permission.USE_DESK)
        with self._sessions() as session:
            record = self._visible(session, actor, MoveIn, move_in_id, MISSING)
            items = list(
                session.scalars(
                    select(MoveInItem).where(MoveInItem.move_in_id == record.id).order_by(MoveInItem.position)
                )
            )
            history_rows = self._history(session, ENTITY, record.id)
            row = session.execute(_move_in_query(actor).where(MoveIn.id == record.id)).one()
        return MoveInDetail(
            row=_move_in_row(row, False),
            ticks=tuple(TickRow(i.kind, i.code, i.required, i.done, i.done_at) for i in items),
            note=record.note,
            void_reason=record.void_reason,
            history=history_rows,
        )


def _move_in_query(actor: Actor) -> Any:
    """Move-ins with unit, owner, who handled them and their required-item progress."""
    required = (
        select(
            MoveInItem.move_in_id,
            func.count().label("required"),
            count_if(MoveInItem.done.is_(True)).label("required_done"),
        )
        .where(MoveInItem.required.is_(True))
        .group_by(MoveInItem.move_in_id)
        .subquery()
    )
    return (
        select(MoveIn, Unit.code, Owner.name, Owner.phone, User.display_name,
               required.c.required, required.c.required_done)
        .join(Unit, Unit.id == MoveIn.unit_id)
        .join(Owner, Owner.id == MoveIn.owner_id)
        .outerjoin(User, User.id == MoveIn.handled_by)
        .outerjoin(required, required.c.move_in_id == MoveIn.id)
        .where(MoveIn.site_id.in_(actor.site_ids))
    )  # fmt: skip


def _move_in_row(row: Any, full_phone: bool) -> MoveInRow:
    m, code, name, phone, handler, required, required_done = row
    return MoveInRow(
        id=m.id, number=record_number(ENTITY, m.id), site_id=m.site_id, unit=code, owner_name=name,
        owner_phone=shown_phone(phone, full_phone), status=m.status, handled_by=handler,
        started_at=m.started_at, completed_at=m.completed_at, required=int(required or 0),
        required_done=int(required_done or 0),
    )  # fmt: skip
