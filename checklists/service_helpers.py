"""What the shift-check services share: the shift settings they read, and the look-ups of the acting
person's site, the people a manager may check and the checks they may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.tables import Site, User, UserSite
from checklists.loader import ShiftSettingsInvalid, default_shift_settings
from checklists.settings import ShiftSettings
from checklists.shifts import Kind, Occurrence, occurrence
from checklists.tables import ShiftCheck
from checklists.views import SettingsState
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, Role, require_site
from store.clock import Clock, utcnow
from store.db import SessionFactory


class ShiftCheckServiceBase:
    """Session factory, clock and the settings loader; shifts.yaml is read on use, so a content error
    reaches the shift-check pages only."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock = utcnow,
        settings: Callable[[], ShiftSettings] = default_shift_settings,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._load_settings = settings

    def settings_state(self) -> SettingsState:
        """The shift settings, or the errors in shifts.yaml (each with file:line:column)."""
        try:
            return SettingsState(self._load_settings(), ())
        except ShiftSettingsInvalid as exc:
            return SettingsState(None, tuple(exc.errors))

    def _settings(self) -> ShiftSettings:
        try:
            return self._load_settings()
        except ShiftSettingsInvalid as exc:
            raise ValidationFailed("checks.error.settings_invalid") from exc


def parse_kind(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError as exc:
        raise ValidationFailed("checks.error.bad_kind", field="kind") from exc


def home_site(session: Session, actor: Actor, site_id: int | None) -> Site:
    """The site the actor checks in at: the one asked for (theirs), else their first."""
    if not actor.site_ids:
        raise ValidationFailed("checks.error.no_site")
    chosen = site_id if site_id is not None else min(actor.site_ids)
    require_site(actor, chosen)
    site = session.get(Site, chosen)
    if site is None:
        raise NotFound("error.site_not_found", site_id=chosen)
    return site


def gender_of(session: Session, user_id: int) -> str:
    gender = session.scalar(select(User.gender).where(User.id == user_id))
    if gender is None:
        raise NotFound("error.user_not_found", user_id=user_id)
    return gender


def shift_occurrence(settings: ShiftSettings, shift_id: str, shift_date: date, timezone: str) -> Occurrence:
    shift = settings.shift(shift_id)
    if shift is None:
        raise ValidationFailed("checks.error.unknown_shift", field="shift", shift=shift_id)
    return occurrence(shift, shift_date, timezone)


def site_person(session: Session, site_id: int, user_id: int) -> User:
    """An active staff member or manager of the site (trainees have no shift checks)."""
    user = session.scalar(
        select(User)
        .join(UserSite, UserSite.user_id == User.id)
        .where(User.id == user_id, UserSite.site_id == site_id)
    )
    if user is None or not user.active:
        raise NotFound("error.user_not_found", user_id=user_id)
    if user.role == Role.TRAINEE.value:
        raise ValidationFailed("checks.error.trainee_no_checks")
    return user


def managed_person(session: Session, actor: Actor, user_id: int) -> tuple[User, Site]:
    """A person at one of the manager's sites, with the first such site."""
    site_id = session.scalar(
        select(func.min(UserSite.site_id)).where(
            UserSite.user_id == user_id, UserSite.site_id.in_(actor.site_ids)
        )
    )
    if site_id is None:
        raise NotFound("error.user_not_found", user_id=user_id)
    user = site_person(session, site_id, user_id)
    site = session.get(Site, site_id)
    assert site is not None
    return user, site


def visible_check(session: Session, actor: Actor, check_id: int) -> ShiftCheck:
    """A check the actor may see: their own, or any at a manager's sites; else not found."""
    found = session.get(ShiftCheck, check_id)
    if found is None:
        raise NotFound("checks.error.check_not_found", check_id=check_id)
    own = found.user_id == actor.user_id
    managed = actor.can(Permission.MANAGE_SHIFT_CHECKS) and found.site_id in actor.site_ids
    if not (own or managed):
        raise NotFound("checks.error.check_not_found", check_id=check_id)
    return found
