"""The special-service (特约服务: housekeeping and other paid services) state machine, as data.

requested --schedule (when, who)--> scheduled --finish--> done --pay (amount, method, receipt)--> paid
paid --callback (satisfaction 1-5)--> closed
scheduled --schedule--> scheduled                           (rescheduled: another time or person)
requested / scheduled --cancel (reason)--> cancelled       (the owner or the desk calls it off)
void (作废, with a reason: logged in error) from any state that is not final.
"""

from __future__ import annotations

from enum import StrEnum

from core.errors import ValidationFailed
from core.state_machine import StateMachine


class Status(StrEnum):
    REQUESTED = "requested"  # 已受理
    SCHEDULED = "scheduled"  # 已安排
    DONE = "done"  # 已完成（待收费）
    PAID = "paid"  # 已收费（待回访）
    CLOSED = "closed"  # 已回访
    CANCELLED = "cancelled"  # 已取消
    VOIDED = "voided"  # 已作废


class Action(StrEnum):
    SCHEDULE = "schedule"
    FINISH = "finish"
    PAY = "pay"
    CALLBACK = "callback"
    CANCEL = "cancel"
    VOID = "void"


class Method(StrEnum):
    """How the owner paid (the same codes as the desk's receipts)."""

    CASH = "cash"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    CARD = "card"
    OTHER = "other"


FINAL = frozenset({Status.CLOSED, Status.CANCELLED, Status.VOIDED})
INITIAL = Status.REQUESTED

_TABLE: dict[Status, dict[Action, Status]] = {
    Status.REQUESTED: {Action.SCHEDULE: Status.SCHEDULED, Action.CANCEL: Status.CANCELLED},
    Status.SCHEDULED: {
        Action.SCHEDULE: Status.SCHEDULED,
        Action.FINISH: Status.DONE,
        Action.CANCEL: Status.CANCELLED,
    },
    Status.DONE: {Action.PAY: Status.PAID},
    Status.PAID: {Action.CALLBACK: Status.CLOSED},
}

NEEDS_REASON = frozenset({Action.CANCEL, Action.VOID})


MACHINE = StateMachine(
    "special", _TABLE, FINAL, (Action.VOID, Status.VOIDED), "special.error.illegal_transition"
)
allowed_actions = MACHINE.allowed
next_status = MACHINE.step  # an illegal move is refused naming the allowed ones


def clean_satisfaction(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationFailed("special.error.satisfaction_range", field="satisfaction")
    return value
