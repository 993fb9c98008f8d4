"""What the register services share: access checks, the site's time zone, text fields, history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from accounts.tables import Site
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from desk.content_model import DeskContent
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory


class RegisterService:
    """Base for the desk registers: every method checks USE_DESK and the actor's sites."""

    entity = "register"

    def __init__(self, sessions: SessionFactory, content: DeskContent, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

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
        site = session.get(Site, site_id)
        if site is None:
            raise NotFound("error.site_not_found", site_id=site_id)
        return site.timezone

    @staticmethod
    def _owned(actor: Actor, record: Any, key: str, record_id: int) -> Any:
        """The record if it exists at one of the actor's sites; otherwise the same 'not found'."""
        if record is None or record.site_id not in actor.site_ids:
            raise NotFound(key, record_id=record_id)
        return record

    def _record(
        self,
        session: Session,
        actor: Actor,
        record: Any,
        action: str,
        changes: dict[str, list[Any]] | None = None,
        note: str | None = None,
        at: datetime | None = None,
    ) -> None:
        history.record(
            session,
            at=at or self._clock(),
            actor_id=actor.user_id,
            entity=self.entity,
            entity_id=record.id,
            action=action,
            site_id=record.site_id,
            changes=changes,
            note=note,
        )


def required_text(value: str, field: str, key: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(key, field=field)
    if len(text) > max_length:
        raise ValidationFailed("error.too_long", field=field, max=max_length)
    return text


def reason_text(value: str) -> str:
    return required_text(value, "reason", "error.reason_required", 500)
