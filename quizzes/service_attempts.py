"""Taking a quiz: the recorded draw, answers saved as given, the server-side time limit, grading, and the
certificate a passed certification issues."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.tables import User
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, Role, require, require_site
from quizzes import certification, grading, scoring
from quizzes.draw import draw, new_seed
from quizzes.model import Question
from quizzes.service_base import (
    ACTIVE,
    IN_PROGRESS,
    SUBMITTED,
    SUPERSEDED,
    TIMED_OUT,
    ServiceBase,
    _notes,
    _Place,
    start_decision,
)
from quizzes.tables import (
    QuizAttempt,
    QuizAttemptQuestion,
    QuizCertificate,
)
from quizzes.views import (
    AttemptSummary,
    AttemptView,
    JudgeNote,
    ResultView,
    ReviewItem,
    ShownQuestion,
)
from rules.judge import model_answers
from rules.model import Rulebook
from store import history


class AttemptsService(ServiceBase):
    def start(
        self,
        actor: Actor,
        rulebook: Rulebook,
        blueprint_id: str,
        *,
        site_id: int | None = None,
        seed: int | None = None,
    ) -> int:
        """Draw a quiz and start the attempt; returns its id. An attempt in progress is resumed."""
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        blueprint = self._blueprint(content, blueprint_id)
        now = self._clock()
        with self._sessions.begin() as session:
            self._finish_overdue(session, rulebook, actor.user_id, now)
        with self._sessions.begin() as session:
            user = session.scalar(select(User).where(User.id == actor.user_id).with_for_update())
            if user is None:
                raise NotFound("error.user_not_found", user_id=actor.user_id)
            running = session.scalar(
                select(QuizAttempt.id).where(
                    QuizAttempt.user_id == actor.user_id, QuizAttempt.status == IN_PROGRESS
                )
            )
            if running is not None:
                return running
            mine = list(
                session.scalars(
                    select(QuizAttempt).where(
                        QuizAttempt.user_id == actor.user_id, QuizAttempt.blueprint_id == blueprint.id
                    )
                )
            )
            certificates = self._certificates(session, [actor.user_id], content)
            cert = next((c for c in certificates if c.blueprint_id == blueprint.id), None)
            decision = start_decision(
                blueprint, mine, cert, now, self._grants(session, actor.user_id).get(blueprint.id)
            )
            if not decision.allowed:
                raise ValidationFailed(f"quiz.error.{decision.reason}", field="quiz")
            if site_id is not None:
                require_site(actor, site_id)  # a quiz is taken at one's own service centre
            place = self._place(session, actor, site_id, rulebook.settings.example_site)
            seen = set(
                session.scalars(
                    select(QuizAttemptQuestion.question_id)
                    .join(QuizAttempt, QuizAttempt.id == QuizAttemptQuestion.attempt_id)
                    .where(QuizAttempt.user_id == actor.user_id, QuizAttempt.blueprint_id == blueprint.id)
                )
            )
            seed = new_seed(self._seeds) if seed is None else seed
            trainee = actor.role == Role.TRAINEE  # trainees' draws leave the registers out
            drawn = draw(content.pool, blueprint, rulebook, random.Random(seed), seen, trainee)
            if not drawn:
                raise ValidationFailed("quiz.error.no_questions", field="quiz")
            attempt = QuizAttempt(
                user_id=actor.user_id, site_id=place.site_id, blueprint_id=blueprint.id,
                purpose=blueprint.purpose, seed=seed, rulebook_version=rulebook.version_label,
                pass_mark=blueprint.pass_mark, started_at=now,
                deadline_at=certification.deadline(now, blueprint), status=IN_PROGRESS,
                question_count=len(drawn), critical_failed=[],
            )  # fmt: skip
            session.add(attempt)
            session.flush()
            for position, question in enumerate(drawn):
                session.add(
                    QuizAttemptQuestion(
                        attempt_id=attempt.id, position=position, question_id=question.id,
                        kind=question.kind, snapshot=question.with_site(place.name).as_dict(),
                        failed_rules=[], feedback=[],
                    )
                )  # fmt: skip
            return attempt.id

    def current_attempt(self, actor: Actor, rulebook: Rulebook) -> AttemptView | None:
        """The attempt in progress, from the database (a refreshed browser resumes it), or None.
        An attempt past its time limit is graded first and is no longer current."""
        require(actor, Permission.TAKE_QUIZZES)
        now = self._clock()
        with self._sessions.begin() as session:
            self._finish_overdue(session, rulebook, actor.user_id, now)
            attempt_id = session.scalar(
                select(QuizAttempt.id).where(
                    QuizAttempt.user_id == actor.user_id, QuizAttempt.status == IN_PROGRESS
                )
            )
        return None if attempt_id is None else self.attempt(actor, rulebook, attempt_id)

    def attempt(self, actor: Actor, rulebook: Rulebook, attempt_id: int) -> AttemptView:
        require(actor, Permission.TAKE_QUIZZES)
        now = self._clock()
        with self._sessions.begin() as session:
            self._finish_overdue(session, rulebook, actor.user_id, now)
        with self._sessions() as session:
            attempt = self._own(session, actor, attempt_id)
            rows = self._rows(session, attempt.id)
            place = self._attempt_place(session, attempt, rulebook.settings.example_site)
        questions = tuple(
            ShownQuestion(r.position, Question.from_dict(r.snapshot), r.answer, r.answered_at) for r in rows
        )
        answered = sum(1 for q in questions if q.answer is not None)
        return AttemptView(self._summary(attempt, answered), questions, now, place.name, place.timezone)

    def save_answer(self, actor: Actor, rulebook: Rulebook, attempt_id: int, position: int, raw: Any) -> None:
        """Keep an answer as given. After the time limit the attempt is graded and the answer refused."""
        require(actor, Permission.TAKE_QUIZZES)
        now = self._clock()
        with self._sessions.begin() as session:
            attempt, overdue = self._in_progress(session, actor, attempt_id, now, "answer")
            if not overdue:
                row = session.scalar(
                    select(QuizAttemptQuestion).where(
                        QuizAttemptQuestion.attempt_id == attempt.id, QuizAttemptQuestion.position == position
                    )
                )
                if row is None:
                    raise NotFound("quiz.error.no_such_question", position=position)
                question = Question.from_dict(row.snapshot)
                try:
                    row.answer = grading.clean_answer(question, raw)
                except grading.AnswerInvalid as exc:
                    raise ValidationFailed(f"quiz.error.answer_{exc.code}", field="answer") from exc
                row.answered_at = now if row.answer is not None else None
                return
            self._grade(session, rulebook, attempt, now, TIMED_OUT)
        raise ValidationFailed("quiz.error.time_up", field="answer")

    def submit(self, actor: Actor, rulebook: Rulebook, attempt_id: int) -> AttemptSummary:
        """Grade the attempt; a passed certification issues the certificate."""
        require(actor, Permission.TAKE_QUIZZES)
        now = self._clock()
        with self._sessions.begin() as session:
            attempt, late = self._in_progress(session, actor, attempt_id, now, "quiz")
            self._grade(session, rulebook, attempt, now, TIMED_OUT if late else SUBMITTED)
            answered = sum(1 for r in self._rows(session, attempt.id) if r.answer is not None)
            return self._summary(attempt, answered)

    def _in_progress(
        self, session: Session, actor: Actor, attempt_id: int, now: datetime, field: str
    ) -> tuple[QuizAttempt, bool]:
        """The actor's attempt, locked, refused unless still in progress; and whether its time is up."""
        attempt = self._own(session, actor, attempt_id, lock=True)
        if attempt.status != IN_PROGRESS:
            raise ValidationFailed("quiz.error.finished", field=field)
        return attempt, attempt.deadline_at is not None and now > attempt.deadline_at

    def result(self, actor: Actor, rulebook: Rulebook, attempt_id: int) -> ResultView:
        """Score, pass or fail, and the review: each question with the answer given, the right one,
        why, and (for free text) the judge's findings and wordings that pass."""
        with self._sessions.begin() as session:
            self._finish_overdue(session, rulebook, actor.user_id, self._clock())
        with self._sessions() as session:
            attempt = session.get(QuizAttempt, attempt_id)
            if attempt is None:
                raise NotFound("quiz.error.no_such_attempt", attempt_id=attempt_id)
            self._may_read(session, actor, attempt.user_id)
            if attempt.status == IN_PROGRESS:
                raise ValidationFailed("quiz.error.not_finished", field="quiz")
            rows = self._rows(session, attempt.id)
            place = self._attempt_place(session, attempt, rulebook.settings.example_site)
            name = session.scalar(select(User.display_name).where(User.id == attempt.user_id)) or ""
            cert = session.scalar(select(QuizCertificate).where(QuizCertificate.attempt_id == attempt.id))
            content = self.content_state(rulebook).content
            certificate = self._cert_view(session, cert, content) if cert else None
        items = [
            self._review_item(
                rulebook, row, place, row.answered_at or attempt.finished_at or attempt.started_at,
                bool(row.correct), tuple(row.failed_rules),
                tuple(JudgeNote.from_dict(f) for f in row.feedback),
            )
            for row in rows
        ]  # fmt: skip
        summary = self._summary(attempt, sum(1 for r in rows if r.answer is not None))
        return ResultView(summary, name, tuple(items), certificate, place.timezone)

    def answer_feedback(self, actor: Actor, rulebook: Rulebook, attempt_id: int, position: int) -> ReviewItem:
        """Right or wrong, why and the rules, right after a practice answer is saved. A certification
        keeps its review for the end: asking for it there is refused."""
        require(actor, Permission.TAKE_QUIZZES)
        with self._sessions() as session:
            attempt = self._own(session, actor, attempt_id)
            if attempt.purpose != "practice":
                raise ValidationFailed("quiz.error.feedback_at_the_end", field="quiz")
            row = session.scalar(
                select(QuizAttemptQuestion).where(
                    QuizAttemptQuestion.attempt_id == attempt.id, QuizAttemptQuestion.position == position
                )
            )
            if row is None or row.answer is None:
                raise NotFound("quiz.error.no_such_question", position=position)
            place = self._attempt_place(session, attempt, rulebook.settings.example_site)
        question = Question.from_dict(row.snapshot)
        moment = row.answered_at or self._clock()
        outcome = grading.grade(
            question, row.answer, rulebook=rulebook, site=place.name, answered_at=place.local(moment)
        )
        return self._review_item(
            rulebook, row, place, moment, outcome.correct, outcome.failed_rules, _notes(outcome.findings)
        )

    @staticmethod
    def _review_item(
        rulebook: Rulebook,
        row: QuizAttemptQuestion,
        place: _Place,
        answered: datetime,
        correct: bool,
        failed: tuple[str, ...],
        notes: tuple[JudgeNote, ...],
    ) -> ReviewItem:
        """A question with its answer, and for free text the moment judged and wordings that pass then."""
        question = Question.from_dict(row.snapshot)
        judged_at = None
        answers: tuple[str, ...] = ()
        if question.judged and question.scenario is not None:
            judged_at = question.at or place.local(answered)
            found = model_answers(rulebook, question.scenario, at=judged_at, site=place.name, limit=3)
            answers = tuple(a.text for a in found)
        return ReviewItem(row.position, question, row.answer, correct, failed, notes, answers, judged_at)

    def _finish_overdue(self, session: Session, rulebook: Rulebook, user_id: int, now: datetime) -> None:
        """Grade the person's attempts whose time limit has passed (the server enforces the limit)."""
        overdue = session.scalars(
            select(QuizAttempt)
            .where(
                QuizAttempt.user_id == user_id,
                QuizAttempt.status == IN_PROGRESS,
                QuizAttempt.deadline_at.is_not(None),
                QuizAttempt.deadline_at < now,
            )
            .with_for_update()
        )
        for attempt in list(overdue):
            self._grade(session, rulebook, attempt, now, TIMED_OUT)

    def _grade(
        self, session: Session, rulebook: Rulebook, attempt: QuizAttempt, now: datetime, status: str
    ) -> None:
        content = self._content(rulebook)
        place = self._attempt_place(session, attempt, rulebook.settings.example_site)
        rows = self._rows(session, attempt.id)
        questions = [Question.from_dict(r.snapshot) for r in rows]
        outcomes = []
        for row, question in zip(rows, questions, strict=True):
            answered_at = place.local(row.answered_at) if row.answered_at else None
            outcome = grading.grade(
                question, row.answer, rulebook=rulebook, site=place.name, answered_at=answered_at
            )
            row.correct, row.failed_rules = outcome.correct, list(outcome.failed_rules)
            row.feedback = [n.as_dict() for n in _notes(outcome.findings)]
            outcomes.append(outcome)
        result = scoring.score(
            outcomes, critical=scoring.critical_rule_ids(rulebook), pass_mark=attempt.pass_mark
        )
        attempt.status, attempt.finished_at = status, now
        attempt.correct_count, attempt.score = result.correct, result.percent
        attempt.passed, attempt.critical_failed = result.passed, list(result.critical_failed)
        answered = [(q, o) for q, o, r in zip(questions, outcomes, rows, strict=True) if r.answer is not None]
        results = scoring.rule_results([q for q, _ in answered], [o for _, o in answered])
        self._review(session, attempt.user_id, results, now, content, "quiz", attempt_id=attempt.id)
        blueprint = content.blueprint(attempt.blueprint_id)
        if attempt.purpose == "certification" and result.passed:
            months = blueprint.valid_months if blueprint and blueprint.valid_months else 12
            self._issue(session, attempt, rulebook, now, months)

    def _issue(
        self, session: Session, attempt: QuizAttempt, rulebook: Rulebook, now: datetime, months: int
    ) -> None:
        older = session.scalars(
            select(QuizCertificate).where(
                QuizCertificate.user_id == attempt.user_id,
                QuizCertificate.blueprint_id == attempt.blueprint_id,
                QuizCertificate.status != SUPERSEDED,
            )
        )
        log = history.Recorder(session, attempt.user_id, now)
        for cert in list(older):
            log.of(cert, "quiz_certificate", "supersede", {"status": [cert.status, SUPERSEDED]})
            cert.status = SUPERSEDED
        cert = QuizCertificate(
            user_id=attempt.user_id, site_id=attempt.site_id, blueprint_id=attempt.blueprint_id,
            attempt_id=attempt.id, issued_at=now, expires_at=certification.add_months(now, months),
            score=attempt.score or 0.0, rulebook_version=rulebook.version_label,
            critical_rules=certification.critical_wordings(rulebook), status=ACTIVE, recertify_rules=[],
        )  # fmt: skip
        session.add(cert)
        session.flush()
        issued = {
            "status": [None, ACTIVE],
            "score": [None, cert.score],
            "expires_at": [None, cert.expires_at.isoformat()],
            "rulebook_version": [None, cert.rulebook_version],
        }
        log.of(cert, "quiz_certificate", "issue", issued)
