"""Which staff member a complaint concerns: optional, set or changed by managers only, with history.

A valid complaint that names a person is evidence about their conduct: the hook (wired by the
composition root) turns the category's rules into practice for them, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.tables import User, UserSite
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from desk.content_model import DeskContent
from desk.requests.tables import Request
from desk.requests.workflow import Kind
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory


@dataclass(frozen=True)
class ValidComplaint:
    """What the coaching loop may know of a complaint: no owner, phone, unit or text."""

    request_id: int
    site_id: int
    staff_id: int
    category: str
    rule_ids: tuple[str, ...]
    received_at: datetime
    judged_by: int | None


ValidComplaintHook = Callable[[Session, ValidComplaint, datetime], None]


def valid_complaint(request: Request, content: DeskContent) -> ValidComplaint | None:
    """The evidence in a complaint: only when it is judged valid and names a staff member."""
    if request.kind != Kind.COMPLAINT.value or request.validity != "valid" or request.staff_id is None:
        return None
    category = content.category(request.category)
    rules = tuple(category.rule_ids) if category else ()
    return ValidComplaint(
        request.id,
        request.site_id,
        request.staff_id,
        request.category,
        rules,
        request.received_at,
        request.judged_by,
    )


class ComplaintStaff:
    def __init__(
        self,
        sessions: SessionFactory,
        content: DeskContent,
        clock: Clock = utcnow,
        on_valid: ValidComplaintHook | None = None,
    ) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock
        self._on_valid = on_valid

    def name_staff(self, actor: Actor, request_id: int, staff_id: int | None) -> None:
        """Say (or correct, or clear) whom a complaint concerns."""
        require(actor, Permission.JUDGE_COMPLAINTS)
        now = self._clock()
        with self._sessions.begin() as session:
            request = session.scalar(select(Request).where(Request.id == request_id).with_for_update())
            if request is None or request.site_id not in actor.site_ids:
                raise NotFound("desk.error.request_not_found", request_id=request_id)
            require_site(actor, request.site_id)
            if request.kind != Kind.COMPLAINT.value:
                raise ValidationFailed("coaching.error.staff_complaints_only", field="staff")
            if staff_id is not None and (
                session.get(User, staff_id) is None
                or session.get(UserSite, (staff_id, request.site_id)) is None
            ):
                raise ValidationFailed("coaching.error.staff_not_at_site", field="staff")
            if request.staff_id == staff_id:
                return
            before = request.staff_id
            request.staff_id = staff_id
            changes = history.diff({"staff_id": before}, {"staff_id": staff_id})
            history.Recorder(session, actor.user_id, now).of(request, "request", "name_staff", changes)
            evidence = valid_complaint(request, self._content)
            if evidence is not None and self._on_valid is not None:
                self._on_valid(session, evidence, now)
