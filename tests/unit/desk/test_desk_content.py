"""The desk's YAML content: the shipped files validate; mistakes are reported with file:line."""

import shutil
from pathlib import Path

import pytest

from desk.content_loader import DeskContentInvalid, default_content_dir, load_desk_content
from desk.requests.intake import IntakeForm, clean_intake
from desk.requests.workflow import Kind
from rules.loader import default_rulebook


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


def test_shipped_desk_content_validates_and_names_only_existing_rules():
    content = load_desk_content(default_content_dir(), frozenset(default_rulebook().by_id))
    assert {d.id for d in content.departments} >= {"engineering", "cleaning", "security", "area_manager"}
    for kind in Kind:
        assert content.categories_for(kind), kind
    assert content.category("service_attitude").rule_ids


def test_every_kind_and_urgency_has_a_time_limit():
    content = load_desk_content(default_content_dir())
    assert content.limit(Kind.REPAIR, "urgent").respond_minutes == 30
    assert content.limit(Kind.COMPLAINT, "normal").resolve_minutes == 48 * 60


def errors_of(directory: Path, rule_ids=None) -> list[str]:
    with pytest.raises(DeskContentInvalid) as err:
        load_desk_content(directory, rule_ids)
    return [e.format("en") for e in err.value.errors]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_department_is_reported_at_its_line(content_copy):
    replace(content_copy / "categories.yaml", "department: cleaning", "department: plumbing")
    [error] = errors_of(content_copy)
    lines = (content_copy / "categories.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "plumbing" in text)
    assert error.startswith(f"{content_copy / 'categories.yaml'}:{line}:")
    assert "unknown department 'plumbing'" in error


def test_a_reference_to_a_rule_that_does_not_exist_is_reported(content_copy):
    replace(content_copy / "categories.yaml", "- farewell.see_off", "- farewell.wave_goodbye")
    [error] = errors_of(content_copy, frozenset(default_rulebook().by_id))
    assert "categories.yaml:" in error
    assert "unknown rule id 'farewell.wave_goodbye'" in error


def test_an_unknown_key_and_a_missing_limit_are_both_reported(content_copy):
    replace(content_copy / "sla.yaml", "    urgent: {respond: null, resolve: 60, warn: 15}\n", "")
    replace(content_copy / "kpi.yaml", "  callback_rate: 0.6", "  callback_rate: 0.6\n  happiness_rate: 0.9")
    errors = errors_of(content_copy)
    assert any("sla.yaml:" in e and "no time limit for inquiry / urgent" in e for e in errors)
    assert any("kpi.yaml:" in e and "unknown rate 'happiness_rate'" in e for e in errors)


def test_a_missing_file_is_reported(content_copy):
    (content_copy / "departments.yaml").unlink()
    errors = errors_of(content_copy)
    assert any("departments.yaml:1:1: departments.yaml is missing" in e for e in errors)


def form(**changes) -> IntakeForm:
    values = dict(
        site_id=1, kind="repair", unit="3-2-1201", contact_name="李先生", contact_phone="13812345678",
        channel="phone", category="water_electric", urgency="normal", content="厨房水管漏水",
    )  # fmt: skip
    values.update(changes)
    return IntakeForm(**values)


@pytest.mark.parametrize(
    ("changes", "key", "field"),
    [
        ({"unit": "  "}, "desk.error.unit_required", "unit"),
        ({"contact_name": ""}, "desk.error.contact_name_required", "contact_name"),
        ({"contact_phone": "123"}, "desk.error.phone_invalid", "contact_phone"),
        ({"content": " "}, "desk.error.content_required", "content"),
        ({"category": "service_attitude"}, "desk.error.category_invalid", "category"),
        ({"kind": "praise"}, "desk.error.choice_invalid", "kind"),
        ({"answered_on_spot": True}, "desk.error.on_spot_inquiry_only", "answered_on_spot"),
        ({"kind": "complaint", "department": "engineering"}, "desk.error.dispatch_repair_only", "department"),
        ({"department": "kitchen"}, "desk.error.department_invalid", "department"),
    ],
)
def test_intake_refuses_incomplete_or_contradictory_forms(changes, key, field):
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        clean_intake(form(**changes), load_desk_content(default_content_dir()))
    assert (err.value.key, err.value.field) == (key, field)


def test_full_width_unit_numbers_are_normalised():
    clean = clean_intake(form(unit="３－２－１２０１"), load_desk_content(default_content_dir()))
    assert clean.unit == "3-2-1201"
