"""Every use case a page, a command or a route calls runs through `guarded`: a busy database or a
collision with another desk becomes one safe retry or a clear message, never a traceback.

- A unique-key collision (two desks naming the same new unit at the same instant: the unique index
  lets one through), a PostgreSQL deadlock or serialization failure: the whole call is run once
  more, when nothing of it was committed yet (the failed unit of work was rolled back, so running
  it again is what the second desk would do by hand). The second run sees the other desk's row and
  goes on with it, or refuses in the service's own words (the username is taken ...). A collision
  again, or after a part of the call was already committed: TryAgain("error.save_conflict").
- SQLite's write lock still held by another writer after the busy timeout ("database is locked"),
  every pooled connection in use past the pool timeout, the server refusing more connections:
  TryAgain("error.busy") at once (waiting again would only double the wait).

Anything else passes unchanged (a bug stays a bug, with its incident id on the page).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from core.errors import TryAgain

LOG = logging.getLogger("frontdesk.units_of_work")
T = TypeVar("T")

# SQLite's primary result codes and the extended ones of a unique or primary key.
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CONSTRAINT = 5, 6, 19
_SQLITE_UNIQUE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
# PostgreSQL's SQLSTATEs: unique_violation; serialization_failure, deadlock_detected;
# too_many_connections, lock_not_available.
_PG_CONFLICT = {"23505", "40001", "40P01"}
_PG_BUSY = {"53300", "55P03"}


class Outcome(Enum):
    CONFLICT = "error.save_conflict"  # retried once when safe
    BUSY = "error.busy"


def classify(exc: BaseException) -> Outcome | None:
    """What a database error means for the desk worker, or None when it is not theirs to retry."""
    if isinstance(exc, PoolTimeout):
        return Outcome.BUSY
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in _PG_CONFLICT:
        return Outcome.CONFLICT
    if sqlstate in _PG_BUSY or "too many clients" in str(orig):
        return Outcome.BUSY
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        return None
    if code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return Outcome.BUSY
    if code & 0xFF == _SQLITE_CONSTRAINT and getattr(orig, "sqlite_errorname", "") in _SQLITE_UNIQUE:
        return Outcome.CONFLICT
    return None


@dataclass
class _Call:
    commits: int = 0  # transactions (or savepoints) committed since the outermost call began


_current: ContextVar[_Call | None] = ContextVar("unit_of_work_call", default=None)


def _committed(*_args: Any) -> None:
    call = _current.get()
    if call is not None:
        call.commits += 1


# Every engine's commits in this thread count against a retry, and so do released savepoints (the
# units of work of store.db.one_transaction; a savepoint inside a unit of work errs on the safe
# side: the message, no retry): a call that already saved a part is never run twice.
event.listen(Engine, "commit", _committed)
event.listen(Engine, "release_savepoint", _committed)


def run(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """work(*args, **kwargs), retried once after a collision when nothing of it was committed."""
    if _current.get() is not None:  # called from inside another use case: the outer one decides
        return work(*args, **kwargs)
    call = _Call()
    token = _current.set(call)
    try:
        for attempt in (1, 2):
            try:
                return work(*args, **kwargs)
            except (DBAPIError, PoolTimeout) as exc:
                outcome = classify(exc)
                if outcome is None:
                    raise
                name = getattr(work, "__qualname__", repr(work))
                if outcome is Outcome.CONFLICT and attempt == 1 and call.commits == 0:
                    LOG.info("%s collided with another desk, running it once more: %s", name, exc.orig)
                    continue
                LOG.warning("%s not saved (%s): %s", name, outcome.name, exc, exc_info=exc)
                raise TryAgain(outcome.value) from exc
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        _current.reset(token)


class _Guarded:
    """The service, with each public method run by `run`; everything else is the service's own."""

    __slots__ = ("_service",)

    def __init__(self, service: object) -> None:
        object.__setattr__(self, "_service", service)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._service, name)
        if name.startswith("_") or not callable(value):
            return value

        @functools.wraps(value)
        def use_case(*args: Any, **kwargs: Any) -> Any:
            return run(value, *args, **kwargs)

        return use_case

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._service, name, value)

    def __repr__(self) -> str:
        return f"guarded({self._service!r})"


def guarded(service: T) -> T:
    """`service` with each of its public methods a guarded use case (see the module's text)."""
    if isinstance(service, _Guarded):
        return service
    return cast(T, _Guarded(service))
