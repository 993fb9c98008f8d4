"""What every desk record service shares (registers, move-ins, renovations, passes, special services):
access checks, the site, finding a record at the actor's sites, text fields, and the history rows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from accounts.tables import Site
from accounts.views import HistoryEntry, history_of
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from core.state_machine import A, S, StateMachine
from desk.owners.tables import Unit
from desk.owners.units import get_or_create_unit
from desk.record_queries import text_search
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory

ContentT = TypeVar("ContentT")
NOT_FOUND = "desk.error.record_not_found"


class RecordService(Generic[ContentT]):
    """Base for the desk's record services: every method checks USE_DESK and the actor's sites."""

    entity = "register"

    def __init__(self, sessions: SessionFactory, content: ContentT, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

    @property
    def content(self) -> ContentT:
        return self._content

    @staticmethod
    def _allow(actor: Actor, site_id: int | None = None) -> None:
        require(actor, Permission.USE_DESK)
        if site_id is not None:
            require_site(actor, site_id)

    @staticmethod
    def _sites(actor: Actor, site_ids: set[int] | None) -> set[int]:
        chosen = set(actor.site_ids) if site_ids is None else set(site_ids)
        for site_id in chosen:
            require_site(actor, site_id)
        return chosen

    @staticmethod
    def _timezone(session: Session, site_id: int) -> str:
        return site_or_404(session, site_id).timezone

    @staticmethod
    def _owned(actor: Actor, record: Any, key: str, record_id: int) -> Any:
        """The record if it exists at one of the actor's sites; otherwise the same 'not found'."""
        if record is None or record.site_id not in actor.site_ids:
            raise NotFound(key, record_id=record_id)
        return record

    @classmethod
    def _locked(
        cls, session: Session, actor: Actor, table: Any, record_id: int, missing: str = NOT_FOUND
    ) -> Any:
        """The row, locked for this transaction so two desks cannot both change it."""
        record = session.scalar(select(table).where(table.id == record_id).with_for_update())
        return cls._owned(actor, record, missing, record_id)

    @classmethod
    def _locked_as_seen(
        cls, session: Session, actor: Actor, table: Any, record_id: int, missing: str, *,
        expected_status: str | None, changed: str,
    ) -> Any:  # fmt: skip
        """The row, locked, unless another desk moved it on since the form showed `expected_status`
        (then the `changed` error, and the form shows it again)."""
        record = cls._locked(session, actor, table, record_id, missing)
        if expected_status is not None and record.status != expected_status:
            raise ValidationFailed(changed, field="action")
        return record

    @classmethod
    def _locked_step(
        cls, session: Session, actor: Actor, table: Any, record_id: int, missing: str, *,
        machine: StateMachine[S, A], action: A, expected_status: str | None, changed: str,
    ) -> tuple[Any, S, S]:  # fmt: skip
        """The row locked as the form saw it (`_locked_as_seen`), its state, and the state `action`
        moves it to (an illegal step refused naming the allowed ones)."""
        record = cls._locked_as_seen(
            session, actor, table, record_id, missing, expected_status=expected_status, changed=changed
        )
        current = machine.state(record.status)
        return record, current, machine.step(current, action)

    @classmethod
    def _visible(
        cls, session: Session, actor: Actor, table: Any, record_id: int, missing: str = NOT_FOUND
    ) -> Any:
        return cls._owned(actor, session.get(table, record_id), missing, record_id)

    def _record(
        self,
        session: Session,
        actor: Actor,
        record: Any,
        action: str,
        changes: dict[str, list[Any]] | None = None,
        note: str | None = None,
        at: datetime | None = None,
        entity: str | None = None,
    ) -> None:
        log = history.Recorder(session, actor.user_id, at or self._clock())
        log.of(record, entity or self.entity, action, changes, note=note)

    def _add(self, session: Session, actor: Actor, record: Any, *history: Any, **details: Any) -> int:
        """Add a new record with its first history row (`_record`'s arguments); flushed first, so the
        history knows the record's id."""
        session.add(record)
        session.flush()
        self._record(session, actor, record, *history, **details)
        return record.id

    def _add_new(
        self,
        session: Session,
        actor: Actor,
        record: Any,
        action: str,
        after: Mapping[str, Any],
        now: datetime,
    ) -> int:
        """`_add` for a record whose first history row holds `after`, every field new."""
        session.add(record)
        session.flush()
        self._record_change(session, actor, record, action=action, before={}, after=after, now=now)
        return record.id

    @contextmanager
    def _at_unit(self, actor: Actor, site_id: int, code: str) -> Iterator[tuple[Session, Unit, datetime]]:
        """The transaction of a new record at a unit of one of the actor's sites, the unit made the first
        time a record names it: (session, unit, now)."""
        require_site(actor, site_id)
        now = self._clock()
        with self._sessions.begin() as session:
            site_or_404(session, site_id)
            yield session, get_or_create_unit(session, site_id, code, now), now

    def _record_change(
        self,
        session: Session,
        actor: Actor,
        record: Any,
        *,
        action: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        now: datetime,
        note: str | None = None,
        entity: str | None = None,
    ) -> None:
        """A history row holding the fields that changed, old -> new (money and dates as text)."""
        changes = history.diff(
            {k: plain(v) for k, v in before.items()}, {k: plain(v) for k, v in after.items()}
        )
        self._record(session, actor, record, action, changes, note=note or None, at=now, entity=entity)

    @staticmethod
    def _listing(
        actor: Actor,
        table: Any,
        view: str,
        views: Sequence[str],
        *,
        final_values: Sequence[str],
        query: str,
        prefix: str,
        search: Sequence[Any],
    ) -> Select[Any]:
        """A register's list: the actor's records of `table` with their unit's code. Every view but
        "all" leaves out closed records (status in `final_values`); the search box finds a record number
        (`prefix` + id) or text in the `search` columns."""
        require(actor, Permission.USE_DESK)
        if view not in views:
            raise ValidationFailed("desk.error.choice_invalid", field="view", value=view)
        stmt = (
            select(table, Unit.code)
            .join(Unit, Unit.id == table.unit_id)
            .where(table.site_id.in_(actor.site_ids))
        )
        if view != "all":
            stmt = stmt.where(table.status.not_in(final_values))
        found = text_search(query, prefix, table.id, search)
        return stmt if found is None else stmt.where(found)

    @staticmethod
    def _history(session: Session, entity: str, entity_id: int) -> tuple[HistoryEntry, ...]:
        """A record's history rows, oldest first, with who made each change."""
        return tuple(history_of(session, entity, entity_id))


def plain(value: Any) -> Any:
    """A value fit for the history's JSON: money and dates as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def site_or_404(session: Session, site_id: int) -> Site:
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound("error.site_not_found", site_id=site_id)
    return site


def required_text(value: str, field: str, key: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(key, field=field)
    if len(text) > max_length:
        raise ValidationFailed("error.too_long", field=field, max=max_length)
    return text


def reason_text(value: str) -> str:
    return required_text(value, "reason", "error.reason_required", 500)
