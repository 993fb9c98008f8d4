"""What every part of the quiz service shares: the content, places, attempts' rows, certificates' views
and the spaced-practice memory every answer feeds.

Every public method of the service takes the acting user and checks their role itself; the decisions are
the pure modules'. Each use case lives in its own module (`service_attempts`, `service_certification`,
`service_practice`, `service_overview`); `service.QuizService` puts them together.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from accounts.tables import Site, User, UserSite
from content.errors import ContentError
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, require
from quizzes import certification, spacing
from quizzes.loader import QuizContentInvalid, default_quiz_content, load_quiz_content
from quizzes.model import Blueprint, QuizContent
from quizzes.tables import (
    QuizAttempt,
    QuizAttemptQuestion,
    QuizCertificate,
    QuizRoundGrant,
    RuleMemory,
    RuleReview,
)
from quizzes.views import (
    AttemptSummary,
    CertificateView,
    JudgeNote,
)
from rules.model import Rulebook
from store.clock import Clock, utcnow
from store.db import SessionFactory

IN_PROGRESS, SUBMITTED, TIMED_OUT = "in_progress", "submitted", "timed_out"
FINISHED = (SUBMITTED, TIMED_OUT)
ACTIVE, RECERTIFY, SUPERSEDED = "active", "recertify", "superseded"
DEFAULT_TIMEZONE = "Asia/Shanghai"
REASON_MAX = 200
TROUBLE_LIMIT = 10


@dataclass(frozen=True)
class ContentState:
    content: QuizContent | None
    errors: tuple[ContentError, ...]


@dataclass(frozen=True)
class _Place:
    site_id: int | None
    name: str
    timezone: str

    def local(self, moment: datetime) -> datetime:
        """Naive local time at the site: what the judge and situations use."""
        return moment.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)


def _notes(findings: Iterable[Any]) -> tuple[JudgeNote, ...]:
    return tuple(JudgeNote(f.rule, f.kind, f.message, f.suggestion) for f in findings)


class ServiceBase:
    """The session factory, the clock, the content and the helpers the use cases share."""

    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock = utcnow,
        content_dir: Path | None = None,
        seeds: random.Random | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._content_dir = content_dir
        self._seeds = seeds or random.SystemRandom()  # each attempt's draw seed comes from here
        self._recertified: set[str] = set()  # rulebook versions this process has synced (see below)

    def content(self, rulebook: Rulebook) -> QuizContent:
        if self._content_dir is None:
            return default_quiz_content(rulebook)
        return load_quiz_content(self._content_dir, rulebook)

    def content_state(self, rulebook: Rulebook) -> ContentState:
        """The banks and blueprints, or their errors (each with file:line:column)."""
        try:
            return ContentState(self.content(rulebook), ())
        except QuizContentInvalid as exc:
            return ContentState(None, tuple(exc.errors))

    def _content(self, rulebook: Rulebook) -> QuizContent:
        try:
            return self.content(rulebook)
        except QuizContentInvalid as exc:
            raise ValidationFailed("quiz.error.content_invalid") from exc

    def _blueprint(self, content: QuizContent, blueprint_id: str) -> Blueprint:
        blueprint = content.blueprint(blueprint_id)
        if blueprint is None:
            raise NotFound("quiz.error.no_such_quiz", quiz=blueprint_id)
        return blueprint

    @staticmethod
    def _rows(session: Session, attempt_id: int) -> list[QuizAttemptQuestion]:
        return list(
            session.scalars(
                select(QuizAttemptQuestion)
                .where(QuizAttemptQuestion.attempt_id == attempt_id)
                .order_by(QuizAttemptQuestion.position)
            )
        )

    @staticmethod
    def _answered_counts(session: Session, attempt_ids: Sequence[int]) -> dict[int, int]:
        if not attempt_ids:
            return {}
        return dict(
            session.execute(
                select(QuizAttemptQuestion.attempt_id, func.count())
                .where(
                    QuizAttemptQuestion.attempt_id.in_(attempt_ids), QuizAttemptQuestion.answer.is_not(None)
                )
                .group_by(QuizAttemptQuestion.attempt_id)
            ).all()
        )

    @staticmethod
    def _summary(attempt: QuizAttempt, answered: int) -> AttemptSummary:
        return AttemptSummary(
            id=attempt.id, user_id=attempt.user_id, blueprint_id=attempt.blueprint_id,
            purpose=attempt.purpose,
            status=attempt.status, started_at=attempt.started_at, deadline_at=attempt.deadline_at,
            finished_at=attempt.finished_at, question_count=attempt.question_count, answered=answered,
            correct_count=attempt.correct_count, score=attempt.score, pass_mark=attempt.pass_mark,
            passed=attempt.passed, critical_failed=tuple(attempt.critical_failed or ()),
            rulebook_version=attempt.rulebook_version,
        )  # fmt: skip

    @staticmethod
    def _mine(
        session: Session, actor: Actor, table: Any, row_id: int, missing: str, id_name: str, lock: bool
    ) -> Any:
        """The actor's own row of `table` (locked if asked); someone else's is as missing as none."""
        stmt = select(table).where(table.id == row_id)
        row = session.scalar(stmt.with_for_update() if lock else stmt)
        if row is None or row.user_id != actor.user_id:
            raise NotFound(missing, **{id_name: row_id})
        return row

    @classmethod
    def _own(cls, session: Session, actor: Actor, attempt_id: int, *, lock: bool = False) -> QuizAttempt:
        return cls._mine(
            session, actor, QuizAttempt, attempt_id, "quiz.error.no_such_attempt", "attempt_id", lock
        )

    @staticmethod
    def _may_read(session: Session, actor: Actor, user_id: int) -> None:
        """One's own records, or a manager's reading of people at their sites."""
        if user_id == actor.user_id:
            return
        require(actor, Permission.READ_TRAINING)
        shared = session.scalar(
            select(func.count())
            .select_from(UserSite)
            .where(UserSite.user_id == user_id, UserSite.site_id.in_(actor.site_ids))
        )
        if not shared:
            raise PermissionDenied("quiz.error.not_your_people")

    @staticmethod
    def _place(session: Session, actor: Actor, site_id: int | None, fallback: str = "") -> _Place:
        """The service centre the actor works at (or the given one of theirs): name and time zone.
        A user without a site gets `fallback` (the rulebook's example name) and Asia/Shanghai."""
        if site_id is None and actor.site_ids:
            site_id = min(actor.site_ids)
        site = session.get(Site, site_id) if site_id is not None else None
        if site is None:
            return _Place(None, fallback, DEFAULT_TIMEZONE)
        return _Place(site.id, site.name, site.timezone)

    @staticmethod
    def _attempt_place(session: Session, attempt: QuizAttempt, fallback: str) -> _Place:
        site = session.get(Site, attempt.site_id) if attempt.site_id is not None else None
        if site is None:
            return _Place(None, fallback, DEFAULT_TIMEZONE)
        return _Place(site.id, site.name, site.timezone)

    def _certificates(
        self, session: Session, user_ids: Sequence[int], content: QuizContent | None
    ) -> list[CertificateView]:
        """The latest certificate of each person (not superseded), newest first."""
        if not user_ids:
            return []
        rows = session.execute(_latest_certificates(), {"user_ids": list(user_ids)}).all()
        now = self._clock()
        views: dict[tuple[int, str], CertificateView] = {}
        for cert, name, site_name, timezone in rows:
            key = (cert.user_id, cert.blueprint_id)
            if key not in views:
                views[key] = self._make_cert_view(cert, name, site_name, timezone, content, now)
        return list(views.values())

    def _cert_view(
        self, session: Session, cert: QuizCertificate, content: QuizContent | None
    ) -> CertificateView:
        name = session.scalar(select(User.display_name).where(User.id == cert.user_id)) or ""
        site = session.get(Site, cert.site_id) if cert.site_id is not None else None
        return self._make_cert_view(
            cert, name, site.name if site else "", site.timezone if site else None, content, self._clock()
        )

    @staticmethod
    def _make_cert_view(
        cert: QuizCertificate,
        name: str,
        site_name: str | None,
        timezone: str | None,
        content: QuizContent | None,
        now: datetime,
    ) -> CertificateView:
        blueprint = content.blueprint(cert.blueprint_id) if content else None
        renew = blueprint.renew_days_before if blueprint else 30
        facts = certification.CertificateFacts(cert.issued_at, cert.expires_at, cert.status == RECERTIFY)
        status = "expired" if cert.status == SUPERSEDED else certification.status(facts, now, renew)
        return CertificateView(
            id=cert.id, user_id=cert.user_id, display_name=name, site_name=site_name or "",
            blueprint_id=cert.blueprint_id, attempt_id=cert.attempt_id, issued_at=cert.issued_at,
            expires_at=cert.expires_at, score=cert.score, rulebook_version=cert.rulebook_version,
            status=status, recertify_rules=tuple(cert.recertify_rules or ()),
            timezone=timezone or DEFAULT_TIMEZONE,
        )  # fmt: skip

    @staticmethod
    def _grants(session: Session, user_id: int) -> dict[str, datetime]:
        return dict(
            session.execute(
                select(QuizRoundGrant.blueprint_id, func.max(QuizRoundGrant.granted_at))
                .where(QuizRoundGrant.user_id == user_id)
                .group_by(QuizRoundGrant.blueprint_id)
            ).all()
        )

    @staticmethod
    def _memories(session: Session, user_id: int) -> dict[str, spacing.Memory]:
        rows = session.scalars(select(RuleMemory).where(RuleMemory.user_id == user_id))
        return {m.rule_id: _memory(m) for m in rows}

    def _review(
        self,
        session: Session,
        user_id: int,
        results: dict[str, bool],
        now: datetime,
        content: QuizContent,
        source: str,
        *,
        question_id: str | None = None,
        attempt_id: int | None = None,
        drill_id: int | None = None,
    ) -> dict[str, datetime]:
        """Tell the scheduler how each rule went; log every review. Returns when each is due again."""
        due = {}
        for rule_id, correct in results.items():
            row = session.get(RuleMemory, (user_id, rule_id), with_for_update=True)
            before = None if row is None else _memory(row)
            after = spacing.review(before, rule_id, correct, now, content.spacing)
            if row is None:
                row = RuleMemory(user_id=user_id, rule_id=rule_id)
                session.add(row)
            row.state, row.step, row.stability, row.difficulty = (
                after.state,
                after.step,
                after.stability,
                after.difficulty,
            )
            row.due_at, row.last_review_at = after.due, after.last_review
            row.reviews, row.failures, row.lapses = after.reviews, after.failures, after.lapses
            session.add(
                RuleReview(
                    user_id=user_id, rule_id=rule_id, at=now, correct=correct, source=source,
                    question_id=question_id, attempt_id=attempt_id, drill_id=drill_id,
                )
            )  # fmt: skip
            due[rule_id] = after.due
        return due


@cache
def _latest_certificates() -> Select[Any]:
    """The people `user_ids`' certificates that are not superseded, newest first; built once (building
    a statement costs more than running it), run with the people's ids."""
    return (
        select(QuizCertificate, User.display_name, Site.name, Site.timezone)
        .join(User, User.id == QuizCertificate.user_id)
        .outerjoin(Site, Site.id == QuizCertificate.site_id)
        .where(
            QuizCertificate.user_id.in_(bindparam("user_ids", expanding=True)),
            QuizCertificate.status != SUPERSEDED,
        )
        .order_by(QuizCertificate.issued_at.desc(), QuizCertificate.id.desc())
    )


def _memory(row: RuleMemory) -> spacing.Memory:
    return spacing.Memory(
        row.rule_id, row.state, row.step, row.stability, row.difficulty, row.due_at, row.last_review_at,
        row.reviews, row.failures, row.lapses,
    )  # fmt: skip


def start_decision(
    blueprint: Blueprint,
    mine: Iterable[QuizAttempt],
    cert: CertificateView | None,
    now: datetime,
    grant: datetime | None,
) -> certification.StartDecision:
    """Whether the person may start `blueprint` now, from their attempts at it, their certificate of it
    and a manager's latest grant of a new round."""
    past = [certification.PastAttempt(a.started_at, a.finished_at, a.passed) for a in mine]
    return certification.may_start(blueprint, past, _facts(cert), now, grant)


def _facts(cert: CertificateView | None) -> certification.CertificateFacts | None:
    if cert is None:
        return None
    return certification.CertificateFacts(cert.issued_at, cert.expires_at, bool(cert.recertify_rules))
