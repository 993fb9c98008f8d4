"""Corrective actions: open -> in_progress -> done -> verified; only a manager verifies. Pure.

The person the action belongs to does the work (open -> in_progress -> done); a manager of their centre
verifies it, or does not accept it and sends it back (done -> in_progress). Nobody verifies their own
action: a manager's own failed item is verified by another manager.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from core.errors import PermissionDenied, ValidationFailed


class State(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"


UNFINISHED = (State.OPEN, State.IN_PROGRESS, State.DONE)

# (from, to) -> who may make the move
_OWNER = "owner"
_MANAGER = "manager"
MOVES: dict[tuple[State, State], str] = {
    (State.OPEN, State.IN_PROGRESS): _OWNER,
    (State.OPEN, State.DONE): _OWNER,
    (State.IN_PROGRESS, State.DONE): _OWNER,
    (State.DONE, State.VERIFIED): _MANAGER,
    (State.DONE, State.IN_PROGRESS): _MANAGER,  # sent back
}


def next_states(current: State, *, is_owner: bool, is_manager: bool) -> tuple[State, ...]:
    """The moves this person may make now, in workflow order (what a page offers as buttons)."""
    return tuple(
        to
        for (frm, to), who in MOVES.items()
        if frm is current and _allowed(who, to, is_owner=is_owner, is_manager=is_manager)
    )


def move(current: State, target: State, *, is_owner: bool, is_manager: bool) -> State:
    """The new state, or a refusal saying why."""
    who = MOVES.get((current, target))
    if who is None:
        raise ValidationFailed("checks.error.bad_move", frm=current.value, to=target.value)
    if not _allowed(who, target, is_owner=is_owner, is_manager=is_manager):
        if target is State.VERIFIED and is_owner and is_manager:
            raise PermissionDenied("checks.error.verify_own")
        raise PermissionDenied("checks.error.manager_only" if who == _MANAGER else "error.permission_denied")
    return target


def _allowed(who: str, target: State, *, is_owner: bool, is_manager: bool) -> bool:
    if who == _MANAGER:
        # Four eyes: a manager does not sign off (or send back) their own action.
        return is_manager and not is_owner
    return is_owner


def overdue(state: State, due_at: datetime, now: datetime) -> bool:
    return state in (State.OPEN, State.IN_PROGRESS) and now > due_at
