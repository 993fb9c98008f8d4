"""Content rules that pydantic field types cannot express: cross-field, cross-file, references.

Pure: findings carry a path (`loc`) into the file's data; the loader turns them into positions.
Cross-file checks read the raw parsed data, so a file that failed validation still contributes its
rule ids (and no false "unknown rule" errors appear elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from content.errors import Finding, Loc
from rules.model import (
    CHECK_MOMENTS,
    CategoryFile,
    Settings,
    Speech,
)

DAY_MINUTES = 24 * 60
# A folded YAML scalar (`>`) joins lines with a space, which is wrong between Chinese characters.
_CJK_GAP = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]\s+[\u4e00-\u9fff]")


def _duplicates(values: Iterable[Hashable], loc: Loc, suffix: Loc = ()) -> list[Finding]:
    seen: set[Hashable] = set()
    findings = []
    for i, value in enumerate(values):
        if value in seen:
            findings.append(Finding((*loc, i, *suffix), "duplicate_value", {"value": value}))
        seen.add(value)
    return findings


def check_category_file(doc: CategoryFile) -> list[Finding]:
    findings: list[Finding] = []
    for i, rule in enumerate(doc.rules):
        loc: Loc = ("rules", i)
        findings += _duplicates(rule.when, (*loc, "when"))
        findings += _duplicates(rule.see_also, (*loc, "see_also"))
        findings += _duplicates(rule.source, (*loc, "source"))
        findings += [
            Finding((*loc, "see_also", j), "self_reference")
            for j, ref in enumerate(rule.see_also)
            if ref == rule.id
        ]
        if rule.check is not None and not CHECK_MOMENTS & set(rule.when):
            findings.append(Finding((*loc, "check"), "check_needs_shift_moment"))
        for name in ("title", "text", "check"):
            text = getattr(rule, name)
            if text is not None and _CJK_GAP.search(text.zh):
                findings.append(Finding((*loc, name, "zh"), "zh_spacing"))
        if rule.speech is not None:
            findings += _check_speech(rule.speech, (*loc, "speech"))
    return findings


def _check_speech(speech: Speech, loc: Loc) -> list[Finding]:
    findings = _duplicates(speech.scenarios, (*loc, "scenarios"))
    findings += _duplicates((f.key for f in speech.forms), (*loc, "forms"), ("key",))
    for i, form in enumerate(speech.forms):
        elements_loc = (*loc, "forms", i, "elements")
        findings += _duplicates((e.key for e in form.elements), elements_loc, ("key",))
        seen_orders: set[int] = set()
        for j, element in enumerate(form.elements):
            findings += _check_insertion(element, form.elements, (*elements_loc, j, "insert"))
            if element.order is None:
                continue
            if element.order in seen_orders:
                findings.append(
                    Finding((*elements_loc, j, "order"), "duplicate_order", {"order": element.order})
                )
            seen_orders.add(element.order)
    for i, forbidden in enumerate(speech.forbidden):
        findings += _unrelated_exceptions(
            forbidden.unless_in, forbidden.phrasings, (*loc, "forbidden", i, "unless_in")
        )
    missing = [
        kind for kind, ok in (("good", True), ("bad", False)) if ok not in {e.ok for e in speech.examples}
    ]
    if missing:
        findings.append(Finding((*loc, "examples"), "speech_needs_examples", {"missing": ", ".join(missing)}))
    uses_site = any("{site}" in v for e in speech.elements for v in e.variants)
    if uses_site:
        findings += [
            Finding((*loc, "examples", j), "example_needs_site")
            for j, example in enumerate(speech.examples)
            if example.site is None
        ]
    return findings


def _check_insertion(element: Any, elements: Iterable[Any], loc: Loc) -> list[Finding]:
    """`at: after` needs `after:` naming another element of the form; the other places take none."""
    insertion = element.insert
    if insertion is None:
        return []
    keys = {e.key for e in elements} - {element.key}
    if (insertion.at == "after") != (insertion.after is not None) or (
        insertion.after is not None and insertion.after not in keys
    ):
        return [Finding(loc, "insert_after", {"keys": ", ".join(sorted(keys)) or "-"})]
    return []


def _unrelated_exceptions(words: Iterable[str], phrases: Iterable[str], loc: Loc) -> list[Finding]:
    """An exception (`unless_in`) must contain what it exempts, or it exempts nothing."""
    phrases = tuple(phrases)
    return [
        Finding((*loc, j), "unless_in_unrelated", {"value": word})
        for j, word in enumerate(words)
        if not any(p in word for p in phrases)
    ]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def check_settings(settings: Settings) -> list[Finding]:
    findings = _duplicates((b.key for b in settings.time_greetings), ("time_greetings",), ("key",))
    findings += _duplicates((f.key for f in settings.festivals), ("festivals",), ("key",))
    findings += _duplicates((s.id for s in settings.scenarios), ("scenarios",), ("id",))
    for i, band in enumerate(settings.time_greetings):
        findings += _unrelated_exceptions(band.unless_in, band.words, ("time_greetings", i, "unless_in"))
    findings += [
        Finding(("festivals", i), "festival_day")
        for i, festival in enumerate(settings.festivals)
        if [festival.holiday, festival.date, festival.lunar].count(None) != 2
    ]
    findings += [
        Finding(("festivals", i, "season"), "season_covers_due")
        for i, festival in enumerate(settings.festivals)
        if festival.season.before < festival.due.before or festival.season.after < festival.due.after
    ]
    findings += [
        Finding(("misheard", i, "meant"), "misheard_length", {"heard": m.heard, "meant": m.meant})
        for i, m in enumerate(settings.misheard)
        if len(m.heard) != len(m.meant)
    ]
    return findings + _check_time_bands(settings)


def _check_time_bands(settings: Settings) -> list[Finding]:
    """The bands must tile the 24 hours, so every moment has exactly one due greeting."""
    bands = sorted(enumerate(settings.time_greetings), key=lambda ib: _minutes(ib[1].start))
    findings = []
    for k, (index, band) in enumerate(bands):
        expected = (_minutes(bands[k - 1][1].end) + 1) % DAY_MINUTES
        if _minutes(band.start) != expected:
            findings.append(
                Finding(("time_greetings", index, "start"), "time_bands", {"expected": _clock(expected)})
            )
    total = sum((_minutes(b.end) - _minutes(b.start)) % DAY_MINUTES + 1 for b in settings.time_greetings)
    if not findings and total != DAY_MINUTES:
        findings.append(Finding(("time_greetings",), "time_bands", {"expected": "-"}))
    return findings


# --- cross-file checks on raw data -------------------------------------------------------------


def raw_rules(data: Any) -> Iterator[tuple[int, dict[Any, Any]]]:
    rules = data.get("rules") if isinstance(data, dict) else None
    if isinstance(rules, list):
        for i, rule in enumerate(rules):
            if isinstance(rule, dict):
                yield i, rule


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        yield from ((i, v) for i, v in enumerate(value) if isinstance(v, str))


def check_rule_ids(
    files: Mapping[Path, Any], where: Callable[[Path, Loc], str]
) -> list[tuple[Path, Finding]]:
    """Each rule id once across all files; the error names the place where it was first defined."""
    first: dict[str, tuple[Path, Loc]] = {}
    findings = []
    for path, data in files.items():
        for i, rule in raw_rules(data):
            rule_id = rule.get("id")
            if not isinstance(rule_id, str):
                continue
            loc: Loc = ("rules", i, "id")
            if rule_id in first:
                other = where(*first[rule_id])
                findings.append((path, Finding(loc, "duplicate_rule_id", {"id": rule_id, "other": other})))
            else:
                first[rule_id] = (path, loc)
    return findings


def _rule_scenarios(rule: dict[Any, Any], key: str = "scenarios") -> list[tuple[int, str]]:
    speech = rule.get("speech")
    return list(_strings(speech.get(key))) if isinstance(speech, dict) else []


def check_references(
    files: Mapping[Path, Any], settings_path: Path, settings_data: Any
) -> list[tuple[Path, Finding]]:
    """see_also targets, settings' scenario rules and the scenarios rules claim must all exist."""
    rules: dict[Any, dict[Any, Any]] = {}
    for data in files.values():
        for _, rule in raw_rules(data):
            rules.setdefault(rule.get("id"), rule)  # a duplicate id is reported on the later one
    findings: list[tuple[Path, Finding]] = []
    for path, data in files.items():
        for i, rule in raw_rules(data):
            for j, ref in _strings(rule.get("see_also")):
                if ref not in rules:
                    findings.append(
                        (path, Finding(("rules", i, "see_also", j), "unknown_rule_ref", {"id": ref}))
                    )
    scenarios = settings_data.get("scenarios") if isinstance(settings_data, dict) else None
    if not isinstance(scenarios, list):
        return findings
    declared = set()
    for i, scenario in enumerate(scenarios):
        if not isinstance(scenario, dict):
            continue
        declared.add(scenario.get("id"))
        ref = scenario.get("rule")
        if not isinstance(ref, str):
            continue
        loc: Loc = ("scenarios", i, "rule")
        if ref not in rules:
            findings.append((settings_path, Finding(loc, "unknown_rule_ref", {"id": ref})))
        elif scenario.get("id") not in {s for _, s in _rule_scenarios(rules[ref])}:
            params = {"id": ref, "scenario": scenario.get("id")}
            findings.append((settings_path, Finding(loc, "scenario_rule_mismatch", params)))
    for path, data in files.items():
        for i, rule in raw_rules(data):
            for key in ("scenarios", "slips_in"):
                for j, scenario_id in _rule_scenarios(rule, key):
                    if scenario_id not in declared:
                        loc = ("rules", i, "speech", key, j)
                        findings.append((path, Finding(loc, "unknown_scenario", {"scenario": scenario_id})))
    return findings


def check_holidays(settings_data: Any, known: frozenset[str]) -> list[Finding]:
    """Festival names must match the calendar exactly, or the greeting would silently never be due."""
    festivals = settings_data.get("festivals") if isinstance(settings_data, dict) else None
    if not isinstance(festivals, list):
        return []
    return [
        Finding(("festivals", i, "holiday"), "unknown_holiday", {"name": festival["holiday"]})
        for i, festival in enumerate(festivals)
        if isinstance(festival, dict)
        and isinstance(festival.get("holiday"), str)
        and festival["holiday"] not in known
    ]
