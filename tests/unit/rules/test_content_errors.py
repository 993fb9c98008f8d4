"""Every kind of content mistake is reported at the offending node, as path:line:column."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.errors import ContentError
from rules.errors import RulebookInvalid
from rules.loader import load_rulebook
from tests.unit.rules.minimal_content import MINIMAL_RULES, MINIMAL_SETTINGS, WriteContent

# Line numbers below refer to MINIMAL_RULES:
#  1 category / 2 rules: / 3 "  - id:" / 4 title / 5 text / 6 source / 7 severity /
#  8 applies_to / 9 when / 10 speech / 11 scenarios ... 18 variants / 19 examples: / 20 first example
# and MINIMAL_SETTINGS: scenarios[0].rule is on line 23.


def rules_with(old: str, new: str) -> str:
    assert old in MINIMAL_RULES
    return MINIMAL_RULES.replace(old, new, 1)


def settings_with(old: str, new: str) -> str:
    assert old in MINIMAL_SETTINGS
    return MINIMAL_SETTINGS.replace(old, new, 1)


OTHER_CATEGORY_SAME_ID = """\
category: greeting
rules:
  - id: farewell.bye
    title: {zh: 问候, en: Greet}
    text: {zh: 应问候。, en: Greet people.}
    source: [17]
    severity: minor
    applies_to: everyone
    when: [face_to_face]
