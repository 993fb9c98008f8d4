"""Which database errors a desk worker is told to try again after, and which stay bugs."""

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from store.unit_of_work import Outcome, classify


class PgError(Exception):
    """What psycopg raises: the error's SQLSTATE on the exception."""

    def __init__(self, sqlstate: str, text: str = "") -> None:
        super().__init__(text)
        self.sqlstate = sqlstate


def sqlite_error(tmp_path, sql: str) -> sqlite3.Error:
    """A real error from SQLite, with its result codes."""
    path = tmp_path / "codes.db"
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("CREATE TABLE IF NOT EXISTS units (code TEXT UNIQUE)")
    first.execute("INSERT INTO units VALUES ('3-2-1201')")
    first.execute("BEGIN IMMEDIATE")
    second = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        (first if "INSERT" in sql else second).execute(sql)
    except sqlite3.Error as exc:
        return exc
    finally:
        first.close()
        second.close()
    raise AssertionError(f"{sql} did not fail")


def test_another_desks_write_lock_held_past_the_busy_timeout_is_busy(tmp_path):
    locked = sqlite_error(tmp_path, "BEGIN IMMEDIATE")
    assert classify(OperationalError("BEGIN IMMEDIATE", {}, locked)) is Outcome.BUSY


def test_a_unique_key_taken_in_sqlite_is_a_collision(tmp_path):
    taken = sqlite_error(tmp_path, "INSERT INTO units VALUES ('3-2-1201')")
    assert classify(IntegrityError("INSERT", {}, taken)) is Outcome.CONFLICT


def test_every_pooled_connection_in_use_past_the_pool_timeout_is_busy():
    assert classify(PoolTimeout("QueuePool limit of size 10 overflow 40 reached")) is Outcome.BUSY


@pytest.mark.parametrize(
    ("sqlstate", "outcome"),
    [
        ("23505", Outcome.CONFLICT),  # unique_violation
        ("40001", Outcome.CONFLICT),  # serialization_failure
        ("40P01", Outcome.CONFLICT),  # deadlock_detected
        ("53300", Outcome.BUSY),  # too_many_connections
        ("55P03", Outcome.BUSY),  # lock_not_available
        ("23503", None),  # foreign_key_violation: a bug, not a collision
        ("42P01", None),  # undefined_table: a bug
    ],
)
def test_postgresql_errors_by_their_sqlstate(sqlstate, outcome):
    assert classify(OperationalError("SELECT 1", {}, PgError(sqlstate))) is outcome


def test_a_server_that_refuses_more_clients_is_busy():
    refused = PgError("", "connection failed: FATAL:  sorry, too many clients already")
    assert classify(OperationalError(None, None, refused)) is Outcome.BUSY


def test_other_errors_stay_what_they_are(tmp_path):
    syntax = sqlite_error(tmp_path, "SELEC 1")
    assert classify(ProgrammingError("SELEC 1", {}, syntax)) is None
    assert classify(RuntimeError("a bug")) is None
