"""Read checklists/content/calls.yaml into CallSettings, or report every problem with file:line:column."""

from __future__ import annotations

from pathlib import Path

from checklists.calls.settings import CallSettings
from content.errors import ContentError, make_error
from content.source import read_source, validate_model
from content.watched import Watched

CALLS_FILE = "calls.yaml"


class CallSettingsInvalid(Exception):
    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} error(s) in {CALLS_FILE}")


def default_calls_path() -> Path:
    return Path(__file__).resolve().parent.parent / "content" / CALLS_FILE


def load_call_settings(path: Path) -> CallSettings:
    if not path.is_file():
        raise CallSettingsInvalid([make_error(path, 1, 1, "missing_file", fallback=f"{path} is missing")])
    source, errors = read_source(path)
    if errors or source.parsed is None:
        raise CallSettingsInvalid(errors)
    settings, errors = validate_model(CallSettings, source)
    if errors or settings is None:
        raise CallSettingsInvalid(sorted(errors, key=lambda e: (e.line, e.column)))
    return settings


# Read again only after the file changes; a failure is not kept: fix the file and run again.
default_call_settings = Watched(
    lambda: load_call_settings(default_calls_path()), lambda: (default_calls_path(),)
)
