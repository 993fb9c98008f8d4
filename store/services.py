"""One place that builds every service on one engine: the app and the tests both use it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from sqlalchemy import Engine

from desk.content_loader import default_desk_content
from desk.service import DeskService
from desk.statistics import DeskStatistics
from store.accounts import AccountService
from store.clock import Clock, utcnow
from store.db import SessionFactory, make_engine, make_session_factory
from store.login_sessions import LoginSessions
from store.migrate import upgrade
from store.sites import SiteService


@dataclass(frozen=True)
class Services:
    engine: Engine
    sessions: SessionFactory
    accounts: AccountService
    login_sessions: LoginSessions
    sites: SiteService
    clock: Clock

    # The desk services need the desk content; they are built on first use, so a content error
    # (DeskContentInvalid, with file:line) reaches the desk pages only, not the whole app.
    @cached_property
    def desk(self) -> DeskService:
        return DeskService(self.sessions, default_desk_content(), self.clock)

    @cached_property
    def desk_stats(self) -> DeskStatistics:
        return DeskStatistics(self.sessions, default_desk_content(), self.clock)


def build_services(engine: Engine, clock: Clock = utcnow) -> Services:
    sessions = make_session_factory(engine)
    return Services(
        engine=engine,
        sessions=sessions,
        accounts=AccountService(sessions, clock),
        login_sessions=LoginSessions(sessions, clock),
        sites=SiteService(sessions, clock),
        clock=clock,
    )


def open_services(url: str | None = None, clock: Clock = utcnow) -> Services:
    """Engine for `url` (or DATABASE_URL / the SQLite default), schema upgraded, services built."""
    engine = make_engine(url)
    upgrade(engine)
    return build_services(engine, clock)


@lru_cache(maxsize=4)
def shared_services(url: str) -> Services:
    """One engine per database URL per process, shared by the pages and the HTTP routes.

    A failure is not cached: the next call tries again, so fixing the database and reloading works.
    """
    return open_services(url)
