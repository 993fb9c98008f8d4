"""The roster: who is on which shift. Managers put people on shifts and take them off with a reason;
an entry taken off is kept (inactive) with its history."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.tables import Site, User, UserSite
from checklists.service_helpers import ShiftCheckServiceBase, site_person
from checklists.shifts import days, local_date
from checklists.tables import RosterEntry
from checklists.views import Person, RosterEntryView, RosterWeek
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, Role, require, require_site
from store import history


class RosterService(ShiftCheckServiceBase):
    def people(self, actor: Actor, site_id: int) -> list[Person]:
        """Active staff and managers of a site: the people who do shift checks."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        with self._sessions() as session:
            rows = session.scalars(
                select(User)
                .join(UserSite, UserSite.user_id == User.id)
                .where(
                    UserSite.site_id == site_id,
                    User.active.is_(True),
                    User.role.in_([Role.STAFF.value, Role.MANAGER.value]),
                )
                .order_by(User.role.desc(), User.display_name)
            )
            return [Person(u.id, u.display_name, u.role, u.gender) for u in rows]

    def roster(self, actor: Actor, site_id: int, first: date | None = None, length: int = 7) -> RosterWeek:
        """Who is on which shift for `length` days from `first` (default: the site's today)."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        people = tuple(self.people(actor, site_id))
        with self._sessions() as session:
            if first is None:
                site = session.get(Site, site_id)
                if site is None:
                    raise NotFound("error.site_not_found", site_id=site_id)
                first = local_date(self._clock(), site.timezone)
            dates = tuple(days(first, first + timedelta(days=length - 1)))
            rows = session.execute(
                select(RosterEntry, User.display_name)
                .join(User, User.id == RosterEntry.user_id)
                .where(
                    RosterEntry.site_id == site_id,
                    RosterEntry.active.is_(True),
                    RosterEntry.shift_date >= dates[0],
                    RosterEntry.shift_date <= dates[-1],
                )
                .order_by(RosterEntry.shift_date, RosterEntry.shift_id, User.display_name)
            ).all()
        entries = tuple(RosterEntryView(e.id, e.user_id, name, e.shift_date, e.shift_id) for e, name in rows)
        return RosterWeek(site_id=site_id, dates=dates, people=people, entries=entries)

    def assign(
        self, actor: Actor, site_id: int, *, user_id: int, shift_date: date, shift_id: str
    ) -> RosterEntryView:
        """Put a person on a shift. Putting them back on after taking them off reuses the entry."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        settings = self._settings()
        if settings.shift(shift_id) is None:
            raise ValidationFailed("checks.error.unknown_shift", field="shift", shift=shift_id)
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                person = site_person(session, site_id, user_id)
                entry = session.scalar(
                    select(RosterEntry).where(
                        RosterEntry.user_id == user_id,
                        RosterEntry.shift_date == shift_date,
                        RosterEntry.shift_id == shift_id,
                    )
                )
                if entry is not None and entry.active:
                    raise ValidationFailed("checks.error.already_rostered")
                if entry is None:
                    entry = RosterEntry(
                        site_id=site_id,
                        user_id=user_id,
                        shift_date=shift_date,
                        shift_id=shift_id,
                        active=True,
                        created_by=actor.user_id,
                        created_at=now,
                        updated_at=now,
                    )
                    session.add(entry)
                else:
                    entry.active, entry.site_id, entry.updated_at = True, site_id, now
                session.flush()
                put_on = {"active": True, "user_id": user_id, "shift": f"{shift_date} {shift_id}"}
                log = history.Recorder(session, actor.user_id, now)
                log.of(entry, "roster", "assign", history.diff({"active": False}, put_on))
                return RosterEntryView(entry.id, user_id, person.display_name, shift_date, shift_id)
        except IntegrityError as exc:
            raise ValidationFailed("checks.error.already_rostered") from exc

    def copy_week(self, actor: Actor, site_id: int, first: date) -> int:
        """Fill the week from `first` with the week before it, day for day; shifts already given are
        kept. Returns how many entries were added."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        last = self.roster(actor, site_id, first - timedelta(days=7))
        current = self.roster(actor, site_id, first)
        taken = {(e.user_id, e.shift_date, e.shift_id) for e in current.entries}
        people = {p.id for p in current.people}  # someone who has left is not copied
        added = 0
        for entry in last.entries:
            day = entry.shift_date + timedelta(days=7)
            if entry.user_id in people and (entry.user_id, day, entry.shift_id) not in taken:
                self.assign(actor, site_id, user_id=entry.user_id, shift_date=day, shift_id=entry.shift_id)
                added += 1
        return added

    def unassign(self, actor: Actor, entry_id: int, reason: str) -> None:
        """Take a person off a shift, with a reason; the entry is kept (inactive) with its history."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed("error.reason_required", field="reason")
        now = self._clock()
        with self._sessions.begin() as session:
            entry = session.get(RosterEntry, entry_id)
            if entry is None or entry.site_id not in actor.site_ids or not entry.active:
                raise NotFound("checks.error.roster_not_found", entry_id=entry_id)
            entry.active, entry.updated_at = False, now
            taken_off = history.diff({"active": True}, {"active": False})
            history.Recorder(session, actor.user_id, now).of(
                entry, "roster", "unassign", taken_off, note=reason
            )
