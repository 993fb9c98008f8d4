"""The move-in checklist and the special-service price list: the shipped files validate; mistakes are
reported with file:line:column."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from desk.renovation.content_loader import (
    FILES,
    RegistersContentInvalid,
    default_content_dir,
    load_registers_content,
)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    target.mkdir()
    for name, _ in FILES.values():
        shutil.copy(default_content_dir() / name, target / name)
    return target


def errors_of(directory: Path) -> list[str]:
    with pytest.raises(RegistersContentInvalid) as err:
        load_registers_content(directory)
    return [e.format("en") for e in err.value.errors]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(
        i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text
    )


def test_the_shipped_move_in_checklist_and_price_list_validate():
    content = load_registers_content(default_content_dir())
    assert any(e.required for e in content.movein.items)
    assert any(not e.required for e in content.movein.items)
    assert content.entry("document", "quality_guarantee") is not None
    assert content.service("housekeeping_hourly").price == Decimal("50.00")
    assert all(s.zh and s.en and s.unit_zh and s.unit_en for s in content.services)


def only_error_after(path: Path, old: str, new: str) -> tuple[str, str]:
    """One edit of a content file, which must give exactly one error: that error, and `file:line:` of the
    edited line, where the error must point."""
    replace(path, old, new)
    [error] = errors_of(path.parent)
    return error, f"{path}:{line_of(path, new.strip())}:"


def test_a_price_written_as_a_bare_decimal_is_refused_so_money_stays_exact(content_copy):
    error, edited = only_error_after(content_copy / "special_services.yaml", 'price: "50.00"', "price: 49.9")
    assert error.startswith(edited)
    assert 'services[0].price: write the price in quotes, e.g. "49.90"' in error


def test_an_unknown_field_is_reported_at_its_key(content_copy):
    error, edited = only_error_after(
        content_copy / "movein.yaml", "    required: false\n", "    optional: true\n"
    )
    assert error.startswith(f"{edited}5:")
    assert "unknown field 'optional'" in error


def test_a_duplicate_item_id_and_a_missing_file_are_both_reported(content_copy):
    replace(content_copy / "movein.yaml", "id: plumbing_checked", "id: house_inspected")
    (content_copy / "special_services.yaml").unlink()
    errors = errors_of(content_copy)
    assert any("movein.yaml:" in e and "'house_inspected' is listed twice" in e for e in errors)
    assert any("special_services.yaml:1:1: special_services.yaml is missing" in e for e in errors)


def test_errors_read_in_chinese_too(content_copy):
    replace(content_copy / "special_services.yaml", 'price: "8.00"', "price: 8.5")
    with pytest.raises(RegistersContentInvalid) as err:
        load_registers_content(content_copy)
    assert "价格请加引号" in err.value.errors[0].format("zh")
