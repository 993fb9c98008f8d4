"""Shift checks: self-checks at the start and end of a shift, spot checks, corrective actions, roster.

Every method takes the acting user and checks their role itself; every change writes a history row in
the same transaction. Scores are computed by `checklists.scoring` and kept with the raw answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from accounts.tables import Site, User, UserSite
from checklists import actions, queries, scoring
from checklists.loader import ShiftSettingsInvalid, default_shift_settings
from checklists.queries import SELF, SPOT
from checklists.scoring import Item, Response
from checklists.settings import ShiftSettings
from checklists.shifts import (
    Kind,
    Occurrence,
    Timing,
    check_window,
    days,
    local_date,
    next_shift_start,
    occurrence,
    occurrences,
    open_checks,
    slot_status,
    timing,
)
from checklists.tables import CheckAnswer, CorrectiveAction, RosterEntry, ShiftCheck
from checklists.views import (
    ActionView,
    AnswerView,
    Board,
    BoardRow,
    CheckView,
    Person,
    RosterEntryView,
    RosterWeek,
    SettingsState,
    Slot,
    Today,
)
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, Role, require, require_site
from rules.model import Rulebook
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory

ROSTER_LOOKAHEAD_DAYS = 14  # how far ahead "their next shift" is looked for in the roster
REPORT_DAYS = 30  # the board's compliance and self-vs-spot period
NOTE_MAX = scoring.NOTE_MAX


class ShiftCheckService:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock = utcnow,
        settings: Callable[[], ShiftSettings] = default_shift_settings,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._load_settings = settings

    # --- content -------------------------------------------------------------------------------

    def settings_state(self) -> SettingsState:
        """The shift settings, or the errors in shifts.yaml (each with file:line:column)."""
        try:
            return SettingsState(self._load_settings(), ())
        except ShiftSettingsInvalid as exc:
            return SettingsState(None, tuple(exc.errors))

    def _settings(self) -> ShiftSettings:
        try:
            return self._load_settings()
        except ShiftSettingsInvalid as exc:
            raise ValidationFailed("checks.error.settings_invalid") from exc

    # --- the staff member's own checks ---------------------------------------------------------

    def today(self, actor: Actor, rulebook: Rulebook, site_id: int | None = None) -> Today:
        """The checks the actor can do now, the most likely first, with their items."""
        require(actor, Permission.DO_SHIFT_CHECKS)
        settings = self._settings()
        now = self._clock()
        with self._sessions() as session:
            site = self._home_site(session, actor, site_id)
            gender = self._gender(session, actor.user_id)
            candidates = open_checks(settings, now, site.timezone)
            dates = {occ.shift_date for occ, _ in candidates}
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
                tuple(row)
                for row in session.execute(
                    select(RosterEntry.shift_date, RosterEntry.shift_id).where(
                        RosterEntry.user_id == actor.user_id,
                        RosterEntry.active.is_(True),
                        RosterEntry.shift_date.in_(dates),
                    )
                )
            }
            done = {key: self._check_view(session, check, actor) for key, check in mine.items()}
        slots = []
        for occ, kind in candidates:
            window = check_window(occ, kind, settings)
            slots.append(
                Slot(
                    shift_id=occ.shift_id,
                    shift_date=occ.shift_date,
                    kind=kind,
                    opens_at=window.opens_at,
                    due_at=window.due_at,
                    closes_at=window.closes_at,
                    timing=timing(window, now),
                    rostered=(occ.shift_date, occ.shift_id) in rostered,
                    done=done.get((occ.shift_date, occ.shift_id, kind.value)),
                )
            )
        started = {(d, s) for (d, s, k) in mine if k == Kind.START.value}
        slots.sort(key=lambda s: _likelihood(s, started))
        items = {kind: scoring.build_items(rulebook, kind, gender, settings.weights) for kind in Kind}
        return Today(
            site_id=site.id,
            timezone=site.timezone,
            local_date=local_date(now, site.timezone),
            rulebook_version=rulebook.version_label,
            slots=tuple(slots),
            items=items,
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
        check_kind = _kind(kind)
        now = self._clock()
        with self._sessions() as session:
            site = self._home_site(session, actor, site_id)
            gender = self._gender(session, actor.user_id)
        occ = self._occurrence(settings, shift_id, shift_date, site.timezone)
        when = timing(check_window(occ, check_kind, settings), now)
        if when is Timing.TOO_EARLY:
            raise ValidationFailed("checks.error.future_shift")
        if when is Timing.CLOSED:
            raise ValidationFailed("checks.error.closed")
        items = scoring.build_items(rulebook, check_kind, gender, settings.weights)
        responses = scoring.collect(items, answers, notes)
        return self._store(
            actor,
            settings,
            occ,
            site_id=site.id,
            user_id=actor.user_id,
            kind=check_kind,
            source=SELF,
            responses=responses,
            rulebook_version=rulebook.version_label,
            late=when is Timing.LATE,
        )

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
            return [self._check_view(session, c, actor) for c in checks]

    def check(self, actor: Actor, check_id: int) -> CheckView:
        """One check: the person's own, or any at a manager's sites."""
        with self._sessions() as session:
            found = self._visible_check(session, actor, check_id)
            return self._check_view(session, found, actor)

    # --- corrective actions --------------------------------------------------------------------

    def my_actions(self, actor: Actor, *, include_verified: bool = False) -> list[ActionView]:
        require(actor, Permission.DO_SHIFT_CHECKS)
        states = [s.value for s in (actions.State if include_verified else actions.UNFINISHED)]
        with self._sessions() as session:
            return self._action_views(
                session,
                actor,
                (CorrectiveAction.user_id == actor.user_id, CorrectiveAction.state.in_(states)),
            )

    def site_actions(
        self, actor: Actor, site_id: int, states: Iterable[str] = ("open", "in_progress", "done")
    ) -> list[ActionView]:
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        with self._sessions() as session:
            return self._action_views(
                session,
                actor,
                (CorrectiveAction.site_id == site_id, CorrectiveAction.state.in_(list(states))),
            )

    def move_action(self, actor: Actor, action_id: int, target: str, note: str = "") -> ActionView:
        """Move an action on: the owner works it, a manager of the site verifies it or sends it back."""
        if not (actor.can(Permission.DO_SHIFT_CHECKS) or actor.can(Permission.MANAGE_SHIFT_CHECKS)):
            raise PermissionDenied("error.permission_denied", role=actor.role.value)
        try:
            to_state = actions.State(target)
        except ValueError as exc:
            raise ValidationFailed("checks.error.bad_move") from exc
        note = (note or "").strip()
        if len(note) > NOTE_MAX:
            raise ValidationFailed("checks.error.note_too_long", n=1, max=NOTE_MAX)
        now = self._clock()
        with self._sessions.begin() as session:
            action = session.scalar(
                select(CorrectiveAction).where(CorrectiveAction.id == action_id).with_for_update()
            )
            is_owner = action is not None and action.user_id == actor.user_id
            is_manager = (
                action is not None
                and actor.can(Permission.MANAGE_SHIFT_CHECKS)
                and action.site_id in actor.site_ids
            )
            if action is None or not (is_owner or is_manager):
                raise NotFound("checks.error.action_not_found", action_id=action_id)
            if to_state is actions.State.IN_PROGRESS and action.state == actions.State.DONE and not note:
                raise ValidationFailed("checks.error.send_back_reason", field="reason")
            before = {"state": action.state, "note": action.last_note}
            action.state = actions.move(
                actions.State(action.state), to_state, is_owner=is_owner, is_manager=is_manager
            ).value
            action.updated_at = now
            action.last_note = note or action.last_note
            if to_state is actions.State.VERIFIED:
                action.verified_by, action.verified_at = actor.user_id, now
            history.record(
                session,
                at=now,
                actor_id=actor.user_id,
                entity="corrective_action",
                entity_id=action.id,
                action=to_state.value,
                site_id=action.site_id,
                changes=history.diff(before, {"state": action.state, "note": action.last_note}),
                note=note or None,
            )
            session.flush()
            return self._action_views(session, actor, (CorrectiveAction.id == action.id,))[0]

    # --- managers: people, roster, spot checks, amendments, the board --------------------------

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
                person = self._site_person(session, site_id, user_id)
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
                history.record(
                    session,
                    at=now,
                    actor_id=actor.user_id,
                    entity="roster",
                    entity_id=entry.id,
                    action="assign",
                    site_id=site_id,
                    changes=history.diff(
                        {"active": False},
                        {"active": True, "user_id": user_id, "shift": f"{shift_date} {shift_id}"},
                    ),
                )
                return RosterEntryView(entry.id, user_id, person.display_name, shift_date, shift_id)
        except IntegrityError as exc:
            raise ValidationFailed("checks.error.already_rostered") from exc

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
            history.record(
                session,
                at=now,
                actor_id=actor.user_id,
                entity="roster",
                entity_id=entry.id,
                action="unassign",
                site_id=entry.site_id,
                changes=history.diff({"active": True}, {"active": False}),
                note=reason,
            )

    def spot_items(self, actor: Actor, rulebook: Rulebook, user_id: int, kind: str) -> tuple[Item, ...]:
        """The items a spot check of this person asks: the same as their own check."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        settings = self._settings()
        with self._sessions() as session:
            self._managed_person(session, actor, user_id)
            gender = self._gender(session, user_id)
        return scoring.build_items(rulebook, _kind(kind), gender, settings.weights)

    def spot_check(
        self,
        actor: Actor,
        rulebook: Rulebook,
        *,
        user_id: int,
        shift_date: date,
        shift_id: str,
        kind: str,
        answers: Mapping[str, str | None],
        notes: Mapping[str, str | None],
    ) -> CheckView:
        """A manager checks a staff member against the same items; failures open actions for them."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        settings = self._settings()
        check_kind = _kind(kind)
        now = self._clock()
        with self._sessions() as session:
            person, site = self._managed_person(session, actor, user_id)
            gender = person.gender
        occ = self._occurrence(settings, shift_id, shift_date, site.timezone)
        if timing(check_window(occ, check_kind, settings), now) is Timing.TOO_EARLY:
            raise ValidationFailed("checks.error.future_shift")
        items = scoring.build_items(rulebook, check_kind, gender, settings.weights)
        responses = scoring.collect(items, answers, notes)
        return self._store(
            actor,
            settings,
            occ,
            site_id=site.id,
            user_id=user_id,
            kind=check_kind,
            source=SPOT,
            responses=responses,
            rulebook_version=rulebook.version_label,
            late=False,
        )

    def amend(
        self,
        actor: Actor,
        check_id: int,
        *,
        answers: Mapping[str, str | None],
        notes: Mapping[str, str | None],
        reason: str,
    ) -> CheckView:
        """A manager corrects a submitted check. It is re-scored with the weights and pass mark it was
        submitted with; newly failed items open actions; a history row keeps the old answers."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed("error.reason_required", field="reason")
        settings = self._settings()
        now = self._clock()
        with self._sessions.begin() as session:
            found = session.scalar(select(ShiftCheck).where(ShiftCheck.id == check_id).with_for_update())
            if found is None or found.site_id not in actor.site_ids:
                raise NotFound("checks.error.check_not_found", check_id=check_id)
            if found.user_id == actor.user_id:
                raise PermissionDenied("checks.error.amend_own")  # four eyes, as for verifying
            rows = list(
                session.scalars(
                    select(CheckAnswer).where(CheckAnswer.check_id == found.id).order_by(CheckAnswer.position)
                )
            )
            items = [Item(r.rule_id, r.severity, r.weight, r.question_zh, r.question_en) for r in rows]
            responses = scoring.collect(items, answers, notes)
            before = _answer_fields(rows) | _score_fields(found)
            for row, response in zip(rows, responses, strict=True):
                row.answer, row.note = response.answer.value, response.note
            result = scoring.score(responses, found.pass_mark)
            _apply_score(found, result)
            found.amended_at, found.amended_by = now, actor.user_id
            changes = history.diff(before, _answer_fields(rows) | _score_fields(found))
            history.record(
                session,
                at=now,
                actor_id=actor.user_id,
                entity="shift_check",
                entity_id=found.id,
                action="amend",
                site_id=found.site_id,
                changes=changes,
                note=reason,
            )
            site = session.get(Site, found.site_id)
            assert site is not None
            occ = self._occurrence(settings, found.shift_id, found.shift_date, site.timezone)
            self._open_actions(session, actor, settings, occ, found, responses, now)
            session.flush()
            return self._check_view(session, found, actor)

    def board(self, actor: Actor, site_id: int, day: date | None = None) -> Board:
        """A site's day: who has checked in, who is late or missing, failed items; and over the last
        REPORT_DAYS days each person's completion and self-check against spot check."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        settings = self._settings()
        now = self._clock()
        with self._sessions() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound("error.site_not_found", site_id=site_id)
            day = day or local_date(now, site.timezone)
            todays = occurrences(settings, [day], site.timezone)
            by_shift = {o.shift_id: o for o in todays}
            slot_rows = queries.board_slots(session, site_id, queries.windows(todays, settings))
            failed = queries.failed_items(session, site_id, day)
            until = min(day, local_date(now, site.timezone))
            since = until - timedelta(days=REPORT_DAYS - 1)
            period = occurrences(settings, days(since, until), site.timezone)
            compliance = queries.compliance(session, site_id, queries.windows(period, settings), now)
            gaps = queries.gaps(session, site_id, since, until)
        rows = []
        for r in slot_rows:
            window = check_window(by_shift[r.shift_id], Kind(r.kind), settings)
            status = slot_status(window, now, submitted=r.check_id is not None, late=bool(r.late))
            rows.append(
                BoardRow(
                    user_id=r.user_id,
                    user_name=r.display_name,
                    shift_id=r.shift_id,
                    kind=r.kind,
                    rostered=r.roster_id is not None,
                    status=status,
                    check_id=r.check_id,
                    score=r.score,
                    passed=r.passed,
                    failed_count=r.failed_count,
                    submitted_at=r.submitted_at,
                )
            )
        order = {s: i for i, s in enumerate(settings.shift_ids)}
        rows.sort(key=lambda r: (order.get(r.shift_id, 99), r.user_name, r.kind != Kind.START.value))
        return Board(
            site_id=site_id,
            day=day,
            rows=tuple(rows),
            failed=tuple(failed),
            since=since,
            until=until,
            compliance=tuple(compliance),
            gaps=tuple(gaps),
        )

    # --- storing a check -----------------------------------------------------------------------

    def _store(
        self,
        actor: Actor,
        settings: ShiftSettings,
        occ: Occurrence,
        *,
        site_id: int,
        user_id: int,
        kind: Kind,
        source: str,
        responses: tuple[Response, ...],
        rulebook_version: str,
        late: bool,
    ) -> CheckView:
        refusal = "checks.error.already_submitted" if source == SELF else "checks.error.already_spot_checked"
        if self._existing(user_id, occ, kind, source) is not None:
            raise ValidationFailed(refusal)
        result = scoring.score(responses, settings.pass_mark)
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                found = ShiftCheck(
                    site_id=site_id,
                    user_id=user_id,
                    source=source,
                    inspector_id=actor.user_id if source == SPOT else None,
                    shift_date=occ.shift_date,
                    shift_id=occ.shift_id,
                    kind=kind.value,
                    rulebook_version=rulebook_version,
                    pass_mark=settings.pass_mark,
                    submitted_at=now,
                    late=late,
                )
                _apply_score(found, result)
                session.add(found)
                session.flush()  # the unique constraint speaks here if another submission won
                session.add_all(
                    CheckAnswer(
                        check_id=found.id,
                        position=n,
                        rule_id=r.item.rule_id,
                        severity=r.item.severity,
                        weight=r.item.weight,
                        question_zh=r.item.question_zh,
                        question_en=r.item.question_en,
                        answer=r.answer.value,
                        note=r.note,
                    )
                    for n, r in enumerate(responses, start=1)
                )
                history.record(
                    session,
                    at=now,
                    actor_id=actor.user_id,
                    entity="shift_check",
                    entity_id=found.id,
                    action="submit" if source == SELF else "spot_check",
                    site_id=site_id,
                    changes=history.diff(
                        {},
                        {
                            "user_id": user_id,
                            "shift": f"{occ.shift_date} {occ.shift_id}",
                            "kind": kind.value,
                            "rulebook_version": rulebook_version,
                            "late": late,
                        }
                        | _score_fields(found),
                    ),
                )
                self._open_actions(session, actor, settings, occ, found, responses, now)
                session.flush()
                return self._check_view(session, found, actor)
        except IntegrityError as exc:
            # Two submissions for the same shift at once: the unique constraint let one through.
            raise ValidationFailed(refusal) from exc

    def _existing(self, user_id: int, occ: Occurrence, kind: Kind, source: str) -> int | None:
        with self._sessions() as session:
            return session.scalar(
                select(ShiftCheck.id).where(
                    ShiftCheck.user_id == user_id,
                    ShiftCheck.shift_date == occ.shift_date,
                    ShiftCheck.shift_id == occ.shift_id,
                    ShiftCheck.kind == kind.value,
                    ShiftCheck.source == source,
                )
            )

    def _open_actions(
        self,
        session: Session,
        actor: Actor,
        settings: ShiftSettings,
        occ: Occurrence,
        found: ShiftCheck,
        responses: Iterable[Response],
        now: datetime,
    ) -> None:
        """An action for each failed item that has none yet, due when the person's next shift starts."""
        failed = [r for r in responses if r.answer is scoring.Answer.FAIL]
        if not failed:
            return
        has_action = set(
            session.scalars(select(CorrectiveAction.rule_id).where(CorrectiveAction.check_id == found.id))
        )
        site = session.get(Site, found.site_id)
        assert site is not None
        due_at = self._next_shift(session, settings, occ, found.user_id, site.timezone)
        for response in failed:
            if response.item.rule_id in has_action:
                continue
            action = CorrectiveAction(
                site_id=found.site_id,
                user_id=found.user_id,
                check_id=found.id,
                rule_id=response.item.rule_id,
                state=actions.State.OPEN.value,
                due_at=due_at,
                created_at=now,
                updated_at=now,
            )
            session.add(action)
            session.flush()
            history.record(
                session,
                at=now,
                actor_id=actor.user_id,
                entity="corrective_action",
                entity_id=action.id,
                action="open",
                site_id=found.site_id,
                changes=history.diff({}, {"state": action.state, "rule": action.rule_id, "due_at": due_at}),
            )

    @staticmethod
    def _next_shift(
        session: Session, settings: ShiftSettings, occ: Occurrence, user_id: int, timezone: str
    ) -> datetime:
        rows = session.execute(
            select(RosterEntry.shift_date, RosterEntry.shift_id).where(
                RosterEntry.user_id == user_id,
                RosterEntry.active.is_(True),
                RosterEntry.shift_date >= occ.shift_date - timedelta(days=1),
                RosterEntry.shift_date <= occ.shift_date + timedelta(days=ROSTER_LOOKAHEAD_DAYS),
            )
        ).all()
        rostered = [
            occurrence(shift, d, timezone) for d, sid in rows if (shift := settings.shift(sid)) is not None
        ]
        return next_shift_start(occ, rostered, settings, timezone)

    # --- reading -------------------------------------------------------------------------------

    def _check_view(self, session: Session, found: ShiftCheck, actor: Actor) -> CheckView:
        inspector = aliased(User)
        names = session.execute(
            select(User.display_name, inspector.display_name)
            .select_from(User)
            .outerjoin(inspector, inspector.id == found.inspector_id)
            .where(User.id == found.user_id)
        ).one()
        answers = session.scalars(
            select(CheckAnswer).where(CheckAnswer.check_id == found.id).order_by(CheckAnswer.position)
        )
        return CheckView(
            id=found.id,
            user_id=found.user_id,
            user_name=names[0],
            site_id=found.site_id,
            source=found.source,
            inspector_name=names[1],
            shift_date=found.shift_date,
            shift_id=found.shift_id,
            kind=found.kind,
            rulebook_version=found.rulebook_version,
            pass_mark=found.pass_mark,
            submitted_at=found.submitted_at,
            late=found.late,
            score=found.score,
            passed=found.passed,
            critical_failed=found.critical_failed,
            failed_count=found.failed_count,
            amended_at=found.amended_at,
            answers=tuple(_answer_view(a) for a in answers),
            actions=tuple(self._action_views(session, actor, (CorrectiveAction.check_id == found.id,))),
        )

    def _action_views(self, session: Session, actor: Actor, where: tuple[Any, ...]) -> list[ActionView]:
        now = self._clock()
        rows = session.execute(
            select(CorrectiveAction, User.display_name, ShiftCheck, CheckAnswer)
            .join(User, User.id == CorrectiveAction.user_id)
            .join(ShiftCheck, ShiftCheck.id == CorrectiveAction.check_id)
            .join(
                CheckAnswer,
                (CheckAnswer.check_id == CorrectiveAction.check_id)
                & (CheckAnswer.rule_id == CorrectiveAction.rule_id),
            )
            .where(*where)
            .order_by(CorrectiveAction.due_at, CorrectiveAction.id)
        ).all()
        views = []
        for action, name, found, answer in rows:
            state = actions.State(action.state)
            is_owner = action.user_id == actor.user_id
            is_manager = actor.can(Permission.MANAGE_SHIFT_CHECKS) and action.site_id in actor.site_ids
            views.append(
                ActionView(
                    id=action.id,
                    user_id=action.user_id,
                    user_name=name,
                    site_id=action.site_id,
                    check_id=action.check_id,
                    rule_id=action.rule_id,
                    question_zh=answer.question_zh,
                    question_en=answer.question_en,
                    failure_note=answer.note,
                    state=action.state,
                    due_at=action.due_at,
                    created_at=action.created_at,
                    last_note=action.last_note,
                    shift_date=found.shift_date,
                    shift_id=found.shift_id,
                    kind=found.kind,
                    source=found.source,
                    overdue=actions.overdue(state, action.due_at, now),
                    moves=tuple(
                        s.value for s in actions.next_states(state, is_owner=is_owner, is_manager=is_manager)
                    ),
                )
            )
        return views

    # --- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _home_site(session: Session, actor: Actor, site_id: int | None) -> Site:
        """The site the actor checks in at: the one asked for (theirs), else their first."""
        if not actor.site_ids:
            raise ValidationFailed("checks.error.no_site")
        chosen = site_id if site_id is not None else min(actor.site_ids)
        require_site(actor, chosen)
        site = session.get(Site, chosen)
        if site is None:
            raise NotFound("error.site_not_found", site_id=chosen)
        return site

    @staticmethod
    def _gender(session: Session, user_id: int) -> str:
        gender = session.scalar(select(User.gender).where(User.id == user_id))
        if gender is None:
            raise NotFound("error.user_not_found", user_id=user_id)
        return gender

    @staticmethod
    def _occurrence(settings: ShiftSettings, shift_id: str, shift_date: date, timezone: str) -> Occurrence:
        shift = settings.shift(shift_id)
        if shift is None:
            raise ValidationFailed("checks.error.unknown_shift", field="shift", shift=shift_id)
        return occurrence(shift, shift_date, timezone)

    @staticmethod
    def _site_person(session: Session, site_id: int, user_id: int) -> User:
        """An active staff member or manager of the site (trainees have no shift checks)."""
        user = session.scalar(
            select(User)
            .join(UserSite, UserSite.user_id == User.id)
            .where(User.id == user_id, UserSite.site_id == site_id)
        )
        if user is None or not user.active:
            raise NotFound("error.user_not_found", user_id=user_id)
        if user.role == Role.TRAINEE.value:
            raise ValidationFailed("checks.error.trainee_no_checks")
        return user

    def _managed_person(self, session: Session, actor: Actor, user_id: int) -> tuple[User, Site]:
        site_id = session.scalar(
            select(func.min(UserSite.site_id)).where(
                UserSite.user_id == user_id, UserSite.site_id.in_(actor.site_ids)
            )
        )
        if site_id is None:
            raise NotFound("error.user_not_found", user_id=user_id)
        user = self._site_person(session, site_id, user_id)
        site = session.get(Site, site_id)
        assert site is not None
        return user, site

    @staticmethod
    def _visible_check(session: Session, actor: Actor, check_id: int) -> ShiftCheck:
        found = session.get(ShiftCheck, check_id)
        if found is None:
            raise NotFound("checks.error.check_not_found", check_id=check_id)
        own = found.user_id == actor.user_id
        managed = actor.can(Permission.MANAGE_SHIFT_CHECKS) and found.site_id in actor.site_ids
        if not (own or managed):
            raise NotFound("checks.error.check_not_found", check_id=check_id)
        return found


