"""The renovation (装修) state machine, as data the service enforces.

    applied --approve (manager)--> approved --start--> in_progress --request_inspection--> inspection
    applied --reject (manager, reason)--> rejected
    inspection --accept--> accepted --refund (the deposit)--> refunded
    inspection --fail (reason)--> failed --reinspect--> inspection      (整改后复验)
    void (作废, with a reason) from any state that is not final.

Worker passes (出入证) may be issued while the work is approved and not yet accepted.
"""

from __future__ import annotations

from enum import StrEnum

from core.state_machine import StateMachine


class Status(StrEnum):
    APPLIED = "applied"  # 已申请
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 未批准
    IN_PROGRESS = "in_progress"  # 施工中
    INSPECTION = "inspection"  # 待验收
    FAILED = "failed"  # 验收未通过（整改中）
    ACCEPTED = "accepted"  # 验收合格（待退押金）
    REFUNDED = "refunded"  # 押金已退
    VOIDED = "voided"  # 已作废


class Action(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    START = "start"
    REQUEST_INSPECTION = "request_inspection"
    ACCEPT = "accept"
    FAIL = "fail"
    REINSPECT = "reinspect"
    REFUND = "refund"
    VOID = "void"


FINAL = frozenset({Status.REJECTED, Status.REFUNDED, Status.VOIDED})
INITIAL = Status.APPLIED

_TABLE: dict[Status, dict[Action, Status]] = {
    Status.APPLIED: {Action.APPROVE: Status.APPROVED, Action.REJECT: Status.REJECTED},
    Status.APPROVED: {Action.START: Status.IN_PROGRESS},
    Status.IN_PROGRESS: {Action.REQUEST_INSPECTION: Status.INSPECTION},
    Status.INSPECTION: {Action.ACCEPT: Status.ACCEPTED, Action.FAIL: Status.FAILED},
    Status.FAILED: {Action.REINSPECT: Status.INSPECTION},
    Status.ACCEPTED: {Action.REFUND: Status.REFUNDED},
}

# Actions that need a note saying why.
NEEDS_REASON = frozenset({Action.REJECT, Action.FAIL, Action.VOID})
# Actions a manager alone may take.
MANAGER_ONLY = frozenset({Action.APPROVE, Action.REJECT})
# The refund has its own form (amount, receipt); the generic step form does not offer it.
OWN_FORM = frozenset({Action.REFUND})
# States in which workers may be given passes.
PASS_STATES = frozenset({Status.APPROVED, Status.IN_PROGRESS, Status.INSPECTION, Status.FAILED})


MACHINE = StateMachine(
    "renovation", _TABLE, FINAL, (Action.VOID, Status.VOIDED), "renovation.error.illegal_transition"
)
allowed_actions = MACHINE.allowed
next_status = MACHINE.step  # an illegal move is refused naming the allowed ones


def passes_allowed(status: Status) -> bool:
    return status in PASS_STATES
