"""The checklists core stays pure: scoring, shift times and action states import no UI, database or yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

import checklists
from tests.unit.rules.test_architecture import imported_roots

PACKAGE = Path(checklists.__file__).parent
PURE = ["settings.py", "shifts.py", "scoring.py", "actions.py"]


@pytest.mark.parametrize("name", PURE)
def test_the_pure_core_imports_neither_streamlit_sqlalchemy_nor_yaml(name):
    assert not imported_roots(PACKAGE / name) & {"streamlit", "sqlalchemy", "yaml"}


def test_no_checklists_module_imports_streamlit():
    assert [p.name for p in PACKAGE.glob("*.py") if "streamlit" in imported_roots(p)] == []
