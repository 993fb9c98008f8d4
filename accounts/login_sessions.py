"""Logins that survive a browser refresh.

The page cannot set an HttpOnly cookie itself, so login works in two steps: the page creates a
session with a one-time handoff code (valid one minute), the browser posts that code to the
`/auth/session` route, and the route swaps it for the long-lived token it puts in the cookie.
Only SHA-256 hashes of the code and the token are stored, and the token never reaches page script.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.tables import LoginSession, User
from store.clock import Clock, utcnow
from store.db import SessionFactory

SESSION_LIFETIME = timedelta(hours=12)
HANDOFF_LIFETIME = timedelta(minutes=1)
COOKIE_NAME = "fdc_session"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def end_logins(session: Session, user_id: int, now: datetime, *, keep: int | None = None) -> None:
    """End every open login of a user, in every browser, except `keep` (the one in use), inside the
    caller's unit of work: a password reset, password change, deactivation or role change."""
    stmt = update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    if keep is not None:
        stmt = stmt.where(LoginSession.id != keep)
    session.execute(stmt.values(revoked_at=now))


class LoginSessions:
    def __init__(self, sessions: SessionFactory, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def start(self, user_id: int) -> tuple[int, str]:
        """Open a session for a user who just logged in; returns (session id, handoff code)."""
        now = self._clock()
        code = secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            row = LoginSession(
                user_id=user_id,
                handoff_hash=_digest(code),
                handoff_expires_at=now + HANDOFF_LIFETIME,
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
            session.add(row)
            session.flush()
            return row.id, code

    def redeem(self, code: str) -> IssuedToken | None:
        """Swap a fresh, unused handoff code for the cookie token; None if the code is no good."""
        if not code:
            return None
        now = self._clock()
        token = secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            row = session.scalar(
                select(LoginSession).where(LoginSession.handoff_hash == _digest(code)).with_for_update()
            )
            if row is None or row.revoked_at is not None or row.handoff_expires_at is None:
                return None
            if now >= row.handoff_expires_at or now >= row.expires_at:
                return None
            row.handoff_hash, row.handoff_expires_at = None, None  # single use
            row.token_hash = _digest(token)
            return IssuedToken(token=token, expires_at=row.expires_at)

    def user_for_token(self, token: str | None) -> tuple[int, int] | None:
        """(session id, user id) for a live token of an active user, else None."""
        if not isinstance(token, str) or not token:
            return None
        now = self._clock()
        with self._sessions() as session:
            found = session.execute(
                select(LoginSession.id, LoginSession.user_id, LoginSession.expires_at)
                .join(User, User.id == LoginSession.user_id)
                .where(
                    LoginSession.token_hash == _digest(token),
                    LoginSession.revoked_at.is_(None),
                    User.active.is_(True),
                )
            ).first()
        if found is None or now >= found.expires_at:
            return None
        return found.id, found.user_id

    def is_live(self, session_id: int) -> bool:
        """Whether a login is still open; a page checks it on every run, so an ended login ends the
        open tab too, not only the cookie."""
        now = self._clock()
        with self._sessions() as session:
            row = session.get(LoginSession, session_id)
        return row is not None and row.revoked_at is None and now < row.expires_at

    def revoke_all(self, user_id: int) -> None:
        """Log out everywhere: every browser this account is logged in on."""
        with self._sessions.begin() as session:
            end_logins(session, user_id, self._clock())

    def revoke(self, session_id: int) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(LoginSession)
                .where(LoginSession.id == session_id, LoginSession.revoked_at.is_(None))
                .values(revoked_at=self._clock())
            )

    def revoke_token(self, token: str) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(LoginSession)
                .where(LoginSession.token_hash == _digest(token), LoginSession.revoked_at.is_(None))
                .values(revoked_at=self._clock())
            )
