"""Read checklists/content/calls.yaml into CallSettings, or report every problem with file:line:column."""

from __future__ import annotations

from pathlib import Path

from checklists.calls.settings import CallSettings
from content.errors import ContentInvalid
from content.source import load_file
from content.watched import Watched

CALLS_FILE = "calls.yaml"


class CallSettingsInvalid(ContentInvalid):
    what = CALLS_FILE


def default_calls_path() -> Path:
    return Path(__file__).resolve().parent.parent / "content" / CALLS_FILE


def load_call_settings(path: Path) -> CallSettings:
    return load_file(path, CallSettings, CallSettingsInvalid)


# Read again only after the file changes; a failure is not kept: fix the file and run again.
default_call_settings = Watched(
    lambda: load_call_settings(default_calls_path()), lambda: (default_calls_path(),)
)
