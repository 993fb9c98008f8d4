"""Pure helpers for pages and later features: grouping, search, display names, selections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from rules.model import CATEGORIES, Category, Lang, Rule, Rulebook, Text

_NAMES: dict[str, Text] = {c.id: c.name for c in CATEGORIES}


def category_name(category_id: str, lang: Lang) -> str:
    """Display name; an unknown id is shown as itself rather than failing a page."""
    name = _NAMES.get(category_id)
    return name.get(lang) if name else category_id


def rules_by_category(
    rulebook: Rulebook, *, include_empty: bool = False
) -> tuple[tuple[Category, tuple[Rule, ...]], ...]:
    """Categories in the rulebook's fixed order, each with its rules in content order."""
    groups = (
        (category, tuple(r for r in rulebook.rules if r.category == category.id))
        for category in rulebook.categories
    )
    return tuple((c, rules) for c, rules in groups if rules or include_empty)


def _haystack(rule: Rule) -> Iterator[str]:
    yield rule.id
    for text in (rule.title, rule.text, rule.check):
        if text is not None:
            yield text.zh
            yield text.en
    if rule.speech is not None:
        for example in rule.speech.examples:
            yield example.text
            yield example.en
        for forbidden in rule.speech.forbidden:
            yield from forbidden.phrasings
            yield forbidden.gloss
            yield forbidden.better.zh
            yield forbidden.better.en


def search(rulebook: Rulebook, query: str) -> tuple[Rule, ...]:
    """Rules whose id, titles, texts, check questions or examples contain every word of the
    query, case-insensitively, in Chinese or English; an empty query matches all rules."""
    terms = query.casefold().split()
    found = []
    for rule in rulebook.rules:
        text = "\n".join(_haystack(rule)).casefold()
        if all(term in text for term in terms):
            found.append(rule)
    return tuple(found)


def rules_for_scenario(rulebook: Rulebook, scenario: str) -> tuple[Rule, ...]:
    """Every speech rule a script for this scenario is judged by (see rules.model): the rules listing
    it under `scenarios` (forms and slips) or `slips_in` (slips only)."""
    return tuple(
        r
        for r in rulebook.rules
        if r.speech is not None and (scenario in r.speech.scenarios or scenario in r.speech.slips_in)
    )


def checklist_rules(rulebook: Rulebook, moment: Literal["before_shift", "end_of_shift"]) -> tuple[Rule, ...]:
    """Rules a person checks themselves at the start or the end of a shift."""
    return tuple(r for r in rulebook.rules if r.check is not None and moment in r.when)
