"""Shape of checklists/content/calls.yaml: what "within three rings" means here. Pure: no yaml, no I/O."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt

from rules.model import RuleId


class CallSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rings: Annotated[StrictInt, Field(ge=1, le=20)]
    ring_cycle_seconds: Annotated[StrictInt, Field(ge=1, le=30)]
    # Share of answered calls that must be picked up within the rings (the rule says all of them).
    target_rate: Annotated[StrictFloat | StrictInt, Field(ge=0, le=1)]
    rule_id: RuleId

    @property
    def limit_seconds(self) -> int:
        """A call is answered within the rings when its ring time is under this."""
        return self.rings * self.ring_cycle_seconds


DEFAULT_CALL_SETTINGS = CallSettings(
    rings=3, ring_cycle_seconds=5, target_rate=1.0, rule_id="phone.three_rings"
)
