"""What a rulebook page needs: rules grouped in a stable order, search, display names."""

from __future__ import annotations

import pytest

from rules.catalog import category_name, rules_by_category, rules_for_scenario, search
from rules.loader import default_rulebook
from rules.model import CATEGORIES, Rulebook


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def test_rules_are_grouped_by_category_in_the_fixed_order(rulebook: Rulebook) -> None:
    groups = rules_by_category(rulebook)
    assert [c.id for c, _ in groups] == [c.id for c in CATEGORIES]
    assert sum(len(rules) for _, rules in groups) == len(rulebook.rules)
    assert all(r.category == c.id for c, rules in groups for r in rules)


@pytest.mark.parametrize(
    ("query", "rule_id"),
    [
        ("三声", "phone.three_rings"),
        ("three rings", "phone.three_rings"),
        ("THREE RINGS", "phone.three_rings"),
        ("phone.three", "phone.three_rings"),
        ("慢走不送", "farewell.see_off"),  # a bad example's wording
        ("左前胸", "dress.badge_on_left_chest"),
        ("Badge", "dress.badge_on_left_chest"),
    ],
)
def test_search_finds_rules_in_either_language(rulebook: Rulebook, query: str, rule_id: str) -> None:
    assert rule_id in [r.id for r in search(rulebook, query)]


def test_search_needs_every_word(rulebook: Rulebook) -> None:
    assert [r.id for r in search(rulebook, "badge chest")] == ["dress.badge_on_left_chest"]
    assert search(rulebook, "badge xylophone") == ()


def test_empty_search_lists_every_rule(rulebook: Rulebook) -> None:
    assert search(rulebook, "  ") == rulebook.rules


def test_category_names_in_both_languages() -> None:
    assert category_name("phone", "zh") == "电话礼仪"
    assert category_name("phone", "en") == "Telephone"
    assert category_name("no_such", "zh") == "no_such"


def test_a_scenario_is_judged_by_its_own_rule_the_rules_of_address_and_the_moment(
    rulebook: Rulebook,
) -> None:
    ids = {r.id for r in rules_for_scenario(rulebook, "phone.answer")}
    assert ids == {
        "phone.answer", "address.no_wei_or_ai", "address.nin_not_ni", "address.sir_or_madam_with_surname",
        "address.respectful_tone", "greeting.time_of_day", "greeting.festival",
    }  # fmt: skip
