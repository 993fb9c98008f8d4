"""Shift handover (交接班): a note for the next shift, with open items carried over by query, and the
departments' view for the coordination meeting (duty 1.9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select

from accounts.tables import User
from core.roles import Actor
from desk.content_model import DeskContent
from desk.record_base import RecordService, required_text
from desk.registers.tables import CashHandover, HandoverNote, KeyLoan, MailItem
from desk.requests.tables import Callback, Request, WorkOrder
from desk.requests.workflow import FINAL, Status

OPEN_FINAL = tuple(s.value for s in FINAL)


@dataclass(frozen=True)
class NoteRow:
    id: int
    site_id: int
    author: str
    created_at: datetime
    body: str
    read_by: str | None
    read_at: datetime | None


@dataclass(frozen=True)
class CarriedOver:
    """What the next shift inherits, counted afresh each time (nothing is copied, nothing goes stale)."""

    overdue_requests: int
    due_soon_requests: int
    callbacks_due: int
    keys_out: int
    keys_overdue: int
    mail_waiting: int
    mail_waiting_long: int
    cash_pending: int
    cash_discrepancies: int


@dataclass(frozen=True)
class DepartmentLoad:
    department: str
    open_orders: int
    overdue_orders: int
    finished_orders: int
    average_hours_to_finish: float | None


class HandoverService(RecordService[DeskContent]):
    entity = "handover_note"

    def write_note(self, actor: Actor, site_id: int, body: str) -> int:
        self._allow(actor, site_id)
        text = required_text(body, "body", "desk.error.note_required", 2000)
        now = self._clock()
        with self._sessions.begin() as session:
            note = HandoverNote(site_id=site_id, author_id=actor.user_id, created_at=now, body=text)
            return self._add(session, actor, note, "create", at=now)

    def mark_read(self, actor: Actor, note_id: int) -> None:
        self._allow(actor)
        with self._sessions.begin() as session:
            note = self._visible(session, actor, HandoverNote, note_id)
            if note.read_at is None and note.author_id != actor.user_id:
                note.read_by, note.read_at = actor.user_id, self._clock()
                self._record(session, actor, note, "read")

    def notes(self, actor: Actor, site_id: int, limit: int = 10) -> list[NoteRow]:
        self._allow(actor, site_id)
        author, reader = User.__table__.alias("author"), User.__table__.alias("reader")
        with self._sessions() as session:
            rows = session.execute(
                select(HandoverNote, author.c.display_name, reader.c.display_name)
                .join(author, author.c.id == HandoverNote.author_id)
                .outerjoin(reader, reader.c.id == HandoverNote.read_by)
                .where(HandoverNote.site_id == site_id)
                .order_by(HandoverNote.created_at.desc(), HandoverNote.id.desc())
                .limit(limit)
            ).all()
        return [NoteRow(n.id, n.site_id, a, n.created_at, n.body, r, n.read_at) for n, a, r in rows]

    def carried_over(self, actor: Actor, site_id: int) -> CarriedOver:
        """Open items of the site, one aggregate query per register."""
        self._allow(actor, site_id)
        now = self._clock()
        long_wait = now - timedelta(days=self._content.registers.mail.highlight_after_days)
        end_of_day = now + timedelta(hours=24)

        with self._sessions() as session:
            running = and_(
                Request.site_id == site_id,
                Request.finished_at.is_(None),
                Request.status.not_in(OPEN_FINAL),
                Request.status != Status.ON_HOLD.value,
            )
            overdue = session.scalar(select(func.count()).where(running, Request.due_at <= now))
            due_soon = session.scalar(
                select(func.count()).where(running, Request.warn_at <= now, Request.due_at > now)
            )
            callbacks = session.scalar(
                select(func.count()).where(
                    Callback.site_id == site_id, Callback.status == "due", Callback.due_at < end_of_day
                )
            )
            keys_out, keys_overdue = session.execute(
                select(func.count(), func.count().filter(KeyLoan.expected_return_at < now)).where(
                    KeyLoan.site_id == site_id, KeyLoan.returned_at.is_(None)
                )
            ).one()
            mail, mail_long = session.execute(
                select(func.count(), func.count().filter(MailItem.received_at <= long_wait)).where(
                    MailItem.site_id == site_id, MailItem.status.in_(("waiting", "notified"))
                )
            ).one()
            pending, discrepancies = session.execute(
                select(
                    func.count().filter(CashHandover.status == "pending"),
                    func.count().filter(CashHandover.status == "discrepancy"),
                ).where(CashHandover.site_id == site_id)
            ).one()
        return CarriedOver(
            overdue_requests=overdue or 0,
            due_soon_requests=due_soon or 0,
            callbacks_due=callbacks or 0,
            keys_out=keys_out,
            keys_overdue=keys_overdue,
            mail_waiting=mail,
            mail_waiting_long=mail_long,
            cash_pending=pending,
            cash_discrepancies=discrepancies,
        )

    def departments(self, actor: Actor, *, site_ids: set[int] | None = None) -> list[DepartmentLoad]:
        """What each department owes the desk: open and overdue work orders, time taken to finish."""
        self._allow(actor)
        sites = self._sites(actor, site_ids)
        now = self._clock()
        with self._sessions() as session:
            seconds = _seconds_between(session, WorkOrder.dispatched_at, WorkOrder.ended_at)
            is_open = WorkOrder.outcome == "open"
            rows = session.execute(
                select(
                    WorkOrder.department,
                    func.count().filter(is_open),
                    func.count().filter(and_(is_open, Request.due_at <= now)),
                    func.count().filter(WorkOrder.outcome == "finished"),
                    func.avg(seconds).filter(WorkOrder.outcome == "finished"),
                )
                .join(Request, Request.id == WorkOrder.request_id)
                .where(WorkOrder.site_id.in_(sites))
                .group_by(WorkOrder.department)
                .order_by(func.count().filter(is_open).desc(), WorkOrder.department)
            ).all()
        return [
            DepartmentLoad(d, o, late, done, float(avg) / 3600 if avg is not None else None)
            for d, o, late, done, avg in rows
        ]


def _seconds_between(session, start, end):  # type: ignore[no-untyped-def]
    """end - start in seconds, computed by the database (the SQL differs between SQLite and PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)
