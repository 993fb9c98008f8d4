"""Special services (特约服务: housekeeping and other paid services), procedure duty 1.8.

request -> scheduled (when, who) -> done -> paid (amount, method, receipt) -> callback (1-5) -> closed, or
cancelled / voided with a reason. Every method checks the role; every change writes a history row.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.tables import Site
from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from core.views import view_of
from desk.money import parse_amount
from desk.owners.tables import Unit
from desk.owners.units import get_or_create_owner
from desk.phone import shown_phone
from desk.record_base import RecordService, site_or_404
from desk.record_queries import LIST_LIMIT, choice, day_bounds, in_local_range
from desk.renovation.content import RegistersContent
from desk.renovation.forms import REASON_MAX, SpecialForm, clean_special, reason, text
from desk.renovation.views import SpecialDetail, SpecialRow, record_number
from desk.special.tables import SpecialService
from desk.special.workflow import (
    FINAL,
    INITIAL,
    MACHINE,
    Action,
    Method,
    Status,
    allowed_actions,
    clean_satisfaction,
)

ENTITY = "special_service"
MISSING = "special.error.not_found"
VIEWS = ("open", "today", "all")
FINAL_VALUES = tuple(s.value for s in FINAL)


class SpecialServicesService(RecordService[RegistersContent]):
    entity = ENTITY

    def request(self, actor: Actor, form: SpecialForm) -> int:
        """Take an owner's order for a special service; returns its id."""
        require(actor, Permission.USE_DESK)
        clean = clean_special(form, self._content)
        with self._at_unit(actor, clean.site_id, clean.unit) as (session, unit, now):
            owner = get_or_create_owner(session, unit, clean.contact_name, clean.contact_phone, now)
            record = SpecialService(
                site_id=clean.site_id, unit_id=unit.id, owner_id=owner.id, contact_name=clean.contact_name,
                contact_phone=clean.contact_phone, service_type=clean.service_type,
                description=clean.description, quoted_price=clean.quoted_price, status=INITIAL.value,
                requested_at=now, created_by=actor.user_id,
            )  # fmt: skip
            requested = {"status": record.status, "unit": unit.code, "service_type": record.service_type,
                         "quoted_price": record.quoted_price}  # fmt: skip
            return self._add_new(session, actor, record, "request", requested, now)

    def schedule(
        self,
        actor: Actor,
        service_id: int,
        *,
        day: date | None,
        at: time | None,
        assignee: str,
        expected_status: str | None = None,
    ) -> None:
        """When (the site's local date and time) and who will do it; again to reschedule."""
        require(actor, Permission.USE_DESK)
        if not isinstance(day, date):
            raise ValidationFailed("special.error.date_required", field="scheduled_day")
        if not isinstance(at, time):
            raise ValidationFailed("special.error.time_required", field="scheduled_time")
        who = text(assignee, "assignee", 50, required=True)

        def change(session: Session, record: SpecialService, site: Site, now: datetime) -> dict[str, Any]:
            zone = ZoneInfo(site.timezone)
            if day < record.requested_at.astimezone(zone).date():
                raise ValidationFailed("special.error.before_request", field="scheduled_day")
            when = datetime.combine(day, at, zone)
            record.scheduled_for, record.assignee = when, who
            return {"scheduled_for": when, "assignee": who}

        self._move(actor, service_id, Action.SCHEDULE, change, expected_status=expected_status)

    def finish(
        self, actor: Actor, service_id: int, *, note: str = "", expected_status: str | None = None
    ) -> None:
        clean_note = text(note, "note", REASON_MAX, required=False)

        def change(session: Session, record: SpecialService, site: Site, now: datetime) -> dict[str, Any]:
            record.done_at = now
            return {}

        self._move(actor, service_id, Action.FINISH, change, note=clean_note, expected_status=expected_status)

    def pay(
        self,
        actor: Actor,
        service_id: int,
        *,
        amount: str | Decimal,
        method: str,
        receipt_no: str,
        expected_status: str | None = None,
    ) -> None:
        """The owner paid: the exact amount, how, and the receipt number (unique at the site)."""
        require(actor, Permission.USE_DESK)
        paid = parse_amount(amount, "amount")
        how: Method = choice(Method, method, "method")
        receipt = text(receipt_no, "receipt_no", 40, required=True, key="special.error.receipt_required")

        def change(session: Session, record: SpecialService, site: Site, now: datetime) -> dict[str, Any]:
            taken = session.scalar(
                select(SpecialService.id).where(
                    SpecialService.site_id == record.site_id,
                    SpecialService.receipt_no == receipt,
                    SpecialService.id != record.id,
                )
            )
            if taken is not None:
                raise _receipt_taken(receipt, taken)
            record.amount, record.method, record.receipt_no = paid, how.value, receipt
            record.paid_at, record.paid_by = now, actor.user_id
            return {"amount": paid, "method": how.value, "receipt_no": receipt}

        try:
            self._move(actor, service_id, Action.PAY, change, expected_status=expected_status)
        except IntegrityError as exc:  # another desk took the same receipt number at the same moment
            raise _receipt_taken(receipt, None) from exc

    def record_callback(
        self,
        actor: Actor,
        service_id: int,
        *,
        satisfaction: int,
        result: str,
        expected_status: str | None = None,
    ) -> None:
        """The callback (回访): the owner's rating 1-5 and what they said; the order is then closed."""
        require(actor, Permission.USE_DESK)
        rating = clean_satisfaction(satisfaction)
        said = text(result, "callback_result", REASON_MAX, required=True, key="special.error.result_required")

        def change(session: Session, record: SpecialService, site: Site, now: datetime) -> dict[str, Any]:
            record.callback_at, record.callback_by = now, actor.user_id
            record.satisfaction, record.callback_result = rating, said
            return {"satisfaction": rating}

        self._move(actor, service_id, Action.CALLBACK, change, note=said, expected_status=expected_status)

    def cancel(
        self, actor: Actor, service_id: int, reason_text: str, expected_status: str | None = None
    ) -> None:
        """The owner or the desk calls it off before it is done."""
        self._close(actor, service_id, Action.CANCEL, reason_text, expected_status)

    def void(
        self, actor: Actor, service_id: int, reason_text: str, expected_status: str | None = None
    ) -> None:
        """Logged in error: kept, marked void, left out of the statistics."""
        self._close(actor, service_id, Action.VOID, reason_text, expected_status)

    # --- reading ------------------------------------------------------------------------------

    def list_services(
        self, actor: Actor, view: str = "open", *, query: str = "", limit: int = LIST_LIMIT
    ) -> list[SpecialRow]:
        """Open orders (soonest appointment first), today's appointments, or everything (newest first)."""
        s = SpecialService
        stmt = self._listing(
            actor, s, view, VIEWS, final_values=FINAL_VALUES, query=query, prefix="TY",
            search=(Unit.code, s.contact_name, s.contact_phone, s.receipt_no),
        )  # fmt: skip
        if view == "today":
            now = self._clock()
            with self._sessions() as session:
                zones = session.execute(select(Site.id, Site.timezone).where(Site.id.in_(actor.site_ids)))
                bounds = {site_id: day_bounds(now, zone) for site_id, zone in zones}
            stmt = stmt.where(in_local_range(s.scheduled_for, bounds, s.site_id))
        if view == "all":
            order = (SpecialService.requested_at.desc(), SpecialService.id.desc())
        else:
            order = (SpecialService.scheduled_for.is_(None), SpecialService.scheduled_for, SpecialService.id)
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(*order).limit(limit)).all()
        full = actor.can(Permission.SEE_FULL_PHONE)
        return [self._row(r, code, full) for r, code in rows]

    def detail(self, actor: Actor, service_id: int) -> SpecialDetail:
        require(actor, Permission.USE_DESK)
        with self._sessions() as session:
            record = self._visible(session, actor, SpecialService, service_id, MISSING)
            code = session.scalar(select(Unit.code).where(Unit.id == record.unit_id)) or ""
            history_rows = self._history(session, ENTITY, record.id)
        return view_of(
            SpecialDetail,
            record,
            row=self._row(record, code, actor.can(Permission.SEE_FULL_PHONE)),
            allowed_actions=tuple(a.value for a in allowed_actions(Status(record.status))),
            history=history_rows,
        )

    # --- internals ----------------------------------------------------------------------------

    def _close(
        self, actor: Actor, service_id: int, action: Action, reason_text: str, expected_status: str | None
    ) -> None:
        require(actor, Permission.USE_DESK)
        why = reason(reason_text)

        def change(session: Session, record: SpecialService, site: Site, now: datetime) -> dict[str, Any]:
            record.closing_reason = why
            return {}

        self._move(actor, service_id, action, change, note=why, expected_status=expected_status)

    def _move(
        self,
        actor: Actor,
        service_id: int,
        action: Action,
        change: Any,
        *,
        note: str = "",
        expected_status: str | None = None,
    ) -> None:
        """One step: lock the order, check the state machine, apply `change`, write the history row."""
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions.begin() as session:
            record, current, target = self._locked_step(
                session, actor, SpecialService, service_id, MISSING, machine=MACHINE, action=action,
                expected_status=expected_status, changed="special.error.changed_meanwhile",
            )  # fmt: skip
            site = site_or_404(session, record.site_id)
            before = {"status": current.value} | {k: getattr(record, k, None) for k in _FIELDS[action]}
            after = {"status": target.value} | change(session, record, site, now)
            record.status = target.value
            if target in FINAL:
                record.closed_at = now
            self._record_change(
                session, actor, record, action=action.value, before=before, after=after, now=now, note=note
            )
            session.flush()

    @staticmethod
    def _row(record: SpecialService, code: str, full_phone: bool) -> SpecialRow:
        return view_of(
            SpecialRow,
            record,
            number=record_number(ENTITY, record.id),
            unit=code,
            phone=shown_phone(record.contact_phone, full_phone),
            summary=record.description[:60],
        )


# The fields each step changes, so the history shows their old values too.
_FIELDS: dict[Action, tuple[str, ...]] = {
    Action.SCHEDULE: ("scheduled_for", "assignee"),
    Action.FINISH: (),
    Action.PAY: ("amount", "method", "receipt_no"),
    Action.CALLBACK: ("satisfaction",),
    Action.CANCEL: (),
    Action.VOID: (),
}


def _receipt_taken(receipt: str, other: int | None) -> ValidationFailed:
    return ValidationFailed(
        "special.error.receipt_taken",
        field="receipt_no",
        value=receipt,
        number=record_number(ENTITY, other) if other else "",
    )


__all__ = ["VIEWS", "SpecialForm", "SpecialServicesService"]
