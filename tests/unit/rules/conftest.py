"""Fixtures: a minimal content dir to spoil, and a copy of the shipped content to edit."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from rules.loader import default_content_dir
from tests.unit.rules.minimal_content import MINIMAL_RULES, MINIMAL_SETTINGS, WriteContent


@pytest.fixture
def write_content(tmp_path: Path) -> WriteContent:
    """Write a content dir: the minimal files, with some replaced (None removes one) or added."""

    def write(files: Mapping[str, str | None]) -> Path:
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        merged = {"settings.yaml": MINIMAL_SETTINGS, "farewell.yaml": MINIMAL_RULES, **files}
        for name, text in merged.items():
            if text is not None:
                (content / name).write_text(text, encoding="utf-8")
        return content

    return write


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the shipped content that a test may edit."""
    return Path(shutil.copytree(default_content_dir(), tmp_path / "content"))
