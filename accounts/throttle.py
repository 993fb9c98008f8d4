"""The login throttle's rows: one per username and per client address, locked while a login is decided.

The waits themselves are decided in core/lockout.py (pure, the clock passed in).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from accounts.tables import LoginThrottle
from core import lockout


def throttle_key(kind: str, value: str) -> str:
    return f"{kind}:{value[:100]}"


def throttle_rows(session: Session, keys: Iterable[str]) -> dict[str, LoginThrottle]:
    """The throttle rows of these keys, created if missing and locked for this unit of work."""
    keys = sorted(keys)  # always the same order, so two logins never wait on each other in a circle
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for key in keys:
        session.execute(insert(LoginThrottle).values(key=key, failures=0).on_conflict_do_nothing())
    found = session.scalars(
        select(LoginThrottle).where(LoginThrottle.key.in_(keys)).order_by(LoginThrottle.key).with_for_update()
    )
    return {row.key: row for row in found}


def waiting_usernames(session: Session, usernames: Iterable[str], now: datetime) -> set[str]:
    """Which of these usernames must wait before their next login try."""
    keys = {throttle_key("user", name): name for name in usernames}
    rows = session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    policy = lockout.PER_USERNAME
    current = {r.key: lockout.current(throttle_state(r), now, policy) for r in rows}
    return {keys[k] for k, state in current.items() if lockout.wait_seconds(state, now)}


def throttle_state(row: LoginThrottle) -> lockout.Throttle:
    return lockout.Throttle(row.failures, row.last_failure_at, row.blocked_until)


def store_throttle(row: LoginThrottle, state: lockout.Throttle) -> None:
    row.failures, row.last_failure_at, row.blocked_until = (
        state.failures,
        state.last_failure,
        state.blocked_until,
    )
