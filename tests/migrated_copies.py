"""A migrated database for every integration test, without running the migrations for every test.

The migrations run once per test session into a template (a SQLite file, a PostgreSQL schema); each
test then gets a copy of it: SQLite's backup API copies the file, and for PostgreSQL `pg_dump` of the
template schema is replayed into the test's own schema. The copy is the migrations' own result, so the
tests still run on exactly the schema an upgrade makes (tests/integration/test_schema.py migrates for
real). Without pg_dump the PostgreSQL copy falls back to running the migrations.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from store.db import make_engine
from store.migrate import upgrade


def migrated_sqlite_template(folder: Path) -> Path:
    path = folder / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def copy_sqlite(template: Path, url: str) -> None:
    """The template's pages into the test's database file (its WAL included, through the backup API)."""
    target = make_url(url).database
    assert target, url
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()


class PgTemplate:
    """A migrated schema in the PostgreSQL test database, dumped once as SQL to replay per test."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.schema = f"tmpl_{uuid.uuid4().hex[:12]}"
        self.sql: str | None = None

    def build(self) -> None:
        admin = create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        admin.dispose()
        engine = make_engine(self._in(self.schema))
        upgrade(engine)
        engine.dispose()
        if shutil.which("pg_dump") is None:
            return
        libpq = make_url(self.base_url).set(drivername="postgresql").render_as_string(hide_password=False)
        dump = subprocess.run(
            ["pg_dump", "--dbname", libpq, "--schema", self.schema, "--no-owner", "--no-privileges",
             "--inserts", "--format", "plain"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        # The schema exists already (the test made it); the dump's session settings stay out.
        body = "\n".join(
            line
            for line in dump.splitlines()
            if not line.startswith(("CREATE SCHEMA", "SET ", "SELECT pg_catalog.set_config", "\\"))
        )
        self.sql = body

    def fill(self, url: str, schema: str) -> None:
        """Make `schema` (empty, reached by `url`) a migrated database."""
        if self.sql is None:
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            return
        sql = re.sub(rf"\b{self.schema}\b", schema, self.sql)
        engine = create_engine(self.base_url, poolclass=NullPool)
        raw = engine.raw_connection()
        try:  # the driver itself: several statements in one call, no parameter markers to parse
            raw.cursor().execute(sql)
            raw.commit()
        finally:
            raw.close()
        engine.dispose()

    def drop(self) -> None:
        admin = create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        admin.dispose()

    def _in(self, schema: str) -> str:
        sep = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{sep}options=-csearch_path%3D{schema}"
