"""The quizzes core stays pure: generation, grading, draws, scoring, analysis, scheduling and
certification import no UI, database or yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

import quizzes
from tests.unit.rules.test_architecture import imported_roots

PACKAGE = Path(quizzes.__file__).parent
PURE = [
    "model.py", "generate.py", "grading.py", "draw.py", "scoring.py", "analysis.py", "spacing.py",
    "certification.py", "drill.py", "checks.py", "coverage.py", "training_effect.py",
]  # fmt: skip


@pytest.mark.parametrize("name", PURE)
def test_the_pure_core_imports_neither_streamlit_sqlalchemy_nor_yaml(name):
    assert not imported_roots(PACKAGE / name) & {"streamlit", "sqlalchemy", "yaml"}


def test_no_quizzes_module_imports_streamlit_or_yaml():
    assert [p.name for p in PACKAGE.glob("*.py") if imported_roots(p) & {"streamlit", "yaml"}] == []
