"""What the request use cases share: the request found at the actor's sites, and the one engine that moves
a request along its state machine (work orders, holds, reopening, callbacks due, the event rows).

Every change is one transaction and leaves an event row (from, to, who, when, note).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.errors import NotFound, ValidationFailed
from core.roles import Actor
from desk.content_model import DeskContent
from desk.record_base import RecordService
from desk.requests import sla
from desk.requests.staff import ValidComplaintHook
from desk.requests.tables import Callback, Request, RequestEvent, WorkOrder
from desk.requests.workflow import FINAL, FOLLOW_UPS, Action, Kind, Status, next_status
from store.clock import Clock, utcnow
from store.db import SessionFactory


class RequestService(RecordService[DeskContent]):
    """Base for the request use cases (intake, workflow, callbacks, lists).

    `on_valid_complaint` runs in the judging transaction when a complaint naming a staff member is judged
    valid (the coaching loop assigns its rules to that person); None: nothing more happens.
    """

    def __init__(
        self,
        sessions: SessionFactory,
        content: DeskContent,
        clock: Clock = utcnow,
        on_valid_complaint: ValidComplaintHook | None = None,
    ) -> None:
        super().__init__(sessions, content, clock)
        self._on_valid_complaint = on_valid_complaint

    @staticmethod
    def _visible_request(session: Session, actor: Actor, request_id: int) -> Request:
        request = session.get(Request, request_id)
        if request is None or request.site_id not in actor.site_ids:
            raise NotFound("desk.error.request_not_found", request_id=request_id)
        return request

    @staticmethod
    def _locked_request(session: Session, actor: Actor, request_id: int) -> Request:
        """The request row, locked for this transaction so two desks cannot both move it."""
        request = session.scalar(select(Request).where(Request.id == request_id).with_for_update())
        if request is None or request.site_id not in actor.site_ids:
            raise NotFound("desk.error.request_not_found", request_id=request_id)
        return request

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
        if action is Action.ACCEPT:  # the department's queue shows the order as taken
            session.execute(
                update(WorkOrder)
                .where(WorkOrder.request_id == request.id, WorkOrder.outcome == "open",
                       WorkOrder.accepted_at.is_(None))
                .values(accepted_at=now, accepted_by=actor.user_id)
            )  # fmt: skip
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
