"""Weekly roster templates: a person's usual week at a site ("morning shift Monday to Friday"), saved per
site and person, and applied to a chosen week in one go. Applying keeps what is already on the roster and
puts nobody on two overlapping shifts: such a shift is left off and reported (roster_rules.plan_week)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.tables import User, UserSite
from checklists.roster_rules import Slot, clean_slots, plan_week
from checklists.service_helpers import ShiftCheckServiceBase, site_person
from checklists.shifts import days
from checklists.tables import RosterEntry, RosterTemplate
from checklists.views import RosterEntryView, RosterTemplateView, TemplateClash, TemplatesApplied
from core.errors import ValidationFailed
from core.roles import Actor, Permission, Role, require, require_site
from store import history

ENTITY = "roster_template"


class RosterTemplates(ShiftCheckServiceBase):
    def templates(self, actor: Actor, site_id: int) -> list[RosterTemplateView]:
        """The site's templates of people still working there, by name (empty ones left out)."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        with self._sessions() as session:
            rows = _site_templates(session, site_id)
        return [_view(t, name) for t, name in rows if t.slots]

    def save(self, actor: Actor, site_id: int, user_id: int, slots: Iterable[Slot]) -> RosterTemplateView:
        """Save a person's week (replacing the one before); no slots at all clears it."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        cleaned = [list(slot) for slot in clean_slots(slots, self._settings())]
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                person = site_person(session, site_id, user_id)
                template = session.scalar(
                    select(RosterTemplate).where(
                        RosterTemplate.site_id == site_id, RosterTemplate.user_id == user_id
                    )
                )
                before = [] if template is None else list(template.slots)
                if before == cleaned:
                    return RosterTemplateView(user_id, person.display_name, _slots(cleaned))
                if template is None:
                    template = RosterTemplate(site_id=site_id, user_id=user_id, created_at=now)
                    session.add(template)
                template.slots, template.updated_by, template.updated_at = cleaned, actor.user_id, now
                session.flush()
                saved = {"slots": [_text(before), _text(cleaned)]}
                history.Recorder(session, actor.user_id, now).of(template, ENTITY, "save", saved)
                return RosterTemplateView(user_id, person.display_name, _slots(cleaned))
        except IntegrityError as exc:  # another manager saved this person's first template meanwhile
            raise ValidationFailed("checks.error.roster_changed") from exc

    def apply(self, actor: Actor, site_id: int, first: date) -> TemplatesApplied:
        """Put the site's templates on the roster of the seven days from `first`, in one transaction."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        settings = self._settings()
        dates = days(first, first + timedelta(days=6))
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                rows = [(t, name) for t, name in _site_templates(session, site_id) if t.slots]
                names = {t.user_id: name for t, name in rows}
                templates = {t.user_id: _slots(t.slots) for t, _ in rows}
                # Every entry of these people around the week, at any site: one person, one body.
                entries = session.scalars(
                    select(RosterEntry).where(
                        RosterEntry.user_id.in_(list(templates)),
                        RosterEntry.shift_date >= first - timedelta(days=1),
                        RosterEntry.shift_date <= first + timedelta(days=7),
                    )
                ).all()
                active = [
                    RosterEntryView(e.id, e.user_id, names[e.user_id], e.shift_date, e.shift_id)
                    for e in entries
                    if e.active
                ]
                plan = plan_week(templates, dates, active, settings)
                taken_off = {(e.user_id, e.shift_date, e.shift_id): e for e in entries if not e.active}
                put_on = []
                for planned in plan.add:
                    entry = taken_off.get((planned.user_id, planned.shift_date, planned.shift_id))
                    if entry is None:
                        entry = RosterEntry(
                            site_id=site_id, user_id=planned.user_id, shift_date=planned.shift_date,
                            shift_id=planned.shift_id, active=True, created_by=actor.user_id, created_at=now,
                            updated_at=now,
                        )  # fmt: skip
                        session.add(entry)
                    else:
                        entry.active, entry.site_id, entry.updated_at = True, site_id, now
                    put_on.append(entry)
                session.flush()  # one round of inserts; the history rows need the entries' ids
                log = history.Recorder(session, actor.user_id, now)
                for entry in put_on:
                    shift = f"{entry.shift_date} {entry.shift_id}"
                    put = {"active": True, "user_id": entry.user_id, "from": "template", "shift": shift}
                    log.of(entry, "roster", "assign", history.diff({"active": False}, put))
        except IntegrityError as exc:  # someone put one of them on the same shift meanwhile
            raise ValidationFailed("checks.error.roster_changed") from exc
        clashes = tuple(
            TemplateClash(names[c.user_id], c.shift_date, c.shift_id, c.other_date, c.other_shift_id)
            for c in plan.clashes
        )
        return TemplatesApplied(added=len(plan.add), kept=plan.kept, clashes=clashes)


def _site_templates(session: Session, site_id: int) -> list[tuple[RosterTemplate, str]]:
    """The site's templates of its active staff and managers (someone who has left is not applied)."""
    rows = session.execute(
        select(RosterTemplate, User.display_name)
        .join(User, User.id == RosterTemplate.user_id)
        .join(UserSite, (UserSite.user_id == User.id) & (UserSite.site_id == RosterTemplate.site_id))
        .where(
            RosterTemplate.site_id == site_id,
            User.active.is_(True),
            User.role.in_([Role.STAFF.value, Role.MANAGER.value]),
        )
        .order_by(User.display_name)
    ).all()
    return [(t, name) for t, name in rows]


def _view(template: RosterTemplate, name: str) -> RosterTemplateView:
    return RosterTemplateView(template.user_id, name, _slots(template.slots))


def _slots(stored: list[list[int | str]]) -> tuple[Slot, ...]:
    return tuple((int(d), str(s)) for d, s in stored)


def _text(slots: list[list[int | str]]) -> list[str]:
    """Slots as the history shows them: '0 morning' is the morning shift on Mondays."""
    return [f"{d} {s}" for d, s in slots]
