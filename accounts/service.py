"""Accounts service: first-run setup, login with growing waits, and account management by managers."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.first_run import FirstRun
from accounts.login_sessions import end_logins
from accounts.tables import LoginThrottle, User, UserSite
from accounts.throttle import store_throttle, throttle_key, throttle_rows, throttle_state, waiting_usernames
from accounts.views import HistoryEntry, UserView, clean_role, history_of, new_user, user_fields, user_view
from core import lockout, passwords
from core.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, Role, require, require_site
from core.validation import (
    clean_display_name,
    clean_gender,
    clean_language,
    clean_username,
)
from store import history


class AccountService(FirstRun):
    """First run (accounts.first_run), login with growing waits, the user's own settings, and account
    management by managers."""

    def _clean_profile(
        self, display_name: str, gender: str, role: str, department: str | None
    ) -> tuple[str, str, Role, str | None]:
        """What a manager sets on an account, whether creating or editing it, checked in form order
        (the first problem is the one shown)."""
        name, gender_value, role_value = (
            clean_display_name(display_name),
            clean_gender(gender),
            clean_role(role),
        )
        return name, gender_value, role_value, self._clean_department(role_value, department)

    def _clean_department(self, role: Role, department: str | None) -> str | None:
        """A department account names its department; every other role has none."""
        if role is not Role.DEPARTMENT:
            return None
        if not department or department not in set(self._departments()):
            raise ValidationFailed("error.department_required", field="department")
        return department

    # --- login -----------------------------------------------------------------------------

    def authenticate(self, username: str, password: str, client: str | None = None) -> Actor:
        """Check credentials. Unknown users and wrong passwords get the same answer, and so do
        their waits: repeated failures for one username or one client address (`client`) must wait
        longer and longer before the next try (core/lockout.py)."""
        name = (username or "").strip().lower()
        if not name or not password:
            raise ValidationFailed("error.login_empty", field="username" if not name else "password")
        now = self._clock()
        keys = {throttle_key("user", name): lockout.PER_USERNAME}
        if client:
            keys[throttle_key("addr", client)] = lockout.PER_ADDRESS
        # 1. Check the waits and count this attempt as a failure in one short unit of work, so
        #    parallel guesses cannot all pass one check; the slow hash is checked outside it.
        with self._sessions.begin() as session:
            rows = throttle_rows(session, keys)
            waits = (lockout.current(throttle_state(r), now, keys[k]) for k, r in rows.items())
            wait = max(lockout.wait_seconds(w, now) for w in waits)
            if wait:
                raise AuthenticationFailed("error.login_too_soon", seconds=wait)
            for key, row in rows.items():
                store_throttle(row, lockout.after_failure(throttle_state(row), now, keys[key]))
            user = session.scalar(select(User).where(User.username == name))
            user_id, stored_hash = (user.id, user.password_hash) if user else (None, _DUMMY_HASH)
            failures = rows[throttle_key("user", name)].failures
        # Unknown names are hashed too, so the response time does not tell which names exist.
        right = passwords.verify_password(stored_hash, password) and user_id is not None
        if not right:
            if user_id is not None and failures == lockout.PER_USERNAME.free_failures:
                with self._sessions.begin() as session:
                    _account_changed(
                        session, now, None, user_id, "lock", None,
                        note=f"{failures} wrong passwords: each next try waits longer",
                    )  # fmt: skip
            raise AuthenticationFailed("error.login_wrong")
        # 2. The right password: take the attempt's count back and log in.
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is None or user.password_hash != stored_hash:  # changed meanwhile
                raise AuthenticationFailed("error.login_wrong")
            if not user.active:
                raise AuthenticationFailed("error.login_inactive")
            rows = throttle_rows(session, keys)
            for key, row in rows.items():
                if key.startswith("user:"):
                    store_throttle(row, lockout.Throttle())
                else:
                    store_throttle(row, lockout.after_success(throttle_state(row), now, keys[key]))
            if passwords.needs_rehash(user.password_hash):
                user.password_hash = passwords.hash_password(password)
            return self._actor(user, self._site_ids(session, user.id))

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
                _account_changed(
                    session,
                    self._clock(),
                    actor.user_id,
                    user.id,
                    "update",
                    history.diff({"language": user.language}, {"language": language}),
                )
                user.language = language
            return self._actor(user, self._site_ids(session, user.id))

    def change_own_password(
        self, actor: Actor, current: str, new: str, confirm: str, *, keep_login: int | None = None
    ) -> None:
        """A new password ends the account's other logins; `keep_login` is the one in use."""
        passwords.check_policy(new, field="new_password")
        if new != confirm:
            raise ValidationFailed("error.password_mismatch", field="password_confirm")
        with self._sessions.begin() as session:
            user = self._get_user(session, actor.user_id)
            if not passwords.verify_password(user.password_hash, current):
                raise ValidationFailed("error.current_password_wrong", field="current_password")
            user.password_hash = passwords.hash_password(new)
            end_logins(session, user.id, self._clock(), keep=keep_login)
            _account_changed(
                session,
                self._clock(),
                actor.user_id,
                user.id,
                "password_change",
                history.diff({"password_hash": 1}, {"password_hash": 2}),
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
            waiting = waiting_usernames(session, [u.username for u in users], now)
        sites_of: dict[int, set[int]] = {}
        for user_id, site_id in links:
            sites_of.setdefault(user_id, set()).add(site_id)
        return [user_view(u, sites_of.get(u.id, set()), u.username in waiting) for u in users]

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
        display_name, gender, role_value, department = self._clean_profile(
            display_name, gender, role, department
        )
        language = clean_language(language)
        sites = self._clean_sites(actor, role_value, site_ids)
        passwords.check_policy(password)
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                if session.scalar(select(User.id).where(User.username == username)) is not None:
                    raise ValidationFailed("error.username_taken", field="username", username=username)
                user = new_user(
                    session,
                    now,
                    username=username,
                    display_name=display_name,
                    gender=gender,
                    role=role_value,
                    password=password,
                    language=language,
                    department=department,
                )
                session.add_all(UserSite(user_id=user.id, site_id=s) for s in sites)
                _account_changed(
                    session,
                    now,
                    actor.user_id,
                    user.id,
                    "create",
                    history.diff({}, user_fields(user, sites)),
                    sites=sites,
                )
                return user_view(user, sites, False)
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
        display_name, gender, role_value, department = self._clean_profile(
            display_name, gender, role, department
        )
        sites = self._clean_sites(actor, role_value, site_ids)
        now = self._clock()
        with self._sessions.begin() as session:
            user, current_sites = self._managed_user(session, actor, user_id)
            if user.id == actor.user_id and role_value != Role(user.role):
                raise PermissionDenied("error.cannot_change_own_role")
            # The manager manages every one of the account's sites (_managed_user), so the new set
            # replaces the old one whole, and _clean_sites has checked it fits the new role.
            new_sites = sites
            before = user_fields(user, current_sites)
            user.display_name, user.gender, user.role = display_name, gender, role_value.value
            user.department = department
            for site_id in current_sites - new_sites:
                session.delete(session.get(UserSite, (user.id, site_id)))
            session.add_all(UserSite(user_id=user.id, site_id=s) for s in new_sites - current_sites)
            if Role(before["role"]) != role_value:
                end_logins(session, user.id, now)  # the new role starts with a new login
            changes = history.diff(before, user_fields(user, new_sites))
            if changes:
                _account_changed(session, now, actor.user_id, user.id, "update", changes, sites=new_sites)
            return user_view(user, new_sites, bool(waiting_usernames(session, [user.username], now)))

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
                _account_changed(
                    session,
                    now,
                    actor.user_id,
                    user.id,
                    "activate" if active else "deactivate",
                    history.diff({"active": user.active}, {"active": active}),
                    sites=sites,
                    note=reason,
                )
                user.active = active
                if not active:
                    end_logins(session, user.id, now)
            return user_view(user, sites, bool(waiting_usernames(session, [user.username], now)))

    def reset_password(self, actor: Actor, user_id: int, new_password: str) -> UserView:
        """A manager sets a new password; it also lifts a lockout."""
        require(actor, Permission.MANAGE_USERS)
        passwords.check_policy(new_password)
        now = self._clock()
        with self._sessions.begin() as session:
            user, sites = self._managed_user(session, actor, user_id)
            user.password_hash = passwords.hash_password(new_password)
            session.execute(
                delete(LoginThrottle).where(LoginThrottle.key == throttle_key("user", user.username))
            )
            end_logins(session, user.id, now)  # whoever knew the old password is logged out
            _account_changed(
                session,
                now,
                actor.user_id,
                user.id,
                "password_reset",
                history.diff({"password_hash": 1}, {"password_hash": 2}),
                sites=sites,
            )
            return user_view(user, sites, bool(waiting_usernames(session, [user.username], now)))

    def user_history(self, actor: Actor, user_id: int) -> list[HistoryEntry]:
        """The change history of one of the manager's people, newest first."""
        require(actor, Permission.MANAGE_USERS)
        with self._sessions() as session:
            self._managed_user(session, actor, user_id, acting=False)
            return history_of(session, "user", user_id, newest_first=True)

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

    def _managed_user(
        self, session: Session, actor: Actor, user_id: int, *, acting: bool = True
    ) -> tuple[User, set[int]]:
        """The account, if it is one of the manager's people. To act on it (edit, reset, deactivate)
        the manager must manage every site it belongs to: a manager of site B alone must not take
        over the account of a manager of A and B, and through it site A."""
        user = self._get_user(session, user_id)
        sites = self._site_ids(session, user.id)
        if not sites & actor.site_ids:
            # Not one of the manager's people: same answer as a missing user.
            raise NotFound("error.user_not_found", user_id=user_id)
        if acting and not sites <= actor.site_ids:
            raise PermissionDenied("error.user_has_other_sites")
        return user, sites


_DUMMY_HASH = passwords.hash_password("not-a-real-password-used-for-timing")


def _account_changed(
    session: Session,
    at: datetime,
    actor_id: int | None,
    user_id: int,
    action: str,
    changes: Mapping[str, list[Any]] | None,
    *,
    sites: Collection[int] = (),
    note: str | None = None,
) -> None:
    """A history row of an account, filed under the lowest of its sites (a login lock has none)."""
    log = history.Recorder(session, actor_id, at)
    log("user", user_id, action, changes, site_id=min(sites) if sites else None, note=note)
