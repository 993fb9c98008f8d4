"""The desk log service: intake, the request state machines, work orders, callbacks and lists.

Every change is one transaction and leaves an event row (from, to, who, when, note).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from accounts.tables import Site, User
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from desk.content_model import DeskContent
from desk.owners.tables import Owner, Unit
from desk.owners.units import get_or_create_unit
from desk.phone import mask_phone
from desk.requests import sla
from desk.requests.intake import IntakeForm, clean_intake
from desk.requests.tables import OPEN_VALUES, Callback, Request, RequestEvent, WorkOrder
from desk.requests.views import CallbackRow, EventRow, OwnerHit, RequestDetail, RequestRow, request_number
from desk.requests.workflow import (
    FINAL,
    FOLLOW_UPS,
    INITIAL,
    MANAGER_ONLY,
    NEEDS_DEPARTMENT,
    NEEDS_REASON,
    Action,
    Kind,
    Status,
    allowed_actions,
    next_status,
)
from store.clock import Clock, utcnow
from store.db import SessionFactory

FINAL_VALUES = tuple(s.value for s in FINAL)
# Positive lists, which an index on status can serve (NOT IN cannot).
RUNNING_VALUES = tuple(v for v in OPEN_VALUES if v != Status.ON_HOLD.value)
LIST_LIMIT = 200
VIEWS = ("mine", "open", "overdue", "due_soon", "all")


def period_of(moment: datetime, timezone: str) -> str:
    """The month a record belongs to: the month of its receipt in the site's own time zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m")


