"""Move-ins (收房), renovations (装修) and worker passes (出入证): procedure duty 1.4.

Every method takes the acting user and checks the role itself; every change is one transaction and writes
a history row (who, when, from -> to, note). Nothing is deleted: records are voided with a reason.
Also the month's register counts, computed by the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from accounts.tables import Site, User
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from desk.owners.tables import Owner, Unit
from desk.phone import mask_phone
from desk.renovation import movein
from desk.renovation.content import RegistersContent
from desk.renovation.forms import (
    MoveInForm,
    PassForm,
    RenovationForm,
    clean_move_in,
    clean_pass,
    clean_refund,
    clean_renovation,
    reason,
    text,
)
from desk.renovation.id_card import mask_id_number
from desk.renovation.movein import EntryKind, Tick
from desk.renovation.passes import PassState, Period, local_today, pass_state
from desk.renovation.tables import MoveIn, MoveInItem, Renovation, WorkerPass
from desk.renovation.views import (
    HistoryEntry,
    MoveInDetail,
    MoveInRow,
    PassRow,
    RegistersMonth,
    RenovationDetail,
    RenovationRow,
    ServiceTotal,
    TickRow,
    record_number,
)
from desk.renovation.workflow import (
    FINAL,
    MANAGER_ONLY,
    NEEDS_REASON,
    OWN_FORM,
    PASS_STATES,
    Action,
    Status,
    allowed_actions,
    next_status,
    passes_allowed,
)
from desk.special.tables import SpecialService
from desk.special.workflow import Status as SpecialStatus
from desk.statistics.monthly import clean_period
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory
from store.tables import HistoryRow

LIST_LIMIT = 200
VIEWS = ("open", "all")
PASS_STATE_VALUES = tuple(s.value for s in PASS_STATES)
FINAL_VALUES = tuple(s.value for s in FINAL)


# --- helpers shared with the special-service register ---------------------------------------------


def plain(value: Any) -> Any:
    """A value fit for the history's JSON: money and dates as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def record_change(
    session: Session,
    actor: Actor,
    *,
    entity: str,
    entity_id: int,
    site_id: int,
    action: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    now: datetime,
    note: str | None = None,
) -> None:
    history.record(
        session, at=now, actor_id=actor.user_id, site_id=site_id, entity=entity, entity_id=entity_id,
        action=action, changes=history.diff({k: plain(v) for k, v in before.items()},
                                            {k: plain(v) for k, v in after.items()}),
        note=note or None,
    )  # fmt: skip


def history_of(session: Session, entity: str, entity_id: int) -> tuple[HistoryEntry, ...]:
    rows = session.execute(
        select(HistoryRow, User.display_name)
        .outerjoin(User, User.id == HistoryRow.actor_id)
        .where(HistoryRow.entity == entity, HistoryRow.entity_id == str(entity_id))
        .order_by(HistoryRow.at, HistoryRow.id)
    ).all()
    return tuple(HistoryEntry(h.at, name, h.action, dict(h.changes or {}), h.note) for h, name in rows)


def unit_for(session: Session, site_id: int, code: str, now: datetime) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.site_id == site_id, Unit.code == code))
    if unit is None:
        unit = Unit(site_id=site_id, code=code, created_at=now)
        session.add(unit)
        session.flush()
    return unit


def owner_for(session: Session, unit: Unit, name: str, phone: str, now: datetime) -> Owner:
    """The owner of that name at that unit, created when new (a known owner's phone is filled in if empty)."""
    owner = session.scalar(select(Owner).where(Owner.unit_id == unit.id, Owner.name == name))
    if owner is None:
        owner = Owner(site_id=unit.site_id, unit_id=unit.id, name=name, phone=phone, created_at=now)
        session.add(owner)
        session.flush()
    elif phone and not owner.phone:
        owner.phone = phone
    return owner


def site_or_404(session: Session, site_id: int) -> Site:
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound("error.site_not_found", site_id=site_id)
    return site


def choice(enum: type, value: str, field: str = "action"):  # type: ignore[no-untyped-def]
    try:
        return enum(value)
    except ValueError as exc:
        raise ValidationFailed("desk.error.choice_invalid", field=field, value=value) from exc


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def in_local_range(
    column: Any, bounds: Mapping[int, tuple[datetime, datetime]], site_column: Any
) -> ColumnElement[bool]:
    """`column` falls within its own site's range (a month or a day runs from midnight to midnight in
    the site's time zone, so each site has its own bounds)."""
    parts = [
        and_(site_column == site_id, column >= start, column < end)
        for site_id, (start, end) in bounds.items()
    ]
    return or_(*parts) if parts else false()


