"""Backup and restore while desks keep working: every request committed before the backup began
comes back after a restore, on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from desk.requests.tables import Request
from store.__main__ import main
from store.backup import BackupFailed, backup, restore
from store.db import make_engine
from store.migrate import is_current
from tests.integration.helpers import add_user, desk_form, first_manager

PATIENCE = 120  # seconds to wait for the writer to get going; never reached on a sound machine


def _wait_for(condition) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "the writer did not get going"
        time.sleep(0.01)


@pytest.fixture
def tools(db_url):  # type: ignore[no-untyped-def]
    if make_url(db_url).get_backend_name() != "sqlite" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump / pg_restore are not installed here")


def test_a_backup_taken_while_desks_write_restores_every_committed_request(services, db_url, tools, tmp_path):
    manager = first_manager(services)
    staff = add_user(services, manager, "xiaoli", "staff")
    site = min(manager.site_ids)
    committed: list[int] = []
    stop = threading.Event()

    def desk_at_work() -> None:
        while not stop.is_set():
            committed.append(services.desk.intake(staff, desk_form(site)))

    writer = threading.Thread(target=desk_at_work)
    writer.start()
    try:
        _wait_for(lambda: len(committed) >= 30)
        before = set(committed)  # each of these was committed before the backup began
        backup(db_url, tmp_path / "desk.backup")
        _wait_for(lambda: len(committed) >= len(before) + 10)  # and the desks kept writing
    finally:
        stop.set()
        writer.join()
    services.engine.dispose()
    restore(db_url, tmp_path / "desk.backup")
    engine = make_engine(db_url)
    with engine.connect() as conn:
        restored = set(conn.scalars(select(Request.id)))
    assert before <= restored <= set(committed)
    assert len(restored) < len(committed)  # the restore really went back in time
    assert is_current(engine)
    engine.dispose()


def test_the_command_line_backs_up_and_restores(services, db_url, tools, tmp_path, monkeypatch, capsys):
    first_manager(services)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["backup", str(tmp_path / "b")]) == 0
    assert main(["restore", str(tmp_path / "b")]) == 0
    assert services.accounts.needs_setup() is False


def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_url, tmp_path):
    junk = tmp_path / "junk.db"
    sqlite3.connect(junk).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(BackupFailed, match="not a backup of this app"):
        restore(sqlite_url, junk)
    with pytest.raises(BackupFailed, match="no backup file"):
        restore(sqlite_url, tmp_path / "missing")


def test_without_pg_dump_the_backup_says_what_to_install(pg_url_without_tools, tmp_path):
    with pytest.raises(BackupFailed, match="pg_dump was not found: install the PostgreSQL client tools"):
        backup(pg_url_without_tools, tmp_path / "b")


@pytest.fixture
def pg_url_without_tools(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", "")
    return "postgresql://frontdesk@db.invalid/frontdesk"