class DeskService:
    def __init__(self, sessions: SessionFactory, content: DeskContent, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

    @property
    def content(self) -> DeskContent:
        return self._content

    # --- owners -----------------------------------------------------------------------------

    def search_owners(self, actor: Actor, site_id: int, query: str, limit: int = 20) -> list[OwnerHit]:
        """Owners of a site by unit, name or phone digits, for picking at intake."""
        require(actor, Permission.USE_DESK)
        require_site(actor, site_id)
        text = (query or "").strip()
        if not text:
            return []
        pattern = f"%{_escape_like(text)}%"
        with self._sessions() as session:
            rows = session.execute(
                select(Owner.id, Unit.code, Owner.name, Owner.phone)
                .join(Unit, Unit.id == Owner.unit_id)
                .where(
                    Owner.site_id == site_id,
                    or_(
                        Unit.code.like(pattern, escape="\\"),
                        Owner.name.like(pattern, escape="\\"),
                        Owner.phone.like(pattern, escape="\\"),
                    ),
                )
                .order_by(Unit.code, Owner.name)
                .limit(limit)
            ).all()
        return [OwnerHit(r.id, r.code, r.name, mask_phone(r.phone)) for r in rows]

    # --- intake -----------------------------------------------------------------------------

    def intake(self, actor: Actor, form: IntakeForm) -> int:
        """Record a new request; returns its id. An inquiry answered on the spot is closed at once."""
        require(actor, Permission.USE_DESK)
        clean = clean_intake(form, self._content)
        require_site(actor, clean.site_id)
        now = self._clock()
        limit = self._content.limit(clean.kind, clean.urgency)
        with self._sessions.begin() as session:
            site = session.get(Site, clean.site_id)
            if site is None:
                raise NotFound("error.site_not_found", site_id=clean.site_id)
            if clean.owner_id is not None:
                owner = session.get(Owner, clean.owner_id)
                if owner is None or owner.site_id != clean.site_id:
                    raise ValidationFailed("desk.error.owner_unknown", field="owner")
                # The owner on record decides the unit; name and phone default to what is on file.
                unit = session.get(Unit, owner.unit_id)
                assert unit is not None
                owner_id = owner.id
                contact_name = clean.contact_name or owner.name
                contact_phone = clean.contact_phone or owner.phone
            else:
                unit = get_or_create_unit(session, clean.site_id, clean.unit, now)
                owner_id = self._owner(session, clean.site_id, unit, clean, now)
                contact_name, contact_phone = clean.contact_name, clean.contact_phone
            due = sla.due_at(now, limit)
            request = Request(
                site_id=clean.site_id, kind=clean.kind.value, status=INITIAL[clean.kind].value,
                channel=clean.channel.value, category=clean.category, urgency=clean.urgency.value,
                unit_id=unit.id, owner_id=owner_id, contact_name=contact_name,
                contact_phone=contact_phone, content=clean.content, received_at=now,
                period=period_of(now, site.timezone), created_by=actor.user_id,
                respond_due_at=sla.respond_due_at(now, limit), due_at=due,
                warn_at=due - timedelta(minutes=limit.warn_minutes), first_contact=False, imported=False,
            )  # fmt: skip
            session.add(request)
            session.flush()
            self._event(session, request, actor, "intake", None, request.status, now)
            if clean.answered_on_spot:
                request.first_contact = True
                self._apply(session, actor, request, Action.ANSWER, "", None, now)
            elif clean.department:
                self._apply(session, actor, request, Action.DISPATCH, "", clean.department, now)
            return request.id

    # --- transitions ------------------------------------------------------------------------

    def act(
        self,
        actor: Actor,
        request_id: int,
        action: str,
        *,
        note: str = "",
        department: str | None = None,
        expected_status: str | None = None,
    ) -> None:
        """Move a request along its state machine. An illegal move is refused naming the allowed ones;
        `expected_status` refuses the move when someone else changed the request meanwhile."""
        require(actor, Permission.USE_DESK)
        try:
            step = Action(action)
        except ValueError as exc:
            raise ValidationFailed("desk.error.choice_invalid", field="action", value=action) from exc
        if step in MANAGER_ONLY:
            require(actor, Permission.JUDGE_COMPLAINTS)
        if step in (Action.CALLBACK_OK, Action.CALLBACK_UNSATISFIED):
            raise ValidationFailed("desk.error.use_callback_form", field="action")
        note = (note or "").strip()
        if step in NEEDS_REASON and not note:
            raise ValidationFailed("error.reason_required", field="reason")
        if step in NEEDS_DEPARTMENT and (not department or self._content.department(department) is None):
            raise ValidationFailed(
                "desk.error.department_invalid", field="department", value=department or ""
            )
        now = self._clock()
        with self._sessions.begin() as session:
            request = self._locked(session, actor, request_id)
            if expected_status is not None and request.status != expected_status:
                raise ValidationFailed("desk.error.changed_meanwhile", field="action", status=request.status)
            self._apply(session, actor, request, step, note, department, now)

    def record_callback(self, actor: Actor, request_id: int, *, result: str, satisfaction: int) -> None:
        """The callback (回访): who called, when, the result and a 1-5 rating; unsatisfied reopens."""
        require(actor, Permission.USE_DESK)
        result = (result or "").strip()
        if not result:
            raise ValidationFailed("desk.error.callback_result_required", field="result")
        if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
            raise ValidationFailed("desk.error.satisfaction_range", field="satisfaction")
        now = self._clock()
        with self._sessions.begin() as session:
            request = self._locked(session, actor, request_id)
            callback = session.scalar(
                select(Callback).where(Callback.request_id == request.id, Callback.status == "due")
            )
            if callback is None or request.status != Status.CALLBACK_DUE.value:
                raise ValidationFailed("desk.error.no_callback_due", field="action")
            callback.status, callback.done_at, callback.caller_id = "done", now, actor.user_id
            callback.result, callback.satisfaction = result, satisfaction
            unsatisfied = satisfaction <= self._content.sla.reopen_at_or_below
            step = Action.CALLBACK_UNSATISFIED if unsatisfied else Action.CALLBACK_OK
            self._apply(session, actor, request, step, result, None, now)

    # --- reading ----------------------------------------------------------------------------

    def list_requests(
        self,
        actor: Actor,
        view: str = "open",
        *,
        site_ids: set[int] | None = None,
        query: str = "",
        kind: str | None = None,
        limit: int = LIST_LIMIT,
    ) -> list[RequestRow]:
        require(actor, Permission.USE_DESK)
        if view not in VIEWS:
            raise ValidationFailed("desk.error.choice_invalid", field="view", value=view)
        sites = self._sites(actor, site_ids)
        now = self._clock()
        stmt = (
            select(Request, Unit.code)
            .join(Unit, Unit.id == Request.unit_id)
            .where(Request.site_id.in_(sites))
        )
        # Written out (not bound) so both databases see that the open requests' partial index applies.
        is_open = Request.status.in_(bindparam("open", OPEN_VALUES, expanding=True, literal_execute=True))
        running = and_(is_open, Request.status.in_(RUNNING_VALUES), Request.finished_at.is_(None))
        if view == "mine":
            stmt = stmt.where(Request.created_by == actor.user_id, is_open)
        elif view == "open":
            stmt = stmt.where(is_open)
        elif view == "overdue":
            late_response = and_(Request.respond_due_at < now, Request.responded_at.is_(None))
            stmt = stmt.where(running, or_(Request.due_at <= now, late_response))
        elif view == "due_soon":
            stmt = stmt.where(running, Request.warn_at <= now, Request.due_at > now)
        if kind:
            stmt = stmt.where(Request.kind == kind)
        stmt = self._search(stmt, query)
        # One direction per sort, so the index is read in its own order.
        newest = (Request.received_at.desc(), Request.id.desc())
        order = newest if view == "all" else (Request.due_at, Request.id)
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(*order).limit(limit)).all()
        return [request_row(r, code, now, full_phone=False) for r, code in rows]

    def callbacks(
        self, actor: Actor, *, site_ids: set[int] | None = None, due_before: datetime | None = None
    ) -> list[CallbackRow]:
        """Callbacks still to make (due before the given moment, e.g. the end of today), oldest first."""
        require(actor, Permission.USE_DESK)
        sites = self._sites(actor, site_ids)
        stmt = (
            select(Callback, Request, Unit.code)
            .join(Request, Request.id == Callback.request_id)
            .join(Unit, Unit.id == Request.unit_id)
            .where(Callback.site_id.in_(sites), Callback.status == "due")
        )
        if due_before is not None:
            stmt = stmt.where(Callback.due_at < due_before)
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(Callback.due_at, Callback.id).limit(LIST_LIMIT)).all()
        full = actor.can(Permission.SEE_FULL_PHONE)
        return [self._callback_row(c, r, code, None, full) for c, r, code in rows]

    def detail(self, actor: Actor, request_id: int) -> RequestDetail:
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions() as session:
            request = self._visible(session, actor, request_id)
            code = session.scalar(select(Unit.code).where(Unit.id == request.unit_id)) or ""
            events = session.execute(
                select(RequestEvent, User.display_name)
                .outerjoin(User, User.id == RequestEvent.actor_id)
                .where(RequestEvent.request_id == request.id)
                .order_by(RequestEvent.at, RequestEvent.id)
            ).all()
            callbacks = session.execute(
                select(Callback, User.display_name)
                .outerjoin(User, User.id == Callback.caller_id)
                .where(Callback.request_id == request.id)
                .order_by(Callback.id)
            ).all()
        full = actor.can(Permission.SEE_FULL_PHONE)
        category = self._content.category(request.category)
        return RequestDetail(
            row=request_row(request, code, now, full_phone=full),
            channel=request.channel,
            content=request.content,
            held_from=request.held_from,
            validity=request.validity,
            validity_reason=request.validity_reason,
            finished_at=request.finished_at,
            finished_in_time=request.finished_in_time,
            first_contact=request.first_contact,
            void_reason=request.void_reason,
            allowed_actions=tuple(
                a.value
                for a in allowed_actions(Kind(request.kind), Status(request.status))
                if a not in (Action.CALLBACK_OK, Action.CALLBACK_UNSATISFIED)
                and (a not in MANAGER_ONLY or actor.can(Permission.JUDGE_COMPLAINTS))
            ),
            events=tuple(
                EventRow(e.at, name, e.action, e.from_status, e.to_status, e.department, e.note)
                for e, name in events
            ),
            callbacks=tuple(self._callback_row(c, request, code, name, full) for c, name in callbacks),
            rule_ids=category.rule_ids if category and request.kind == Kind.COMPLAINT.value else (),
        )

    # --- internals --------------------------------------------------------------------------

    def _apply(
        self,
        session: Session,
        actor: Actor,
        request: Request,
        action: Action,
        note: str,
        department: str | None,
        now: datetime,
    ) -> None:
        kind, status = Kind(request.kind), Status(request.status)
        held_from = Status(request.held_from) if request.held_from else None
        target = next_status(kind, status, action, held_from)
        if action is Action.TRANSFER and department == request.department:
            raise ValidationFailed("desk.error.same_department", field="department")
        if action in (Action.DISPATCH, Action.TRANSFER):
            self._end_work_order(session, request, "transferred", now)
            self._start_work_order(session, actor, request, department or "", note, now)
        elif action is Action.FORWARD:
            request.department = department
        elif action is Action.RETURN:
            self._end_work_order(session, request, "returned", now)
            request.department = None
        elif action is Action.HOLD:
            request.held_from, request.on_hold_since = status.value, now
        elif action is Action.RESUME:
            self._resume(request, now)
        elif action is Action.VOID:
            request.void_reason = note
            self._end_work_order(session, request, "voided", now)
            session.execute(
                update(Callback)
                .where(Callback.request_id == request.id, Callback.status == "due")
                .values(status="voided")
            )
        elif action is Action.CALLBACK_UNSATISFIED:
            self._reopen(session, actor, request, now)
        if action in (Action.JUDGE_VALID, Action.JUDGE_INVALID):
            request.validity = "valid" if action is Action.JUDGE_VALID else "invalid"
            request.validity_reason, request.judged_by, request.judged_at = note, actor.user_id, now
        if action in (Action.ACCEPT, Action.VERIFY, Action.JUDGE_VALID, Action.JUDGE_INVALID):
            request.responded_at = request.responded_at or now
        if action in (Action.FINISH, Action.REPLY, Action.JUDGE_INVALID, Action.ANSWER):
            request.responded_at = request.responded_at or now
            request.finished_at = now
            request.finished_in_time = sla.finished_in_time(request.due_at, now)
            self._end_work_order(session, request, "finished", now)
        request.status = target.value
        if target in FINAL:
            request.closed_at = now
        self._event(session, request, actor, action.value, status.value, target.value, now, note, department)
        follow = FOLLOW_UPS.get((kind, target))
        if follow is not None:
            due = now + timedelta(minutes=self._content.sla.callback_due_minutes)
            session.add(
                Callback(
                    request_id=request.id, site_id=request.site_id, created_at=now, due_at=due, status="due"
                )
            )
            request.status = follow.value
            self._event(session, request, actor, "schedule_callback", target.value, follow.value, now)

    def _resume(self, request: Request, now: datetime) -> None:
        """The clock stopped while on hold: every deadline moves by the time held."""
        since = request.on_hold_since or now
        request.due_at = sla.extend_for_hold(request.due_at, since, now)
        request.warn_at = sla.extend_for_hold(request.warn_at, since, now)
        if request.respond_due_at is not None:
            request.respond_due_at = sla.extend_for_hold(request.respond_due_at, since, now)
        request.held_from, request.on_hold_since = None, None

    def _reopen(self, session: Session, actor: Actor, request: Request, now: datetime) -> None:
        """An unsatisfied owner: the work starts again with a fresh time limit."""
        limit = self._content.limit(Kind(request.kind), sla.Urgency(request.urgency))
        request.due_at = sla.due_at(now, limit)
        request.warn_at = request.due_at - timedelta(minutes=limit.warn_minutes)
        request.finished_at, request.finished_in_time, request.closed_at = None, None, None
        if request.kind == Kind.REPAIR.value and request.department:
            self._start_work_order(session, actor, request, request.department, "reopened", now)

    def _start_work_order(
        self, session: Session, actor: Actor, request: Request, department: str, note: str, now: datetime
    ) -> None:
        session.add(
            WorkOrder(
                request_id=request.id, site_id=request.site_id, department=department,
                dispatched_at=now, dispatched_by=actor.user_id, outcome="open", note=note or None,
            )
        )  # fmt: skip
        request.department = department

    @staticmethod
    def _end_work_order(session: Session, request: Request, outcome: str, now: datetime) -> None:
        session.execute(
            update(WorkOrder)
            .where(WorkOrder.request_id == request.id, WorkOrder.outcome == "open")
            .values(outcome=outcome, ended_at=now)
        )

    @staticmethod
    def _event(
        session: Session,
        request: Request,
        actor: Actor | None,
        action: str,
        from_status: str | None,
        to_status: str,
        now: datetime,
        note: str | None = None,
        department: str | None = None,
    ) -> None:
        session.add(
            RequestEvent(
                request_id=request.id, at=now, actor_id=actor.user_id if actor else None, action=action,
                from_status=from_status, to_status=to_status, department=department, note=note or None,
            )
        )  # fmt: skip

    @staticmethod
    def _owner(session: Session, site_id: int, unit: Unit, clean, now: datetime) -> int:  # type: ignore[no-untyped-def]
        """The owner of that name at that unit, created when new."""
        owner = session.scalar(
            select(Owner).where(Owner.unit_id == unit.id, Owner.name == clean.contact_name)
        )
        if owner is None:
            owner = Owner(
                site_id=site_id, unit_id=unit.id, name=clean.contact_name, phone=clean.contact_phone,
                created_at=now,
            )  # fmt: skip
            session.add(owner)
            session.flush()
        return owner.id

    def _sites(self, actor: Actor, site_ids: set[int] | None) -> set[int]:
        if site_ids is None:
            return set(actor.site_ids)
        for site_id in site_ids:
            require_site(actor, site_id)
        return set(site_ids)

    @staticmethod
    def _visible(session: Session, actor: Actor, request_id: int) -> Request:
        request = session.get(Request, request_id)
        if request is None or request.site_id not in actor.site_ids:
            raise NotFound("desk.error.request_not_found", request_id=request_id)
        return request

    @staticmethod
    def _locked(session: Session, actor: Actor, request_id: int) -> Request:
        """The request row, locked for this transaction so two desks cannot both move it."""
        request = session.scalar(select(Request).where(Request.id == request_id).with_for_update())
        if request is None or request.site_id not in actor.site_ids:
            raise NotFound("desk.error.request_not_found", request_id=request_id)
        return request

    @staticmethod
    def _search(stmt, query: str):  # type: ignore[no-untyped-def]
        text = (query or "").strip()
        if not text:
            return stmt
        upper = text.upper()
        for prefix in ("BX", "ZX", "TS"):
            if upper.startswith(prefix) and upper[2:].isdigit():
                return stmt.where(Request.id == int(upper[2:]))
        pattern = f"%{_escape_like(text)}%"
        return stmt.where(
            or_(
                Unit.code.like(pattern, escape="\\"),
                Request.contact_name.like(pattern, escape="\\"),
                Request.contact_phone.like(pattern, escape="\\"),
                Request.content.like(pattern, escape="\\"),
            )
        )

    @staticmethod
    def _callback_row(
        callback: Callback, request: Request, code: str, caller: str | None, full_phone: bool
    ) -> CallbackRow:
        return CallbackRow(
            id=callback.id,
            request_id=request.id,
            site_id=request.site_id,
            number=request_number(request.kind, request.id),
            kind=request.kind,
            unit=code,
            contact_name=request.contact_name,
            phone=request.contact_phone if full_phone else mask_phone(request.contact_phone),
            due_at=callback.due_at,
            status=callback.status,
            done_at=callback.done_at,
            caller_name=caller,
            result=callback.result,
            satisfaction=callback.satisfaction,
        )


def request_row(request: Request, code: str, now: datetime, *, full_phone: bool) -> RequestRow:
    """A request as lists show it: timing worked out for `now`, phone masked unless `full_phone`."""
    running = request.finished_at is None and request.status not in FINAL_VALUES
    on_hold = request.status == Status.ON_HOLD.value
    return RequestRow(
        id=request.id,
        number=request_number(request.kind, request.id),
        site_id=request.site_id,
        kind=request.kind,
        status=request.status,
        category=request.category,
        urgency=request.urgency,
        unit=code,
        contact_name=request.contact_name,
        phone=request.contact_phone if full_phone else mask_phone(request.contact_phone),
        department=request.department,
        received_at=request.received_at,
        due_at=request.due_at,
        timing=sla.timing_at(request.due_at, request.warn_at, now) if running and not on_hold else None,
        response_overdue=bool(
            running
            and request.responded_at is None
            and request.respond_due_at is not None
            and now >= request.respond_due_at
        ),
        summary=request.content[:60],
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["VIEWS", "DeskService", "IntakeForm", "period_of"]
