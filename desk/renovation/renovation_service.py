"""Renovations (装修), procedure duty 1.4: the application, a manager's approval, the works, the
inspection, the deposit refund; the list and a renovation's detail with its worker passes.

Every change is one transaction and writes a history row; nothing is deleted: records are voided with a
reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from accounts.tables import User
from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from core.views import view_of
from desk.owners.tables import Owner, Unit
from desk.owners.units import get_or_create_owner
from desk.phone import shown_phone
from desk.record_base import RecordService, site_or_404
from desk.record_queries import LIST_LIMIT, choice
from desk.renovation.content import RegistersContent
from desk.renovation.forms import RenovationForm, clean_refund, clean_renovation, reason, text
from desk.renovation.pass_service import pass_row
from desk.renovation.passes import local_today
from desk.renovation.tables import Renovation, WorkerPass
from desk.renovation.views import VIEWS, RenovationDetail, RenovationRow, record_number
from desk.renovation.workflow import (
    FINAL,
    MACHINE,
    MANAGER_ONLY,
    NEEDS_REASON,
    OWN_FORM,
    Action,
    Status,
    allowed_actions,
    next_status,
    passes_allowed,
)

ENTITY = "renovation"
MISSING = "renovation.error.not_found"
FINAL_VALUES = tuple(s.value for s in FINAL)


class RenovationService(RecordService[RegistersContent]):
    entity = ENTITY

    def apply(self, actor: Actor, form: RenovationForm) -> int:
        """Record a renovation application; it waits for a manager's approval."""
        require(actor, Permission.USE_DESK)
        clean = clean_renovation(form)
        with self._at_unit(actor, clean.site_id, clean.unit) as (session, unit, now):
            owner = (
                get_or_create_owner(session, unit, clean.owner_name, "", now) if clean.owner_name else None
            )
            record = Renovation(
                site_id=clean.site_id, unit_id=unit.id, owner_id=owner.id if owner else None,
                status=Status.APPLIED.value, company=clean.company, person_in_charge=clean.person_in_charge,
                person_phone=clean.person_phone, scope=clean.scope, planned_start=clean.works.start,
                planned_end=clean.works.end, deposit=clean.deposit, applied_at=now, created_by=actor.user_id,
                inspections=0,
            )  # fmt: skip
            applied = {"status": record.status, "unit": unit.code, "company": record.company,
                       "planned_start": record.planned_start, "planned_end": record.planned_end,
                       "deposit": record.deposit}  # fmt: skip
            return self._add_new(session, actor, record, "apply", applied, now)

    def act(
        self,
        actor: Actor,
        renovation_id: int,
        action: str,
        *,
        note: str = "",
        expected_status: str | None = None,
    ) -> str:
        """Move a renovation along its state machine; returns the new status. Approval is for managers;
        rejection, a failed inspection and voiding need a reason."""
        require(actor, Permission.USE_DESK)
        step: Action = choice(Action, action)
        if step in MANAGER_ONLY:
            require(actor, Permission.APPROVE_RENOVATIONS)
        if step in OWN_FORM:
            raise ValidationFailed("renovation.error.use_refund_form", field="action")
        why = reason(note) if step in NEEDS_REASON else text(note, "note", 500, required=False)
        now = self._clock()
        with self._sessions.begin() as session:
            record, current, target = self._locked_step(
                session, actor, Renovation, renovation_id, MISSING, machine=MACHINE, action=step,
                expected_status=expected_status, changed="renovation.error.changed_meanwhile",
            )  # fmt: skip
            before: dict[str, Any] = {"status": current.value}
            after: dict[str, Any] = {"status": target.value}
            if step is Action.APPROVE:
                record.approved_at, record.approved_by = now, actor.user_id
            elif step is Action.START:
                record.started_at = now
            elif step in (Action.ACCEPT, Action.FAIL):
                before["inspections"] = record.inspections
                record.inspections += 1
                record.inspected_at, record.inspected_by = now, actor.user_id
                after["inspections"] = record.inspections
                if step is Action.ACCEPT:
                    record.accepted_at = now
                else:
                    record.inspection_note = why
            if target in FINAL:
                record.closed_at = now
                if step in NEEDS_REASON:
                    record.closing_reason = why
            record.status = target.value
            self._record_change(
                session, actor, record, action=step.value, before=before, after=after, now=now, note=why,
            )  # fmt: skip
            return record.status

    def refund_deposit(
        self,
        actor: Actor,
        renovation_id: int,
        *,
        amount: str | Decimal,
        note: str = "",
        receipt_no: str = "",
    ) -> None:
        """Record the deposit refund once the works are accepted: the amount paid back (at most the
        deposit; anything kept back needs a reason) and the receipt or transfer reference."""
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions.begin() as session:
            record = self._locked(session, actor, Renovation, renovation_id, MISSING)
            current = Status(record.status)
            target = next_status(current, Action.REFUND)
            refund, why, receipt = clean_refund(amount, record.deposit, note, receipt_no)
            record.refund_amount, record.refund_note, record.refund_receipt_no = (
                refund,
                why or None,
                receipt or None,
            )
            record.refunded_at, record.refunded_by = now, actor.user_id
            record.status, record.closed_at = target.value, now
            self._record_change(
                session, actor, record, action=Action.REFUND.value, before={"status": current.value},
                after={"status": target.value, "refund_amount": refund, "receipt_no": receipt or None},
                now=now, note=why,
            )  # fmt: skip

    def list_renovations(
        self, actor: Actor, view: str = "open", *, query: str = "", limit: int = LIST_LIMIT
    ) -> list[RenovationRow]:
        r = Renovation
        stmt = self._listing(
            actor, r, view, VIEWS, final_values=FINAL_VALUES, query=query, prefix="ZS",
            search=(Unit.code, r.company, r.person_in_charge),
        )  # fmt: skip
        full = actor.can(Permission.SEE_FULL_PHONE)
        with self._sessions() as session:
            rows = session.execute(
                stmt.order_by(Renovation.applied_at.desc(), Renovation.id.desc()).limit(limit)
            ).all()
        return [_renovation_row(r, code, full) for r, code in rows]

    def renovation_detail(self, actor: Actor, renovation_id: int) -> RenovationDetail:
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions() as session:
            record = self._visible(session, actor, Renovation, renovation_id, MISSING)
            site = site_or_404(session, record.site_id)
            code = session.scalar(select(Unit.code).where(Unit.id == record.unit_id)) or ""
            owner = session.get(Owner, record.owner_id) if record.owner_id else None
            approver = session.get(User, record.approved_by) if record.approved_by else None
            passes = list(
                session.scalars(
                    select(WorkerPass).where(WorkerPass.renovation_id == record.id).order_by(WorkerPass.id)
                )
            )
            history_rows = self._history(session, ENTITY, record.id)
        today = local_today(now, site.timezone)
        full_phone = actor.can(Permission.SEE_FULL_PHONE)
        full_id = actor.can(Permission.SEE_FULL_ID_NUMBER)
        status = Status(record.status)
        return view_of(
            RenovationDetail,
            record,
            row=_renovation_row(record, code, full_phone),
            owner_name=owner.name if owner else None,
            approved_by=approver.display_name if approver else None,
            allowed_actions=tuple(
                a.value
                for a in allowed_actions(status)
                if a not in OWN_FORM and (a not in MANAGER_ONLY or actor.can(Permission.APPROVE_RENOVATIONS))
            ),
            can_refund=Action.REFUND in allowed_actions(status),
            can_issue_passes=passes_allowed(status),
            passes=tuple(pass_row(p, record, code, today, full_id) for p in passes),
            history=history_rows,
        )


def _renovation_row(record: Renovation, code: str, full_phone: bool) -> RenovationRow:
    return view_of(
        RenovationRow,
        record,
        number=record_number(ENTITY, record.id),
        unit=code,
        person_phone=shown_phone(record.person_phone, full_phone),
    )
