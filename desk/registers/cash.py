"""Off-hours fee collection (代收费用) and the end-of-shift cash handover.

Receipts are taken at lunch time, after hours, at weekends and on holidays. At the end of the shift
the taker hands over to the next person: the expected cash is summed from their receipts by the
database, the counted cash is entered, and the difference is kept. The receiver accepts; any
difference is flagged for a manager, who resolves it with a note. Money is Decimal throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, case, func, select, update
from sqlalchemy.exc import IntegrityError

from accounts.tables import User, UserSite
from core.errors import PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, require
from core.views import view_of
from desk.content_model import DeskContent
from desk.money import parse_amount
from desk.owners.tables import Unit
from desk.owners.units import clean_unit, get_or_create_unit
from desk.record_base import RecordService, reason_text, required_text
from desk.registers.off_hours import require_off_hours
from desk.registers.tables import CashHandover, Receipt

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ReceiptRow:
    id: int
    site_id: int
    taken_at: datetime
    off_hours: str
    payer: str
    unit: str
    item: str
    amount: Decimal
    method: str
    receipt_no: str
    voided: bool


@dataclass(frozen=True)
class OpenTakings:
    receipts: tuple[ReceiptRow, ...]
    cash: Decimal
    other: Decimal


@dataclass(frozen=True)
class HandoverRow:
    id: int
    site_id: int
    from_name: str
    to_name: str
    created_at: datetime
    expected_cash: Decimal
    counted_cash: Decimal
    difference: Decimal
    other_total: Decimal
    status: str
    note: str | None
    resolution: str | None


class CashService(RecordService[DeskContent]):
    entity = "cash"

    def take(
        self,
        actor: Actor,
        site_id: int,
        *,
        payer: str,
        unit: str,
        item: str,
        amount: str,
        method: str,
        receipt_no: str,
    ) -> int:
        self._allow(actor, site_id)
        payer_name = required_text(payer, "payer", "desk.error.payer_required", 50)
        code = clean_unit(unit)
        item_text = required_text(item, "item", "desk.error.item_required", 100)
        value = parse_amount(amount)
        if method not in self._content.registers.cash.methods:
            raise ValidationFailed("desk.error.choice_invalid", field="method", value=method)
        number = required_text(receipt_no, "receipt_no", "desk.error.receipt_no_required", 40)
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                zone = ZoneInfo(self._timezone(session, site_id))
                period = require_off_hours(now.astimezone(zone), self._content.registers.cash)
                unit_row = get_or_create_unit(session, site_id, code, now)
                receipt = Receipt(
                    site_id=site_id,
                    taken_at=now,
                    taken_by=actor.user_id,
                    off_hours=period.value,
                    payer=payer_name,
                    unit_id=unit_row.id,
                    item=item_text,
                    amount=value,
                    method=method,
                    receipt_no=number,
                )
                return self._add(
                    session, actor, receipt, "take", {"amount": [None, str(value)]}, note=number, at=now
                )
        except IntegrityError as exc:
            raise ValidationFailed("desk.error.receipt_no_taken", field="receipt_no", value=number) from exc

    def void_receipt(self, actor: Actor, receipt_id: int, reason: str) -> None:
        """A mistaken receipt is voided with a reason; once handed over, only a manager may."""
        self._allow(actor)
        why = reason_text(reason)
        with self._sessions.begin() as session:
            receipt = self._visible(session, actor, Receipt, receipt_id)
            if receipt.voided_at is not None:
                return
            if receipt.handover_id is not None:
                require(actor, Permission.SUPERVISE_DESK)
            elif receipt.taken_by != actor.user_id and not actor.can(Permission.SUPERVISE_DESK):
                raise PermissionDenied("desk.error.not_your_receipt")
            receipt.voided_at, receipt.void_reason = self._clock(), why
            self._record(session, actor, receipt, "void", {"voided": [False, True]}, note=why)

    def open_takings(self, actor: Actor, site_id: int) -> OpenTakings:
        """The actor's receipts not yet handed over, with the totals the database adds up."""
        self._allow(actor, site_id)
        mine = self._not_handed_over(site_id, actor.user_id)
        with self._sessions() as session:
            rows = session.execute(
                select(Receipt, Unit.code)
                .join(Unit, Unit.id == Receipt.unit_id)
                .where(*mine)
                .order_by(Receipt.taken_at, Receipt.id)
            ).all()
            cash, other = self._totals(session, *mine)
        return OpenTakings(tuple(self._receipt_row(r, code) for r, code in rows), cash, other)

    def hand_over(
        self, actor: Actor, site_id: int, *, to_user: int, counted_cash: str, note: str = ""
    ) -> int:
        """Close the shift's takings: expected vs counted cash, for the receiver to accept."""
        self._allow(actor, site_id)
        counted = parse_amount(counted_cash, "counted_cash", allow_zero=True)
        if to_user == actor.user_id:
            raise ValidationFailed("desk.error.receiver_self", field="receiver")
        now = self._clock()
        with self._sessions.begin() as session:
            receiver = session.execute(self._receivers(site_id, actor.user_id).where(User.id == to_user))
            if receiver.first() is None:
                raise ValidationFailed("desk.error.receiver_invalid", field="receiver")
            mine = self._not_handed_over(site_id, actor.user_id)
            ids = list(session.scalars(select(Receipt.id).where(*mine).with_for_update()))
            if not ids:
                raise ValidationFailed("desk.error.nothing_to_hand_over", field="receipts")
            cash, other = self._totals(session, Receipt.id.in_(ids))
            handover = CashHandover(
                site_id=site_id,
                from_user=actor.user_id,
                to_user=to_user,
                created_at=now,
                expected_cash=cash,
                counted_cash=counted,
                other_total=other,
                status="pending",
                note=(note or "").strip() or None,
            )
            changes = {"expected_cash": [None, str(cash)], "counted_cash": [None, str(counted)]}
            self._add(session, actor, handover, "hand_over", changes, at=now)
            session.execute(update(Receipt).where(Receipt.id.in_(ids)).values(handover_id=handover.id))
            return handover.id

    def accept(self, actor: Actor, handover_id: int, *, dispute: str = "") -> str:
        """The receiver accepts; a difference (or a dispute, with what is wrong) goes to a manager."""
        self._allow(actor)
        with self._sessions.begin() as session:
            handover = self._handover(session, actor, handover_id)
            if handover.to_user != actor.user_id:
                raise PermissionDenied("desk.error.not_your_handover")
            if handover.status != "pending":
                raise ValidationFailed(
                    "desk.error.handover_not_pending", field="action", handover_status=handover.status
                )
            disputed = (dispute or "").strip()
            balanced = handover.counted_cash == handover.expected_cash
            handover.status = "accepted" if balanced and not disputed else "discrepancy"
            handover.accepted_at = self._clock()
            if disputed:
                handover.note = "; ".join(p for p in (handover.note, disputed) if p)
            self._record(
                session,
                actor,
                handover,
                "accept",
                {"status": ["pending", handover.status]},
                note=disputed or None,
            )
            return handover.status

    def resolve(self, actor: Actor, handover_id: int, resolution: str) -> None:
        require(actor, Permission.SUPERVISE_DESK)
        text = required_text(resolution, "resolution", "desk.error.resolution_required", 500)
        with self._sessions.begin() as session:
            handover = self._handover(session, actor, handover_id)
            if handover.status != "discrepancy":
                raise ValidationFailed(
                    "desk.error.handover_not_discrepancy", field="action", handover_status=handover.status
                )
            handover.status, handover.resolution = "resolved", text
            handover.resolved_by, handover.resolved_at = actor.user_id, self._clock()
            self._record(
                session, actor, handover, "resolve", {"status": ["discrepancy", "resolved"]}, note=text
            )

    def handovers(
        self,
        actor: Actor,
        *,
        site_ids: set[int] | None = None,
        status: str | None = None,
        to_me: bool = False,
        limit: int = 100,
    ) -> list[HandoverRow]:
        self._allow(actor)
        sites = self._sites(actor, site_ids)
        giver, taker = User.__table__.alias("giver"), User.__table__.alias("taker")
        stmt = (
            select(CashHandover, giver.c.display_name, taker.c.display_name)
            .join(giver, giver.c.id == CashHandover.from_user)
            .join(taker, taker.c.id == CashHandover.to_user)
            .where(CashHandover.site_id.in_(sites))
        )
        if status:
            stmt = stmt.where(CashHandover.status == status)
        if to_me:
            stmt = stmt.where(CashHandover.to_user == actor.user_id)
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(CashHandover.created_at.desc()).limit(limit)).all()
        return [
            view_of(HandoverRow, h, from_name=a, to_name=b, difference=h.counted_cash - h.expected_cash)
            for h, a, b in rows
        ]

    def colleagues(self, actor: Actor, site_id: int) -> list[tuple[int, str]]:
        """Who can receive a handover at this site: active staff and managers other than the actor."""
        self._allow(actor, site_id)
        with self._sessions() as session:
            rows = session.execute(self._receivers(site_id, actor.user_id).order_by(User.display_name)).all()
        return [(r.id, r.display_name) for r in rows]

    @staticmethod
    def _receivers(site_id: int, giver_id: int) -> Select[tuple[int, str]]:
        """Active staff and managers of the site other than the giver: who may receive a handover."""
        return (
            select(User.id, User.display_name)
            .join(UserSite, UserSite.user_id == User.id)
            .where(
                UserSite.site_id == site_id,
                User.active.is_(True),
                User.role != "trainee",
                User.id != giver_id,
            )
        )

    @staticmethod
    def _not_handed_over(site_id: int, taker_id: int) -> tuple[ColumnElement[bool], ...]:
        """The taker's receipts at the site that are neither handed over nor voided."""
        return (
            Receipt.site_id == site_id,
            Receipt.taken_by == taker_id,
            Receipt.handover_id.is_(None),
            Receipt.voided_at.is_(None),
        )

    def _handover(self, session, actor: Actor, handover_id: int) -> CashHandover:  # type: ignore[no-untyped-def]
        return self._visible(session, actor, CashHandover, handover_id)

    @staticmethod
    def _totals(session, *conditions) -> tuple[Decimal, Decimal]:  # type: ignore[no-untyped-def]
        is_cash = Receipt.method == "cash"
        cash, other = session.execute(
            select(
                func.coalesce(func.sum(case((is_cash, Receipt.amount), else_=0)), 0),
                func.coalesce(func.sum(case((is_cash, 0), else_=Receipt.amount)), 0),
            ).where(*conditions)
        ).one()
        return Decimal(cash).quantize(ZERO), Decimal(other).quantize(ZERO)

    @staticmethod
    def _receipt_row(r: Receipt, code: str) -> ReceiptRow:
        return view_of(ReceiptRow, r, unit=code, voided=r.voided_at is not None)
