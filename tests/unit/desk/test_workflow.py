"""The request state machines as a table of allowed and refused transitions."""

import pytest

from core.errors import ValidationFailed
from desk.requests.workflow import FOLLOW_UPS, Action, Kind, Status, allowed_actions, next_status

A, S, K = Action, Status, Kind

ALLOWED = [
    (K.REPAIR, S.REGISTERED, A.DISPATCH, S.DISPATCHED),
    (K.REPAIR, S.DISPATCHED, A.ACCEPT, S.IN_PROGRESS),
    (K.REPAIR, S.DISPATCHED, A.TRANSFER, S.DISPATCHED),
    (K.REPAIR, S.IN_PROGRESS, A.TRANSFER, S.DISPATCHED),
    (K.REPAIR, S.DISPATCHED, A.RETURN, S.REGISTERED),
    (K.REPAIR, S.IN_PROGRESS, A.RETURN, S.REGISTERED),
    (K.REPAIR, S.IN_PROGRESS, A.HOLD, S.ON_HOLD),
    (K.REPAIR, S.IN_PROGRESS, A.FINISH, S.DONE),
    (K.REPAIR, S.DISPATCHED, A.FINISH, S.DONE),
    (K.REPAIR, S.CALLBACK_DUE, A.CALLBACK_OK, S.CLOSED),
    (K.REPAIR, S.CALLBACK_DUE, A.CALLBACK_UNSATISFIED, S.DISPATCHED),
    (K.REPAIR, S.REGISTERED, A.VOID, S.VOIDED),
    (K.REPAIR, S.CALLBACK_DUE, A.VOID, S.VOIDED),
    (K.COMPLAINT, S.RECEIVED, A.VERIFY, S.VERIFYING),
    (K.COMPLAINT, S.VERIFYING, A.JUDGE_VALID, S.HANDLING),
    (K.COMPLAINT, S.VERIFYING, A.JUDGE_INVALID, S.REPLIED),
    (K.COMPLAINT, S.RECEIVED, A.JUDGE_VALID, S.HANDLING),
    (K.COMPLAINT, S.HANDLING, A.DISPATCH, S.HANDLING),
    (K.COMPLAINT, S.HANDLING, A.REPLY, S.REPLIED),
    (K.COMPLAINT, S.CALLBACK_DUE, A.CALLBACK_OK, S.CLOSED),
    (K.COMPLAINT, S.CALLBACK_DUE, A.CALLBACK_UNSATISFIED, S.HANDLING),
    (K.INQUIRY, S.RECORDED, A.ANSWER, S.ANSWERED),
    (K.INQUIRY, S.RECORDED, A.FORWARD, S.FORWARDED),
    (K.INQUIRY, S.FORWARDED, A.ANSWER, S.ANSWERED),
]

REFUSED = [
    (K.REPAIR, S.REGISTERED, A.FINISH),  # nobody was sent
    (K.REPAIR, S.REGISTERED, A.ACCEPT),
    (K.REPAIR, S.CALLBACK_DUE, A.FINISH),
    (K.REPAIR, S.CLOSED, A.DISPATCH),
    (K.REPAIR, S.CLOSED, A.VOID),  # a closed record stays as it is
    (K.REPAIR, S.VOIDED, A.DISPATCH),
    (K.REPAIR, S.DISPATCHED, A.REPLY),
    (K.COMPLAINT, S.RECEIVED, A.REPLY),  # judged first
    (K.COMPLAINT, S.RECEIVED, A.DISPATCH),
    (K.COMPLAINT, S.HANDLING, A.JUDGE_INVALID),
    (K.COMPLAINT, S.CALLBACK_DUE, A.REPLY),
    (K.INQUIRY, S.ANSWERED, A.ANSWER),
    (K.INQUIRY, S.RECORDED, A.FINISH),
]


@pytest.mark.parametrize(("kind", "status", "action", "target"), ALLOWED)
def test_allowed_transition(kind, status, action, target):
    assert next_status(kind, status, action) is target


@pytest.mark.parametrize(("kind", "status", "action"), REFUSED)
def test_refused_transition_names_the_allowed_ones(kind, status, action):
    with pytest.raises(ValidationFailed) as err:
        next_status(kind, status, action)
    assert err.value.key == "desk.error.illegal_transition"
    assert err.value.params["allowed"] == ",".join(a.value for a in allowed_actions(kind, status))


def test_resume_returns_to_the_state_held_from():
    assert next_status(K.REPAIR, S.ON_HOLD, A.RESUME, held_from=S.IN_PROGRESS) is S.IN_PROGRESS
    assert allowed_actions(K.COMPLAINT, S.ON_HOLD) == (A.RESUME, A.VOID)


def test_finished_repairs_and_replied_complaints_wait_for_a_callback():
    assert FOLLOW_UPS[(K.REPAIR, S.DONE)] is S.CALLBACK_DUE
    assert FOLLOW_UPS[(K.COMPLAINT, S.REPLIED)] is S.CALLBACK_DUE
    assert (K.INQUIRY, S.ANSWERED) not in FOLLOW_UPS


def test_final_states_allow_nothing():
    for kind in K:
        for status in (S.CLOSED, S.VOIDED, S.ANSWERED):
            assert allowed_actions(kind, status) == ()
