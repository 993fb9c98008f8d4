"""Check items from the rulebook, answers, and the score (REFERENCE section 2). Pure.

Score % = 100 x sum(weight x credit) / sum(weight) over applicable items: pass earns full credit, fail
none, N/A leaves the denominator. A failed critical item fails the check whatever the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from checklists.settings import Weights
from checklists.shifts import MOMENT, Kind
from core.errors import ValidationFailed
from rules.catalog import checklist_rules
from rules.model import Rulebook

NOTE_MAX = 500

# users.gender -> the rule audiences that person belongs to
_AUDIENCES = {"male": frozenset({"everyone", "men"}), "female": frozenset({"everyone", "women"})}


class Answer(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NA = "na"


CREDIT = {Answer.PASS: 1, Answer.FAIL: 0}


@dataclass(frozen=True)
class Item:
    """One question of a check, as asked: kept with the check, so later rule edits change nothing."""

    rule_id: str
    severity: str
    weight: int
    question_zh: str
    question_en: str

    def question(self, lang: str) -> str:
        return self.question_en if lang == "en" else self.question_zh


@dataclass(frozen=True)
class Response:
    item: Item
    answer: Answer
    note: str | None = None


@dataclass(frozen=True)
class Score:
    percent: float | None  # None when every item is N/A
    passed: bool
    critical_failed: bool
    failed: tuple[str, ...]  # rule ids, in item order
    earned: int
    possible: int


def build_items(rulebook: Rulebook, kind: Kind, gender: str, weights: Weights) -> tuple[Item, ...]:
    """The rules a person checks at the start or end of a shift, those for their gender, in rulebook order."""
    audiences = _AUDIENCES.get(gender, frozenset({"everyone"}))
    return tuple(
        Item(rule.id, rule.severity, weights.of(rule.severity), rule.check.zh, rule.check.en)
        for rule in checklist_rules(rulebook, MOMENT[kind])  # type: ignore[arg-type]
        if rule.applies_to in audiences and rule.check is not None
    )


def collect(
    items: Iterable[Item], answers: Mapping[str, str | None], notes: Mapping[str, str | None]
) -> tuple[Response, ...]:
    """Answers keyed by rule id, checked: every item answered, a failed item explained, nothing extra."""
    items = tuple(items)
    known = {item.rule_id for item in items}
    extra = sorted(set(answers) - known)
    if extra:
        raise ValidationFailed("checks.error.unknown_item", rule_id=extra[0])
    responses = []
    for n, item in enumerate(items, start=1):
        raw = answers.get(item.rule_id)
        if raw is None or raw == "":
            raise ValidationFailed("checks.error.unanswered", n=n)
        try:
            answer = Answer(raw)
        except ValueError as exc:
            raise ValidationFailed("checks.error.bad_answer", n=n) from exc
        note = (notes.get(item.rule_id) or "").strip() or None
        if answer is Answer.FAIL and note is None:
            raise ValidationFailed("checks.error.note_required", n=n)
        if note is not None and len(note) > NOTE_MAX:
            raise ValidationFailed("checks.error.note_too_long", n=n, max=NOTE_MAX)
        responses.append(Response(item, answer, note))
    return tuple(responses)


def score(responses: Iterable[Response], pass_mark: int | float) -> Score:
    responses = tuple(responses)
    applicable = [r for r in responses if r.answer is not Answer.NA]
    possible = sum(r.item.weight for r in applicable)
    earned = sum(r.item.weight * CREDIT[r.answer] for r in applicable)
    failed = tuple(r.item.rule_id for r in applicable if r.answer is Answer.FAIL)
    critical_failed = any(r.answer is Answer.FAIL and r.item.severity == "critical" for r in applicable)
    percent = 100 * earned / possible if possible else None
    # Compared in whole numbers, so 4 of 5 reaches a pass mark of 80 exactly.
    reaches_mark = possible == 0 or 100 * earned >= pass_mark * possible
    return Score(
        percent=percent,
        passed=reaches_mark and not critical_failed,
        critical_failed=critical_failed,
        failed=failed,
        earned=earned,
        possible=possible,
    )
