"""Read checklists/content/shifts.yaml into frozen ShiftSettings, or report every problem at once.

YAML reading and error positions come from content.source, so errors read `file:line:column: field: message`.
"""

from __future__ import annotations

from pathlib import Path

from checklists.settings import ShiftSettings
from content.errors import ContentError, ContentInvalid
from content.source import Source, duplicate_ids, load_file
from content.watched import Watched

SHIFTS_FILE = "shifts.yaml"


class ShiftSettingsInvalid(ContentInvalid):
    what = SHIFTS_FILE


def default_shifts_path() -> Path:
    return Path(__file__).resolve().parent / "content" / SHIFTS_FILE


def load_shift_settings(path: Path) -> ShiftSettings:
    return load_file(path, ShiftSettings, ShiftSettingsInvalid, _unique_shift_ids)


def _unique_shift_ids(settings: ShiftSettings, source: Source) -> list[ContentError]:
    return duplicate_ids([s.id for s in settings.shifts], source, "shifts", "duplicate_value")


# Read again only after the file changes; a failure is not kept: fix the file and reload the page.
default_shift_settings = Watched(
    lambda: load_shift_settings(default_shifts_path()), lambda: (default_shifts_path(),)
)