"""

CASES = {
    "yaml_syntax_error": (
        {"farewell.yaml": "category: farewell\nrules: a: b\n"},
        "farewell.yaml", 2, 9, "yaml_syntax",
    ),
    "duplicate_key": (
        {"farewell.yaml": rules_with("    severity: major\n", "    severity: major\n    severity: minor\n")},
        "farewell.yaml", 8, 5, "duplicate_key",
    ),
    "unknown_key": (
        {"farewell.yaml": rules_with("    severity: major\n", "    severity: major\n    colour: red\n")},
        "farewell.yaml", 8, 5, "extra_forbidden",
    ),
    "wrong_type": (
        {"farewell.yaml": rules_with("when: [face_to_face]", "when: face_to_face")},
        "farewell.yaml", 9, 11, "tuple_type",
    ),
    "wrong_type_yes_for_true": (
        {"farewell.yaml": rules_with("ok: true}", 'ok: "yes"}')},
        "farewell.yaml", 20, 41, "bool_type",
    ),
    "missing_field": (
        {"farewell.yaml": rules_with("    severity: major\n", "")},
        "farewell.yaml", 3, 5, "missing",
    ),
    "unknown_category": (
        {"farewell.yaml": rules_with("category: farewell", "category: fashion")},
        "farewell.yaml", 1, 11, "literal_error",
    ),
    "unknown_severity": (
        {"farewell.yaml": rules_with("severity: major", "severity: urgent")},
        "farewell.yaml", 7, 15, "literal_error",
    ),
    "unknown_audience": (
        {"farewell.yaml": rules_with("applies_to: everyone", "applies_to: managers")},
        "farewell.yaml", 8, 17, "literal_error",
    ),
    "unknown_moment": (
        {"farewell.yaml": rules_with("when: [face_to_face]", "when: [face_to_face, lunch]")},
        "farewell.yaml", 9, 26, "literal_error",
    ),
    "unknown_source_item": (
        {"farewell.yaml": rules_with("source: [26]", "source: [26, 22]")},
        "farewell.yaml", 6, 18, "unknown_source_item",
    ),
    "duplicate_rule_id_across_files": (
        {"greeting.yaml": OTHER_CATEGORY_SAME_ID},
        "greeting.yaml", 3, 9, "duplicate_rule_id",
    ),
    "empty_file": (
        {"greeting.yaml": "# nothing yet\n"},
        "greeting.yaml", 1, 1, "empty_file",
    ),
    "unknown_rule_reference": (
        {"farewell.yaml": rules_with("    when: [face_to_face]\n",
                                     "    when: [face_to_face]\n    see_also: [farewell.hello]\n")},
        "farewell.yaml", 10, 16, "unknown_rule_ref",
    ),
    "unknown_rule_reference_in_settings": (
        {"settings.yaml": settings_with("rule: farewell.bye", "rule: farewell.nope")},
        "settings.yaml", 23, 11, "unknown_rule_ref",
    ),
    "unknown_placeholder": (
        {"farewell.yaml": rules_with("variants: [再见]", "variants: [再见, \"{name}\"]")},
        "farewell.yaml", 18, 30, "unknown_placeholder",
    ),
    "unknown_scenario": (
        {"farewell.yaml": rules_with("scenarios: [farewell]", "scenarios: [farewell, goodbye]")},
        "farewell.yaml", 11, 29, "unknown_scenario",
    ),
    "unknown_holiday": (
        {"settings.yaml": settings_with('date: "12-25"', 'holiday: "Xmas"')},
        "settings.yaml", 17, 14, "unknown_holiday",
    ),
    "time_bands_with_gap": (
        {"settings.yaml": settings_with('start: "18:00"', 'start: "19:00"')},
        "settings.yaml", 11, 12, "time_bands",
    ),
    "unquoted_time": (
        {"settings.yaml": settings_with('start: "18:00"', "start: 18:00")},
        "settings.yaml", 11, 12, "bad_time",
    ),
    "speech_rule_without_bad_example": (
        {"farewell.yaml": rules_with("        - {text: 走吧。, en: Off you go., ok: false}\n", "")},
        "farewell.yaml", 20, 9, "speech_needs_examples",
    ),
    "check_question_outside_shift_start_or_end": (
        {"farewell.yaml": rules_with("    when: [face_to_face]\n",
                                     "    when: [face_to_face]\n    check: {zh: 道别了吗, en: Did you}\n")},
        "farewell.yaml", 10, 12, "check_needs_shift_moment",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("files", "file_name", "line", "column", "code"), CASES.values(), ids=CASES.keys())
def test_content_error_is_reported_at_the_offending_node(
    write_content: WriteContent,
    files: dict[str, str],
    file_name: str,
    line: int,
    column: int,
    code: str,
) -> None:
    content = write_content(files)
    with pytest.raises(RulebookInvalid) as raised:
        load_rulebook(content)
    found = [(e.path.name, e.line, e.column, e.code) for e in raised.value.errors]
    assert found == [(file_name, line, column, code)]
    error = raised.value.errors[0]
    assert error.format("en").startswith(f"{content / file_name}:{line}:{column}: ")


def errors_for(write_content: WriteContent, files: dict[str, str | None]) -> list[ContentError]:
    with pytest.raises(RulebookInvalid) as raised:
        load_rulebook(write_content(files))
    return raised.value.errors


def test_minimal_content_is_valid(write_content: WriteContent) -> None:
    rulebook = load_rulebook(write_content({}))
    assert [r.id for r in rulebook.rules] == ["farewell.bye"]


def test_duplicate_rule_id_names_both_places(write_content: WriteContent) -> None:
    (error,) = errors_for(write_content, {"greeting.yaml": OTHER_CATEGORY_SAME_ID})
    first = write_content({}) / "farewell.yaml"
    assert error.rule_id == "farewell.bye"
    assert error.format("en").endswith(f"rule id 'farewell.bye' is already defined at {first}:3:9")


def test_missing_field_points_at_the_mapping_and_names_the_field(
    write_content: WriteContent,
) -> None:
    (error,) = errors_for(write_content, {"farewell.yaml": rules_with("    severity: major\n", "")})
    assert (error.rule_id, error.field) == ("farewell.bye", "severity")
    assert error.format("en").endswith(": farewell.bye: severity: required field 'severity' is missing")
    assert error.format("zh").endswith(": farewell.bye: severity: 缺少必填字段“severity”")


def test_nested_field_is_named_with_a_dotted_path(write_content: WriteContent) -> None:
    bad = rules_with("variants: [再见]", "variants: [再见, 3]")
    (error,) = errors_for(write_content, {"farewell.yaml": bad})
    assert error.field == "speech.forms[0].elements[0].variants[1]"
    assert error.code == "string_type"


def test_all_errors_in_all_files_are_collected(write_content: WriteContent) -> None:
    files = {
        "farewell.yaml": rules_with("severity: major", "severity: urgent").replace(
            "applies_to: everyone", "applies_to: nobody"
        ),
        "greeting.yaml": "",
        "phone.yaml": "category: phone\nrules: [\n",
    }
    errors = errors_for(write_content, files)
    assert [(e.path.name, e.code) for e in errors] == [
        ("farewell.yaml", "literal_error"),
        ("farewell.yaml", "literal_error"),
        ("greeting.yaml", "empty_file"),
        ("phone.yaml", "yaml_syntax"),
    ]


def test_missing_settings_file_is_an_error(write_content: WriteContent) -> None:
    errors = errors_for(write_content, {"settings.yaml": None})
    assert [e.code for e in errors] == ["missing_settings"]


def test_festival_needs_exactly_one_of_holiday_and_date(write_content: WriteContent) -> None:
    both = settings_with('date: "12-25"', 'date: "12-25"\n    holiday: "New Year\'s Day"')
    (error,) = errors_for(write_content, {"settings.yaml": both})
    assert (error.code, error.line, error.column, error.field) == ("festival_day", 15, 5, "festivals[0]")


def test_folded_chinese_text_is_rejected(write_content: WriteContent) -> None:
    folded = rules_with(
        "    text: {zh: 客人离开时应道别。, en: Say goodbye when visitors leave.}\n",
        "    text:\n      zh: >-\n        客人离开时\n        应道别。\n      en: Say goodbye.\n",
    )
    (error,) = errors_for(write_content, {"farewell.yaml": folded})
    assert (error.code, error.field) == ("zh_spacing", "text.zh")


def test_messages_exist_in_both_languages(write_content: WriteContent) -> None:
    (error,) = errors_for(write_content, {"greeting.yaml": "\n"})
    assert error.format("en") == f"{error.path}:1:1: the file is empty"
    assert error.format("zh") == f"{error.path}:1:1: 文件为空"


def test_unreadable_file_does_not_cause_false_unknown_references(
    write_content: WriteContent,
) -> None:
    files = {
        "greeting.yaml": "category: greeting\nrules: a: b\n",
        "farewell.yaml": rules_with(
            "    when: [face_to_face]\n",
            "    when: [face_to_face]\n    see_also: [greeting.somewhere]\n",
        ),
    }
    assert [e.code for e in errors_for(write_content, files)] == ["yaml_syntax"]


def test_error_paths_use_the_directory_given(write_content: WriteContent, tmp_path: Path) -> None:
    (error,) = errors_for(write_content, {"greeting.yaml": ""})
    assert error.path == tmp_path / "content" / "greeting.yaml"
