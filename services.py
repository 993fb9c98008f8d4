"""One place that builds every service on one engine: the app and the tests both use it.

Every service it hands out is `guarded` (store.unit_of_work): each call of a public method is a
use case whose busy database or collision with another desk becomes one retry or a clear message.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TextIO, TypeVar

from sqlalchemy import Engine

from accounts.login_sessions import LoginSessions
from accounts.service import AccountService
from accounts.sites import SiteService
from checklists.analytics import ComplianceAnalytics
from checklists.audits.service import AuditService
from checklists.calls.service import CallRecordService
from checklists.check_board import CheckBoard
from checklists.corrective_actions import CorrectiveActions
from checklists.roster import RosterService
from checklists.roster_templates import RosterTemplates
from checklists.self_checks import SelfChecks
from checklists.spot_checks import SpotChecks
from content.errors import ContentInvalid
from desk.attachments.service import AttachmentService
from desk.content_loader import default_desk_content
from desk.content_model import DeskContent
from desk.owners.records import OwnerRecords
from desk.owners.unit_timeline import UnitTimeline
from desk.phone_reveal import PhoneReveal
from desk.registers.cash import CashService
from desk.registers.handover import HandoverService
from desk.registers.keys import KeyService
from desk.registers.mail import MailService
from desk.renovation.content import RegistersContent
from desk.renovation.content_loader import default_registers_content
from desk.renovation.month_service import RegistersMonthService
from desk.renovation.movein_service import MoveInService
from desk.renovation.pass_service import PassService
from desk.renovation.renovation_service import RenovationService
from desk.requests.callback_service import RequestCallbacks
from desk.requests.desk_service import DeskService
from desk.requests.intake_service import RequestIntake
from desk.requests.list_service import RequestLists
from desk.requests.queue_service import DepartmentQueues
from desk.requests.staff import ComplaintStaff
from desk.requests.workflow_service import RequestWorkflow
from desk.special.service import SpecialServicesService
from desk.statistics.monthly import DeskStatistics
from desk.statistics.one_scan import DashboardTrends
from desk.statistics.registers import RegisterStatistics
from desk.statistics.reports import MonthlyReports
from i18n import t
from quizzes import assignments
from quizzes.assignments import AssignmentService
from quizzes.retests import RetestService
from quizzes.service import QuizService
from quizzes.training_effect_service import TrainingEffects
from store.clock import Clock, configured_clock, utcnow
from store.db import SessionFactory, database_url, make_engine, make_session_factory, safe_url
from store.migrate import upgrade
from store.unit_of_work import guarded

ServicesT = TypeVar("ServicesT", bound=type)


def _each_service_guarded(cls: ServicesT) -> ServicesT:
    """Every service built on first use (the cached properties below) is handed out guarded."""
    for name, attr in list(vars(cls).items()):
        if isinstance(attr, cached_property):

            @functools.wraps(attr.func)
            def build(self: Any, _build: Any = attr.func) -> Any:
                return guarded(_build(self))

            wrapped = cached_property(build)
            wrapped.__set_name__(cls, name)
            setattr(cls, name, wrapped)
    return cls


class _WithContent:
    """A service built on first use with the content it reads, and built again once that content has
    been parsed anew after an edit (content.watched hands out the same object until then), so a process
    never serves an edited category or form with the content it started with."""

    def __init__(self, content: Callable[[], Any], build: Callable[[Any, Any], Any]) -> None:
        self._content = content
        self._build = build
        functools.update_wrapper(self, build)  # type: ignore[arg-type]

    def __set_name__(self, owner: type, name: str) -> None:
        self._slot = f"_{name}_with_content"

    def __get__(self, services: Any, owner: type | None = None) -> Any:
        if services is None:
            return self
        content = self._content()
        held = services.__dict__.get(self._slot)
        if held is None or held[0] is not content:
            # Two page runs building at once each get a working service; the last one is kept.
            held = (content, guarded(self._build(services, content)))
            services.__dict__[self._slot] = held
        return held[1]


def _desk_content_service(build: Callable[[Any, DeskContent], Any]) -> Any:
    return _WithContent(lambda: default_desk_content(), build)


def _registers_content_service(build: Callable[[Any, RegistersContent], Any]) -> Any:
    return _WithContent(lambda: default_registers_content(), build)


@_each_service_guarded
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
    @_desk_content_service
    def request_intake(self, content: DeskContent) -> RequestIntake:
        return RequestIntake(self.sessions, content, self.clock)

    @_desk_content_service
    def request_workflow(self, content: DeskContent) -> RequestWorkflow:
        return RequestWorkflow(
            self.sessions,
            content,
            self.clock,
            on_valid_complaint=assignments.on_valid_complaint,
        )

    @_desk_content_service
    def request_callbacks(self, content: DeskContent) -> RequestCallbacks:
        return RequestCallbacks(self.sessions, content, self.clock)

    @_desk_content_service
    def request_lists(self, content: DeskContent) -> RequestLists:
        return RequestLists(self.sessions, content, self.clock)

    @_desk_content_service
    def work_orders(self, content: DeskContent) -> DepartmentQueues:
        """Departments' queues of work orders and the desk's board of them."""
        return DepartmentQueues(self.sessions, content, self.clock)

    @_desk_content_service
    def attachments(self, content: DeskContent) -> AttachmentService:
        """Photos and files on requests, work orders and renovation inspections."""
        return AttachmentService(self.sessions, content, self.clock)

    # All four request use cases in one object, for the dashboards, the demo and the desk pages' content
    # guard; new code asks for the use case it needs.
    @_desk_content_service
    def desk(self, content: DeskContent) -> DeskService:
        return DeskService(
            self.sessions,
            content,
            self.clock,
            on_valid_complaint=assignments.on_valid_complaint,
        )

    # Whom a complaint concerns; a valid complaint naming a person assigns its rules to them.
    @_desk_content_service
    def complaint_staff(self, content: DeskContent) -> ComplaintStaff:
        return ComplaintStaff(self.sessions, content, self.clock, on_valid=assignments.on_valid_complaint)

    @_desk_content_service
    def unit_timeline(self, content: DeskContent) -> UnitTimeline:
        return UnitTimeline(self.sessions, content, self.clock)

    @_desk_content_service
    def phone_reveal(self, content: DeskContent) -> PhoneReveal:
        return PhoneReveal(self.sessions, content, self.clock)

    @_desk_content_service
    def desk_stats(self, content: DeskContent) -> DeskStatistics:
        return DeskStatistics(self.sessions, content, self.clock)

    @_desk_content_service
    def mail(self, content: DeskContent) -> MailService:
        return MailService(self.sessions, content, self.clock)

    @_desk_content_service
    def keys(self, content: DeskContent) -> KeyService:
        return KeyService(self.sessions, content, self.clock)

    @_desk_content_service
    def cash(self, content: DeskContent) -> CashService:
        return CashService(self.sessions, content, self.clock)

    @_desk_content_service
    def handover(self, content: DeskContent) -> HandoverService:
        return HandoverService(self.sessions, content, self.clock)

    @_desk_content_service
    def owner_records(self, content: DeskContent) -> OwnerRecords:
        return OwnerRecords(self.sessions, content, self.clock)

    @_desk_content_service
    def desk_trends(self, content: DeskContent) -> DashboardTrends:
        return DashboardTrends(self.sessions, content, self.clock)

    @_desk_content_service
    def register_stats(self, content: DeskContent) -> RegisterStatistics:
        return RegisterStatistics(self.sessions, content, self.clock)

    @_desk_content_service
    def reports(self, content: DeskContent) -> MonthlyReports:
        """The monthly report; the move-in, renovation and special-service lines: `registers_month`."""
        return MonthlyReports(
            self.sessions,
            content,
            self.register_stats,
            lambda actor, period, sites: self.registers_month.month_registers(actor, period, sites),
            self.clock,
        )

    # Move-ins, renovations, passes and special services read desk/content/movein.yaml and
    # special_services.yaml on first use; a content error reaches their pages only.
    @_registers_content_service
    def move_ins(self, content: RegistersContent) -> MoveInService:
        return MoveInService(self.sessions, content, self.clock)

    @_registers_content_service
    def renovation(self, content: RegistersContent) -> RenovationService:
        return RenovationService(self.sessions, content, self.clock)

    @_registers_content_service
    def worker_passes(self, content: RegistersContent) -> PassService:
        return PassService(self.sessions, content, self.clock)

    @_registers_content_service
    def registers_month(self, content: RegistersContent) -> RegistersMonthService:
        return RegistersMonthService(self.sessions, content, self.clock)

    @_registers_content_service
    def special_services(self, content: RegistersContent) -> SpecialServicesService:
        return SpecialServicesService(self.sessions, content, self.clock)

    # Shift checks read checklists/content/shifts.yaml on use; errors reach the shift-check pages only.
    @cached_property
    def checks(self) -> SelfChecks:
        return SelfChecks(self.sessions, self.clock)

    @cached_property
    def roster(self) -> RosterService:
        return RosterService(self.sessions, self.clock)

    @cached_property
    def roster_templates(self) -> RosterTemplates:
        return RosterTemplates(self.sessions, self.clock)

    @cached_property
    def spot_checks(self) -> SpotChecks:
        return SpotChecks(self.sessions, self.clock)

    @cached_property
    def actions(self) -> CorrectiveActions:
        return CorrectiveActions(self.sessions, self.clock)

    @cached_property
    def check_board(self) -> CheckBoard:
        return CheckBoard(self.sessions, self.clock)

    @cached_property
    def check_compliance(self) -> ComplianceAnalytics:
        return ComplianceAnalytics(self.sessions, self.clock)

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

    # Per rule for a centre: valid complaints and audit slips before and after the rule was trained.
    @_desk_content_service
    def training_effects(self, content: DeskContent) -> TrainingEffects:
        return TrainingEffects(self.sessions, content, self.clock)

    # Quizzes read quizzes/content against the rulebook on use; errors reach the quiz pages only.
    @cached_property
    def quizzes(self) -> QuizService:
        return QuizService(self.sessions, self.clock)


def build_services(engine: Engine, clock: Clock = utcnow, sessions: SessionFactory | None = None) -> Services:
    """Every service on `engine` (its units of work from `sessions`, default: one per engine)."""
    sessions = make_session_factory(engine) if sessions is None else sessions
    return Services(
        engine=engine,
        sessions=sessions,
        accounts=guarded(
            AccountService(
                sessions, clock, departments=lambda: [d.id for d in default_desk_content().departments]
            )
        ),
        login_sessions=guarded(LoginSessions(sessions, clock)),
        sites=guarded(SiteService(sessions, clock)),
        clock=clock,
    )


def open_services(url: str | None = None, clock: Clock | None = None) -> Services:
    """Engine for `url` (or DATABASE_URL / the SQLite default), schema upgraded, services built.

    Without a clock, the configured one: real time, or FRONTDESK_NOW's (store.clock).
    """
    engine = make_engine(url)
    upgrade(engine)
    return build_services(engine, configured_clock() if clock is None else clock)


@lru_cache(maxsize=4)
def shared_services(url: str) -> Services:
    """One engine per database URL per process, shared by the pages and the HTTP routes.

    A failure is not cached: the next call tries again, so fixing the database and reloading works.
    """
    return open_services(url)


def open_for_command(url: str, clock: Clock | None, lang: str, err: TextIO, key: str) -> Services | None:
    """The services of a command line; None after saying which database failed to open or migrate, and why."""
    try:
        return open_services(url, clock)
    except Exception as exc:  # any failure to open or migrate: say which database and why
        print(t(key, lang, url=safe_url(url), detail=str(exc).splitlines()[0]), file=err)
        return None


CommandVerb = Callable[[Services, argparse.Namespace, TextIO, TextIO], int]


def database_main(
    build_parser: Callable[[Mapping[str, str]], argparse.ArgumentParser],
    verbs: Mapping[str, CommandVerb],
    prefix: str,
    import_refused: Callable[[Path], str | None],
    invalid: type[ContentInvalid],
) -> Callable[..., int]:
    """The `main(argv, environ, clock)` of a command line on DATABASE_URL's services: each of `verbs`
    gets the services, the arguments, stdout and stderr. `import FILE` is refused (exit 2) before any
    database when `import_refused` names a message; a database that does not open (`prefix`'s
    database_error) or `invalid` content ends it with 1; the engine is closed after."""

    def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None,
             clock: Clock | None = None) -> int:  # fmt: skip
        args = build_parser(os.environ if environ is None else environ).parse_args(argv)
        lang, out, err = args.lang, sys.stdout, sys.stderr
        refused = import_refused(args.file) if args.verb == "import" else None
        if refused is not None:
            print(t(refused, lang, path=args.file), file=err)
            return 2
        services = open_for_command(database_url(), clock, lang, err, f"{prefix}.database_error")
        if services is None:
            return 1
        try:
            return verbs[args.verb](services, args, out, err)
        except invalid as exc:
            for error in exc.errors:
                print(error.format(lang), file=err)
            return 1
        finally:
            services.engine.dispose()

    return main
