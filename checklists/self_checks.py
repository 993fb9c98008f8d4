"""A staff member's own shift checks: the checks open now, submitting one, their history.

As in every shift-check service, each method takes the acting user and checks their role itself; every
change writes a history row in the same transaction. Scores come from `checklists.scoring` and are kept
with the raw answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from checklists import scoring
from checklists.attribution import OpenCheck, attribute
from checklists.check_records import check_view, check_views, store_check
from checklists.queries import SELF
from checklists.service_helpers import (
    ShiftCheckServiceBase,
    gender_of,
    home_site,
    parse_kind,
    shift_occurrence,
    visible_check,
)
from checklists.shifts import Kind, Timing, check_window, days, local_date, timing
from checklists.tables import RosterEntry, ShiftCheck
from checklists.views import CheckView, Slot, Today
from core.errors import ValidationFailed
from core.roles import Actor, Permission, require
from rules.model import Rulebook


class SelfChecks(ShiftCheckServiceBase):
    def today(self, actor: Actor, rulebook: Rulebook, site_id: int | None = None) -> Today:
        """The checks the actor is asked for now (their rostered shifts'), the most likely first, with
        their items; the other checks open now apart, offered only on request (`checklists.attribution`)."""
        require(actor, Permission.DO_SHIFT_CHECKS)
        settings = self._settings()
        now = self._clock()
        with self._sessions() as session:
            site = home_site(session, actor, site_id)
            gender = gender_of(session, actor.user_id)
            # Every check open now is within a day either side of the site's today.
            today = local_date(now, site.timezone)
            dates = set(days(today - timedelta(days=1), today + timedelta(days=1)))
            mine = {
                (c.shift_date, c.shift_id, c.kind): c
                for c in session.scalars(
                    select(ShiftCheck).where(
                        ShiftCheck.user_id == actor.user_id,
                        ShiftCheck.source == SELF,
                        ShiftCheck.shift_date.in_(dates),
                    )
                )
            }
            rostered = {
                (row.shift_date, row.shift_id)
                for row in session.execute(
                    select(RosterEntry.shift_date, RosterEntry.shift_id).where(
                        RosterEntry.user_id == actor.user_id,
                        RosterEntry.site_id == site.id,
                        RosterEntry.active.is_(True),
                        RosterEntry.shift_date.in_(dates),
                    )
                )
            }
            done = dict(zip(mine, check_views(session, list(mine.values()), actor, self._clock), strict=True))
        found = attribute(settings, rostered, now, site.timezone)

        def slot(check: OpenCheck) -> Slot:
            occ, window = check.occurrence, check_window(check.occurrence, check.kind, settings)
            return Slot(
                shift_id=occ.shift_id,
                shift_date=occ.shift_date,
                kind=check.kind,
                opens_at=window.opens_at,
                due_at=window.due_at,
                closes_at=window.closes_at,
                timing=check.timing,
                rostered=check.rostered,
                done=done.get((occ.shift_date, occ.shift_id, check.kind.value)),
            )

        started = {(d, s) for (d, s, k) in mine if k == Kind.START.value}
        slots = sorted((slot(c) for c in found.due), key=lambda s: _likelihood(s, started))
        extra = sorted((slot(c) for c in found.off_roster), key=lambda s: _likelihood(s, started))
        items = {kind: scoring.build_items(rulebook, kind, gender, settings.weights) for kind in Kind}
        return Today(
            site_id=site.id,
            timezone=site.timezone,
            local_date=local_date(now, site.timezone),
            rulebook_version=rulebook.version_label,
            slots=tuple(slots),
            items=items,
            off_roster=tuple(extra),
        )

    def submit(
        self,
        actor: Actor,
        rulebook: Rulebook,
        *,
        shift_date: date,
        shift_id: str,
        kind: str,
        answers: Mapping[str, str | None],
        notes: Mapping[str, str | None],
        site_id: int | None = None,
    ) -> CheckView:
        """Record the actor's own check of a shift. Once submitted only a manager can change it."""
        require(actor, Permission.DO_SHIFT_CHECKS)
        settings = self._settings()
        check_kind = parse_kind(kind)
        now = self._clock()
        with self._sessions() as session:
            site = home_site(session, actor, site_id)
            gender = gender_of(session, actor.user_id)
        occ = shift_occurrence(settings, shift_id, shift_date, site.timezone)
        when = timing(check_window(occ, check_kind, settings), now)
        if when is Timing.TOO_EARLY:
            raise ValidationFailed("checks.error.future_shift")
        if when is Timing.CLOSED:
            raise ValidationFailed("checks.error.closed")
        return store_check(
            self._sessions, self._clock, actor, settings, occ, rulebook, site_id=site.id,
            user_id=actor.user_id, gender=gender, kind=check_kind, source=SELF, answers=answers, notes=notes,
            late=when is Timing.LATE,
        )  # fmt: skip

    def my_checks(self, actor: Actor, limit: int = 60) -> list[CheckView]:
        """The actor's own checks and the spot checks of them, newest first."""
        require(actor, Permission.DO_SHIFT_CHECKS)
        with self._sessions() as session:
            checks = session.scalars(
                select(ShiftCheck)
                .where(ShiftCheck.user_id == actor.user_id)
                .order_by(ShiftCheck.shift_date.desc(), ShiftCheck.submitted_at.desc(), ShiftCheck.id.desc())
                .limit(limit)
            )
            return check_views(session, list(checks), actor, self._clock)

    def check(self, actor: Actor, check_id: int) -> CheckView:
        """One check: the person's own, or any at a manager's sites."""
        with self._sessions() as session:
            found = visible_check(session, actor, check_id)
            return check_view(session, found, actor, self._clock)


def _likelihood(slot: Slot, started: set[tuple[date, str]]) -> tuple[Any, ...]:
    """Sort key: the check the person most likely means now comes first."""
    return (
        slot.done is not None,  # not done yet
        not slot.rostered,  # on their roster
        not (slot.kind is Kind.END and (slot.shift_date, slot.shift_id) in started),  # ending what they began
        slot.timing is Timing.LATE and slot.kind is Kind.START,  # a shift about to start beats a late one
        slot.due_at,
    )
