"""The effect of training on a rule, for one centre: valid complaints and audit slips about the rule in
the months before and after it was trained. Pure: moments and counts in, the comparison out.

"Trained" is defined once, here: a rule is trained at a centre in the month (the centre's time zone)
in which one of the centre's practice assignments on the rule was first passed, that is when the
person it was assigned to first answered a question on the rule right after it was assigned
(spaced practice, a quiz or the phone drill) or passed a re-test on it. The three calendar months
before that month are "before", the three after it are "after" (only those that have begun); the
month of the training itself is shown but counted in neither, since the evidence that led to the
training mostly falls in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

WINDOW_MONTHS = 3


@dataclass(frozen=True)
class MonthEvidence:
    period: str  # YYYY-MM
    offset: int  # months from the training month (0: the month of the training)
    complaints: int  # valid complaints of a category that names the rule
    slips: int  # failed items on the rule in audits (mystery calls and observations)


@dataclass(frozen=True)
class RuleEffect:
    rule_id: str
    trained: str  # the training month, YYYY-MM
    months: tuple[MonthEvidence, ...]  # WINDOW_MONTHS before to WINDOW_MONTHS after, none to come
    complaints_before: int
    complaints_after: int
    slips_before: int
    slips_after: int
    months_after: int  # how many of the months after have begun (0 to WINDOW_MONTHS)


def month_of(moment: datetime, timezone: str) -> str:
    """The calendar month of a moment in the centre's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m")


def shift(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def training_month(passes: Iterable[datetime], timezone: str) -> str | None:
    """The month of the first pass among a rule's assignments at the centre; None: not trained yet."""
    first = min(passes, default=None)
    return None if first is None else month_of(first, timezone)


def window(trained: str, current: str, months: int = WINDOW_MONTHS) -> list[str]:
    """The months around a training month, up to the current month (months to come have no evidence)."""
    return [p for k in range(-months, months + 1) if (p := shift(trained, k)) <= current]


def rule_effect(
    rule_id: str,
    trained: str,
    current: str,
    complaints: Mapping[str, int],
    slips: Mapping[str, int],
    months: int = WINDOW_MONTHS,
) -> RuleEffect:
    """The rule's evidence per month of its window (`complaints`, `slips`: month -> count)."""
    shown = tuple(
        MonthEvidence(p, k, complaints.get(p, 0), slips.get(p, 0))
        for k in range(-months, months + 1)
        if (p := shift(trained, k)) <= current
    )
    before = [m for m in shown if m.offset < 0]
    after = [m for m in shown if m.offset > 0]
    return RuleEffect(
        rule_id=rule_id,
        trained=trained,
        months=shown,
        complaints_before=sum(m.complaints for m in before),
        complaints_after=sum(m.complaints for m in after),
        slips_before=sum(m.slips for m in before),
        slips_after=sum(m.slips for m in after),
        months_after=len(after),
    )
