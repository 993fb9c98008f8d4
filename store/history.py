"""The change history every service writes to: who, when, which record, old -> new."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.tables import HistoryRow

# Values that must never be copied into the history, only noted as changed.
SECRET_FIELDS = frozenset({"password_hash", "token_hash", "handoff_hash"})
CHANGED = "<changed>"


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as {field: [old, new]}; secrets are masked."""
    changes: dict[str, list[Any]] = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if field in SECRET_FIELDS:
            changes[field] = [CHANGED, CHANGED]
        else:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value)
    return value


@dataclass(frozen=True)
class Recorder:
    """History rows written in one transaction by one person (None: the system) at one moment."""

    session: Session
    actor_id: int | None
    at: datetime

    def __call__(
        self,
        entity: str,
        entity_id: int | str,
        action: str,
        changes: Mapping[str, list[Any]] | None = None,
        *,
        site_id: int | None = None,
        note: str | None = None,
    ) -> HistoryRow:
        """Add a history row in the caller's transaction, so the change and its record commit together."""
        row = HistoryRow(
            at=self.at,
            actor_id=self.actor_id,
            site_id=site_id,
            entity=entity,
            entity_id=str(entity_id),
            action=action,
            changes=dict(changes or {}),
            note=note,
        )
        self.session.add(row)
        return row

    def of(
        self,
        row: Any,
        entity: str,
        action: str,
        changes: Mapping[str, list[Any]] | None = None,
        *,
        note: str | None = None,
    ) -> HistoryRow:
        """A change to `row`, a record of one site: its `id` and `site_id` say which."""
        return self(entity, row.id, action, changes=changes, site_id=row.site_id, note=note)


def for_record(session: Session, entity: str, entity_id: int | str) -> list[HistoryRow]:
    stmt = (
        select(HistoryRow)
        .where(HistoryRow.entity == entity, HistoryRow.entity_id == str(entity_id))
        .order_by(HistoryRow.at, HistoryRow.id)
    )
    return list(session.scalars(stmt))
