"""Corrective actions: a failed item opens one for the person, due when their next shift starts; they
work it, a manager of the site verifies it or sends it back. The states are `checklists.actions`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.tables import Site, User
from checklists import actions, scoring
from checklists.scoring import Response
from checklists.service_helpers import ShiftCheckServiceBase
from checklists.settings import ShiftSettings
from checklists.shifts import Occurrence, next_shift_start, occurrence
from checklists.tables import CheckAnswer, CorrectiveAction, RosterEntry, ShiftCheck
from checklists.views import ActionView
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from core.views import view_of
from store import history
from store.clock import Clock

ROSTER_LOOKAHEAD_DAYS = 14  # how far ahead "their next shift" is looked for in the roster
NOTE_MAX = scoring.NOTE_MAX


class CorrectiveActions(ShiftCheckServiceBase):
    def my_actions(self, actor: Actor, *, include_verified: bool = False) -> list[ActionView]:
        require(actor, Permission.DO_SHIFT_CHECKS)
        states = [s.value for s in (actions.State if include_verified else actions.UNFINISHED)]
        with self._sessions() as session:
            return action_views(
                session,
                actor,
                (CorrectiveAction.user_id == actor.user_id, CorrectiveAction.state.in_(states)),
                self._clock,
            )

    def site_actions(
        self, actor: Actor, site_id: int, states: Iterable[str] = ("open", "in_progress", "done")
    ) -> list[ActionView]:
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        with self._sessions() as session:
            return action_views(
                session,
                actor,
                (CorrectiveAction.site_id == site_id, CorrectiveAction.state.in_(list(states))),
                self._clock,
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
            changes = history.diff(before, {"state": action.state, "note": action.last_note})
            log = history.Recorder(session, actor.user_id, now)
            log.of(action, "corrective_action", to_state.value, changes, note=note or None)
            session.flush()
            return action_views(session, actor, (CorrectiveAction.id == action.id,), self._clock)[0]


def open_actions(
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
    due_at = _next_shift(session, settings, occ, found.user_id, site.timezone)
    log = history.Recorder(session, actor.user_id, now)
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
        opened = {"state": action.state, "rule": action.rule_id, "due_at": due_at}
        log.of(action, "corrective_action", "open", history.diff({}, opened))


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


def action_views(session: Session, actor: Actor, where: tuple[Any, ...], clock: Clock) -> list[ActionView]:
    """The actions matching `where`, soonest due first, with the moves open to the actor."""
    now = clock()
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
            view_of(
                ActionView,
                action,
                user_name=name,
                question_zh=answer.question_zh,
                question_en=answer.question_en,
                failure_note=answer.note,
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
