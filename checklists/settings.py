"""Shapes of checklists/content/shifts.yaml and the frozen settings built from it. Pure: no yaml, no I/O."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from rules.model import ClockTime, Key, Severity, Text

Minutes = Annotated[StrictInt, Field(ge=0, le=24 * 60)]
Weight = Annotated[StrictInt, Field(ge=0, le=100)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def clock_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class Shift(_Frozen):
    """A named shift, local time; `end` before `start` means it ends on the next day."""

    id: Key
    name: Text
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _not_empty(self) -> Shift:
        if self.start == self.end:
            raise PydanticCustomError(
                "empty_shift",
                "a shift cannot start and end at the same time ({start})",
                {"start": self.start},
            )
        return self

    @property
    def start_time(self) -> time:
        return clock_time(self.start)

    @property
    def end_time(self) -> time:
        return clock_time(self.end)

    @property
    def crosses_midnight(self) -> bool:
        return self.end_time < self.start_time


class Weights(_Frozen):
    critical: Weight
    major: Weight
    minor: Weight

    def of(self, severity: Severity) -> int:
        return int(getattr(self, severity))


class ShiftSettings(_Frozen):
    grace_minutes: Minutes
    opens_minutes_before: Minutes
    closes_minutes_after_end: Minutes
    pass_mark: Annotated[StrictInt, Field(ge=0, le=100)]
    weights: Weights
    shifts: tuple[Shift, ...] = Field(min_length=1)

    def shift(self, shift_id: str) -> Shift | None:
        return next((s for s in self.shifts if s.id == shift_id), None)

    @property
    def shift_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.shifts)