def _kind(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError as exc:
        raise ValidationFailed("checks.error.bad_kind", field="kind") from exc


def _likelihood(slot: Slot, started: set[tuple[date, str]]) -> tuple[Any, ...]:
    """Sort key: the check the person most likely means now comes first."""
    return (
        slot.done is not None,  # not done yet
        not slot.rostered,  # on their roster
        not (slot.kind is Kind.END and (slot.shift_date, slot.shift_id) in started),  # ending what they began
        slot.timing is Timing.LATE and slot.kind is Kind.START,  # a shift about to start beats a late one
        slot.due_at,
    )


def _answer_view(a: CheckAnswer) -> AnswerView:
    return AnswerView(
        a.position, a.rule_id, a.severity, a.weight, a.question_zh, a.question_en, a.answer, a.note
    )


def _apply_score(found: ShiftCheck, result: scoring.Score) -> None:
    found.score = result.percent
    found.passed = result.passed
    found.critical_failed = result.critical_failed
    found.failed_count = len(result.failed)


def _score_fields(found: ShiftCheck) -> dict[str, Any]:
    score = round(found.score, 1) if found.score is not None else None
    return {"score": score, "passed": found.passed, "critical_failed": found.critical_failed}


def _answer_fields(rows: Iterable[CheckAnswer]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for row in rows:
        fields[f"answer.{row.rule_id}"] = row.answer
        fields[f"note.{row.rule_id}"] = row.note
    return fields
