"""Write checked import rows in one transaction, with units and owners created when missing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from accounts.tables import Site
from desk.content_model import DeskContent
from desk.owners.tables import Owner, Unit
from desk.requests.importer import ImportRow, place
from desk.requests.intake_service import period_of
from desk.requests.tables import Callback, Request, RequestEvent
from desk.requests.workflow import Status
from store.clock import Clock, utcnow
from store.db import SessionFactory


def write_import(
    sessions: SessionFactory, content: DeskContent, site_id: int, rows: list[ImportRow], clock: Clock = utcnow
) -> int:
    """All rows or none. Returns how many requests were written."""
    now = clock()
    with sessions.begin() as session:
        site = session.get(Site, site_id)
        if site is None:
            raise ValueError(f"site {site_id} does not exist")
        codes = {r.unit for r in rows}
        units = {
            u.code: u
            for u in session.scalars(select(Unit).where(Unit.site_id == site_id, Unit.code.in_(codes)))
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
