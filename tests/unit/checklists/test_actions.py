"""Corrective actions move open -> in progress -> done -> verified; only a manager verifies."""

import pytest

from checklists.actions import State, move, next_states
from core.errors import PermissionDenied, ValidationFailed


def test_the_owner_works_an_action_through_to_done():
    state = move(State.OPEN, State.IN_PROGRESS, is_owner=True, is_manager=False)
    state = move(state, State.DONE, is_owner=True, is_manager=False)
    assert state is State.DONE


def test_only_a_manager_may_verify():
    with pytest.raises(PermissionDenied) as err:
        move(State.DONE, State.VERIFIED, is_owner=True, is_manager=False)
    assert err.value.key == "checks.error.manager_only"
    assert move(State.DONE, State.VERIFIED, is_owner=False, is_manager=True) is State.VERIFIED


def test_a_manager_does_not_verify_their_own_action():
    with pytest.raises(PermissionDenied) as err:
        move(State.DONE, State.VERIFIED, is_owner=True, is_manager=True)
    assert err.value.key == "checks.error.verify_own"


def test_a_manager_can_send_done_work_back():
    assert move(State.DONE, State.IN_PROGRESS, is_owner=False, is_manager=True) is State.IN_PROGRESS


@pytest.mark.parametrize(
    ("frm", "to"),
    [(State.OPEN, State.VERIFIED), (State.VERIFIED, State.OPEN), (State.IN_PROGRESS, State.OPEN)],
)
def test_steps_outside_the_workflow_are_refused(frm, to):
    with pytest.raises(ValidationFailed) as err:
        move(frm, to, is_owner=False, is_manager=True)
    assert err.value.key == "checks.error.bad_move"


@pytest.mark.parametrize("manager", [False, True])
def test_only_the_owner_works_on_their_action(manager):
    with pytest.raises(PermissionDenied):
        move(State.OPEN, State.IN_PROGRESS, is_owner=False, is_manager=manager)


@pytest.mark.parametrize(
    ("state", "owner", "manager", "expected"),
    [
        (State.OPEN, True, False, (State.IN_PROGRESS, State.DONE)),
        (State.DONE, True, False, ()),
        (State.OPEN, False, True, ()),
        (State.DONE, False, True, (State.VERIFIED, State.IN_PROGRESS)),
        (State.VERIFIED, False, True, ()),
    ],
)
def test_the_moves_offered_to_each_person(state, owner, manager, expected):
    assert next_states(state, is_owner=owner, is_manager=manager) == expected
