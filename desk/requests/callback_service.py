"""Callbacks (回访), procedure duty 1.10: the ones still to make, and recording one (an unsatisfied owner
reopens the request)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from desk.owners.tables import Unit
from desk.record_queries import LIST_LIMIT
from desk.requests.rows import callback_row
from desk.requests.steps import RequestService
from desk.requests.tables import Callback, Request
from desk.requests.views import CallbackRow
from desk.requests.workflow import Action, Status


class RequestCallbacks(RequestService):
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
            request = self._locked_request(session, actor, request_id)
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
        full = False  # masked; shown in full only through PhoneReveal, which leaves a history row
        return [callback_row(c, r, code, None, full) for c, r, code in rows]
