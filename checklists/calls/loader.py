"""Read checklists/content/calls.yaml into CallSettings, or report every problem with file:line:column."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checklists.calls.settings import CallSettings
from content.errors import ContentError, make_error
from content.source import read_source, validate_model

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


@lru_cache(maxsize=4)
def _cached(path: Path) -> CallSettings:
    return load_call_settings(path)


def default_call_settings() -> CallSettings:
    """Read once per process (a failure is not cached: fix the file and run again)."""
    return _cached(default_calls_path())