def day_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """Today at the site: from its midnight to the next."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(now.astimezone(zone).date(), time(), zone)
    return start, datetime.combine(start.date() + timedelta(days=1), time(), zone)


def month_bounds(period: str, timezone: str) -> tuple[datetime, datetime]:
    year, month = int(period[:4]), int(period[5:7])
    zone = ZoneInfo(timezone)
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _money_sum(column: Any, condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, column), else_=None)), 0)


def _money(value: Any) -> Decimal:
    """A database sum as exact yuan (SQLite may hand back an int or a float-backed number)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


class RenovationService:
    def __init__(self, sessions: SessionFactory, content: RegistersContent, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

    @property
    def content(self) -> RegistersContent:
        return self._content

    # --- move-in ------------------------------------------------------------------------------

    def start_move_in(self, actor: Actor, form: MoveInForm) -> int:
        """Open a move-in for an owner at a unit, with the checklist as it stands today."""
        require(actor, Permission.USE_DESK)
        clean = clean_move_in(form)
        require_site(actor, clean.site_id)
        now = self._clock()
        with self._sessions.begin() as session:
            site_or_404(session, clean.site_id)
            unit = unit_for(session, clean.site_id, clean.unit, now)
            owner = owner_for(session, unit, clean.owner_name, clean.owner_phone, now)
            existing = session.scalar(
                select(MoveIn.id).where(
                    MoveIn.unit_id == unit.id,
                    MoveIn.owner_id == owner.id,
                    MoveIn.status != movein.Status.VOIDED.value,
                )
            )
            if existing is not None:
                raise ValidationFailed(
                    "movein.error.exists", field="unit", number=record_number("move_in", existing)
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
            record_change(
                session, actor, entity="move_in", entity_id=record.id, site_id=record.site_id,
                action="start", before={}, after={"status": record.status, "unit": unit.code,
                                                  "owner": owner.name}, now=now, note=clean.note,
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
            record = self._locked(session, actor, MoveIn, move_in_id, "movein.error.not_found")
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
                record_change(
                    session, actor, entity="move_in", entity_id=record.id, site_id=record.site_id,
                    action=action, before=before, after=after, now=now,
                )  # fmt: skip
            return record.status

    def void_move_in(self, actor: Actor, move_in_id: int, reason_text: str) -> None:
        require(actor, Permission.USE_DESK)
        why = reason(reason_text)
        now = self._clock()
        with self._sessions.begin() as session:
            record = self._locked(session, actor, MoveIn, move_in_id, "movein.error.not_found")
            if record.status == movein.Status.VOIDED.value:
                raise ValidationFailed(
                    "movein.error.closed", field="action", machine="movein", state=record.status
                )
            before = record.status
            record.status, record.void_reason = movein.Status.VOIDED.value, why
            record_change(
                session, actor, entity="move_in", entity_id=record.id, site_id=record.site_id,
                action="void", before={"status": before}, after={"status": record.status}, now=now, note=why,
            )  # fmt: skip

    def list_move_ins(
        self, actor: Actor, view: str = "open", *, query: str = "", limit: int = LIST_LIMIT
    ) -> list[MoveInRow]:
        require(actor, Permission.USE_DESK)
        if view not in VIEWS:
            raise ValidationFailed("desk.error.choice_invalid", field="view", value=view)
        stmt = self._move_in_query(actor)
        if view == "open":
            stmt = stmt.where(MoveIn.status == movein.Status.OPEN.value)
        text_query = (query or "").strip()
        if text_query:
            upper = text_query.upper()
            if upper.startswith("SF") and upper[2:].isdigit():
                stmt = stmt.where(MoveIn.id == int(upper[2:]))
            else:
                pattern = f"%{escape_like(text_query)}%"
                stmt = stmt.where(
                    or_(Unit.code.like(pattern, escape="\\"), Owner.name.like(pattern, escape="\\"))
                )
        with self._sessions() as session:
            rows = session.execute(
                stmt.order_by(MoveIn.started_at.desc(), MoveIn.id.desc()).limit(limit)
            ).all()
        full = actor.can(Permission.SEE_FULL_PHONE)
        return [self._move_in_row(row, full) for row in rows]

    def move_in_detail(self, actor: Actor, move_in_id: int) -> MoveInDetail:
        require(actor, Permission.USE_DESK)
        with self._sessions() as session:
            record = self._visible(session, actor, MoveIn, move_in_id, "movein.error.not_found")
            items = list(
                session.scalars(
                    select(MoveInItem).where(MoveInItem.move_in_id == record.id).order_by(MoveInItem.position)
                )
            )
            history_rows = history_of(session, "move_in", record.id)
            row = session.execute(self._move_in_query(actor).where(MoveIn.id == record.id)).one()
        return MoveInDetail(
            row=self._move_in_row(row, actor.can(Permission.SEE_FULL_PHONE)),
            ticks=tuple(TickRow(i.kind, i.code, i.required, i.done, i.done_at) for i in items),
            note=record.note,
            void_reason=record.void_reason,
            history=history_rows,
        )

    # --- renovation ---------------------------------------------------------------------------

    def apply(self, actor: Actor, form: RenovationForm) -> int:
        """Record a renovation application; it waits for a manager's approval."""
        require(actor, Permission.USE_DESK)
        clean = clean_renovation(form)
        require_site(actor, clean.site_id)
        now = self._clock()
        with self._sessions.begin() as session:
            site_or_404(session, clean.site_id)
            unit = unit_for(session, clean.site_id, clean.unit, now)
            owner = owner_for(session, unit, clean.owner_name, "", now) if clean.owner_name else None
            record = Renovation(
                site_id=clean.site_id, unit_id=unit.id, owner_id=owner.id if owner else None,
                status=Status.APPLIED.value, company=clean.company, person_in_charge=clean.person_in_charge,
                person_phone=clean.person_phone, scope=clean.scope, planned_start=clean.works.start,
                planned_end=clean.works.end, deposit=clean.deposit, applied_at=now, created_by=actor.user_id,
                inspections=0,
            )  # fmt: skip
            session.add(record)
            session.flush()
            record_change(
                session, actor, entity="renovation", entity_id=record.id, site_id=record.site_id,
                action="apply", before={}, now=now,
                after={"status": record.status, "unit": unit.code, "company": record.company,
                       "planned_start": record.planned_start, "planned_end": record.planned_end,
                       "deposit": record.deposit},
            )  # fmt: skip
            return record.id

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
            record = self._locked(session, actor, Renovation, renovation_id, "renovation.error.not_found")
            if expected_status is not None and record.status != expected_status:
                raise ValidationFailed("renovation.error.changed_meanwhile", field="action")
            current = Status(record.status)
            target = next_status(current, step)
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
            record_change(
                session, actor, entity="renovation", entity_id=record.id, site_id=record.site_id,
                action=step.value, before=before, after=after, now=now, note=why,
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
            record = self._locked(session, actor, Renovation, renovation_id, "renovation.error.not_found")
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
            record_change(
                session, actor, entity="renovation", entity_id=record.id, site_id=record.site_id,
                action=Action.REFUND.value, before={"status": current.value},
                after={"status": target.value, "refund_amount": refund, "receipt_no": receipt or None},
                now=now, note=why,
            )  # fmt: skip

    def list_renovations(
        self, actor: Actor, view: str = "open", *, query: str = "", limit: int = LIST_LIMIT
    ) -> list[RenovationRow]:
        require(actor, Permission.USE_DESK)
        if view not in VIEWS:
            raise ValidationFailed("desk.error.choice_invalid", field="view", value=view)
        stmt = (
            select(Renovation, Unit.code)
            .join(Unit, Unit.id == Renovation.unit_id)
            .where(Renovation.site_id.in_(actor.site_ids))
        )
        if view == "open":
            stmt = stmt.where(Renovation.status.not_in(FINAL_VALUES))
        text_query = (query or "").strip()
        if text_query:
            upper = text_query.upper()
            if upper.startswith("ZS") and upper[2:].isdigit():
                stmt = stmt.where(Renovation.id == int(upper[2:]))
            else:
                pattern = f"%{escape_like(text_query)}%"
                stmt = stmt.where(
                    or_(
                        Unit.code.like(pattern, escape="\\"),
                        Renovation.company.like(pattern, escape="\\"),
                        Renovation.person_in_charge.like(pattern, escape="\\"),
                    )
                )
        full = actor.can(Permission.SEE_FULL_PHONE)
        with self._sessions() as session:
            rows = session.execute(
                stmt.order_by(Renovation.applied_at.desc(), Renovation.id.desc()).limit(limit)
            ).all()
        return [self._renovation_row(r, code, full) for r, code in rows]

    def renovation_detail(self, actor: Actor, renovation_id: int) -> RenovationDetail:
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions() as session:
            record = self._visible(session, actor, Renovation, renovation_id, "renovation.error.not_found")
            site = site_or_404(session, record.site_id)
            code = session.scalar(select(Unit.code).where(Unit.id == record.unit_id)) or ""
            owner = session.get(Owner, record.owner_id) if record.owner_id else None
            approver = session.get(User, record.approved_by) if record.approved_by else None
            passes = list(
                session.scalars(
                    select(WorkerPass).where(WorkerPass.renovation_id == record.id).order_by(WorkerPass.id)
                )
            )
            history_rows = history_of(session, "renovation", record.id)
        today = local_today(now, site.timezone)
        full_phone = actor.can(Permission.SEE_FULL_PHONE)
        full_id = actor.can(Permission.SEE_FULL_ID_NUMBER)
        status = Status(record.status)
        return RenovationDetail(
            row=self._renovation_row(record, code, full_phone),
            owner_name=owner.name if owner else None,
            scope=record.scope,
            approved_at=record.approved_at,
            approved_by=approver.display_name if approver else None,
            inspections=record.inspections,
            inspection_note=record.inspection_note,
            accepted_at=record.accepted_at,
            refund_amount=record.refund_amount,
            refund_receipt_no=record.refund_receipt_no,
            refund_note=record.refund_note,
            refunded_at=record.refunded_at,
            closing_reason=record.closing_reason,
            allowed_actions=tuple(
                a.value
                for a in allowed_actions(status)
                if a not in OWN_FORM and (a not in MANAGER_ONLY or actor.can(Permission.APPROVE_RENOVATIONS))
            ),
            can_refund=Action.REFUND in allowed_actions(status),
            can_issue_passes=passes_allowed(status),
            passes=tuple(self._pass_row(p, record, code, today, full_id) for p in passes),
            history=history_rows,
        )

    # --- worker passes ------------------------------------------------------------------------

    def issue_pass(self, actor: Actor, form: PassForm) -> int:
        """A pass for a worker of an approved renovation, valid within its planned dates."""
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions.begin() as session:
            works = self._locked(session, actor, Renovation, form.renovation_id, "renovation.error.not_found")
            if not passes_allowed(Status(works.status)):
                raise ValidationFailed(
                    "passes.error.works_not_open",
                    field="renovation",
                    machine="renovation",
                    state=works.status,
                )
            site = site_or_404(session, works.site_id)
            today = local_today(now, site.timezone)
            clean = clean_pass(form, Period(works.planned_start, works.planned_end), today)
            clash = session.scalar(
                select(WorkerPass.id).where(
                    WorkerPass.renovation_id == works.id,
                    WorkerPass.id_number == clean.id_number,
                    WorkerPass.revoked_at.is_(None),
                    WorkerPass.valid_from <= clean.validity.end,
                    WorkerPass.valid_to >= clean.validity.start,
                )
            )
            if clash is not None:
                raise ValidationFailed(
                    "passes.error.duplicate", field="id_number", number=record_number("worker_pass", clash)
                )
            card = WorkerPass(
                site_id=works.site_id, renovation_id=works.id, worker_name=clean.worker_name,
                id_number=clean.id_number, photo_ref=clean.photo_ref, valid_from=clean.validity.start,
                valid_to=clean.validity.end, issued_at=now, issued_by=actor.user_id,
            )  # fmt: skip
            session.add(card)
            session.flush()
            record_change(
                session, actor, entity="worker_pass", entity_id=card.id, site_id=card.site_id, action="issue",
                before={}, now=now,
                after={"renovation": record_number("renovation", works.id), "worker_name": card.worker_name,
                       "id_number": mask_id_number(card.id_number), "valid_from": card.valid_from,
                       "valid_to": card.valid_to},
            )  # fmt: skip
            return card.id

    def revoke_pass(self, actor: Actor, pass_id: int, reason_text: str) -> None:
        require(actor, Permission.USE_DESK)
        why = reason(reason_text)
        now = self._clock()
        with self._sessions.begin() as session:
            card = self._locked(session, actor, WorkerPass, pass_id, "passes.error.not_found")
            if card.revoked_at is not None:
                raise ValidationFailed("passes.error.already_revoked", field="action")
            card.revoked_at, card.revoked_by, card.revoke_reason = now, actor.user_id, why
            record_change(
                session, actor, entity="worker_pass", entity_id=card.id, site_id=card.site_id,
                action="revoke", before={"revoked": False}, after={"revoked": True}, now=now, note=why,
            )  # fmt: skip

    def valid_passes(self, actor: Actor, site_id: int, on: date | None = None) -> list[PassRow]:
        """Passes valid today at the site (its own date), for the guards; ID numbers masked."""
        require(actor, Permission.USE_DESK)
        require_site(actor, site_id)
        with self._sessions() as session:
            site = site_or_404(session, site_id)
            day = on or local_today(self._clock(), site.timezone)
            rows = session.execute(
                select(WorkerPass, Renovation, Unit.code)
                .join(Renovation, Renovation.id == WorkerPass.renovation_id)
                .join(Unit, Unit.id == Renovation.unit_id)
                .where(
                    WorkerPass.site_id == site_id,
                    WorkerPass.revoked_at.is_(None),
                    WorkerPass.valid_from <= day,
                    WorkerPass.valid_to >= day,
                    Renovation.status.in_(PASS_STATE_VALUES),
                )
                .order_by(Unit.code, WorkerPass.worker_name, WorkerPass.id)
            ).all()
        return [self._pass_row(p, r, code, day, full_id=False) for p, r, code in rows]

    # --- the month's register counts ----------------------------------------------------------

    def month_registers(self, actor: Actor, period: str, site_ids: set[int] | None = None) -> RegistersMonth:
        """Counts and sums for the monthly statistics, each by when it happened (in the site's month);
        voided records are left out."""
        require(actor, Permission.READ_DESK_STATS)
        period = clean_period(period)
        sites = set(actor.site_ids) if site_ids is None else set(site_ids)
        for site_id in sites:
            require_site(actor, site_id)
        with self._sessions() as session:
            zones = dict(session.execute(select(Site.id, Site.timezone).where(Site.id.in_(sites))).all())
            bounds = {site_id: month_bounds(period, zone) for site_id, zone in zones.items()}
            m = session.execute(
                select(_count(in_local_range(MoveIn.completed_at, bounds, MoveIn.site_id))).where(
                    MoveIn.status != movein.Status.VOIDED.value, MoveIn.site_id.in_(sites)
                )
            ).one()
            voided = Status.VOIDED.value
            r = session.execute(
                select(
                    _count(in_local_range(Renovation.applied_at, bounds, Renovation.site_id)),
                    _count(in_local_range(Renovation.approved_at, bounds, Renovation.site_id)),
                    _count(in_local_range(Renovation.accepted_at, bounds, Renovation.site_id)),
                    _money_sum(
                        Renovation.refund_amount,
                        in_local_range(Renovation.refunded_at, bounds, Renovation.site_id),
                    ),
                ).where(Renovation.status != voided, Renovation.site_id.in_(sites))
            ).one()
            p = session.execute(
                select(
                    _count(in_local_range(WorkerPass.issued_at, bounds, WorkerPass.site_id)),
                    _count(in_local_range(WorkerPass.revoked_at, bounds, WorkerPass.site_id)),
                ).where(WorkerPass.site_id.in_(sites))
            ).one()
            special_voided = SpecialStatus.VOIDED.value
            done_in_month = in_local_range(SpecialService.done_at, bounds, SpecialService.site_id)
            paid_in_month = in_local_range(SpecialService.paid_at, bounds, SpecialService.site_id)
            s = session.execute(
                select(
                    _count(in_local_range(SpecialService.requested_at, bounds, SpecialService.site_id)),
                    _count(done_in_month),
                    _count(
                        and_(
                            SpecialService.status == SpecialStatus.CANCELLED.value,
                            in_local_range(SpecialService.closed_at, bounds, SpecialService.site_id),
                        )
                    ),
                    _money_sum(SpecialService.amount, paid_in_month),
                    func.avg(
                        case(
                            (
                                in_local_range(SpecialService.callback_at, bounds, SpecialService.site_id),
                                SpecialService.satisfaction,
                            ),
                            else_=None,
                        )
                    ),
                ).where(SpecialService.status != special_voided, SpecialService.site_id.in_(sites))
            ).one()
            by_type = session.execute(
                select(
                    SpecialService.service_type,
                    _count(done_in_month),
                    _money_sum(SpecialService.amount, paid_in_month),
                )
                .where(
                    SpecialService.status != special_voided,
                    SpecialService.site_id.in_(sites),
                    or_(done_in_month, paid_in_month),
                )
                .group_by(SpecialService.service_type)
                .order_by(SpecialService.service_type)
            ).all()
        average = s[4]
        return RegistersMonth(
            period=period,
            move_ins_completed=int(m[0]),
            renovations_applied=int(r[0]),
            renovations_approved=int(r[1]),
            renovations_accepted=int(r[2]),
            deposits_refunded=_money(r[3]),
            passes_issued=int(p[0]),
            passes_revoked=int(p[1]),
            special_requested=int(s[0]),
            special_done=int(s[1]),
            special_cancelled=int(s[2]),
            special_revenue=_money(s[3]),
            special_satisfaction=(
                Decimal(str(average)).quantize(Decimal("0.1")) if average is not None else None
            ),
            by_service=tuple(ServiceTotal(t, int(done), _money(revenue)) for t, done, revenue in by_type),
        )

    # --- internals ----------------------------------------------------------------------------

    @staticmethod
    def _locked(session: Session, actor: Actor, table: Any, record_id: int, missing: str) -> Any:
        """The row, locked for this transaction so two desks cannot both change it."""
        record = session.scalar(select(table).where(table.id == record_id).with_for_update())
        if record is None or record.site_id not in actor.site_ids:
            raise NotFound(missing, record_id=record_id)
        return record

    @staticmethod
    def _visible(session: Session, actor: Actor, table: Any, record_id: int, missing: str) -> Any:
        record = session.get(table, record_id)
        if record is None or record.site_id not in actor.site_ids:
            raise NotFound(missing, record_id=record_id)
        return record

    @staticmethod
    def _move_in_query(actor: Actor) -> Any:
        """Move-ins with unit, owner, who handled them and their required-item progress."""
        required = (
            select(
                MoveInItem.move_in_id,
                func.count().label("required"),
                _count(MoveInItem.done.is_(True)).label("required_done"),
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

    @staticmethod
    def _move_in_row(row: Any, full_phone: bool) -> MoveInRow:
        m, code, name, phone, handler, required, required_done = row
        return MoveInRow(
            id=m.id, number=record_number("move_in", m.id), site_id=m.site_id, unit=code, owner_name=name,
            owner_phone=phone if full_phone else mask_phone(phone), status=m.status, handled_by=handler,
            started_at=m.started_at, completed_at=m.completed_at, required=int(required or 0),
            required_done=int(required_done or 0),
        )  # fmt: skip

    @staticmethod
    def _renovation_row(record: Renovation, code: str, full_phone: bool) -> RenovationRow:
        return RenovationRow(
            id=record.id,
            number=record_number("renovation", record.id),
            site_id=record.site_id,
            unit=code,
            status=record.status,
            company=record.company,
            person_in_charge=record.person_in_charge,
            person_phone=record.person_phone if full_phone else mask_phone(record.person_phone),
            planned_start=record.planned_start,
            planned_end=record.planned_end,
            deposit=record.deposit,
            applied_at=record.applied_at,
        )

    @staticmethod
    def _pass_row(card: WorkerPass, works: Renovation, code: str, today: date, full_id: bool) -> PassRow:
        state: PassState = pass_state(
            card.valid_from, card.valid_to, card.revoked_at is not None, today,
            works_open=works.status in PASS_STATE_VALUES,
        )  # fmt: skip
        return PassRow(
            id=card.id,
            number=record_number("worker_pass", card.id),
            site_id=card.site_id,
            renovation_id=works.id,
            renovation_number=record_number("renovation", works.id),
            unit=code,
            company=works.company,
            worker_name=card.worker_name,
            id_number=card.id_number if full_id else mask_id_number(card.id_number),
            photo_ref=card.photo_ref,
            valid_from=card.valid_from,
            valid_to=card.valid_to,
            state=state.value,
            revoke_reason=card.revoke_reason,
        )


__all__ = ["VIEWS", "MoveInForm", "PassForm", "RenovationForm", "RenovationService"]
