"""Keys (钥匙): a register of keys held at the desk, loans and returns; a key is never in two places."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from accounts.tables import User
from core.errors import ValidationFailed
from core.roles import Actor, Permission
from core.views import view_of
from desk.content_model import DeskContent
from desk.masking import mask_middle
from desk.owners.units import clean_unit, get_or_create_unit
from desk.phone import clean_phone, mask_phone
from desk.record_base import RecordService, reason_text, required_text
from desk.registers.tables import Key, KeyLoan


@dataclass(frozen=True)
class KeyRow:
    id: int
    site_id: int
    room: str
    purpose: str
    copies: int
    loan_id: int | None  # the open loan, if the key is out
    borrower: str | None
    borrower_id_number: str | None  # masked unless the viewer may see it whole
    borrower_phone: str | None
    lent_at: datetime | None
    expected_return_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class LoanRow:
    """One loan of a key, kept after the return: who lent it, when, to whom, when it came back."""

    id: int
    key_id: int
    room: str
    lent_at: datetime
    lent_by: str | None
    borrower: str
    borrower_phone: str  # masked
    reason: str
    expected_return_at: datetime
    returned_at: datetime | None
    returned_to: str | None
    late: bool


class KeyService(RecordService[DeskContent]):
    entity = "key"

    def add_key(
        self, actor: Actor, site_id: int, *, room: str, purpose: str, copies: int = 1, unit: str = ""
    ) -> int:
        """Register a key. `room` names where it opens (a unit code or e.g. 设备房)."""
        self._allow(actor, site_id)
        room_text = required_text(room, "room", "desk.error.room_required", 60)
        purpose_text = required_text(purpose, "purpose", "desk.error.purpose_required", 200)
        if not isinstance(copies, int) or not 1 <= copies <= 99:
            raise ValidationFailed("desk.error.copies_range", field="copies")
        now = self._clock()
        with self._sessions.begin() as session:
            unit_id = get_or_create_unit(session, site_id, clean_unit(unit), now).id if unit.strip() else None
            key = Key(
                site_id=site_id,
                unit_id=unit_id,
                room=room_text,
                purpose=purpose_text,
                copies=copies,
                created_at=now,
            )
            return self._add(
                session, actor, key, "create", {"room": [None, room_text], "copies": [None, copies]}, at=now
            )

    def lend(
        self,
        actor: Actor,
        key_id: int,
        *,
        borrower: str,
        id_number: str,
        phone: str,
        reason: str,
        expected_return_at: datetime | None = None,
    ) -> int:
        self._allow(actor)
        name = required_text(borrower, "borrower", "desk.error.borrower_required", 50)
        identity = required_text(id_number, "id_number", "desk.error.id_number_required", 32).upper()
        number = clean_phone(phone, field="contact_phone")
        why = required_text(reason, "reason", "error.reason_required", 500)
        now = self._clock()
        due = expected_return_at or now + timedelta(hours=self._content.registers.keys.default_loan_hours)
        if due <= now:
            raise ValidationFailed("desk.error.return_in_past", field="expected_return_at")
        try:
            with self._sessions.begin() as session:
                key = self._locked(session, actor, Key, key_id)
                if key.voided_at is not None:
                    raise ValidationFailed("desk.error.key_voided", field="key")
                if self._open_loan(session, key.id) is not None:
                    raise ValidationFailed("desk.error.key_out", field="key", room=key.room)
                loan = KeyLoan(
                    key_id=key.id,
                    site_id=key.site_id,
                    borrower=name,
                    borrower_id_number=identity,
                    borrower_phone=number,
                    reason=why,
                    lent_at=now,
                    lent_by=actor.user_id,
                    expected_return_at=due,
                )
                session.add(loan)
                session.flush()
                self._record(session, actor, key, "lend", {"holder": ["desk", name]}, note=why, at=now)
                return loan.id
        except IntegrityError as exc:
            # Two desks lending the same key at once: the partial unique index lets one win.
            raise ValidationFailed("desk.error.key_out", field="key", room=str(key_id)) from exc

    def return_key(self, actor: Actor, key_id: int) -> None:
        self._allow(actor)
        now = self._clock()
        with self._sessions.begin() as session:
            key = self._visible(session, actor, Key, key_id)
            loan = self._open_loan(session, key.id, lock=True)
            if loan is None:
                raise ValidationFailed("desk.error.key_not_out", field="key", room=key.room)
            loan.returned_at, loan.returned_to = now, actor.user_id
            late = now > loan.expected_return_at
            self._record(
                session,
                actor,
                key,
                "return",
                {"holder": [loan.borrower, "desk"]},
                note="late" if late else None,
                at=now,
            )

    def void_key(self, actor: Actor, key_id: int, reason: str) -> None:
        """A key lost or handed back to its owner leaves the register, with the reason; never while lent."""
        self._allow(actor)
        why = reason_text(reason)
        with self._sessions.begin() as session:
            key = self._visible(session, actor, Key, key_id)
            if self._open_loan(session, key.id) is not None:
                raise ValidationFailed("desk.error.key_out", field="key", room=key.room)
            if key.voided_at is None:
                key.voided_at, key.void_reason = self._clock(), why
                self._record(session, actor, key, "void", {"voided": [False, True]}, note=why)

    def register(self, actor: Actor, *, site_ids: set[int] | None = None, only: str = "all") -> list[KeyRow]:
        """The keys with where each one is now; `only` = all / out / overdue."""
        self._allow(actor)
        sites = self._sites(actor, site_ids)
        now = self._clock()
        stmt = (
            select(Key, KeyLoan)
            .outerjoin(KeyLoan, and_(KeyLoan.key_id == Key.id, KeyLoan.returned_at.is_(None)))
            .where(Key.site_id.in_(sites), Key.voided_at.is_(None))
        )
        if only in ("out", "overdue"):
            stmt = stmt.where(KeyLoan.id.is_not(None))
        if only == "overdue":
            stmt = stmt.where(KeyLoan.expected_return_at < now)
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(Key.room, Key.id).limit(500)).all()
        full_id = (
            actor.can(Permission.SEE_FULL_ID_NUMBER) if hasattr(Permission, "SEE_FULL_ID_NUMBER") else False
        )
        return [
            view_of(
                KeyRow,
                k,
                loan_id=loan.id if loan else None,
                borrower=loan.borrower if loan else None,
                borrower_id_number=(
                    loan.borrower_id_number if full_id else mask_middle(loan.borrower_id_number)
                )
                if loan
                else None,
                borrower_phone=mask_phone(loan.borrower_phone) if loan else None,
                lent_at=loan.lent_at if loan else None,
                expected_return_at=loan.expected_return_at if loan else None,
                overdue=bool(loan and now > loan.expected_return_at),
            )
            for k, loan in rows
        ]

    def loan_history(
        self, actor: Actor, *, key_id: int | None = None, site_ids: set[int] | None = None, limit: int = 200
    ) -> list[LoanRow]:
        """Every loan of one key (or of the sites' keys), newest first, in one query."""
        self._allow(actor)
        sites = self._sites(actor, site_ids)
        lender, receiver = aliased(User), aliased(User)
        stmt = (
            select(KeyLoan, Key.room, lender.display_name, receiver.display_name)
            .join(Key, Key.id == KeyLoan.key_id)
            .outerjoin(lender, lender.id == KeyLoan.lent_by)
            .outerjoin(receiver, receiver.id == KeyLoan.returned_to)
            .where(KeyLoan.site_id.in_(sites))
        )
        if key_id is not None:
            stmt = stmt.where(KeyLoan.key_id == key_id)
        now = self._clock()
        with self._sessions() as session:
            rows = session.execute(
                stmt.order_by(KeyLoan.lent_at.desc(), KeyLoan.id.desc()).limit(limit)
            ).all()
        return [
            view_of(
                LoanRow,
                loan,
                room=room,
                lent_by=lent_by,
                borrower_phone=mask_phone(loan.borrower_phone),
                returned_to=returned_to,
                late=(loan.returned_at or now) > loan.expected_return_at,
            )
            for loan, room, lent_by, returned_to in rows
        ]

    @staticmethod
    def _open_loan(session, key_id: int, lock: bool = False) -> KeyLoan | None:  # type: ignore[no-untyped-def]
        stmt = select(KeyLoan).where(KeyLoan.key_id == key_id, KeyLoan.returned_at.is_(None))
        return session.scalar(stmt.with_for_update() if lock else stmt)
