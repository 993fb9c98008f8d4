"""Engine and session factory: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "frontdesk.db"

SessionFactory = sessionmaker[Session]

BUSY_TIMEOUT_MS = 15_000  # a writer waits this long for another desk's write to finish (default)
# Execution option naming how a SQLite transaction begins; see _sqlite_begin.
SQLITE_BEGIN = "sqlite_begin"


class DatabaseSettingInvalid(ArgumentError):
    """A DATABASE_* setting that is not a number in its range (shown where a bad DATABASE_URL is)."""


@dataclass(frozen=True)
class PoolSettings:
    """How many connections the engine keeps and opens, and how long a unit of work waits.

    Each browser session runs its page in its own thread and holds a connection only while a unit of
    work runs, so 50 sessions acting in the same instant need 50 connections: 10 kept open and up to
    40 more opened on demand (keep pool_size + max_overflow, per app process, below the server's
    max_connections). A session that finds all of them busy waits pool_timeout seconds, then gets
    "the database is busy" instead of a traceback. pre_ping tests a kept connection before use, so
    one the server or a firewall closed in the night is replaced, not handed to a desk.
    """

    pool_size: int = 10  # DATABASE_POOL_SIZE
    max_overflow: int = 40  # DATABASE_MAX_OVERFLOW
    pool_timeout: float = 10.0  # DATABASE_POOL_TIMEOUT, seconds
    pre_ping: bool = True  # DATABASE_POOL_PRE_PING (1/0, yes/no, true/false)
    busy_timeout: float = BUSY_TIMEOUT_MS / 1000  # DATABASE_BUSY_TIMEOUT, seconds (SQLite's write lock)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PoolSettings:
        env = os.environ if environ is None else environ
        return cls(
            pool_size=_number(env, "DATABASE_POOL_SIZE", int, cls.pool_size, least=1),
            max_overflow=_number(env, "DATABASE_MAX_OVERFLOW", int, cls.max_overflow, least=0),
            pool_timeout=_number(env, "DATABASE_POOL_TIMEOUT", float, cls.pool_timeout, least=0),
            pre_ping=_flag(env, "DATABASE_POOL_PRE_PING", cls.pre_ping),
            busy_timeout=_number(env, "DATABASE_BUSY_TIMEOUT", float, cls.busy_timeout, least=0),
        )


def _number(env: Mapping[str, str], name: str, kind: type, default: Any, *, least: float) -> Any:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < least or math.isnan(value):
        whole = "a whole number" if kind is int else "a number of seconds"
        raise DatabaseSettingInvalid(f"{name} must be {whole}, at least {least:g}; it is {raw!r}")
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise DatabaseSettingInvalid(f"{name} must be 1 or 0 (yes/no, true/false); it is {raw!r}")


def database_url() -> str:
    """DATABASE_URL if set, else the embedded SQLite file under data/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return normalize_url(url)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalize_url(url: str) -> str:
    """Plain postgresql:// URLs go through psycopg 3, the driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def safe_url(url: str) -> str:
    """The URL with any password hidden, fit for an error message."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str | None = None, settings: PoolSettings | None = None) -> Engine:
    """The engine for `url` (default: DATABASE_URL), its pool sized by `settings` (default: the
    DATABASE_POOL_* / DATABASE_BUSY_TIMEOUT environment, see PoolSettings)."""
    url = normalize_url(url) if url else database_url()
    settings = settings or PoolSettings.from_env()
    parsed = make_url(url)
    pool: dict[str, Any] = {
        "pool_size": settings.pool_size,
        "max_overflow": settings.max_overflow,
        "pool_timeout": settings.pool_timeout,
        "pool_pre_ping": settings.pre_ping,
    }
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, **pool)
    in_memory = not parsed.database or parsed.database == ":memory:"
    if not in_memory:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
    busy_ms = round(settings.busy_timeout * 1000)
    engine = create_engine(
        url, connect_args={"timeout": settings.busy_timeout}, **({} if in_memory else pool)
    )
    event.listen(engine, "connect", lambda dbapi, record: _sqlite_connect(dbapi, busy_ms))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, busy_ms: int) -> None:  # type: ignore[no-untyped-def]
    # pysqlite would begin a transaction only at the first INSERT/UPDATE, so a check (SELECT) and
    # the write that follows it ran in different transactions: two desks both passed the check.
    # With the driver's own BEGIN switched off, _sqlite_begin starts every transaction itself.
    dbapi_connection.isolation_level = None
    # WAL lets the desk page read while another session writes; busy_timeout waits for a lock
    # instead of failing; SQLite leaves foreign keys off unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock at the start, so a unit of work that checks and then writes
    # holds the lock from its check on (SQLite's answer to SELECT ... FOR UPDATE). Sessions that
    # only read ask for DEFERRED (see ReadWriteSession): they never wait for a writer under WAL.
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


class ReadWriteSession(Session):
    """A session that knows whether it writes: `sessions.begin()` (or `session.begin()`) is a
    unit of work that may write; a plain `sessions()` only reads. On SQLite a reader begins
    DEFERRED, so reading the desk list never queues behind a writer."""

    def __init__(self, *args: Any, read_bind: Engine | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_bind = read_bind
        self._writes = False

    def begin(self, nested: bool = False):  # type: ignore[no-untyped-def]
        self._writes = True
        return super().begin(nested)

    def get_bind(self, mapper=None, **kwargs):  # type: ignore[no-untyped-def]
        if self._read_bind is not None and not self._writes:
            return self._read_bind
        return super().get_bind(mapper, **kwargs)


def make_session_factory(engine: Engine) -> SessionFactory:
    # One read engine per factory (it shares the pool): the session keys its connections by bind.
    read_bind = None
    if engine.dialect.name == "sqlite":
        read_bind = engine.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
    return sessionmaker(engine, class_=ReadWriteSession, expire_on_commit=False, read_bind=read_bind)


@contextmanager
def one_transaction(engine: Engine) -> Iterator[SessionFactory]:
    """A session factory whose every unit of work is a savepoint inside one transaction on one
    connection: all of them are committed together when the block ends, or none (an exception, an
    interrupt or a killed process leaves the database as it was). On SQLite that transaction holds
    the write lock throughout: other writers wait (busy timeout), readers do not."""
    with engine.connect() as connection, connection.begin():
        yield sessionmaker(
            connection,
            class_=ReadWriteSession,
            expire_on_commit=False,
            join_transaction_mode="create_savepoint",
        )
