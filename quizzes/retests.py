"""A critical rule assigned from evidence suspends the certificate on that rule; a short re-test on the
rule's own questions lifts it. Suspensions and re-tests are history rows: lifting never deletes.

Only a person holding a certificate that certified the rule as critical is suspended (the certificate
keeps its critical rules), so no rulebook is needed when the evidence arrives.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.tables import Site
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require
from quizzes import grading
from quizzes.assignment_tables import CertificateRetest, CertificateSuspension, PracticeAssignment
from quizzes.draw import shuffle_options
from quizzes.model import Question, QuizContent
from quizzes.tables import QuizCertificate
from rules.model import Rulebook
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory

RETEST_QUESTIONS = 3  # short: enough to show the rule is known again
HOLDING = ("active", "recertify")  # certificate statuses that still certify


def suspend_if_certified(
    session: Session, user_id: int, rule_id: str, assignment_id: int, now: datetime
) -> None:
    certificate = session.scalar(
        select(QuizCertificate)
        .where(QuizCertificate.user_id == user_id, QuizCertificate.status.in_(HOLDING))
        .order_by(QuizCertificate.issued_at.desc())
        .limit(1)
    )
    if certificate is None or rule_id not in (certificate.critical_rules or {}):
        return
    if _open(session, user_id, rule_id) is not None:
        return  # already suspended on this rule
    row = CertificateSuspension(
        user_id=user_id,
        rule_id=rule_id,
        certificate_id=certificate.id,
        assignment_id=assignment_id,
        suspended_at=now,
    )
    session.add(row)
    session.flush()
    history.Recorder(session, None, now)(
        "certificate_suspension", row.id, "suspend", {"rule_id": [None, rule_id]}
    )


def _open(session: Session, user_id: int, rule_id: str) -> CertificateSuspension | None:
    return session.scalar(
        select(CertificateSuspension).where(
            CertificateSuspension.user_id == user_id,
            CertificateSuspension.rule_id == rule_id,
            CertificateSuspension.lifted_at.is_(None),
        )
    )


def retest_questions(pool: tuple[Question, ...], rule_id: str, seed: str) -> list[Question]:
    """Up to RETEST_QUESTIONS of the rule's own questions (not script ones, judged at a moment)."""
    candidates = [q for q in pool if rule_id in q.rules and not q.judged]
    rng = random.Random(seed)
    drawn = rng.sample(candidates, min(RETEST_QUESTIONS, len(candidates)))
    return [shuffle_options(q, rng) for q in drawn]


@dataclass(frozen=True)
class SuspensionView:
    id: int
    rule_id: str
    suspended_at: datetime


@dataclass(frozen=True)
class RetestView:
    id: int
    rule_id: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class RetestResult:
    passed: bool
    correct: int
    total: int


class RetestService:
    def __init__(
        self, sessions: SessionFactory, content: Callable[[Rulebook], QuizContent], clock: Clock = utcnow
    ) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

    def suspended(self, actor: Actor) -> list[SuspensionView]:
        """My certificate's rules that are suspended now."""
        with self._sessions() as session:
            rows = session.scalars(
                select(CertificateSuspension)
                .where(
                    CertificateSuspension.user_id == actor.user_id, CertificateSuspension.lifted_at.is_(None)
                )
                .order_by(CertificateSuspension.suspended_at)
            )
            return [SuspensionView(r.id, r.rule_id, r.suspended_at) for r in rows]

    def start(self, actor: Actor, rulebook: Rulebook, suspension_id: int) -> RetestView:
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        now = self._clock()
        with self._sessions.begin() as session:
            suspension = self._own(session, actor, suspension_id)
            tries = len(
                session.scalars(
                    select(CertificateRetest.id).where(CertificateRetest.suspension_id == suspension.id)
                ).all()
            )
            # Shown at the centre whose evidence suspended the rule: `{site}` becomes its name.
            site = session.scalar(
                select(Site.name)
                .join(PracticeAssignment, PracticeAssignment.site_id == Site.id)
                .where(PracticeAssignment.id == suspension.assignment_id)
            )
            questions = [
                q.with_site(site) if site else q
                for q in retest_questions(
                    content.pool, suspension.rule_id, f"{actor.user_id}:{suspension.id}:{tries}"
                )
            ]
            if not questions:
                raise ValidationFailed("coaching.error.no_retest_questions", field="rule")
            row = CertificateRetest(
                suspension_id=suspension.id,
                user_id=actor.user_id,
                question_ids=[q.id for q in questions],
                started_at=now,
                answers={},
            )
            session.add(row)
            session.flush()
            return RetestView(row.id, suspension.rule_id, tuple(questions))

    def submit(
        self, actor: Actor, rulebook: Rulebook, retest_id: int, raw: Mapping[str, Any]
    ) -> RetestResult:
        """All right lifts the suspension; otherwise another re-test may be started."""
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        now = self._clock()
        with self._sessions.begin() as session:
            row = session.get(CertificateRetest, retest_id, with_for_update=True)
            if row is None or row.user_id != actor.user_id:
                raise NotFound("coaching.error.no_such_retest", retest_id=retest_id)
            if row.finished_at is not None:
                raise ValidationFailed("coaching.error.retest_finished", field="answer")
            kept: dict[str, Any] = {}
            correct = 0
            for qid in row.question_ids:
                question = content.questions.get(qid)
                if question is None:
                    continue
                try:
                    answer = grading.clean_answer(question, raw.get(qid))
                except grading.AnswerInvalid as exc:
                    raise ValidationFailed(f"quiz.error.answer_{exc.code}", field="answer") from exc
                kept[qid] = answer
                correct += grading.grade(question, answer, rulebook=rulebook).correct
            total = len(row.question_ids)
            passed = correct == total
            row.finished_at, row.answers, row.correct_count, row.passed = now, kept, correct, passed
            suspension = session.get(CertificateSuspension, row.suspension_id, with_for_update=True)
            log = history.Recorder(session, actor.user_id, now)
            log(
                "certificate_retest", row.id, "submit", {"passed": [None, passed], "correct": [None, correct]}
            )
            if passed and suspension is not None and suspension.lifted_at is None:
                suspension.lifted_at, suspension.lifted_by = now, row.id
                log("certificate_suspension", suspension.id, "lift", {"lifted_at": [None, now.isoformat()]})
            return RetestResult(passed, correct, total)

    @staticmethod
    def _own(session: Session, actor: Actor, suspension_id: int) -> CertificateSuspension:
        row = session.get(CertificateSuspension, suspension_id)
        if row is None or row.user_id != actor.user_id or row.lifted_at is not None:
            raise NotFound("coaching.error.no_such_suspension", suspension_id=suspension_id)
        return row
