"""An audit graded at the moment it happened: the script judge per utterance, the rings for a call.

Pure: the rulebook, the words and the local time in; failed items, each with its rule, out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rules.judge import judge
from rules.model import Rulebook, Text

THREE_RINGS_RULE = "phone.three_rings"
LINE_MAX = 300
LINES_MAX = 20
# "接听来电：您好……" or "phone.answer: ..." names the scenario of a line; other lines take the default.
_PREFIX = re.compile(r"^\s*([^:：]{1,40})[:：]\s*(.+)$")


class Channel(StrEnum):
    PHONE = "phone"  # 神秘电话
    FACE = "face"  # 现场抽查


@dataclass(frozen=True)
class Utterance:
    line: int  # 1-based, as typed
    scenario_id: str
    text: str


@dataclass(frozen=True)
class LineProblem:
    line: int
    key: str  # i18n key under checks.audit.error
    params: dict[str, str]


@dataclass(frozen=True)
class FailedItem:
    line: int | None  # None: not about one utterance (the rings)
    rule_id: str
    kind: str  # the judge's kind of finding, or "rings"
    found: str
    message: Text
    suggestion: str


@dataclass(frozen=True)
class LineResult:
    line: int
    scenario_id: str
    text: str
    score: int
    ok: bool


@dataclass(frozen=True)
class Grade:
    lines: tuple[LineResult, ...]
    items: tuple[FailedItem, ...]

    @property
    def score(self) -> int | None:
        """Mean of the utterances' scores; None when only the rings were audited."""
        return round(sum(r.score for r in self.lines) / len(self.lines)) if self.lines else None

    @property
    def passed(self) -> bool:
        return not self.items


def scenario_names(rulebook: Rulebook) -> dict[str, str]:
    """Every way a line may name its scenario (id, Chinese name, English name, any case) -> the id."""
    names: dict[str, str] = {}
    for s in rulebook.settings.scenarios:
        for name in (s.id, s.name.zh, s.name.en):
            names[name.strip().lower()] = s.id
    return names


def parse_utterances(
    text: str, rulebook: Rulebook, default_scenario: str
) -> tuple[list[Utterance], list[LineProblem]]:
    names = scenario_names(rulebook)
    utterances: list[Utterance] = []
    problems: list[LineProblem] = []
    numbered = [(i, raw.strip()) for i, raw in enumerate((text or "").splitlines(), start=1) if raw.strip()]
    if len(numbered) > LINES_MAX:
        problems.append(LineProblem(numbered[LINES_MAX][0], "too_many_lines", {"max": str(LINES_MAX)}))
    for line, raw in numbered[:LINES_MAX]:
        scenario_id, said = default_scenario, raw
        match = _PREFIX.match(raw)
        if match and match.group(1).strip().lower() in names:
            scenario_id, said = names[match.group(1).strip().lower()], match.group(2).strip()
        if len(said) > LINE_MAX:
            problems.append(LineProblem(line, "line_too_long", {"max": str(LINE_MAX)}))
            continue
        utterances.append(Utterance(line, scenario_id, said))
    return utterances, problems


def grade(
    rulebook: Rulebook,
    utterances: Iterable[Utterance],
    *,
    at: datetime,
    site: str,
    channel: Channel,
    rings: int | None,
    max_rings: int,
) -> Grade:
    """`at` is the site's local time of the audit: greetings are judged for that moment."""
    lines: list[LineResult] = []
    items: list[FailedItem] = []
    if channel is Channel.PHONE and rings is not None and rings > max_rings:
        rule = rulebook.by_id.get(THREE_RINGS_RULE)
        message = rule.title if rule else Text(zh="电话铃声三声接起", en="Answer within three rings")
        items.append(FailedItem(None, THREE_RINGS_RULE, "rings", str(rings), message, ""))
    for u in utterances:
        verdict = judge(rulebook, u.scenario_id, u.text, at=at, site=site)
        lines.append(LineResult(u.line, u.scenario_id, u.text, verdict.score, verdict.ok))
        items.extend(
            FailedItem(u.line, f.rule, str(f.kind), f.found, f.message, f.suggestion)
            for f in verdict.findings
        )
    return Grade(tuple(lines), tuple(items))
