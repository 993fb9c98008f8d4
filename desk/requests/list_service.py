"""The desk's request lists (mine, open, overdue, due soon, all; searched by number or text) and a
request's detail with its events and callbacks."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, or_, select

from accounts.tables import User
from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from core.views import view_of
from desk.owners.tables import Unit
from desk.record_queries import LIST_LIMIT, escape_like
from desk.requests.rows import LISTED, callback_row, request_row
from desk.requests.steps import RequestService
from desk.requests.tables import OPEN_VALUES, Callback, Request, RequestEvent
from desk.requests.views import EventRow, RequestDetail, RequestRow
from desk.requests.workflow import MANAGER_ONLY, Action, Kind, Status, allowed_actions

VIEWS = ("mine", "open", "overdue", "due_soon", "all")
# Positive lists, which an index on status can serve (NOT IN cannot).
RUNNING_VALUES = tuple(v for v in OPEN_VALUES if v != Status.ON_HOLD.value)


class RequestLists(RequestService):
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
            select(*LISTED, Unit.code)
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
        return [request_row(r, r.code, now, full_phone=False) for r in rows]

    def search(
        self, actor: Actor, query: str, *, site_ids: set[int] | None = None, limit: int = LIST_LIMIT
    ) -> list[RequestRow]:
        """The desk's one search: requests in every state and view whose number, unit, name, phone or
        content match, newest first (a finished request is found as readily as an open one)."""
        require(actor, Permission.USE_DESK)
        if not (query or "").strip():
            return []
        sites = self._sites(actor, site_ids)
        now = self._clock()
        stmt = self._search(
            select(*LISTED, Unit.code)
            .join(Unit, Unit.id == Request.unit_id)
            .where(Request.site_id.in_(sites)),
            query,
        )
        with self._sessions() as session:
            rows = session.execute(stmt.order_by(Request.received_at.desc(), Request.id).limit(limit)).all()
        return [request_row(r, r.code, now, full_phone=False) for r in rows]

    def detail(self, actor: Actor, request_id: int) -> RequestDetail:
        require(actor, Permission.USE_DESK)
        now = self._clock()
        with self._sessions() as session:
            request = self._visible_request(session, actor, request_id)
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
        full = False  # masked; shown in full only through PhoneReveal, which leaves a history row
        category = self._content.category(request.category)
        return view_of(
            RequestDetail,
            request,
            row=request_row(request, code, now, full_phone=full),
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
            callbacks=tuple(callback_row(c, request, code, name, full) for c, name in callbacks),
            rule_ids=category.rule_ids if category and request.kind == Kind.COMPLAINT.value else (),
        )

    @staticmethod
    def _search(stmt, query: str):  # type: ignore[no-untyped-def]
        text = (query or "").strip()
        if not text:
            return stmt
        upper = text.upper()
        for prefix in ("BX", "ZX", "TS"):
            if upper.startswith(prefix) and upper[2:].isdigit():
                return stmt.where(Request.id == int(upper[2:]))
        pattern = f"%{escape_like(text)}%"
        matches = [
            Unit.code.like(pattern, escape="\\"),
            Request.contact_name.like(pattern, escape="\\"),
            Request.contact_phone.like(pattern, escape="\\"),
            Request.content.like(pattern, escape="\\"),
        ]
        # A phone read out in groups ("138 1234 5678", "0755-8888") is found by its digits.
        digits = "".join(c for c in text if c.isdigit())
        if len(digits) >= 4 and all(c.isdigit() or c in " -" for c in text):
            matches.append(Request.contact_phone.like(f"%{digits}%"))
        return stmt.where(or_(*matches))
