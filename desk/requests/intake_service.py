"""Intake of owners' requests (报修、咨询、投诉), procedure duties 1.1 and 1.9: the owner search at the desk
and the new request, closed at once when answered on the spot or dispatched straight away."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.errors import ValidationFailed
from core.roles import Actor, Permission, require, require_site
from desk.owners.tables import Owner, Unit
from desk.owners.units import get_or_create_unit
from desk.phone import mask_phone
from desk.record_base import site_or_404
from desk.record_queries import escape_like
from desk.requests import sla
from desk.requests.intake import IntakeForm, clean_intake
from desk.requests.steps import RequestService
from desk.requests.tables import Request
from desk.requests.views import OwnerHit
from desk.requests.workflow import INITIAL, Action


def period_of(moment: datetime, timezone: str) -> str:
    """The month a record belongs to: the month of its receipt in the site's own time zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m")


class RequestIntake(RequestService):
    def search_owners(self, actor: Actor, site_id: int, query: str, limit: int = 20) -> list[OwnerHit]:
        """Owners of a site by unit, name or phone digits, for picking at intake."""
        require(actor, Permission.USE_DESK)
        require_site(actor, site_id)
        text = (query or "").strip()
        if not text:
            return []
        pattern = f"%{escape_like(text)}%"
        with self._sessions() as session:
            rows = session.execute(
                select(Owner.id, Unit.code, Owner.name, Owner.phone)
                .join(Unit, Unit.id == Owner.unit_id)
                .where(
                    Owner.site_id == site_id,
                    or_(
                        Unit.code.like(pattern, escape="\\"),
                        Owner.name.like(pattern, escape="\\"),
                        Owner.phone.like(pattern, escape="\\"),
                    ),
                )
                .order_by(Unit.code, Owner.name)
                .limit(limit)
            ).all()
        return [OwnerHit(r.id, r.code, r.name, mask_phone(r.phone)) for r in rows]

    def intake(self, actor: Actor, form: IntakeForm) -> int:
        """Record a new request; returns its id. An inquiry answered on the spot is closed at once."""
        require(actor, Permission.USE_DESK)
        clean = clean_intake(form, self._content)
        require_site(actor, clean.site_id)
        now = self._clock()
        limit = self._content.limit(clean.kind, clean.urgency)
        with self._sessions.begin() as session:
            site = site_or_404(session, clean.site_id)
            if clean.owner_id is not None:
                owner = session.get(Owner, clean.owner_id)
                if owner is None or owner.site_id != clean.site_id:
                    raise ValidationFailed("desk.error.owner_unknown", field="owner")
                # The owner on record decides the unit; name and phone default to what is on file.
                unit = session.get(Unit, owner.unit_id)
                assert unit is not None
                owner_id = owner.id
                contact_name = clean.contact_name or owner.name
                contact_phone = clean.contact_phone or owner.phone
            else:
                unit = get_or_create_unit(session, clean.site_id, clean.unit, now)
                owner_id = self._owner(session, clean.site_id, unit, clean, now)
                contact_name, contact_phone = clean.contact_name, clean.contact_phone
            due = sla.due_at(now, limit)
            request = Request(
                site_id=clean.site_id, kind=clean.kind.value, status=INITIAL[clean.kind].value,
                channel=clean.channel.value, category=clean.category, urgency=clean.urgency.value,
                unit_id=unit.id, owner_id=owner_id, contact_name=contact_name,
                contact_phone=contact_phone, content=clean.content, received_at=now,
                period=period_of(now, site.timezone), created_by=actor.user_id,
                respond_due_at=sla.respond_due_at(now, limit), due_at=due,
                warn_at=due - timedelta(minutes=limit.warn_minutes), first_contact=False, imported=False,
            )  # fmt: skip
            session.add(request)
            session.flush()
            self._event(session, request, actor, "intake", None, request.status, now)
            if clean.answered_on_spot:
                request.first_contact = True
                self._apply(session, actor, request, Action.ANSWER, "", None, now)
            elif clean.department:
                self._apply(session, actor, request, Action.DISPATCH, "", clean.department, now)
            return request.id

    @staticmethod
    def _owner(session: Session, site_id: int, unit: Unit, clean, now: datetime) -> int:  # type: ignore[no-untyped-def]
        """The owner of that name at that unit, created when new."""
        owner = session.scalar(
            select(Owner).where(Owner.unit_id == unit.id, Owner.name == clean.contact_name)
        )
        if owner is None:
            owner = Owner(
                site_id=site_id, unit_id=unit.id, name=clean.contact_name, phone=clean.contact_phone,
                created_at=now,
            )  # fmt: skip
            session.add(owner)
            session.flush()
        return owner.id
