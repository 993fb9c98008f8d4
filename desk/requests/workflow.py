"""The request state machines (REFERENCE section 3), as data the service enforces.

Repair / dispatch (报修/派工):
    registered -> dispatched -> in_progress -> done -> callback_due -> closed
    transfer (转派) keeps it dispatched to another department; return (退回) sends it back to the desk;
    on hold (暂停) pauses the clock; void (作废) needs a reason; an unsatisfied callback reopens it.
Complaint (投诉):
    received -> verifying -> (judged valid) handling -> replied -> callback_due -> closed
                          -> (judged invalid, with a reason) replied -> callback_due -> closed
Inquiry (咨询):
    recorded -> answered, or forwarded -> answered (an inquiry answered on the spot is closed at intake).
"""

from __future__ import annotations

from enum import StrEnum

from core.errors import ValidationFailed


class Kind(StrEnum):
    REPAIR = "repair"
    INQUIRY = "inquiry"
    COMPLAINT = "complaint"


class Status(StrEnum):
    REGISTERED = "registered"  # 登记 (repair)
    DISPATCHED = "dispatched"  # 已派工
    IN_PROGRESS = "in_progress"  # 处理中
    DONE = "done"  # 已完工 (momentary: a finished repair goes on to wait for its callback)
    RECEIVED = "received"  # 已受理 (complaint)
    VERIFYING = "verifying"  # 核实中
    HANDLING = "handling"  # 处理中 (a valid complaint, with a department)
    REPLIED = "replied"  # 已答复
    RECORDED = "recorded"  # 已登记 (inquiry)
    FORWARDED = "forwarded"  # 已转交
    ANSWERED = "answered"  # 已答复 (inquiry: final)
    CALLBACK_DUE = "callback_due"  # 待回访
    ON_HOLD = "on_hold"  # 暂停
    CLOSED = "closed"  # 已关闭
    VOIDED = "voided"  # 已作废


class Action(StrEnum):
    DISPATCH = "dispatch"
    ACCEPT = "accept"  # the department starts work
    TRANSFER = "transfer"
    RETURN = "return"
    HOLD = "hold"
    RESUME = "resume"
    FINISH = "finish"
    VERIFY = "verify"
    JUDGE_VALID = "judge_valid"
    JUDGE_INVALID = "judge_invalid"
    REPLY = "reply"
    FORWARD = "forward"
    ANSWER = "answer"
    CALLBACK_OK = "callback_ok"
    CALLBACK_UNSATISFIED = "callback_unsatisfied"
    VOID = "void"


FINAL = frozenset({Status.CLOSED, Status.VOIDED, Status.ANSWERED})
INITIAL = {Kind.REPAIR: Status.REGISTERED, Kind.COMPLAINT: Status.RECEIVED, Kind.INQUIRY: Status.RECORDED}

# (kind, from, action) -> to. RESUME is special: it returns to the state held before.
_TABLE: dict[Kind, dict[Status, dict[Action, Status]]] = {
    Kind.REPAIR: {
        Status.REGISTERED: {Action.DISPATCH: Status.DISPATCHED, Action.HOLD: Status.ON_HOLD},
        Status.DISPATCHED: {
            Action.ACCEPT: Status.IN_PROGRESS,
            Action.TRANSFER: Status.DISPATCHED,
            Action.RETURN: Status.REGISTERED,
            Action.HOLD: Status.ON_HOLD,
            Action.FINISH: Status.DONE,
        },
        Status.IN_PROGRESS: {
            Action.TRANSFER: Status.DISPATCHED,
            Action.RETURN: Status.REGISTERED,
            Action.HOLD: Status.ON_HOLD,
            Action.FINISH: Status.DONE,
        },
        # A finished repair waits for its callback at once (see FOLLOW_UPS).
        Status.DONE: {},
        Status.CALLBACK_DUE: {
            Action.CALLBACK_OK: Status.CLOSED,
            Action.CALLBACK_UNSATISFIED: Status.DISPATCHED,
        },
    },
    Kind.COMPLAINT: {
        Status.RECEIVED: {
            Action.VERIFY: Status.VERIFYING,
            Action.JUDGE_VALID: Status.HANDLING,
            Action.JUDGE_INVALID: Status.REPLIED,
            Action.HOLD: Status.ON_HOLD,
        },
        Status.VERIFYING: {
            Action.JUDGE_VALID: Status.HANDLING,
            Action.JUDGE_INVALID: Status.REPLIED,
            Action.HOLD: Status.ON_HOLD,
        },
        Status.HANDLING: {
            Action.DISPATCH: Status.HANDLING,
            Action.TRANSFER: Status.HANDLING,
            Action.HOLD: Status.ON_HOLD,
            Action.REPLY: Status.REPLIED,
        },
        # A reply is what the owner hears; the callback task follows it at once (see FOLLOW_UPS).
        Status.REPLIED: {},
        Status.CALLBACK_DUE: {
            Action.CALLBACK_OK: Status.CLOSED,
            Action.CALLBACK_UNSATISFIED: Status.HANDLING,
        },
    },
    Kind.INQUIRY: {
        Status.RECORDED: {Action.ANSWER: Status.ANSWERED, Action.FORWARD: Status.FORWARDED},
        Status.FORWARDED: {Action.ANSWER: Status.ANSWERED},
    },
}

# States that move straight on to the next one, so the history shows both steps.
FOLLOW_UPS: dict[tuple[Kind, Status], Status] = {
    (Kind.REPAIR, Status.DONE): Status.CALLBACK_DUE,
    (Kind.COMPLAINT, Status.REPLIED): Status.CALLBACK_DUE,
}

# Actions that need a note saying why.
NEEDS_REASON = frozenset(
    {Action.VOID, Action.JUDGE_VALID, Action.JUDGE_INVALID, Action.RETURN, Action.HOLD, Action.TRANSFER}
)
# Actions that send the request to a department (which must be named).
NEEDS_DEPARTMENT = frozenset({Action.DISPATCH, Action.TRANSFER, Action.FORWARD})
# Actions a manager alone may take.
MANAGER_ONLY = frozenset({Action.JUDGE_VALID, Action.JUDGE_INVALID})


def allowed_actions(kind: Kind, status: Status) -> tuple[Action, ...]:
    """What may be done now, in a stable order (the page shows these as buttons)."""
    if status in FINAL:
        return ()
    if status is Status.ON_HOLD:
        return (Action.RESUME, Action.VOID)
    return (*_TABLE[kind].get(status, {}), Action.VOID)


def next_status(kind: Kind, status: Status, action: Action, held_from: Status | None = None) -> Status:
    """Where `action` takes a request; an illegal move is refused naming the allowed ones."""
    if action not in allowed_actions(kind, status):
        raise ValidationFailed(
            "desk.error.illegal_transition",
            field="action",
            action=action.value,
            status=status.value,
            allowed=",".join(a.value for a in allowed_actions(kind, status)),
        )
    if action is Action.VOID:
        return Status.VOIDED
    if action is Action.RESUME:
        if held_from is None:
            raise ValueError("a request on hold must remember the state it was held from")
        return held_from
    return _TABLE[kind][status][action]


def is_open(status: Status) -> bool:
    return status not in FINAL
