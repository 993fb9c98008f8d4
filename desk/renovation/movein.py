"""Move-in (收房) as a checklist: items checked with the owner and documents handed over.

A move-in is completed when every required item and every required document is ticked; from then on it
is a closed record (a mistake is voided with a reason and the move-in recorded again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from core.errors import ValidationFailed


class Status(StrEnum):
    OPEN = "open"  # 办理中
    COMPLETED = "completed"  # 已完成
    VOIDED = "voided"  # 已作废


class EntryKind(StrEnum):
    ITEM = "item"  # 检查项
    DOCUMENT = "document"  # 交接资料


@dataclass(frozen=True)
class Tick:
    kind: EntryKind
    code: str
    required: bool
    done: bool


@dataclass(frozen=True)
class Progress:
    required: int
    required_done: int
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.required_done == self.required


def progress(ticks: Iterable[Tick]) -> Progress:
    ticks = list(ticks)
    return Progress(
        required=sum(t.required for t in ticks),
        required_done=sum(t.required and t.done for t in ticks),
        done=sum(t.done for t in ticks),
        total=len(ticks),
    )


def apply_ticks(ticks: Iterable[Tick], ticked: set[tuple[EntryKind, str]]) -> tuple[Tick, ...]:
    """The checklist with exactly `ticked` done. Codes not on this record's checklist are refused."""
    ticks = tuple(ticks)
    known = {(t.kind, t.code) for t in ticks}
    unknown = sorted(code for kind, code in ticked - known)
    if unknown:
        raise ValidationFailed("movein.error.unknown_entry", field="items", value=", ".join(unknown))
    return tuple(Tick(t.kind, t.code, t.required, (t.kind, t.code) in ticked) for t in ticks)


def can_change(status: Status) -> bool:
    """Only an open move-in takes ticks; a completed or voided one stays as it is."""
    return status is Status.OPEN
