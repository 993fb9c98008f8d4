"""Read-only views built from records: one dataclass field per attribute of the same name."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

ViewT = TypeVar("ViewT")


@cache
def _field_names(cls: type) -> tuple[str, frozenset[str]]:
    names = tuple(f.name for f in fields(cls) if f.init)
    return names, frozenset(names)


def view_of(cls: type[ViewT], source: Any, /, **given: Any) -> ViewT:
    """`cls` (a dataclass) with the fields in `given` as given and every other field copied from the
    attribute of the same name on `source`, so a view lists only what it works out or renames."""
    names, known = _field_names(cls)  # a list page builds hundreds of views: read the fields once
    if not given.keys() <= known:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(given.keys() - known)}")
    return cls(**{name: given[name] if name in given else getattr(source, name) for name in names})


@dataclass(frozen=True)
class HistoryEntry:
    """A history row as shown: who (by name) did what when, with the fields it changed."""

    at: datetime
    actor_name: str | None
    action: str
    changes: dict[str, list[Any]]
    note: str | None
