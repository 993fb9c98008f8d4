"""The rules package stays a pure core: no UI, no database, no yaml (content files are read by `content`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import rules

PACKAGE = Path(rules.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_rules_imports_neither_streamlit_nor_sqlalchemy(path: Path) -> None:
    assert not imported_roots(path) & {"streamlit", "sqlalchemy"}


def test_no_rules_module_reads_yaml_itself() -> None:
    assert [p.name for p in MODULES if "yaml" in imported_roots(p)] == []
