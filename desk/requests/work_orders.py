"""Work orders in a department's queue (duties 1.1 and 1.9): where each one stands and how long it has
waited. Pure: the moment comes in as an argument."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Stage(StrEnum):
    WAITING = "waiting"  # dispatched, nobody in the department has taken it yet
    ACCEPTED = "accepted"  # the department is on it
    FINISHED = "finished"
    TRANSFERRED = "transferred"
    RETURNED = "returned"
    VOIDED = "voided"


NOTE_KINDS = ("accept", "progress", "finish")


def work_order_number(work_order_id: int) -> str:
    """The 派工单 number printed on the slip and read out on the phone: PG000042."""
    return f"PG{work_order_id:06d}"


def stage_of(outcome: str, accepted_at: datetime | None) -> Stage:
    if outcome == "open":
        return Stage.ACCEPTED if accepted_at is not None else Stage.WAITING
    return Stage(outcome)


def minutes_between(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() // 60))


def waited_minutes(dispatched_at: datetime, ended_at: datetime | None, now: datetime) -> int:
    """How long the order has been in the queue: until it ended, or until now."""
    return minutes_between(dispatched_at, ended_at or now)


def waited_text(minutes: int, lang: str) -> str:
    """'1天2小时' / '1 d 2 h': days and hours once it is over an hour, so the column stays narrow."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    units = {"zh": ("天", "小时", "分钟"), "en": (" d", " h", " min")}.get(lang, (" d", " h", " min"))
    parts = [(days, units[0]), (hours, units[1])] if days or hours else [(mins, units[2])]
    joiner = "" if lang == "zh" else " "
    return joiner.join(f"{n}{u}" for n, u in parts if n or len(parts) == 1)


@dataclass(frozen=True)
class WorkOrderNoteRow:
    at: datetime
    actor_name: str | None
    kind: str
    note: str | None


@dataclass(frozen=True)
class WorkOrderRow:
    """One work order as the queue, the desk's board and the slip show it (the phone masked)."""

    id: int
    number: str
    request_id: int
    request_number: str
    site_id: int
    department: str
    kind: str
    category: str
    urgency: str
    unit: str
    contact_name: str
    phone: str
    content: str
    dispatched_at: datetime
    dispatched_by: str | None
    due_at: datetime
    stage: Stage
    accepted_at: datetime | None
    accepted_by: str | None
    ended_at: datetime | None
    waited_minutes: int
    overdue: bool  # the request's time limit has passed while the order is still open
    notes: tuple[WorkOrderNoteRow, ...] = ()

    @property
    def last_note(self) -> str:
        return next((n.note for n in reversed(self.notes) if n.note), "")
