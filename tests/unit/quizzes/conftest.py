"""Fixtures: the shipped rulebook and quiz content, and a copy of the quiz content to spoil."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizzes.loader import default_content_dir, load_quiz_content
from quizzes.model import QuizContent
from rules.loader import default_rulebook
from rules.model import Rulebook


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return default_rulebook()


@pytest.fixture(scope="session")
def content(rulebook: Rulebook) -> QuizContent:
    return load_quiz_content(default_content_dir(), rulebook)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the shipped quiz content that a test may edit."""
    return Path(shutil.copytree(default_content_dir(), tmp_path / "quiz_content"))
