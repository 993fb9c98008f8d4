"""Engine and session factory: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "frontdesk.db"

SessionFactory = sessionmaker[Session]

BUSY_TIMEOUT_MS = 15_000  # a writer waits this long for another desk's write to finish
# Execution option naming how a SQLite transaction begins; see _sqlite_begin.
SQLITE_BEGIN = "sqlite_begin"


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


def make_engine(url: str | None = None) -> Engine:
    url = normalize_url(url) if url else database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # pysqlite would begin a transaction only at the first INSERT/UPDATE, so a check (SELECT) and
    # the write that follows it ran in different transactions: two desks both passed the check.
    # With the driver's own BEGIN switched off, _sqlite_begin starts every transaction itself.
    dbapi_connection.isolation_level = None
    # WAL lets the desk page read while another session writes; busy_timeout waits for a lock
    # instead of failing; SQLite leaves foreign keys off unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
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
