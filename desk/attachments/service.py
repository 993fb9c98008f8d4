"""Photos and files attached to a request, a work order or a renovation inspection.

They are kept in the database rather than as files in a folder: one backup (the SQLite file or the
PostgreSQL dump) then holds the record and its photos together, a file is saved in the same transaction
as the note it belongs to, SQLite and PostgreSQL behave alike, and no uploaded name ever becomes a path
on the server. The size limit (checks.MAX_BYTES) keeps that affordable.

Nothing attached is deleted: a file is voided with a reason (by whoever uploaded it, or a manager),
leaves the record's thumbnails and stays listed, with who voided it and why, for managers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from accounts.tables import User
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, require
from desk.attachments.checks import ENTITIES, checked_all, may_void
from desk.attachments.tables import Attachment
from desk.attachments.thumbnails import thumbnail
from desk.content_model import DeskContent
from desk.record_base import RecordService, reason_text
from desk.renovation.tables import Renovation
from desk.requests.tables import Request, WorkOrder
from store import history

# The records files hang on, by the name an attachment row gives their kind.
_TABLES = {"request": Request, "work_order": WorkOrder, "renovation_inspection": Renovation}


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    entity: str
    entity_id: int
    file_name: str
    media_type: str
    size: int
    thumbnail: bytes | None  # a small JPEG for images; None for a PDF
    uploaded_at: datetime
    uploaded_by: str | None
    uploaded_by_id: int | None = None
    voided_at: datetime | None = None
    voided_by: str | None = None
    void_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


Files = Sequence[tuple[str, bytes]]


def store_files(
    session: Session, actor: Actor, site_id: int, entity: str, entity_id: int, files: Files, now: datetime
) -> list[Attachment]:
    """Check every file, then add them all to the session (the caller's transaction)."""
    rows = []
    for name, media_type, data in checked_all(list(files)):
        row = Attachment(
            site_id=site_id, entity=entity, entity_id=entity_id, file_name=name, media_type=media_type,
            size=len(data), data=data, thumbnail=thumbnail(name, data, media_type), uploaded_at=now,
            uploaded_by=actor.user_id,
        )  # fmt: skip
        session.add(row)
        rows.append(row)
    session.flush()
    log = history.Recorder(session, actor.user_id, now)
    for row in rows:
        log.of(
            row,
            "attachment",
            "create",
            {"on": [None, f"{entity}:{entity_id}"], "file_name": [None, row.file_name]},
        )
    return rows


class AttachmentService(RecordService[DeskContent]):
    entity = "attachment"

    def attach(self, actor: Actor, entity: str, entity_id: int, files: Files) -> list[int]:
        """Keep the files with the record; one refused file refuses them all, with its name and why."""
        if not files:
            raise ValidationFailed("files.error.none_chosen", field="files")
        with self._sessions.begin() as session:
            site_id = self._site_of(session, actor, entity, entity_id)
            rows = store_files(session, actor, site_id, entity, entity_id, files, self._clock())
            return [r.id for r in rows]

    def list_for(
        self, actor: Actor, entity: str, entity_id: int, *, include_voided: bool = False
    ) -> list[AttachmentRow]:
        """A record's files, oldest first; voided ones only for managers, who ask for them."""
        return self.list_for_records(actor, entity, [entity_id], include_voided=include_voided)[entity_id]

    def list_for_records(
        self, actor: Actor, entity: str, entity_ids: Sequence[int], *, include_voided: bool = False
    ) -> dict[int, list[AttachmentRow]]:
        """The files of several records of one kind (a request's work orders), by record, in one query:
        every record checked as `list_for` checks one."""
        if include_voided:
            require(actor, Permission.SUPERVISE_DESK)
        ids = list(dict.fromkeys(entity_ids))
        uploader, voider = aliased(User), aliased(User)
        stmt = (
            select(
                Attachment.id, Attachment.entity, Attachment.entity_id, Attachment.file_name,
                Attachment.media_type, Attachment.size, Attachment.thumbnail, Attachment.uploaded_at,
                uploader.display_name, Attachment.uploaded_by, Attachment.voided_at, voider.display_name,
                Attachment.void_reason,
            )
            .outerjoin(uploader, uploader.id == Attachment.uploaded_by)
            .outerjoin(voider, voider.id == Attachment.voided_by)
            .where(Attachment.entity == entity, Attachment.entity_id.in_(ids))
            .order_by(Attachment.id)
        )  # fmt: skip
        if not include_voided:
            stmt = stmt.where(Attachment.voided_at.is_(None))
        found: dict[int, list[AttachmentRow]] = {entity_id: [] for entity_id in ids}
        with self._sessions() as session:
            loaded = self._load_records(session, entity, ids)
            for entity_id in ids:
                self._site_of(session, actor, entity, entity_id)
            for row in session.execute(stmt):
                found[row.entity_id].append(AttachmentRow(*row))
        del loaded
        return found

    def void(self, actor: Actor, attachment_id: int, reason: str) -> None:
        """Take a file off its record, with a reason: kept, out of the thumbnails, and in the history."""
        why = reason_text(reason)
        with self._sessions.begin() as session:
            row = session.scalar(select(Attachment).where(Attachment.id == attachment_id).with_for_update())
            if row is None:
                raise NotFound("files.error.not_found", attachment_id=attachment_id)
            self._site_of(session, actor, row.entity, row.entity_id)
            if row.voided_at is not None:
                raise ValidationFailed("files.error.already_voided", name=row.file_name)
            if not may_void(actor, row.uploaded_by):
                raise PermissionDenied("files.error.void_not_yours", name=row.file_name)
            row.voided_at, row.voided_by, row.void_reason = self._clock(), actor.user_id, why
            log = history.Recorder(session, actor.user_id, row.voided_at)
            log.of(row, "attachment", "void", {"voided": [False, True]}, note=why)

    def download(self, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
        """(name, media type, bytes) for a download, served as the type the bytes proved at upload."""
        with self._sessions() as session:
            row = session.get(Attachment, attachment_id)
            if row is None:
                raise NotFound("files.error.not_found", attachment_id=attachment_id)
            self._site_of(session, actor, row.entity, row.entity_id)
            if row.voided_at is not None and not actor.can(Permission.SUPERVISE_DESK):
                raise NotFound("files.error.not_found", attachment_id=attachment_id)
            return row.file_name, row.media_type, row.data

    @staticmethod
    def _load_records(session: Session, entity: str, entity_ids: Sequence[int]) -> list[object]:
        """The records in one query, so that the checks of each (`session.get`) find them loaded; the
        caller holds the list while it checks (the session keeps loaded records only while referenced)."""
        if entity not in ENTITIES or not entity_ids:
            return []
        table = _TABLES[entity]
        return list(session.scalars(select(table).where(table.id.in_(entity_ids))))

    @staticmethod
    def _site_of(session: Session, actor: Actor, entity: str, entity_id: int) -> int:
        """The record's site, if the actor may see it: the desk at its sites; a department its orders."""
        if entity not in ENTITIES:
            raise ValidationFailed("desk.error.choice_invalid", field="entity", value=entity)
        record = session.get(_TABLES[entity], entity_id)
        missing = NotFound("files.error.record_not_found", entity_id=entity_id)
        if record is None or record.site_id not in actor.site_ids:
            raise missing
        if actor.can(Permission.USE_DESK):
            return record.site_id
        if (
            entity == "work_order"
            and actor.can(Permission.WORK_ORDERS)
            and record.department == actor.department
        ):
            return record.site_id
        if entity == "work_order" and actor.can(Permission.WORK_ORDERS):
            raise missing
        raise PermissionDenied("error.permission_denied", role=actor.role.value)
