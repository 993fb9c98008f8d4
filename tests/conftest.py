"""Shared fixtures: a real database per test (SQLite always, PostgreSQL when configured) and a fixed clock.

A PostgreSQL or browser test that cannot run is skipped with the reason, unless REQUIRE_PG=1 or
REQUIRE_E2E=1 is set (as CI does): then it fails, so a green run really covered both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import create_engine, text

from core import passwords
from services import Services, build_services
from store.db import make_engine, normalize_url
from tests.migrated_copies import PgTemplate, copy_sqlite, migrated_sqlite_template


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing() -> Iterator[None]:
    """Tests hash hundreds of passwords: argon2id still, at argon2-cffi's cheapest (testing) cost.
    The shipped parameters are asserted in tests/unit/test_passwords.py."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
        yield


def skip_or_fail(reason: str, required_by: str) -> None:
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{reason} (and {required_by}=1 forbids skipping)")
    pytest.skip(reason)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _schema_of(url: str) -> str:
    return url.rsplit("search_path%3D", 1)[1]


def _pg_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    return normalize_url(url) if url else None


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A throwaway schema in the PostgreSQL test database, dropped afterwards."""
    base = _pg_url()
    if base is None:
        skip_or_fail("TEST_DATABASE_URL is not set: PostgreSQL tests skipped", "REQUIRE_PG")
    assert base is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # any connection failure means the server is not usable here
        admin.dispose()
        skip_or_fail(f"PostgreSQL at TEST_DATABASE_URL is not reachable: {exc}", "REQUIRE_PG")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request) -> str:
    """Every integration test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def pg_template() -> Iterator[PgTemplate]:
    base = _pg_url()
    assert base is not None  # asked for only after pg_schema_url found the server
    template = PgTemplate(base)
    template.build()
    yield template
    template.drop()


@pytest.fixture
def services(request, db_url, clock) -> Iterator[Services]:
    """The services on a freshly migrated database (a copy of one migrated once per session)."""
    if db_url.startswith("sqlite"):
        copy_sqlite(request.getfixturevalue("sqlite_template"), db_url)
    else:
        request.getfixturevalue("pg_template").fill(db_url, _schema_of(db_url))
    engine = make_engine(db_url)  # the copy is at the newest version: no upgrade to run
    yield build_services(engine, clock)
    engine.dispose()
