"""Read-only views built from records: one dataclass field per attribute of the same name."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

ViewT = TypeVar("ViewT")


def view_of(cls: type[ViewT], source: Any, /, **given: Any) -> ViewT:
    """`cls` (a dataclass) with the fields in `given` as given and every other field copied from the
    attribute of the same name on `source`, so a view lists only what it works out or renames."""
    names = [f.name for f in fields(cls) if f.init]  # type: ignore[arg-type]
    unknown = given.keys() - set(names)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {sorted(unknown)}")
    return cls(**{name: given[name] if name in given else getattr(source, name) for name in names})


@dataclass(frozen=True)
class HistoryEntry:
    """A history row as shown: who (by name) did what when, with the fields it changed."""

    at: datetime
    actor_name: str | None
    action: str
    changes: dict[str, list[Any]]
    note: str | None
