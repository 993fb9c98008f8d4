"""The migrations build exactly the schema the models describe, on both databases."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from accounts.tables import Site
from store.db import BUSY_TIMEOUT_MS, make_engine, make_session_factory
from store.migrate import is_current, upgrade
from store.migrations.registry import metadata


def test_migrations_match_the_models(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    assert is_current(engine)
    upgrade(engine)  # running again at the next start is harmless
    engine.dispose()


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(sqlite_url):
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_on_sqlite_a_unit_of_work_holds_the_write_lock_from_its_start_and_readers_do_not_wait(sqlite_url):
    engine = make_engine(sqlite_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    other_desk = sqlite3.connect(make_url(sqlite_url).database, timeout=0, isolation_level=None)
    with sessions.begin() as writer:
        writer.scalar(select(func.count()).select_from(Site))  # the check before a write
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_desk.execute("BEGIN IMMEDIATE")
        with sessions() as reader:
            assert reader.scalar(select(func.count()).select_from(Site)) == 0
    other_desk.execute("BEGIN IMMEDIATE")
    other_desk.execute("ROLLBACK")
    other_desk.close()
    engine.dispose()


# Runs `upgrade` in a process that is killed (SIGKILL: no rollback, no clean-up) at the second
# table of migration 0003, after its first table was made.
_KILLED_UPGRADE = """
import os, signal, sys
from sqlalchemy import event
from store.db import make_engine
from store.migrate import upgrade

engine = make_engine(sys.argv[1])

@event.listens_for(engine, "before_cursor_execute")
def _kill(conn, cursor, statement, *args):
    if "CREATE TABLE shift_roster" in statement.replace('"', ''):
        os.kill(os.getpid(), signal.SIGKILL)

upgrade(engine)
"""


def test_an_upgrade_killed_half_way_keeps_the_last_version_and_the_next_start_resumes(db_url):
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _KILLED_UPGRADE, db_url], cwd=root, capture_output=True)
    assert done.returncode == -9, done.stderr.decode()
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0002"
        tables = set(inspect(conn).get_table_names())
    assert "requests" in " ".join(tables)  # 0002 is there
    assert "shift_checks" not in tables  # nothing half-made of 0003
    upgrade(engine)
    assert is_current(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    engine.dispose()
