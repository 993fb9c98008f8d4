"""The shipped rulebook covers the whole source document and is shaped for its consumers."""

from __future__ import annotations

import pickle

import pytest
from pydantic import ValidationError

from rules.catalog import checklist_rules
from rules.loader import content_files, default_content_dir, load_rulebook
from rules.model import CATEGORIES, Rulebook

# The etiquette part of the source document: the preamble (目的 / 服务意识 / 管理人员的仪表) and
# numbered items 1-34; the document skips item 22.
DOCUMENT_ITEMS: frozenset[int | str] = frozenset({"preamble", *range(1, 22), *range(23, 35)})


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return load_rulebook(default_content_dir())


@pytest.mark.parametrize("path", content_files(default_content_dir()), ids=lambda p: p.name)
def test_every_shipped_content_file_is_yaml_with_comments_explaining_it(path) -> None:
    assert path.read_text(encoding="utf-8").startswith("#")


def test_shipped_content_validates(rulebook: Rulebook) -> None:
    assert len(rulebook.rules) >= 50


def test_every_category_has_rules(rulebook: Rulebook) -> None:
    assert {r.category for r in rulebook.rules} == {c.id for c in CATEGORIES}
    assert len(CATEGORIES) == 11


def test_every_item_of_the_source_document_has_a_rule(rulebook: Rulebook) -> None:
    covered = {item for rule in rulebook.rules for item in rule.source}
    assert sorted(map(str, DOCUMENT_ITEMS - covered)) == []
    assert covered <= DOCUMENT_ITEMS


def test_rule_ids_start_with_their_category(rulebook: Rulebook) -> None:
    assert [r.id for r in rulebook.rules if not r.id.startswith(f"{r.category}.")] == []


def test_rules_are_listed_in_category_order(rulebook: Rulebook) -> None:
    order = [c.id for c in CATEGORIES]
    positions = [order.index(r.category) for r in rulebook.rules]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "rule_id",
    ["before_shift.no_alcohol", "address.no_wei_or_ai", "phone.three_rings"],
)
def test_serious_breaches_are_critical(rulebook: Rulebook, rule_id: str) -> None:
    assert rulebook.by_id[rule_id].severity == "critical"


def test_gender_specific_rules_name_their_audience(rulebook: Rulebook) -> None:
    assert rulebook.by_id["dress.men_suit_and_tie"].applies_to == "men"
    assert rulebook.by_id["grooming.women_light_makeup"].applies_to == "women"
    assert rulebook.by_id["dress.badge_on_left_chest"].applies_to == "everyone"


def test_end_of_shift_cleanup_is_split_into_checklist_items(rulebook: Rulebook) -> None:
    ids = {r.id for r in checklist_rules(rulebook, "end_of_shift")}
    assert {
        "end_of_shift.power_off",
        "end_of_shift.documents_filed",
        "end_of_shift.stationery_tidied",
        "end_of_shift.desk_cleared",
        "end_of_shift.hygiene_duty_done",
    } <= ids


def test_start_of_shift_checklist_covers_dress_grooming_and_preparation(
    rulebook: Rulebook,
) -> None:
    ids = {r.id for r in checklist_rules(rulebook, "before_shift")}
    assert {
        "dress.uniform_on_duty",
        "dress.badge_on_left_chest",
        "grooming.not_unkempt",
        "before_shift.no_alcohol",
        "before_shift.computer_on",
    } <= ids
    assert {r.category for r in checklist_rules(rulebook, "before_shift")} >= {"dress", "grooming"}


def test_every_rule_has_both_languages(rulebook: Rulebook) -> None:
    for rule in rulebook.rules:
        for text in (rule.title, rule.text, rule.check):
            if text is not None:
                assert text.zh.strip() and text.en.strip(), rule.id


def test_rules_are_immutable(rulebook: Rulebook) -> None:
    rule = rulebook.rules[0]
    with pytest.raises(ValidationError):
        rule.severity = "minor"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rulebook.by_id["x.y"] = rule  # type: ignore[index]


def test_by_id_finds_every_rule(rulebook: Rulebook) -> None:
    assert len(rulebook.by_id) == len(rulebook.rules)
    assert all(rulebook.by_id[r.id] is r for r in rulebook.rules)


def test_rulebook_survives_pickling_for_caching(rulebook: Rulebook) -> None:
    copy = pickle.loads(pickle.dumps(rulebook))
    assert copy == rulebook
    assert copy.by_id["phone.answer"] == rulebook.by_id["phone.answer"]
