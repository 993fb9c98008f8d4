"""Moving a request along its state machine at the desk (accept, dispatch, transfer, hold, judge, finish,
void ...), procedure duties 1.1, 1.9 and 1.10. Illegal steps are refused naming the allowed ones."""

from __future__ import annotations

from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from desk.requests.staff import valid_complaint
from desk.requests.steps import RequestService
from desk.requests.workflow import MANAGER_ONLY, NEEDS_DEPARTMENT, NEEDS_REASON, Action


class RequestWorkflow(RequestService):
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
            request = self._locked_request(session, actor, request_id)
            if expected_status is not None and request.status != expected_status:
                raise ValidationFailed("desk.error.changed_meanwhile", field="action", status=request.status)
            self._apply(session, actor, request, step, note, department, now)
            evidence = valid_complaint(request, self._content) if step is Action.JUDGE_VALID else None
            if evidence is not None and self._on_valid_complaint is not None:
                self._on_valid_complaint(session, evidence, now)
