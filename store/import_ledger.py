"""Which file was imported where: each import leaves a history row named by the file's fingerprint, so
the same file offered again is recognised (and refused unless the user asks for it again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import history
from store.tables import HistoryRow


@dataclass(frozen=True)
class EarlierImport:
    at: datetime
    rows: int
    file_name: str


def _entity(kind: str) -> str:
    return f"import.{kind}"  # desk_log, owner_records, call_records


def earlier_import(session: Session, kind: str, site_id: int, digest: str) -> EarlierImport | None:
    """The first import of this very file (by its fingerprint) into this site, if there was one."""
    row = session.scalar(
        select(HistoryRow)
        .where(
            HistoryRow.entity == _entity(kind),
            HistoryRow.entity_id == digest,
            HistoryRow.site_id == site_id,
        )
        .order_by(HistoryRow.at, HistoryRow.id)
        .limit(1)
    )
    if row is None:
        return None
    rows = (row.changes or {}).get("rows", [None, 0])[1]
    return EarlierImport(at=row.at, rows=int(rows or 0), file_name=row.note or "")


def note_import(
    session: Session,
    *,
    kind: str,
    site_id: int,
    digest: str,
    file_name: str,
    rows: int,
    actor_id: int | None,
    at: datetime,
    again: bool,
) -> None:
    """In the import's own transaction: this file went into this site, with how many rows."""
    action = "import_again" if again else "import"
    log = history.Recorder(session, actor_id, at)
    log(_entity(kind), digest, action, {"rows": [None, rows]}, site_id=site_id, note=file_name[:200])
