"""The first run: the installation's first service centre and its first manager, and what every
accounts use case shares (the session factory, the clock, a user and their sites)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.sites import new_site
from accounts.tables import User, UserSite
from accounts.views import actor_of, new_user, user_fields
from core import passwords
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Role
from core.validation import (
    clean_display_name,
    clean_gender,
    clean_language,
    clean_site_name,
    clean_timezone,
    clean_username,
)
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory


class AccountsBase:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock = utcnow,
        departments: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._departments = departments  # the department ids a department account may belong to

    @staticmethod
    def _get_user(session: Session, user_id: int) -> User:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("error.user_not_found", user_id=user_id)
        return user

    @staticmethod
    def _site_ids(session: Session, user_id: int) -> set[int]:
        return set(session.scalars(select(UserSite.site_id).where(UserSite.user_id == user_id)))

    @staticmethod
    def _actor(user: User, site_ids: Iterable[int]) -> Actor:
        return actor_of(user, site_ids)


class FirstRun(AccountsBase):
    # first run -------------------------------------------------------------------------

    def needs_setup(self) -> bool:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(User)) == 0

    def setup_first_manager(
        self,
        *,
        site_name: str,
        timezone: str,
        username: str,
        display_name: str,
        gender: str,
        password: str,
        password_confirm: str,
        language: str = "zh",
    ) -> Actor:
        """Create the first site and its first manager. Refused once any user exists."""
        site_name = clean_site_name(site_name)
        timezone = clean_timezone(timezone)
        username = clean_username(username)
        display_name = clean_display_name(display_name)
        gender = clean_gender(gender)
        language = clean_language(language)
        passwords.check_policy(password)
        if password != password_confirm:
            raise ValidationFailed("error.password_mismatch", field="password_confirm")
        now = self._clock()
        with self._sessions.begin() as session:
            if session.scalar(select(func.count()).select_from(User)):
                raise PermissionDenied("error.setup_done")
            user = new_user(
                session,
                now,
                username=username,
                display_name=display_name,
                gender=gender,
                role=Role.MANAGER,
                password=password,
                language=language,
            )
            site = new_site(session, site_name, timezone, now, actor_id=user.id)
            session.add(UserSite(user_id=user.id, site_id=site.id))
            created = history.diff({}, user_fields(user, [site.id]))
            log = history.Recorder(session, user.id, now)
            log("user", user.id, "create", created, site_id=site.id, note="first-run setup")
            return self._actor(user, [site.id])
