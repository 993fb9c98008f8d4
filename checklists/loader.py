"""Read checklists/content/shifts.yaml into frozen ShiftSettings, or report every problem at once.

YAML reading and error positions come from content.source, so errors read `file:line:column: field: message`.
"""

from __future__ import annotations

from pathlib import Path

from checklists.settings import ShiftSettings
from content.errors import ContentError, make_error
from content.source import read_source, validate_model
from content.watched import Watched

SHIFTS_FILE = "shifts.yaml"


class ShiftSettingsInvalid(Exception):
    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in {SHIFTS_FILE}")


def default_shifts_path() -> Path:
    return Path(__file__).resolve().parent / "content" / SHIFTS_FILE


def load_shift_settings(path: Path) -> ShiftSettings:
    if not path.is_file():
        raise ShiftSettingsInvalid([make_error(path, 1, 1, "missing_file", fallback=f"{path} is missing")])
    source, errors = read_source(path)
    if errors or source.parsed is None:
        raise ShiftSettingsInvalid(errors)
    settings, errors = validate_model(ShiftSettings, source)
    if settings is not None:
        seen: set[str] = set()
        for index, shift in enumerate(settings.shifts):
            if shift.id in seen:
                errors.append(source.error(("shifts", index, "id"), "duplicate_value", {"value": shift.id}))
            seen.add(shift.id)
    if errors or settings is None:
        raise ShiftSettingsInvalid(sorted(errors, key=lambda e: (e.line, e.column)))
    return settings


# Read again only after the file changes; a failure is not kept: fix the file and reload the page.
default_shift_settings = Watched(
    lambda: load_shift_settings(default_shifts_path()), lambda: (default_shifts_path(),)
)
