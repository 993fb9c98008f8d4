"""One place that builds every service on one engine: the app and the tests both use it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from sqlalchemy import Engine

from accounts.login_sessions import LoginSessions
from accounts.service import AccountService
from accounts.sites import SiteService
from checklists.audits.service import AuditService
from checklists.calls.service import CallRecordService
from checklists.service import ShiftCheckService
from desk.content_loader import default_desk_content
from desk.owners.records import OwnerRecords
from desk.registers.cash import CashService
from desk.registers.handover import HandoverService
from desk.registers.keys import KeyService
from desk.registers.mail import MailService
from desk.renovation.content_loader import default_registers_content
from desk.renovation.service import RenovationService
from desk.requests.service import DeskService
from desk.requests.staff import ComplaintStaff
from desk.special.service import SpecialServicesService
from desk.statistics.monthly import DeskStatistics
from desk.statistics.registers import RegisterStatistics
from quizzes import assignments
from quizzes.assignments import AssignmentService
from quizzes.retests import RetestService
from quizzes.service import QuizService
from store.clock import Clock, utcnow
from store.db import SessionFactory, make_engine, make_session_factory
from store.migrate import upgrade


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
        return DeskService(
            self.sessions,
            default_desk_content(),
            self.clock,
            on_valid_complaint=assignments.on_valid_complaint,
        )

    # Whom a complaint concerns; a valid complaint naming a person assigns its rules to them.
    @cached_property
    def complaint_staff(self) -> ComplaintStaff:
        return ComplaintStaff(
            self.sessions, default_desk_content(), self.clock, on_valid=assignments.on_valid_complaint
        )

    @cached_property
    def desk_stats(self) -> DeskStatistics:
        return DeskStatistics(self.sessions, default_desk_content(), self.clock)

    @cached_property
    def mail(self) -> MailService:
        return MailService(self.sessions, default_desk_content(), self.clock)

    @cached_property
    def keys(self) -> KeyService:
        return KeyService(self.sessions, default_desk_content(), self.clock)

    @cached_property
    def cash(self) -> CashService:
        return CashService(self.sessions, default_desk_content(), self.clock)

    @cached_property
    def handover(self) -> HandoverService:
        return HandoverService(self.sessions, default_desk_content(), self.clock)

    @cached_property
    def owner_records(self) -> OwnerRecords:
        return OwnerRecords(self.sessions, default_desk_content(), self.clock)

    @cached_property
    def register_stats(self) -> RegisterStatistics:
        return RegisterStatistics(self.sessions, default_desk_content(), self.clock)

    # Move-ins, renovations, passes and special services read desk/content/movein.yaml and
    # special_services.yaml on first use; a content error reaches their pages only.
    @cached_property
    def renovation(self) -> RenovationService:
        return RenovationService(self.sessions, default_registers_content(), self.clock)

    @cached_property
    def special_services(self) -> SpecialServicesService:
        return SpecialServicesService(self.sessions, default_registers_content(), self.clock)

    # Shift checks read checklists/content/shifts.yaml on use; errors reach the shift-check pages only.
    @cached_property
    def checks(self) -> ShiftCheckService:
        return ShiftCheckService(self.sessions, self.clock)

    # Call records read checklists/content/calls.yaml on use (the ring rule and the target).
    @cached_property
    def calls(self) -> CallRecordService:
        return CallRecordService(self.sessions, self.clock)

    # Mystery calls and observations, graded by the script judge when recorded.
    @cached_property
    def audits(self) -> AuditService:
        return AuditService(self.sessions, self.clock, on_audit=assignments.on_audit)

    # Practice assigned from evidence (audits, valid complaints, a month of calls below target).
    @cached_property
    def assignments(self) -> AssignmentService:
        return AssignmentService(self.sessions, self.clock)

    # A critical rule assigned from evidence suspends the certificate on it until a short re-test.
    @cached_property
    def retests(self) -> RetestService:
        return RetestService(self.sessions, self.quizzes.content, self.clock)

    # Quizzes read quizzes/content against the rulebook on use; errors reach the quiz pages only.
    @cached_property
    def quizzes(self) -> QuizService:
        return QuizService(self.sessions, self.clock)


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
