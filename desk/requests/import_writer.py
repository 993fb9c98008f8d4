"""A historic desk log into a site: read and check every row, then write all in one transaction, with
units and owners created when missing (and, on an empty database, the site itself): all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.sites import add_site_unattended
from accounts.tables import Site
from core.errors import NotFound
from core.imports import ImportRefused, file_digest, imported_before
from core.sheets import read_sheet
from core.validation import DEFAULT_TIMEZONE
from desk.content_model import DeskContent
from desk.owners.tables import Owner, Unit
from desk.requests.importer import ImportRow, parse_rows, place
from desk.requests.intake_service import period_of
from desk.requests.tables import Callback, Request, RequestEvent
from desk.requests.workflow import Status
from store.clock import Clock, utcnow
from store.db import SessionFactory
from store.import_ledger import earlier_import, note_import

LEDGER = "desk_log"


@dataclass(frozen=True)
class LogImported:
    count: int
    site_name: str


def import_log(
    sessions: SessionFactory,
    content: DeskContent,
    data: bytes,
    file_name: str,
    *,
    site_id: int | None,
    new_site: str | None = None,
    clock: Clock = utcnow,
    encoding: str | None = None,
    again: bool = False,
) -> LogImported:
    """For trusted callers (the command line). Into `site_id`, or a new site named `new_site` made in the
    same transaction. Raises ImportRefused (every bad row), ValidationFailed (the file, or a file
    imported already unless `again`); nothing is written then."""
    now = clock()
    timezone = DEFAULT_TIMEZONE
    if site_id is not None:
        with sessions() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound("error.site_not_found", site_id=site_id)
            timezone = site.timezone
    records = read_sheet(data, PurePath(file_name).suffix, encoding)
    rows, problems = parse_rows(records, content, timezone, now)
    if problems:
        raise ImportRefused(problems)
    digest = file_digest(data)
    with sessions.begin() as session:
        if site_id is None:
            site = add_site_unattended(session, new_site or "", timezone, now, note="python -m desk import")
        else:
            site = session.get(Site, site_id)
        earlier = earlier_import(session, LEDGER, site.id, digest)
        if earlier is not None and not again:
            raise imported_before(earlier.at, earlier.rows, site.timezone)
        count = _write(session, content, site, rows, now)
        note_import(
            session, kind=LEDGER, site_id=site.id, digest=digest, file_name=file_name, rows=count,
            actor_id=None, at=now, again=earlier is not None,
        )  # fmt: skip
        return LogImported(count, site.name)


def _write(session: Session, content: DeskContent, site: Site, rows: list[ImportRow], now: datetime) -> int:
    site_id = site.id
    codes = {r.unit for r in rows}
    units = {
        u.code: u for u in session.scalars(select(Unit).where(Unit.site_id == site_id, Unit.code.in_(codes)))
    }
    for code in sorted(codes - units.keys()):
        units[code] = Unit(site_id=site_id, code=code, created_at=now)
        session.add(units[code])
    session.flush()
    names = {r.owner for r in rows if r.owner}
    owners = {
        (o.unit_id, o.name): o
        for o in session.scalars(select(Owner).where(Owner.site_id == site_id, Owner.name.in_(names)))
    }
    for row in rows:
        key = (units[row.unit].id, row.owner)
        if row.owner and key not in owners:
            owners[key] = Owner(
                site_id=site_id, unit_id=key[0], name=row.owner, phone=row.phone, created_at=now
            )
            session.add(owners[key])
    session.flush()
    requests = []
    for row in rows:
        placement = place(row, content)
        owner = owners.get((units[row.unit].id, row.owner))
        closed_at = row.callback_at if placement.status is Status.CLOSED else None
        if placement.status is Status.ANSWERED:
            closed_at = row.completed_at
        requests.append(
            Request(
                site_id=site_id,
                kind=row.kind.value,
                status=placement.status.value,
                channel=row.channel,
                category=row.category,
                urgency=row.urgency.value,
                unit_id=units[row.unit].id,
                owner_id=owner.id if owner else None,
                contact_name=row.owner,
                contact_phone=row.phone,
                content=row.content,
                received_at=row.received_at,
                period=period_of(row.received_at, site.timezone),
                created_by=None,
                department=row.department,
                respond_due_at=placement.respond_due_at,
                responded_at=row.completed_at,
                due_at=placement.due_at,
                warn_at=placement.warn_at,
                finished_at=row.completed_at,
                finished_in_time=placement.finished_in_time,
                first_contact=placement.first_contact,
                validity=row.validity,
                closed_at=closed_at,
                imported=True,
            )
        )
    session.add_all(requests)
    session.flush()
    for row, request in zip(rows, requests, strict=True):
        session.add(
            RequestEvent(
                request_id=request.id,
                at=now,
                actor_id=None,
                action="import",
                from_status=None,
                to_status=request.status,
                note=f"row {row.row}",
            )
        )
        status = place(row, content).callback_status
        if status is not None and row.completed_at is not None:
            session.add(
                Callback(
                    request_id=request.id,
                    site_id=site_id,
                    created_at=row.completed_at,
                    due_at=row.completed_at + timedelta(minutes=content.sla.callback_due_minutes),
                    status=status,
                    done_at=row.callback_at,
                    satisfaction=row.satisfaction,
                    result="(imported)" if row.callback_at else None,
                )
            )
    return len(requests)
