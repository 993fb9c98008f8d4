"""shifts.yaml: the shipped file is valid; mistakes are reported as file:line:column: field: message."""

from pathlib import Path

import pytest

from checklists.loader import ShiftSettingsInvalid, default_shifts_path, load_shift_settings

GOOD = """\
grace_minutes: 15
opens_minutes_before: 60
closes_minutes_after_end: 120
pass_mark: 80
weights: {critical: 3, major: 2, minor: 1}
shifts:
  - id: morning
    name: {zh: 早班, en: Morning shift}
    start: "07:00"
    end: "15:00"
  - id: night
    name: {zh: 晚班, en: Night shift}
    start: "23:00"
    end: "07:00"
"""


def errors_for(tmp_path: Path, text: str, lang: str = "en") -> list[str]:
    path = tmp_path / "shifts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ShiftSettingsInvalid) as err:
        load_shift_settings(path)
    return [e.format(lang).replace(str(path), "shifts.yaml") for e in err.value.errors]


def test_the_shipped_shifts_are_valid_and_include_one_across_midnight():
    settings = load_shift_settings(default_shifts_path())
    assert [s.name.zh for s in settings.shifts] == ["早班", "中班", "晚班"]
    assert any(s.crosses_midnight for s in settings.shifts)
    assert settings.weights.of("critical") > settings.weights.of("major") > settings.weights.of("minor")
    assert 0 < settings.pass_mark <= 100


def test_a_valid_file_loads(tmp_path):
    path = tmp_path / "shifts.yaml"
    path.write_text(GOOD, encoding="utf-8")
    settings = load_shift_settings(path)
    assert settings.shift("night").crosses_midnight
    assert settings.shift("nope") is None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('end: "15:00"', "end: 15:00", "shifts.yaml:10:10: shifts[0].end: '15:00' is not a time of day"),
        ("pass_mark: 80", "pass_mark: 180", "shifts.yaml:4:12: pass_mark: "),
        (
            "grace_minutes: 15\n",
            "grace_minutes: 15\ncolour: red\n",
            "shifts.yaml:2:1: colour: unknown field 'colour'",
        ),
        ("id: night", "id: morning", "shifts.yaml:11:9: shifts[1].id: 'morning' is listed twice"),
        (
            'end: "15:00"',
            'end: "07:00"',
            "shifts.yaml:7:5: shifts[0]: a shift cannot start and end at the same",
        ),
        (
            "weights: {critical: 3, major: 2, minor: 1}",
            "weights: {critical: 3, major: 2}",
            "shifts.yaml:5:10: weights.minor: required field 'minor' is missing",
        ),
    ],
)
def test_mistakes_are_reported_with_file_line_column_and_field(tmp_path, old, new, expected):
    assert old in GOOD
    found = errors_for(tmp_path, GOOD.replace(old, new, 1))
    assert any(e.startswith(expected) for e in found), found


def test_errors_can_be_read_in_chinese(tmp_path):
    found = errors_for(
        tmp_path, GOOD.replace("grace_minutes: 15\n", "grace_minutes: 15\ncolour: red\n"), "zh"
    )
    assert found == ["shifts.yaml:2:1: colour: 未知字段“colour”"]


def test_a_missing_file_is_reported_not_raised_as_a_traceback(tmp_path):
    with pytest.raises(ShiftSettingsInvalid):
        load_shift_settings(tmp_path / "nope.yaml")
