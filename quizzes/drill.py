"""The phone drill: a call rings on screen; pick up within three rings, then say the opening line.

Pure: the rings are counted from the server's clock between "the call starts" and "pick up", so a slow
browser cannot stop the count. The first ring sounds at once; another every `ring_seconds`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from quizzes.model import DrillSpec
from rules.catalog import rules_for_scenario
from rules.judge import site_names
from rules.model import Rulebook


def rings_at(started_at: datetime, now: datetime, settings: DrillSpec) -> int:
    elapsed = max(0.0, (now - started_at).total_seconds())
    return 1 + math.floor(elapsed / settings.ring_seconds)


def missed(rings: int, settings: DrillSpec) -> bool:
    """The caller has hung up."""
    return rings > settings.missed_after_rings


@dataclass(frozen=True)
class DrillResult:
    rings: int
    in_time: bool  # picked up within max_rings
    said_ok: bool  # the judge passed the opening line

    @property
    def passed(self) -> bool:
        return self.in_time and self.said_ok


def result(rings: int, said_ok: bool, settings: DrillSpec) -> DrillResult:
    return DrillResult(rings, rings <= settings.max_rings, said_ok)


DRILL_SCENARIO = "phone.answer"


def opening_lines(rulebook: Rulebook, site: str) -> tuple[str, ...]:
    """Lines to choose from when picking up: every example of the phone-answer rules, right and
    wrong, with the example's centre (in full or short) replaced by the taker's own; sorted, so the
    right ones are not always first."""
    lines = []
    for rule in rules_for_scenario(rulebook, DRILL_SCENARIO):
        for example in rule.speech.examples if rule.speech else ():
            text = example.text
            if example.site:  # 阳光花园服务中心, and its short form 阳光花园
                text = _rename(text, site_names(example.site, rulebook.settings.site_suffixes), site)
            lines.append(text)
    return tuple(sorted(dict.fromkeys(lines)))


def _rename(text: str, names: tuple[str, ...], site: str) -> str:
    for name in names:  # longest first
        if name in text:
            return text.replace(name, site)
    return text
