"""Content rules of banks and blueprints that pydantic field types cannot express.

Pure: each finding carries a path (`loc`) into the file's data; the loader turns it into a position.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from content.errors import Finding, Loc
from quizzes.duties import DESK, quiz_categories
from quizzes.model import (
    GENERATED_PREFIX,
    BankFile,
    BlueprintsFile,
    BlueprintSpec,
    Question,
    QuestionSpec,
)
from rules.catalog import rules_for_scenario
from rules.model import Rulebook

# Which optional fields each kind uses; any other optional field given is an error.
FIELDS_FOR_KIND: dict[str, frozenset[str]] = {
    "single": frozenset({"options"}),
    "multiple": frozenset({"options"}),
    "ordering": frozenset({"options"}),
    "true_false": frozenset({"answer"}),
    "script": frozenset({"scenario"}),
    "situation": frozenset({"scenario", "at"}),
}
OPTIONAL_FIELDS = ("options", "answer", "scenario", "at")
MIN_OPTIONS = 2


def check_bank(doc: BankFile, rulebook: Rulebook) -> list[Finding]:
    findings: list[Finding] = []
    for i, question in enumerate(doc.questions):
        findings += check_question(question, rulebook, ("questions", i))
    return findings


def check_question(question: QuestionSpec, rulebook: Rulebook, loc: Loc) -> list[Finding]:
    findings: list[Finding] = []
    if question.id.startswith(GENERATED_PREFIX):
        findings.append(Finding((*loc, "id"), "reserved_question_id", {"prefix": GENERATED_PREFIX}))
    if not question.rules and not question.duties:
        findings.append(Finding(loc, "needs_rules_or_duties"))
    for j, duty in enumerate(question.duties):
        if duty in question.duties[:j]:
            findings.append(Finding((*loc, "duties", j), "duplicate_value", {"value": duty}))
    seen: set[str] = set()
    for j, rule_id in enumerate(question.rules):
        if rule_id in seen:
            findings.append(Finding((*loc, "rules", j), "duplicate_value", {"value": rule_id}))
        elif rule_id not in rulebook.by_id:
            findings.append(Finding((*loc, "rules", j), "unknown_rule_ref", {"id": rule_id}))
        seen.add(rule_id)
    used = FIELDS_FOR_KIND[question.kind]
    given = {name for name in OPTIONAL_FIELDS if name in question.model_fields_set}
    for name in sorted(given - used):
        findings.append(Finding((*loc, name), "field_not_for_kind", {"name": name, "kind": question.kind}))
    if "options" in used:
        findings += _check_options(question, loc)
    if question.kind == "true_false" and question.answer is None:
        findings.append(Finding(loc, "needs_field", {"name": "answer", "kind": question.kind}))
    if question.kind in ("script", "situation"):
        findings += _check_judged(question, rulebook, loc)
    return findings


def _check_options(question: QuestionSpec, loc: Loc) -> list[Finding]:
    options = question.options
    if len(options) < MIN_OPTIONS:
        where = (*loc, "options") if "options" in question.model_fields_set else loc
        return [Finding(where, "needs_options", {"kind": question.kind, "min": MIN_OPTIONS})]
    findings: list[Finding] = []
    texts: set[str] = set()
    for j, option in enumerate(options):
        if option.zh in texts:
            findings.append(Finding((*loc, "options", j, "zh"), "duplicate_value", {"value": option.zh}))
        texts.add(option.zh)
    correct = sum(o.correct for o in options)
    if question.kind == "single" and correct != 1:
        findings.append(Finding((*loc, "options"), "single_needs_one_correct", {"count": correct}))
    elif question.kind == "multiple" and correct == 0:
        findings.append(Finding((*loc, "options"), "multiple_needs_correct"))
    elif question.kind == "ordering":
        findings += [
            Finding((*loc, "options", j, "correct"), "ordering_no_correct")
            for j, option in enumerate(options)
            if "correct" in option.model_fields_set
        ]
    return findings


def _check_judged(question: QuestionSpec, rulebook: Rulebook, loc: Loc) -> list[Finding]:
    if question.scenario is None:
        return [Finding(loc, "needs_field", {"name": "scenario", "kind": question.kind})]
    findings: list[Finding] = []
    if not question.rules:  # the judge grades rules; duties alone give it nothing to judge
        findings.append(Finding(loc, "needs_field", {"name": "rules", "kind": question.kind}))
    judged = rules_for_scenario(rulebook, question.scenario)
    declared = {s.id for s in rulebook.settings.scenarios}
    if question.scenario not in declared or not judged:
        findings.append(Finding((*loc, "scenario"), "unknown_scenario", {"scenario": question.scenario}))
    else:
        ids = {r.id for r in judged}
        findings += [
            Finding(
                (*loc, "rules", j), "rule_not_in_scenario", {"id": rule_id, "scenario": question.scenario}
            )
            for j, rule_id in enumerate(question.rules)
            if rule_id in rulebook.by_id and rule_id not in ids
        ]
    if question.kind == "situation" and question.at is None:
        findings.append(Finding(loc, "needs_field", {"name": "at", "kind": question.kind}))
    return findings


def check_question_ids(raw: Mapping[Path, Any], where: Any) -> list[tuple[Path, Finding]]:
    """Question ids used twice across the bank files (read from the raw data, so a file that failed
    validation still counts). `where(path, loc)` names the first place, as path:line:column."""
    first: dict[str, tuple[Path, Loc]] = {}
    findings: list[tuple[Path, Finding]] = []
    for path, data in raw.items():
        questions = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(questions, list):
            continue
        for i, question in enumerate(questions):
            qid = question.get("id") if isinstance(question, dict) else None
            if not isinstance(qid, str):
                continue
            loc: Loc = ("questions", i, "id")
            if qid in first:
                other = where(*first[qid])
                findings.append((path, Finding(loc, "duplicate_question_id", {"id": qid, "other": other})))
            else:
                first[qid] = (path, loc)
    return findings


# --- blueprints -------------------------------------------------------------------------------------


def quota(spec: BlueprintSpec, category: str) -> int:
    return spec.categories.get(category, spec.per_category)  # type: ignore[call-overload]


def check_blueprints(doc: BlueprintsFile, rulebook: Rulebook, pool: Sequence[Question]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()
    for i, spec in enumerate(doc.blueprints):
        loc: Loc = ("blueprints", i)
        if spec.id in seen:
            findings.append(Finding((*loc, "id"), "duplicate_value", {"value": spec.id}))
        seen.add(spec.id)
        findings += _check_blueprint(spec, rulebook, pool, loc)
    analysis = doc.analysis
    if analysis.facility_low >= analysis.facility_high:
        findings.append(Finding(("analysis", "facility_low"), "facility_band"))
    drill = doc.phone_drill
    if drill.missed_after_rings <= drill.max_rings:
        findings.append(Finding(("phone_drill", "missed_after_rings"), "missed_before_max"))
    return findings


def _check_blueprint(
    spec: BlueprintSpec, rulebook: Rulebook, pool: Sequence[Question], loc: Loc
) -> list[Finding]:
    findings: list[Finding] = []
    kinds = set(spec.kinds)
    usable = [q for q in pool if q.kind in kinds and all(r in rulebook.by_id for r in q.rules)]
    in_category: dict[str, int] = {}
    for question in usable:
        category = _category(rulebook, question)
        in_category[category] = in_category.get(category, 0) + 1
    for category in quiz_categories(rulebook):
        wanted = quota(spec, category.id)
        available = in_category.get(category.id, 0)
        if wanted > available:
            where = (
                (*loc, "categories", category.id)
                if category.id in spec.categories
                else (*loc, "per_category")
            )
            params = {"category": category.id, "wanted": wanted, "available": available}
            findings.append(Finding(where, "quota_exceeds_pool", params))
    for kind, wanted in spec.at_least.items():
        available = sum(1 for q in usable if q.kind == kind and quota(spec, _category(rulebook, q)) > 0)
        if kind not in kinds:
            findings.append(Finding((*loc, "at_least", kind), "kind_not_drawn", {"kind": kind}))
        elif wanted > available:
            params = {"kind": kind, "wanted": wanted, "available": available}
            findings.append(Finding((*loc, "at_least", kind), "kind_exceeds_pool", params))
    if spec.cover_critical:
        drawn = {c.id for c in quiz_categories(rulebook) if quota(spec, c.id) > 0}
        for rule in rulebook.rules:
            if rule.severity != "critical" or rule.category not in drawn:
                continue
            if not any(rule.id in q.rules for q in usable):
                findings.append(Finding((*loc, "kinds"), "critical_not_coverable", {"id": rule.id}))
    for j, duty in enumerate(spec.cover_duties):
        if not any(duty in q.duties for q in usable):
            findings.append(Finding((*loc, "cover_duties", j), "duty_not_coverable", {"duty": duty}))
    if spec.cover_duties and quota(spec, DESK) < len(spec.cover_duties):
        params = {"wanted": len(spec.cover_duties), "quota": quota(spec, DESK)}
        findings.append(Finding((*loc, "cover_duties"), "duty_quota_too_small", params))
    if not kinds:
        findings.append(Finding((*loc, "kinds"), "too_short", {"min_length": 1}))
    return findings


def _category(rulebook: Rulebook, question: Question) -> str:
    return rulebook.by_id[question.rules[0]].category if question.rules else DESK
