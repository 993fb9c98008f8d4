"""The house keeps its floors: imports run downwards only (README "Architecture").

Floors, bottom up: core, content, i18n -> store -> accounts -> rules -> checklists, quizzes, desk ->
dashboards -> services (the composition root) -> demo -> ui, app_pages, app, serve, web_routes.
A package's `cli.py` and `__main__.py` are shells like the pages: they may use the composition root.
"""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS: dict[str, int] = {
    "core": 0, "content": 0, "i18n": 0,
    "store": 1,
    "accounts": 2,
    "rules": 3,
    "checklists": 4, "quizzes": 4, "desk": 4,
    "dashboards": 5,
    "services": 6,
    "demo": 7,
    "ui": 8, "app_pages": 8, "app": 8, "serve": 8, "web_routes": 8,
}  # fmt: skip
SHELLS = {"cli.py", "__main__.py"}
# The one module under store/ that gathers every domain's tables, so Alembic sees the whole schema.
MIGRATION_REGISTRY = "store/migrations/registry.py"


@cache
def source_files() -> tuple[str, ...]:
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return tuple(f for f in listed if not f.startswith("tests/") and (ROOT / f).exists())


def imported_modules(path: str) -> Iterator[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def package_of(path: str) -> str:
    return path.split("/")[0].removesuffix(".py")


def floor_of(path: str) -> int:
    if Path(path).name in SHELLS:
        return FLOORS["ui"]
    return FLOORS[package_of(path)]


def test_every_top_level_package_has_a_floor() -> None:
    assert {package_of(f) for f in source_files()} - FLOORS.keys() == set()


def test_imports_run_downwards_only() -> None:
    upward = []
    for path in source_files():
        if path == MIGRATION_REGISTRY:
            continue
        for module in imported_modules(path):
            root = module.split(".")[0]
            if root in FLOORS and root != package_of(path) and FLOORS[root] > floor_of(path):
                upward.append(f"{path} imports {module}")
    assert upward == []


def test_the_data_layer_imports_no_domain() -> None:
    store_files = [f for f in source_files() if f.startswith("store/") and f != MIGRATION_REGISTRY]
    reached = {
        f"{path}: {module}"
        for path in store_files
        for module in imported_modules(path)
        if module.split(".")[0] in FLOORS and FLOORS[module.split(".")[0]] > FLOORS["store"]
    }
    assert reached == set()


def test_nothing_imports_a_page() -> None:
    # Pages are scripts run by st.navigation; their folders may hold widget modules the pages share.
    pages = {
        f.removesuffix(".py").replace("/", ".")
        for f in source_files()
        if f.startswith("app_pages/") and not f.endswith("_widgets.py")
    }
    assert [f"{p} imports {m}" for p in source_files() for m in imported_modules(p) if m in pages] == []


@pytest.mark.parametrize("package", ["core", "content", "rules"])
def test_the_lowest_floors_import_no_ui_and_no_database(package: str) -> None:
    offenders = [
        f"{path}: {module}"
        for path in source_files()
        if package_of(path) == package and Path(path).name not in SHELLS
        for module in imported_modules(path)
        if module.split(".")[0] in {"streamlit", "sqlalchemy"}
    ]
    assert offenders == []


# Generated, vendored and migration files are left out: a migration is a frozen record, not code to grow.
MAX_LINES = 400


def test_no_source_file_outgrows_one_use_case() -> None:
    long = {
        path: lines
        for path in source_files()
        if "/migrations/" not in path
        and (lines := len((ROOT / path).read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def module_of(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def imported_targets(path: str, modules: set[str]) -> set[str]:
    """The project modules a file imports: `from pkg import mod` names mod, not pkg's __init__."""
    targets: set[str] = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                targets.add(submodule if submodule in modules else node.module)
    return targets & modules


def test_no_import_circle() -> None:
    modules = {module_of(p): p for p in source_files()}
    graph = {name: imported_targets(path, modules.keys() - {name}) for name, path in modules.items()}
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert circles == []
