"""Content parsed once and kept until one of its files changes.

Every app process keeps its own copy of the parsed content; checking the files' sizes and modification
times at each use (a directory listing and a few `stat` calls, microseconds) lets every process pick up an
edit at its next page run, without a restart. A failed build is not kept: fix the file and reload.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T")
Signature = tuple[tuple[str, int, int], ...]


def files_signature(*places: Path) -> Signature:
    """What identifies the content's state: each YAML file of a directory (or the file itself) by name,
    size and modification time; a missing file or directory counts as having no files."""
    found: list[tuple[str, int, int]] = []
    for place in places:
        paths = sorted(place.glob("*.yaml")) if place.is_dir() else [place]
        for path in paths:
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


class Watched(Generic[T]):
    """`build()` once, again only when `places()` (re-read at each call, so a moved content directory
    counts as a change) show other files."""

    def __init__(self, build: Callable[[], T], places: Callable[[], tuple[Path, ...]]) -> None:
        self._build = build
        self._places = places
        self._lock = Lock()
        self._signature: Signature | None = None
        self._value: T | None = None

    def __call__(self) -> T:
        signature = files_signature(*self._places())
        with self._lock:  # one build at a time: page runs are threads of one process
            if signature != self._signature or self._value is None:
                self._value = self._build()
                self._signature = signature
            return self._value

    def clear(self) -> None:
        with self._lock:
            self._signature, self._value = None, None
