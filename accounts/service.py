"""Accounts service: first-run setup, login with lockout, and account management by managers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.tables import Site, User, UserSite
from core import lockout, passwords
from core.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, Role, require, require_site
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
from store.tables import HistoryRow


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    gender: str
    role: Role
    active: bool
    language: str
    site_ids: frozenset[int]
    locked: bool
    department: str | None = None


def _user_fields(user: User, site_ids: Iterable[int]) -> dict[str, object]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "gender": user.gender,
        "role": user.role,
        "active": user.active,
        "language": user.language,
        "site_ids": sorted(site_ids),
    } | ({"department": user.department} if user.department else {})


def _clean_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError as exc:
        raise ValidationFailed("error.role_invalid", field="role") from exc


class AccountService:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock = utcnow,
        departments: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._departments = departments  # the department ids a department account may belong to

    def _clean_department(self, role: Role, department: str | None) -> str | None:
        """A department account names its department; every other role has none."""
        if role is not Role.DEPARTMENT:
            return None
        if not department or department not in set(self._departments()):
            raise ValidationFailed("error.department_required", field="department")
        return department

    # --- first run -------------------------------------------------------------------------

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
            site = Site(name=site_name, timezone=timezone, active=True, created_at=now)
            session.add(site)
            user = User(
                username=username,
                display_name=display_name,
                gender=gender,
                role=Role.MANAGER.value,
                active=True,
                password_hash=passwords.hash_password(password),
                language=language,
                failed_logins=0,
                created_at=now,
            )
            session.add(user)
            session.flush()
            session.add(UserSite(user_id=user.id, site_id=site.id))
            history.record(
                session,
                at=now,
                actor_id=user.id,
                entity="site",
                entity_id=site.id,
                action="create",
                site_id=site.id,
                changes=history.diff({}, {"name": site_name, "timezone": timezone}),
            )
            history.record(
                session,
                at=now,
                actor_id=user.id,
                entity="user",
                entity_id=user.id,
                action="create",
                site_id=site.id,
                changes=history.diff({}, _user_fields(user, [site.id])),
                note="first-run setup",
            )
            return self._actor(user, [site.id])

    # --- login -----------------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> Actor:
        """Check credentials. Unknown users and wrong passwords get the same message."""
        name = (username or "").strip().lower()
        if not name or not password:
            raise ValidationFailed("error.login_empty", field="username" if not name else "password")
        now = self._clock()
        refusal: AuthenticationFailed | None = None
        with self._sessions.begin() as session:
            user = session.scalar(select(User).where(User.username == name).with_for_update())
            if user is None:
                # Hash anyway so response time does not reveal which usernames exist.
                passwords.verify_password(_DUMMY_HASH, password)
                raise AuthenticationFailed("error.login_wrong")
            state = lockout.LockState(user.failed_logins, user.locked_until)
            if lockout.is_locked(state, now):
                raise AuthenticationFailed("error.login_locked", minutes=lockout.minutes_left(state, now))
            if not passwords.verify_password(user.password_hash, password):
                # The failure count must be committed, so the refusal is raised after the commit.
                refusal = self._count_failure(session, user, state, now)
            elif not user.active:
                raise AuthenticationFailed("error.login_inactive")
            else:
                ok = lockout.after_success()
                user.failed_logins, user.locked_until = ok.failed_count, ok.locked_until
                if passwords.needs_rehash(user.password_hash):
                    user.password_hash = passwords.hash_password(password)
                actor = self._actor(user, self._site_ids(session, user.id))
        if refusal is not None:
            raise refusal
        return actor

    @staticmethod
    def _count_failure(
        session: Session, user: User, state: lockout.LockState, now: datetime
    ) -> AuthenticationFailed:
        new_state = lockout.after_failure(state, now)
        user.failed_logins, user.locked_until = new_state.failed_count, new_state.locked_until
        if lockout.is_locked(new_state, now):
            history.record(
                session,
                at=now,
                actor_id=None,
                entity="user",
                entity_id=user.id,
                action="lock",
                note=f"{new_state.failed_count} wrong passwords",
            )
            return AuthenticationFailed(
                "error.login_locked_now",
                minutes=lockout.minutes_left(new_state, now),
                max=lockout.MAX_FAILURES,
            )
        return AuthenticationFailed(
            "error.login_wrong_left", left=lockout.MAX_FAILURES - new_state.failed_count
        )

    def actor_for_user(self, user_id: int) -> Actor | None:
        """The current snapshot of an active user, re-read so role changes apply at once."""
        with self._sessions() as session:
            user = session.get(User, user_id)
            if user is None or not user.active:
                return None
            return self._actor(user, self._site_ids(session, user.id))

    # --- the user's own settings -----------------------------------------------------------

    def set_language(self, actor: Actor, language: str) -> Actor:
        language = clean_language(language)
        with self._sessions.begin() as session:
            user = self._get_user(session, actor.user_id)
            if user.language != language:
                history.record(
                    session,
                    at=self._clock(),
                    actor_id=actor.user_id,
                    entity="user",
                    entity_id=user.id,
                    action="update",
                    changes=history.diff({"language": user.language}, {"language": language}),
                )
                user.language = language
            return self._actor(user, self._site_ids(session, user.id))

    def change_own_password(self, actor: Actor, current: str, new: str, confirm: str) -> None:
        passwords.check_policy(new, field="new_password")
        if new != confirm:
            raise ValidationFailed("error.password_mismatch", field="password_confirm")
        with self._sessions.begin() as session:
            user = self._get_user(session, actor.user_id)
            if not passwords.verify_password(user.password_hash, current):
                raise ValidationFailed("error.current_password_wrong", field="current_password")
            user.password_hash = passwords.hash_password(new)
            history.record(
                session,
                at=self._clock(),
                actor_id=actor.user_id,
                entity="user",
                entity_id=user.id,
                action="password_change",
                changes=history.diff({"password_hash": 1}, {"password_hash": 2}),
            )

    # --- management (managers only) -------------------------------------------------------

    def list_users(self, actor: Actor) -> list[UserView]:
        """Users who work at any of the manager's sites."""
        require(actor, Permission.MANAGE_USERS)
        now = self._clock()
        with self._sessions() as session:
            visible = select(UserSite.user_id).where(UserSite.site_id.in_(actor.site_ids))
            users = list(session.scalars(select(User).where(User.id.in_(visible)).order_by(User.username)))
            links = session.execute(
                select(UserSite.user_id, UserSite.site_id).where(UserSite.user_id.in_([u.id for u in users]))
            ).all()
        sites_of: dict[int, set[int]] = {}
        for user_id, site_id in links:
            sites_of.setdefault(user_id, set()).add(site_id)
        return [self._view(u, sites_of.get(u.id, set()), now) for u in users]

    def create_user(
        self,
        actor: Actor,
        *,
        username: str,
        display_name: str,
        gender: str,
        role: str,
        site_ids: Iterable[int],
        password: str,
        language: str = "zh",
        department: str | None = None,
    ) -> UserView:
        require(actor, Permission.MANAGE_USERS)
        username = clean_username(username)
        display_name = clean_display_name(display_name)
        gender = clean_gender(gender)
        role_value = _clean_role(role)
        department = self._clean_department(role_value, department)
        language = clean_language(language)
        sites = self._clean_sites(actor, role_value, site_ids)
        passwords.check_policy(password)
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                if session.scalar(select(User.id).where(User.username == username)) is not None:
                    raise ValidationFailed("error.username_taken", field="username", username=username)
                user = User(
                    username=username,
                    display_name=display_name,
                    gender=gender,
                    role=role_value.value,
                    department=department,
                    active=True,
                    password_hash=passwords.hash_password(password),
                    language=language,
                    failed_logins=0,
                    created_at=now,
                )
                session.add(user)
                session.flush()
                session.add_all(UserSite(user_id=user.id, site_id=s) for s in sites)
                history.record(
                    session,
                    at=now,
                    actor_id=actor.user_id,
                    entity="user",
                    entity_id=user.id,
                    action="create",
                    site_id=min(sites),
                    changes=history.diff({}, _user_fields(user, sites)),
                )
                return self._view(user, sites, now)
        except IntegrityError as exc:
            # Two managers creating the same name at once: the unique index decides.
            raise ValidationFailed("error.username_taken", field="username", username=username) from exc

    def update_user(
        self,
        actor: Actor,
        user_id: int,
        *,
        display_name: str,
        gender: str,
        role: str,
        site_ids: Iterable[int],
        department: str | None = None,
    ) -> UserView:
        require(actor, Permission.MANAGE_USERS)
        display_name = clean_display_name(display_name)
        gender = clean_gender(gender)
        role_value = _clean_role(role)
        department = self._clean_department(role_value, department)
        sites = self._clean_sites(actor, role_value, site_ids)
        now = self._clock()
        with self._sessions.begin() as session:
            user, current_sites = self._managed_user(session, actor, user_id)
            if user.id == actor.user_id and role_value != Role(user.role):
                raise PermissionDenied("error.cannot_change_own_role")
            # Sites outside the manager's reach stay as they are.
            kept = current_sites - actor.site_ids
            new_sites = kept | sites
            before = _user_fields(user, current_sites)
            user.display_name, user.gender, user.role = display_name, gender, role_value.value
            user.department = department
            for site_id in current_sites - new_sites:
                session.delete(session.get(UserSite, (user.id, site_id)))
            session.add_all(UserSite(user_id=user.id, site_id=s) for s in new_sites - current_sites)
            changes = history.diff(before, _user_fields(user, new_sites))
            if changes:
                history.record(
                    session,
                    at=now,
                    actor_id=actor.user_id,
                    entity="user",
                    entity_id=user.id,
                    action="update",
                    site_id=min(new_sites),
                    changes=changes,
                )
            return self._view(user, new_sites, now)

    def set_active(self, actor: Actor, user_id: int, active: bool, reason: str) -> UserView:
        """Deactivate (with a reason) or reactivate an account. Accounts are never deleted."""
        require(actor, Permission.MANAGE_USERS)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed("error.reason_required", field="reason")
        now = self._clock()
        with self._sessions.begin() as session:
            user, sites = self._managed_user(session, actor, user_id)
            if user.id == actor.user_id:
                raise PermissionDenied("error.cannot_deactivate_self")
            if user.active != active:
                history.record(
                    session,
                    at=now,
                    actor_id=actor.user_id,
                    entity="user",
                    entity_id=user.id,
                    action="activate" if active else "deactivate",
                    site_id=min(sites),
                    changes=history.diff({"active": user.active}, {"active": active}),
                    note=reason,
                )
                user.active = active
            return self._view(user, sites, now)

    def reset_password(self, actor: Actor, user_id: int, new_password: str) -> UserView:
        """A manager sets a new password; it also lifts a lockout."""
        require(actor, Permission.MANAGE_USERS)
        passwords.check_policy(new_password)
        now = self._clock()
        with self._sessions.begin() as session:
            user, sites = self._managed_user(session, actor, user_id)
            user.password_hash = passwords.hash_password(new_password)
            user.failed_logins, user.locked_until = 0, None
            history.record(
                session,
                at=now,
                actor_id=actor.user_id,
                entity="user",
                entity_id=user.id,
                action="password_reset",
                site_id=min(sites),
                changes=history.diff({"password_hash": 1}, {"password_hash": 2}),
            )
            return self._view(user, sites, now)

    def user_history(self, actor: Actor, user_id: int) -> list[HistoryEntry]:
        """The change history of one of the manager's people, newest first."""
        require(actor, Permission.MANAGE_USERS)
        with self._sessions() as session:
            self._managed_user(session, actor, user_id)
            rows = session.execute(
                select(HistoryRow, User.display_name)
                .outerjoin(User, User.id == HistoryRow.actor_id)
                .where(HistoryRow.entity == "user", HistoryRow.entity_id == str(user_id))
                .order_by(HistoryRow.at.desc(), HistoryRow.id.desc())
            ).all()
        return [
            HistoryEntry(at=row.at, actor_name=name, action=row.action, changes=row.changes, note=row.note)
            for row, name in rows
        ]

    # --- helpers ---------------------------------------------------------------------------

    def _clean_sites(self, actor: Actor, role: Role, site_ids: Iterable[int]) -> set[int]:
        sites = {int(s) for s in site_ids}
        if not sites:
            raise ValidationFailed("error.site_required", field="site_ids")
        for site_id in sites:
            require_site(actor, site_id)
        if role is not Role.MANAGER and len(sites) > 1:
            raise ValidationFailed("error.one_site_only", field="site_ids")
        return sites

    def _managed_user(self, session: Session, actor: Actor, user_id: int) -> tuple[User, set[int]]:
        user = self._get_user(session, user_id)
        sites = self._site_ids(session, user.id)
        if not sites & actor.site_ids:
            # Not one of the manager's people: same answer as a missing user.
            raise NotFound("error.user_not_found", user_id=user_id)
        return user, sites

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
        return Actor(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=Role(user.role),
            site_ids=frozenset(site_ids),
            language=user.language,
            department=user.department,
        )

    @staticmethod
    def _view(user: User, site_ids: Iterable[int], now: datetime) -> UserView:
        state = lockout.LockState(user.failed_logins, user.locked_until)
        return UserView(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            gender=user.gender,
            role=Role(user.role),
            active=user.active,
            language=user.language,
            site_ids=frozenset(site_ids),
            locked=lockout.is_locked(state, now),
            department=user.department,
        )


_DUMMY_HASH = passwords.hash_password("not-a-real-password-used-for-timing")


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor_name: str | None
    action: str
    changes: dict[str, list[object]]
    note: str | None
