"""Departments' queues of work orders (duties 1.1 and 1.9): the department accepts, reports progress and
finishes with a note; the desk and managers see where each order stands and how long it has waited.

A department account sees and moves only its own department's orders at its own site; finishing a repair's
order finishes the repair, so its callback is scheduled at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from accounts.tables import User
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, require
from desk.attachments.checks import checked_all
from desk.attachments.service import Files, store_files
from desk.owners.tables import Unit
from desk.phone import mask_phone
from desk.record_base import required_text
from desk.record_queries import LIST_LIMIT
from desk.requests.steps import RequestService
from desk.requests.tables import Request, WorkOrder, WorkOrderNote
from desk.requests.views import request_number
from desk.requests.work_orders import (
    WorkOrderNoteRow,
    WorkOrderRow,
    stage_of,
    waited_minutes,
    work_order_number,
)
from desk.requests.workflow import Action, Kind, Status

NOTE_MAX = 500


class DepartmentQueues(RequestService):
    # --- the department's side -------------------------------------------------------------

    def my_queue(self, actor: Actor, *, include_ended: bool = False) -> list[WorkOrderRow]:
        """The actor's department's open orders, oldest first (ended ones too when asked)."""
        department = self._my_department(actor)
        stmt = self._rows().where(WorkOrder.site_id.in_(actor.site_ids), WorkOrder.department == department)
        if not include_ended:
            stmt = stmt.where(WorkOrder.outcome == "open")
        return self._fetch(stmt.order_by(WorkOrder.dispatched_at, WorkOrder.id))

    def accept(self, actor: Actor, work_order_id: int, note: str = "") -> None:
        """The department takes the order; a repair goes 'in progress' (the response clock stops)."""
        now = self._clock()
        with self._sessions.begin() as session:
            order, request = self._my_open_order(session, actor, work_order_id)
            if order.accepted_at is not None:
                raise ValidationFailed("orders.error.already_accepted", field="action")
            if request.kind == Kind.REPAIR.value and request.status == Status.DISPATCHED.value:
                self._apply(session, actor, request, Action.ACCEPT, note.strip(), None, now)
            order.accepted_at, order.accepted_by = now, actor.user_id
            request.responded_at = request.responded_at or now
            self._note(session, actor, order, "accept", note.strip() or None, now)

    def report_progress(self, actor: Actor, work_order_id: int, note: str) -> None:
        text = required_text(note, "note", "orders.error.note_required", NOTE_MAX)
        with self._sessions.begin() as session:
            order, _ = self._my_open_order(session, actor, work_order_id)
            if order.accepted_at is None:
                raise ValidationFailed("orders.error.accept_first", field="action")
            self._note(session, actor, order, "progress", text, self._clock())

    def finish(self, actor: Actor, work_order_id: int, note: str, photos: Files = ()) -> int:
        """The work is done, in the department's words, with photos if any. A repair is finished (its
        callback falls due); a complaint's order ends and the desk replies to the owner. Returns the note's
        id. A refused photo refuses the whole step, so nothing is half-saved."""
        text = required_text(note, "note", "orders.error.finish_note_required", NOTE_MAX)
        checked_all(list(photos))  # before anything moves
        now = self._clock()
        with self._sessions.begin() as session:
            order, request = self._my_open_order(session, actor, work_order_id)
            if request.kind == Kind.REPAIR.value:
                self._apply(session, actor, request, Action.FINISH, text, None, now)
            else:
                self._end_work_order(session, request, "finished", now)
                self._event(session, request, actor, "department_finish", request.status, request.status,
                            now, text, order.department)  # fmt: skip
            order.finished_by = actor.user_id
            if photos:
                store_files(session, actor, order.site_id, "work_order", order.id, photos, now)
            note_row = self._note(session, actor, order, "finish", text, now)
            session.flush()
            return note_row.id

    # --- the desk's and managers' side ------------------------------------------------------

    def board(
        self, actor: Actor, *, department: str | None = None, site_ids: set[int] | None = None
    ) -> list[WorkOrderRow]:
        """Every open order at the actor's sites (or one department's), the longest waiting first."""
        require(actor, Permission.USE_DESK)
        sites = self._sites(actor, site_ids)
        stmt = self._rows().where(WorkOrder.site_id.in_(sites), WorkOrder.outcome == "open")
        if department:
            stmt = stmt.where(WorkOrder.department == department)
        return self._fetch(stmt.order_by(WorkOrder.dispatched_at, WorkOrder.id))

    def of_request(self, actor: Actor, request_id: int) -> list[WorkOrderRow]:
        """A request's work orders, first dispatch first, each with what the department said."""
        require(actor, Permission.USE_DESK)
        with self._sessions() as session:
            self._visible_request(session, actor, request_id)
        return self._fetch(self._rows().where(WorkOrder.request_id == request_id).order_by(WorkOrder.id))

    def slip(self, actor: Actor, work_order_id: int) -> WorkOrderRow:
        """One order for its printed slip: the desk prints any at its sites, a department its own."""
        if not (actor.can(Permission.USE_DESK) or actor.can(Permission.WORK_ORDERS)):
            raise PermissionDenied("error.permission_denied", role=actor.role.value)
        rows = self._fetch(self._rows().where(WorkOrder.id == work_order_id))
        if not rows or rows[0].site_id not in actor.site_ids:
            raise NotFound("orders.error.not_found", work_order_id=work_order_id)
        if not actor.can(Permission.USE_DESK) and rows[0].department != actor.department:
            raise NotFound("orders.error.not_found", work_order_id=work_order_id)
        return rows[0]

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _my_department(actor: Actor) -> str:
        require(actor, Permission.WORK_ORDERS)
        if not actor.department:
            raise PermissionDenied("orders.error.no_department")
        return actor.department

    def _my_open_order(self, session: Session, actor: Actor, work_order_id: int) -> tuple[WorkOrder, Request]:
        """The order, locked, if it is open and belongs to the actor's department at the actor's site."""
        department = self._my_department(actor)
        order = session.scalar(select(WorkOrder).where(WorkOrder.id == work_order_id).with_for_update())
        if order is None or order.site_id not in actor.site_ids or order.department != department:
            raise NotFound("orders.error.not_found", work_order_id=work_order_id)
        if order.outcome != "open":
            raise ValidationFailed("orders.error.not_open", field="action", stage=order.outcome)
        return order, self._locked_request(session, actor, order.request_id)

    @staticmethod
    def _note(
        session: Session, actor: Actor, order: WorkOrder, kind: str, note: str | None, now: datetime
    ) -> WorkOrderNote:
        row = WorkOrderNote(work_order_id=order.id, at=now, actor_id=actor.user_id, kind=kind, note=note)
        session.add(row)
        return row

    @staticmethod
    def _rows() -> Select:  # type: ignore[type-arg]
        dispatcher, acceptor = aliased(User), aliased(User)
        return (
            select(WorkOrder, Request, Unit.code, dispatcher.display_name, acceptor.display_name)
            .join(Request, Request.id == WorkOrder.request_id)
            .join(Unit, Unit.id == Request.unit_id)
            .outerjoin(dispatcher, dispatcher.id == WorkOrder.dispatched_by)
            .outerjoin(acceptor, acceptor.id == WorkOrder.accepted_by)
        )

    def _fetch(self, stmt: Select) -> list[WorkOrderRow]:  # type: ignore[type-arg]
        now = self._clock()
        with self._sessions() as session:
            found = session.execute(stmt.limit(LIST_LIMIT)).all()
            ids = [order.id for order, *_ in found]
            notes: dict[int, list[WorkOrderNoteRow]] = {}
            for note, name in session.execute(
                select(WorkOrderNote, User.display_name)
                .outerjoin(User, User.id == WorkOrderNote.actor_id)
                .where(WorkOrderNote.work_order_id.in_(ids))
                .order_by(WorkOrderNote.at, WorkOrderNote.id)
            ).all():
                notes.setdefault(note.work_order_id, []).append(
                    WorkOrderNoteRow(note.at, name, note.kind, note.note)
                )
        return [
            WorkOrderRow(
                id=order.id, number=work_order_number(order.id), request_id=request.id,
                request_number=request_number(request.kind, request.id), site_id=order.site_id,
                department=order.department, kind=request.kind, category=request.category,
                urgency=request.urgency, unit=code, contact_name=request.contact_name,
                phone=mask_phone(request.contact_phone), content=request.content,
                dispatched_at=order.dispatched_at, dispatched_by=dispatched_by, due_at=request.due_at,
                stage=stage_of(order.outcome, order.accepted_at), accepted_at=order.accepted_at,
                accepted_by=accepted_by, ended_at=order.ended_at,
                waited_minutes=waited_minutes(order.dispatched_at, order.ended_at, now),
                overdue=order.outcome == "open" and now >= request.due_at,
                notes=tuple(notes.get(order.id, ())),
            )
            for order, request, code, dispatched_by, accepted_by in found
        ]  # fmt: skip
