"""Backup and restore of the whole database: `python -m store backup FILE` / `restore FILE`.

SQLite goes through its online backup API, which copies a consistent snapshot while desks keep
writing. A plain copy of the file is not a backup: recent commits still sit in the -wal file
beside it. PostgreSQL goes through pg_dump / pg_restore (the client tools must be installed).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import URL, make_url

from store.db import normalize_url


class BackupFailed(Exception):
    """Backup or restore could not be done; the message says why, in plain words."""


def backup(url: str, target: Path) -> None:
    """Write a backup of the database at `url` to `target` (replaced only once complete)."""
    parsed = make_url(normalize_url(url))
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(parsed), partial)
    else:
        _run(_pg_tool("pg_dump"), "--format=custom", f"--file={partial}", *_pg_schema(parsed), parsed)
    os.replace(partial, target)


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the backup in `source`. Stop the app first."""
    parsed = make_url(normalize_url(url))
    source = Path(source)
    if not source.is_file():
        raise BackupFailed(f"no backup file at {source}")
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, Path(_sqlite_path(parsed)))
        return
    _run(
        _pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
        str(source), parsed, target_flag="--dbname",
    )  # fmt: skip


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_path(parsed: URL) -> str:
    if not parsed.database or parsed.database == ":memory:":
        raise BackupFailed("an in-memory database cannot be backed up")
    return parsed.database


def _sqlite_copy(source: str | Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        # The backup API copies page by page under SQLite's own locking, WAL content included.
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupFailed(f"SQLite backup failed: {exc}") from exc
    finally:
        dst.close()
        src.close()


def _check_sqlite_backup(source: Path) -> None:
    try:
        con = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            version = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise BackupFailed(f"{source} is not a backup of this app: {exc}") from exc
    if not ok or version is None:
        raise BackupFailed(f"{source} is not a backup of this app (damaged or incomplete)")


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupFailed(
            f"{name} was not found: install the PostgreSQL client tools (the same major version as the "
            "server, e.g. the postgresql-client package) and try again"
        )
    return path


def _pg_schema(parsed: URL) -> list[str]:
    """A URL that sets search_path (options=-csearch_path=x) names the app's schema: dump only that."""
    options = parsed.query.get("options", "")
    options = unquote(options if isinstance(options, str) else " ".join(options))
    for part in options.split():
        if part.startswith("-csearch_path="):
            return [f"--schema={part.split('=', 1)[1].split(',')[0]}"]
    return []


def _run(tool: str, *args: object, target_flag: str = "--dbname") -> None:
    *flags, parsed = args
    assert isinstance(parsed, URL)
    # The password goes through the environment, never the command line (visible to other users).
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    dsn = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run(
        [tool, *map(str, flags), f"{target_flag}={dsn}"], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BackupFailed(f"{Path(tool).name} failed: {done.stderr.strip()}")
