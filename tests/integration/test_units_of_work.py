"""A busy database or a collision with another desk is one safe retry or a clear message, never a
traceback: on SQLite and PostgreSQL, from threads of one server."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from core.errors import DomainError, TryAgain
from desk.owners.tables import Owner, Unit
from services import build_services
from store.db import make_engine
from store.migrate import upgrade
from store.unit_of_work import guarded
from tests.integration.helpers import add_user, first_manager
from tests.integration.races import WAIT


def at_once(services, table: str, *works: Callable[[], Any]) -> list[tuple[str, Any]]:  # type: ignore[no-untyped-def]
    """Run each work in its own thread, all starting together, and collect the answers.

    On PostgreSQL each one also waits, at its first INSERT INTO `table`, until all have reached
    theirs: every one has looked and found nothing, so the unique index has to decide. (On SQLite one
    unit of work writes at a time: the others wait for its commit and then find its row.)
    """
    start, at_insert = threading.Barrier(len(works)), threading.Barrier(len(works))
    waited = threading.local()

    def hold_the_first_insert(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.startswith(f"INSERT INTO {table} (") and not getattr(waited, "done", False):
            waited.done = True
            at_insert.wait(WAIT)

    def one(work: Callable[[], Any]) -> tuple[str, Any]:
        start.wait(WAIT)
        try:
            return "ok", work()
        except DomainError as exc:
            return "refused", exc.key
        except Exception as exc:  # reported to the test, which fails on it
            return "error", repr(exc)

    forced = services.engine.dialect.name == "postgresql"
    if forced:
        event.listen(services.engine, "before_cursor_execute", hold_the_first_insert)
    try:
        with ThreadPoolExecutor(len(works)) as pool:
            return list(pool.map(one, works))
    finally:
        if forced:
            event.remove(services.engine, "before_cursor_execute", hold_the_first_insert)


@pytest.fixture
def desk(services):  # type: ignore[no-untyped-def]
    manager = first_manager(services)
    return manager, add_user(services, manager, "xiaoli", "staff"), min(manager.site_ids)


def test_two_desks_naming_the_same_new_unit_at_once_both_save_and_the_unit_exists_once(
    services, desk, caplog
):
    _, staff, site = desk

    def add(name: str) -> Callable[[], int]:
        return lambda: services.owner_records.add(staff, site, unit="5-1-101", name=name, relation="owner")

    with caplog.at_level(logging.INFO, logger="frontdesk.units_of_work"):
        answers = at_once(services, "units", add("李先生"), add("李太太"))
    assert [outcome for outcome, _ in answers] == ["ok", "ok"], answers
    with services.sessions() as session:
        units = session.scalars(select(Unit.id).where(Unit.code == "5-1-101")).all()
        owners = session.scalars(select(Owner.name).where(Owner.unit_id == units[0])).all()
    assert len(units) == 1 and sorted(owners) == sorted(["李先生", "李太太"])
    retries = [r for r in caplog.records if "running it once more" in r.getMessage()]
    # PostgreSQL: the unique index refused the second desk's unit, and its whole add ran again.
    assert len(retries) == (1 if services.engine.dialect.name == "postgresql" else 0)


def test_two_managers_creating_the_same_username_at_once_one_is_told_it_is_taken(services, desk):
    manager = desk[0]

    def create(display_name: str) -> Callable[[], Any]:
        return lambda: services.accounts.create_user(
            manager, username="xiaozhang", display_name=display_name, gender="female", role="staff",
            site_ids=[desk[2]], password="correct-horse-2",
        )  # fmt: skip

    answers = at_once(services, "users", create("张一"), create("张二"))
    assert sorted(outcome for outcome, _ in answers) == ["ok", "refused"], answers
    assert [key for outcome, key in answers if outcome == "refused"] == ["error.username_taken"]
    assert [u.username for u in services.accounts.list_users(manager)].count("xiaozhang") == 1


class UnitsByHand:
    """Units of work that insert without looking first, so the unique index refuses every time."""

    def __init__(self, sessions, site_id: int, clock) -> None:  # type: ignore[no-untyped-def]
        self.sessions, self.site_id, self.clock = sessions, site_id, clock
        self.attempts = 0

    def add(self, *codes: str) -> None:
        """One unit of work per code."""
        self.attempts += 1
        for code in codes:
            with self.sessions.begin() as session:
                session.add(Unit(site_id=self.site_id, code=code, created_at=self.clock()))


def unit_count(services, code: str) -> int:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalar(select(func.count()).where(Unit.code == code)) or 0


def test_a_collision_that_happens_again_on_the_retry_gives_the_clear_message(services, desk, clock):
    units = UnitsByHand(services.sessions, desk[2], clock)
    guarded(units).add("6-1-101")
    with pytest.raises(TryAgain) as refused:
        guarded(units).add("6-1-101")
    assert refused.value.key == "error.save_conflict"
    assert units.attempts == 3  # the first add, then the second one and its one retry
    assert unit_count(services, "6-1-101") == 1


def test_a_call_that_saved_a_part_before_its_collision_is_not_run_again(services, desk, clock):
    units = UnitsByHand(services.sessions, desk[2], clock)
    guarded(units).add("6-1-101")
    units.attempts = 0
    with pytest.raises(TryAgain) as refused:
        guarded(units).add("6-1-102", "6-1-101")  # 6-1-102 is committed before 6-1-101 collides
    assert refused.value.key == "error.save_conflict"
    assert units.attempts == 1
    assert unit_count(services, "6-1-102") == 1


@pytest.fixture
def configured(db_url, clock, monkeypatch):  # type: ignore[no-untyped-def]
    """configured(**env) -> services on an engine built with those DATABASE_* settings."""
    engines = []

    def build(**env: str):  # type: ignore[no-untyped-def]
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        engine = make_engine(db_url)
        engines.append(engine)
        upgrade(engine)
        return build_services(engine, clock)

    yield build
    for engine in engines:
        engine.dispose()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_write_lock_held_past_the_busy_timeout_gives_the_clear_message(configured, db_url):
    services = configured(DATABASE_BUSY_TIMEOUT="0")
    manager = first_manager(services)
    site = min(manager.site_ids)
    other_desk = sqlite3.connect(make_url(db_url).database, isolation_level=None)
    other_desk.execute("BEGIN IMMEDIATE")  # another desk's write, not finished in time
    try:
        with pytest.raises(TryAgain) as busy:
            services.owner_records.add(manager, site, unit="7-1-101", name="周先生", relation="owner")
        assert busy.value.key == "error.busy"
        assert services.owner_records.residents(manager, site) == []  # reading does not wait
    finally:
        other_desk.execute("ROLLBACK")
        other_desk.close()
    services.owner_records.add(manager, site, unit="7-1-101", name="周先生", relation="owner")
    assert [r.name for r in services.owner_records.residents(manager, site)] == ["周先生"]


def test_with_every_pooled_connection_in_use_a_desk_gets_the_clear_message(configured):
    services = configured(DATABASE_POOL_SIZE="1", DATABASE_MAX_OVERFLOW="0", DATABASE_POOL_TIMEOUT="0")
    manager = first_manager(services)
    site = min(manager.site_ids)
    with services.engine.connect():  # another session holds the only connection
        for use_case in (
            lambda: services.owner_records.residents(manager, site),
            lambda: services.owner_records.add(
                manager, site, unit="8-1-101", name="吴女士", relation="owner"
            ),
        ):
            with pytest.raises(TryAgain) as busy:
                use_case()
            assert busy.value.key == "error.busy"
    services.owner_records.add(manager, site, unit="8-1-101", name="吴女士", relation="owner")
    assert [r.name for r in services.owner_records.residents(manager, site)] == ["吴女士"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_fifty_sessions_at_once_each_get_a_connection_from_the_default_pool(db_url):
    # (On SQLite only: the shared PostgreSQL test server is kept for the other tests' connections;
    # tests/unit/test_pool_settings.py checks that a PostgreSQL engine gets the same pool.)
    engine = make_engine(db_url)
    upgrade(engine)
    everyone_holds_one = threading.Barrier(50)

    def session(_: int) -> bool:
        with engine.connect():
            everyone_holds_one.wait(WAIT)
        return True

    with ThreadPoolExecutor(50) as pool:
        assert all(pool.map(session, range(50)))
    engine.dispose()
