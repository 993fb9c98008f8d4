"""Sites service: managers see and edit the settings of the service centres given to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.tables import Site, UserSite
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from core.validation import clean_site_name, clean_timezone
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory


@dataclass(frozen=True)
class SiteView:
    id: int
    name: str
    timezone: str
    active: bool


def _view(site: Site) -> SiteView:
    return SiteView(id=site.id, name=site.name, timezone=site.timezone, active=site.active)


class SiteService:
    def __init__(self, sessions: SessionFactory, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def my_sites(self, actor: Actor) -> list[SiteView]:
        """The sites the actor works at (any role may see its own site's name)."""
        with self._sessions() as session:
            rows = session.scalars(select(Site).where(Site.id.in_(actor.site_ids)).order_by(Site.name))
            return [_view(s) for s in rows]

    def create_site(self, actor: Actor, *, name: str, timezone: str) -> SiteView:
        """A manager opens a new service centre; it is added to their own sites."""
        require(actor, Permission.MANAGE_SITES)
        name = clean_site_name(name)
        timezone = clean_timezone(timezone)
        now = self._clock()
        try:
            with self._sessions.begin() as session:
                self._refuse_duplicate_name(session, name, exclude_id=None)
                site = new_site(session, name, timezone, now, actor_id=actor.user_id)
                session.add(UserSite(user_id=actor.user_id, site_id=site.id))
                return _view(site)
        except IntegrityError as exc:
            raise ValidationFailed("error.site_name_taken", field="site_name", name=name) from exc

    def update_site(self, actor: Actor, site_id: int, *, name: str, timezone: str) -> SiteView:
        require(actor, Permission.MANAGE_SITES)
        require_site(actor, site_id)
        name = clean_site_name(name)
        timezone = clean_timezone(timezone)
        try:
            with self._sessions.begin() as session:
                site = session.get(Site, site_id)
                if site is None:
                    raise NotFound("error.site_not_found", site_id=site_id)
                self._refuse_duplicate_name(session, name, exclude_id=site_id)
                changes = history.diff(
                    {"name": site.name, "timezone": site.timezone}, {"name": name, "timezone": timezone}
                )
                if changes:
                    site.name, site.timezone = name, timezone
                    history.Recorder(session, actor.user_id, self._clock())(
                        "site", site.id, "update", changes, site_id=site.id
                    )
                return _view(site)
        except IntegrityError as exc:
            raise ValidationFailed("error.site_name_taken", field="site_name", name=name) from exc

    @staticmethod
    def _refuse_duplicate_name(session, name: str, exclude_id: int | None) -> None:  # type: ignore[no-untyped-def]
        stmt = select(Site.id).where(Site.name == name)
        if exclude_id is not None:
            stmt = stmt.where(Site.id != exclude_id)
        if session.scalar(stmt) is not None:
            raise ValidationFailed("error.site_name_taken", field="site_name", name=name)


def site_by_name_or_only(sessions: SessionFactory, name: str | None) -> SiteView | None:
    """For trusted command-line tools: the site of that name, or the only site when no name is given.

    None when there is no such site (or, without a name, when there are none or several).
    """
    with sessions() as session:
        if name:
            site = session.scalar(select(Site).where(Site.name == name.strip()))
            return _view(site) if site else None
        sites = list(session.scalars(select(Site).limit(2)))
        return _view(sites[0]) if len(sites) == 1 else None


def all_sites(sessions: SessionFactory) -> list[SiteView]:
    with sessions() as session:
        return [_view(s) for s in session.scalars(select(Site).order_by(Site.name))]


def add_site_unattended(session: Session, name: str, timezone: str, now: datetime, note: str) -> Site:
    """In the caller's transaction (an import that creates its site): a refused import leaves no site."""
    return new_site(session, clean_site_name(name), clean_timezone(timezone), now, actor_id=None, note=note)


def new_site(
    session: Session,
    name: str,
    timezone: str,
    now: datetime,
    *,
    actor_id: int | None,
    note: str | None = None,
) -> Site:
    """An active site with its creation in the history; `name` and `timezone` are already clean."""
    site = Site(name=name, timezone=timezone, active=True, created_at=now)
    session.add(site)
    session.flush()
    created = history.diff({}, {"name": name, "timezone": timezone})
    history.Recorder(session, actor_id, now)("site", site.id, "create", created, site_id=site.id, note=note)
    return site
