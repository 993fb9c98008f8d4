"""Quizzes: attempts with a recorded draw, answers saved as given, a server-side time limit, grading,
certificates and recertification, spaced practice (FSRS), the phone drill and the managers' overview.

Every method takes the acting user and checks their role itself. The decisions are the pure modules'
(`draw`, `grading`, `scoring`, `certification`, `spacing`, `drill`, `analysis`); this module reads and
writes rows. Certificate changes and granted rounds leave history rows in the same transaction.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.tables import Site, User, UserSite
from content.errors import ContentError
from core.errors import NotFound, PermissionDenied, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from quizzes import analysis, certification, drill, grading, scoring, spacing
from quizzes.draw import draw, new_seed, shuffle_options
from quizzes.loader import QuizContentInvalid, default_quiz_content, load_quiz_content
from quizzes.model import Blueprint, Question, QuizContent
from quizzes.tables import (
    PhoneDrill,
    QuizAttempt,
    QuizAttemptQuestion,
    QuizCertificate,
    QuizRoundGrant,
    RuleMemory,
    RuleReview,
)
from quizzes.views import (
    AttemptSummary,
    AttemptView,
    CertificateView,
    DrillView,
    ItemRow,
    JudgeNote,
    MyTraining,
    PersonRow,
    PracticeCounts,
    PracticeFeedback,
    PracticeItem,
    QuizOption,
    ResultView,
    ReviewItem,
    RuleTrouble,
    ShownQuestion,
    TrainingOverview,
)
from rules.judge import judge, model_answers
from rules.model import Rulebook
from store import history
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


class QuizService:
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

    # --- content -------------------------------------------------------------------------------

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

    # --- the taker's overview ------------------------------------------------------------------

    def my_training(self, actor: Actor, rulebook: Rulebook) -> MyTraining:
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        self._recertify_once(rulebook)
        now = self._clock()
        with self._sessions.begin() as session:
            self._finish_overdue(session, rulebook, actor.user_id, now)
        with self._sessions() as session:
            attempts = list(
                session.scalars(
                    select(QuizAttempt)
                    .where(QuizAttempt.user_id == actor.user_id)
                    .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
                )
            )
            answered = self._answered_counts(session, [a.id for a in attempts])
            certificates = self._certificates(session, [actor.user_id], content)
            grants = self._grants(session, actor.user_id)
            place = self._place(session, actor, None, rulebook.settings.example_site)
        summaries = [self._summary(a, answered.get(a.id, 0)) for a in attempts]
        options = []
        for blueprint in content.blueprints:
            mine = [a for a in attempts if a.blueprint_id == blueprint.id]
            cert = next((c for c in certificates if c.blueprint_id == blueprint.id), None)
            decision = certification.may_start(
                blueprint,
                [certification.PastAttempt(a.started_at, a.finished_at, a.passed) for a in mine],
                _facts(cert),
                now,
                grants.get(blueprint.id),
            )
            scores = [a.score for a in mine if a.score is not None]
            options.append(QuizOption(blueprint, decision, len(mine), max(scores) if scores else None))
        return MyTraining(
            in_progress=next((s for s in summaries if not s.finished), None),
            options=tuple(options),
            certificates=tuple(certificates),
            recent=tuple(s for s in summaries if s.finished)[:20],
            timezone=place.timezone,
        )

    # --- taking a quiz -------------------------------------------------------------------------

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
            decision = certification.may_start(
                blueprint,
                [certification.PastAttempt(a.started_at, a.finished_at, a.passed) for a in mine],
                _facts(cert),
                now,
                self._grants(session, actor.user_id).get(blueprint.id),
            )
            if not decision.allowed:
                raise ValidationFailed(f"quiz.error.{decision.reason}", field="quiz")
            place = self._place(session, actor, site_id, rulebook.settings.example_site)
            seen = set(
                session.scalars(
                    select(QuizAttemptQuestion.question_id)
                    .join(QuizAttempt, QuizAttempt.id == QuizAttemptQuestion.attempt_id)
                    .where(QuizAttempt.user_id == actor.user_id, QuizAttempt.blueprint_id == blueprint.id)
                )
            )
            seed = new_seed(self._seeds) if seed is None else seed
            drawn = draw(content.pool, blueprint, rulebook, random.Random(seed), seen)
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
            attempt = self._own(session, actor, attempt_id, lock=True)
            if attempt.status != IN_PROGRESS:
                raise ValidationFailed("quiz.error.finished", field="answer")
            overdue = attempt.deadline_at is not None and now > attempt.deadline_at
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
            attempt = self._own(session, actor, attempt_id, lock=True)
            if attempt.status != IN_PROGRESS:
                raise ValidationFailed("quiz.error.finished", field="quiz")
            late = attempt.deadline_at is not None and now > attempt.deadline_at
            self._grade(session, rulebook, attempt, now, TIMED_OUT if late else SUBMITTED)
            answered = sum(1 for r in self._rows(session, attempt.id) if r.answer is not None)
            return self._summary(attempt, answered)

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
        items = []
        for row in rows:
            question = Question.from_dict(row.snapshot)
            judged_at = None
            answers: tuple[str, ...] = ()
            if question.judged and question.scenario is not None:
                judged_at = question.at or place.local(
                    row.answered_at or attempt.finished_at or attempt.started_at
                )
                found = model_answers(rulebook, question.scenario, at=judged_at, site=place.name, limit=3)
                answers = tuple(a.text for a in found)
            items.append(
                ReviewItem(
                    row.position, question, row.answer, bool(row.correct), tuple(row.failed_rules),
                    tuple(JudgeNote.from_dict(f) for f in row.feedback), answers, judged_at,
                )
            )  # fmt: skip
        summary = self._summary(attempt, sum(1 for r in rows if r.answer is not None))
        return ResultView(summary, name, tuple(items), certificate, place.timezone)

    # --- certificates --------------------------------------------------------------------------

    def certificate(
        self, actor: Actor, rulebook: Rulebook, user_id: int | None = None
    ) -> CertificateView | None:
        """The latest certificate of a person (default: the actor) for the first certification."""
        target = actor.user_id if user_id is None else user_id
        content = self._content(rulebook)
        self._recertify_once(rulebook)
        with self._sessions() as session:
            if target == actor.user_id:
                require(actor, Permission.TAKE_QUIZZES)
            else:
                self._may_read(session, actor, target)
            found = self._certificates(session, [target], content)
        return found[0] if found else None

    def _recertify_once(self, rulebook: Rulebook) -> None:
        """Pages sync once per rulebook version and process, not on every rerun. The marks live in the
        database and the sync is idempotent, so each process doing it once per version is enough."""
        if rulebook.version_label not in self._recertified:
            self.sync_recertification(rulebook)
            self._recertified.add(rulebook.version_label)

    def sync_recertification(self, rulebook: Rulebook) -> int:
        """Mark the active certificates taken against an older wording of a critical rule; returns how
        many were marked. Idempotent; each mark leaves a history row."""
        now = self._clock()
        marked = 0
        with self._sessions.begin() as session:
            # A certificate of this very version holds this version's wordings: nothing to compare.
            stale = select(QuizCertificate).where(
                QuizCertificate.status == ACTIVE, QuizCertificate.rulebook_version != rulebook.version_label
            )
            for cert in session.scalars(stale):
                changed = certification.changed_critical_rules(cert.critical_rules, rulebook)
                if not changed:
                    continue
                cert.status, cert.recertify_rules, cert.recertify_marked_at = RECERTIFY, list(changed), now
                history.record(
                    session, at=now, actor_id=None, entity="quiz_certificate", entity_id=cert.id,
                    action="recertify", changes={"status": [ACTIVE, RECERTIFY]}, site_id=cert.site_id,
                    note=", ".join(changed),
                )  # fmt: skip
                marked += 1
        return marked

    # --- spaced practice -----------------------------------------------------------------------

    def practice_next(self, actor: Actor, rulebook: Rulebook) -> PracticeItem | None:
        """The next rule to practise (due rules first) with a question on it. The same state gives the
        same question, so a rerun of the page shows what it showed."""
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        kinds = set(content.spacing.kinds)
        testable = {r for q in content.pool if q.kind in kinds for r in q.rules}
        now = self._clock()
        with self._sessions() as session:
            memories = self._memories(session, actor.user_id)
            place = self._place(session, actor, None, rulebook.settings.example_site)
            asked = dict(
                session.execute(
                    select(RuleReview.question_id, func.count())
                    .where(RuleReview.user_id == actor.user_id, RuleReview.source == "practice")
                    .group_by(RuleReview.question_id)
                ).all()
            )
        order = [r.id for r in rulebook.rules if r.id in testable]
        slots = spacing.practice_order(order, memories, now)
        counts = PracticeCounts(*(sum(1 for s in slots if s.status == k) for k in ("due", "new", "later")))
        if not slots:
            return None
        slot = slots[0]
        candidates = [q for q in content.pool if q.kind in kinds and slot.rule_id in q.rules]
        question = min(candidates, key=lambda q: (asked.get(q.id, 0), len(q.rules)))
        times = asked.get(question.id, 0)
        shown = shuffle_options(
            question.with_site(place.name), random.Random(f"{actor.user_id}:{question.id}:{times}")
        )
        return PracticeItem(slot.rule_id, slot.status, slot.due, shown, counts)

    def practice_answer(
        self, actor: Actor, rulebook: Rulebook, question_id: str, raw: Any
    ) -> PracticeFeedback:
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        question = content.questions.get(question_id)
        if question is None or question.kind not in content.spacing.kinds:
            raise NotFound("quiz.error.no_such_question", position=question_id)
        try:
            answer = grading.clean_answer(question, raw)
        except grading.AnswerInvalid as exc:
            raise ValidationFailed(f"quiz.error.answer_{exc.code}", field="answer") from exc
        if answer is None:
            raise ValidationFailed("quiz.error.answer_missing", field="answer")
        outcome = grading.grade(question, answer, rulebook=rulebook)
        now = self._clock()
        results = scoring.rule_results([question], [outcome])
        with self._sessions.begin() as session:
            place = self._place(session, actor, None, rulebook.settings.example_site)
            due = self._review(
                session, actor.user_id, results, now, content, "practice", question_id=question.id
            )
        return PracticeFeedback(
            question.with_site(place.name), answer, outcome.correct, (), due, place.timezone
        )

    # --- the phone drill -----------------------------------------------------------------------

    def start_drill(self, actor: Actor, rulebook: Rulebook) -> DrillView:
        """The phone starts ringing now (by the server's clock)."""
        require(actor, Permission.TAKE_QUIZZES)
        self._content(rulebook)
        now = self._clock()
        with self._sessions.begin() as session:
            place = self._place(session, actor, None, rulebook.settings.example_site)
            row = PhoneDrill(
                user_id=actor.user_id, site_id=place.site_id, started_at=now, status="ringing",
                findings=[], rulebook_version=rulebook.version_label,
            )  # fmt: skip
            session.add(row)
            session.flush()
            drill_id = row.id
        return self.drill_state(actor, rulebook, drill_id)

    def drill_state(self, actor: Actor, rulebook: Rulebook, drill_id: int) -> DrillView:
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._own_drill(session, actor, drill_id)
            rings_now = drill.rings_at(row.started_at, now, content.drill)
            if row.status == "ringing" and drill.missed(rings_now, content.drill):
                self._miss(session, actor, row, content, now)
            place = self._place(session, actor, row.site_id, rulebook.settings.example_site)
            return self._drill_view(row, rings_now, content, place, rulebook)

    def current_drill(self, actor: Actor, rulebook: Rulebook) -> DrillView | None:
        """The latest drill still ringing or waiting for its opening line."""
        require(actor, Permission.TAKE_QUIZZES)
        with self._sessions() as session:
            drill_id = session.scalar(
                select(PhoneDrill.id)
                .where(PhoneDrill.user_id == actor.user_id, PhoneDrill.status.in_(("ringing", "picked_up")))
                .order_by(PhoneDrill.id.desc())
            )
        return None if drill_id is None else self.drill_state(actor, rulebook, drill_id)

    def pick_up(self, actor: Actor, rulebook: Rulebook, drill_id: int) -> DrillView:
        """Record the ring count at pick-up, counted by the server between start and now."""
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._own_drill(session, actor, drill_id, lock=True)
            rings = drill.rings_at(row.started_at, now, content.drill)
            if row.status == "ringing":
                if drill.missed(rings, content.drill):
                    self._miss(session, actor, row, content, now)
                else:
                    row.status, row.picked_up_at, row.rings = "picked_up", now, rings
                    in_time = rings <= content.drill.max_rings
                    result = {"phone.three_rings": in_time}
                    self._review(session, actor.user_id, result, now, content, "drill", drill_id=row.id)
            place = self._place(session, actor, row.site_id, rulebook.settings.example_site)
            return self._drill_view(row, rings, content, place, rulebook)

    def answer_drill(self, actor: Actor, rulebook: Rulebook, drill_id: int, text: str) -> DrillView:
        """Judge the opening line as said at the moment of pick-up, at the taker's centre."""
        require(actor, Permission.TAKE_QUIZZES)
        content = self._content(rulebook)
        said = (text or "").strip()
        if not said:
            raise ValidationFailed("quiz.error.answer_missing", field="answer")
        if len(said) > grading.MAX_TEXT:
            raise ValidationFailed("quiz.error.answer_text_too_long", field="answer")
        now = self._clock()
        with self._sessions.begin() as session:
            row = self._own_drill(session, actor, drill_id, lock=True)
            if row.status != "picked_up" or row.picked_up_at is None:
                raise ValidationFailed("quiz.error.drill_not_picked_up", field="answer")
            place = self._place(session, actor, row.site_id, rulebook.settings.example_site)
            verdict = judge(
                rulebook, drill.DRILL_SCENARIO, said, at=place.local(row.picked_up_at), site=place.name
            )
            outcome = drill.result(row.rings or 0, verdict.ok, content.drill)
            row.status, row.text, row.answered_at = "answered", said, now
            row.judge_score, row.passed = verdict.score, outcome.passed
            row.findings = [n.as_dict() for n in _notes(verdict.findings)]
            failed = {f.rule for f in verdict.findings}
            tested = [r.id for r in rulebook.rules if r.speech and drill.DRILL_SCENARIO in r.speech.scenarios]
            results = {rule: rule not in failed for rule in tested}
            self._review(session, actor.user_id, results, now, content, "drill", drill_id=row.id)
            return self._drill_view(row, row.rings or 0, content, place, rulebook)

    # --- managers ------------------------------------------------------------------------------

    def training_overview(
        self, actor: Actor, rulebook: Rulebook, site_id: int | None = None
    ) -> TrainingOverview:
        """Who is certified, due or expired; attempts per person; per-question statistics over first
        attempts; the rules people keep getting wrong. For the manager's sites (or one of them)."""
        require(actor, Permission.READ_TRAINING)
        content = self._content(rulebook)
        self._recertify_once(rulebook)
        sites = set(actor.site_ids)
        if site_id is not None:
            require_site(actor, site_id)
            sites = {site_id}
        blueprint = content.certifications[0] if content.certifications else None
        with self._sessions() as session:
            people = session.execute(
                select(User.id, User.display_name, User.role)
                .where(
                    User.active.is_(True),
                    User.id.in_(select(UserSite.user_id).where(UserSite.site_id.in_(sites))),
                )
                .order_by(User.display_name, User.id)
            ).all()
            ids = [p.id for p in people]
            certs = {c.user_id: c for c in self._certificates(session, ids, content)}
            attempt_stats = {
                row.user_id: row
                for row in session.execute(
                    select(
                        QuizAttempt.user_id,
                        func.count().label("attempts"),
                        func.max(QuizAttempt.started_at).label("last_at"),
                    )
                    .where(QuizAttempt.user_id.in_(ids), QuizAttempt.purpose == "certification")
                    .group_by(QuizAttempt.user_id)
                )
            }
            last_scores = self._last_scores(session, ids)
            leeches = session.execute(
                select(RuleMemory.user_id, RuleMemory.rule_id)
                .where(RuleMemory.user_id.in_(ids), RuleMemory.failures >= content.spacing.leech_failures)
                .order_by(RuleMemory.failures.desc(), RuleMemory.rule_id)
            ).all()
            troubles = session.execute(
                select(
                    RuleReview.rule_id,
                    func.count().label("wrong"),
                    func.count(func.distinct(RuleReview.user_id)).label("people"),
                )
                .where(RuleReview.user_id.in_(ids), RuleReview.correct.is_(False))
                .group_by(RuleReview.rule_id)
                .order_by(func.count().desc(), RuleReview.rule_id)
                .limit(TROUBLE_LIMIT)
            ).all()
            items = self._item_rows(session, ids, blueprint, content) if blueprint else ()
            timezone = self._place(session, actor, min(sites) if sites else None).timezone
        names = {p.id: p.display_name for p in people}
        leech_rules: dict[int, list[str]] = {}
        leech_people: dict[str, list[str]] = {}
        for user_id, rule_id in leeches:
            leech_rules.setdefault(user_id, []).append(rule_id)
            leech_people.setdefault(rule_id, []).append(names[user_id])
        rows = []
        for person in people:
            cert = certs.get(person.id)
            stats = attempt_stats.get(person.id)
            rows.append(
                PersonRow(
                    user_id=person.id, display_name=person.display_name, role=person.role,
                    status=cert.status if cert else "none", issued_at=cert.issued_at if cert else None,
                    expires_at=cert.expires_at if cert else None, score=cert.score if cert else None,
                    attempts=stats.attempts if stats else 0, last_attempt_at=stats.last_at if stats else None,
                    last_score=last_scores.get(person.id),
                    recertify_rules=cert.recertify_rules if cert else (),
                    leeches=tuple(leech_rules.get(person.id, ())),
                )
            )  # fmt: skip
        counts = {k: sum(1 for r in rows if r.status == k) for k in ("valid", "due", "expired", "none")}
        trouble_rows = tuple(
            RuleTrouble(t.rule_id, t.wrong, t.people, tuple(leech_people.get(t.rule_id, ())))
            for t in troubles
        )
        return TrainingOverview(
            blueprint.id if blueprint else None, tuple(rows), counts, tuple(items), trouble_rows, timezone
        )

    def grant_round(self, actor: Actor, user_id: int, blueprint_id: str, reason: str) -> None:
        """Let a person who used up their attempts start a new round (with a reason, in the history)."""
        require(actor, Permission.READ_TRAINING)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed("error.reason_required", field="reason")
        if len(reason) > REASON_MAX:
            raise ValidationFailed("quiz.error.reason_too_long", field="reason", max=REASON_MAX)
        now = self._clock()
        with self._sessions.begin() as session:
            self._may_read(session, actor, user_id)
            grant = QuizRoundGrant(
                user_id=user_id,
                blueprint_id=blueprint_id,
                granted_by=actor.user_id,
                granted_at=now,
                reason=reason,
            )
            session.add(grant)
            session.flush()
            history.record(
                session, at=now, actor_id=actor.user_id, entity="quiz_round", entity_id=grant.id,
                action="grant", changes={"user_id": [None, user_id], "blueprint_id": [None, blueprint_id]},
                note=reason,
            )  # fmt: skip

    # --- internals: attempts -------------------------------------------------------------------

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
        for cert in list(older):
            history.record(
                session, at=now, actor_id=attempt.user_id, entity="quiz_certificate", entity_id=cert.id,
                action="supersede", changes={"status": [cert.status, SUPERSEDED]}, site_id=cert.site_id,
            )  # fmt: skip
            cert.status = SUPERSEDED
        cert = QuizCertificate(
            user_id=attempt.user_id, site_id=attempt.site_id, blueprint_id=attempt.blueprint_id,
            attempt_id=attempt.id, issued_at=now, expires_at=certification.add_months(now, months),
            score=attempt.score or 0.0, rulebook_version=rulebook.version_label,
            critical_rules=certification.critical_wordings(rulebook), status=ACTIVE, recertify_rules=[],
        )  # fmt: skip
        session.add(cert)
        session.flush()
        history.record(
            session, at=now, actor_id=attempt.user_id, entity="quiz_certificate", entity_id=cert.id,
            action="issue", site_id=cert.site_id,
            changes={"status": [None, ACTIVE], "score": [None, cert.score],
                     "expires_at": [None, cert.expires_at.isoformat()],
                     "rulebook_version": [None, cert.rulebook_version]},
        )  # fmt: skip

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
    def _own(session: Session, actor: Actor, attempt_id: int, *, lock: bool = False) -> QuizAttempt:
        stmt = select(QuizAttempt).where(QuizAttempt.id == attempt_id)
        attempt = session.scalar(stmt.with_for_update() if lock else stmt)
        if attempt is None or attempt.user_id != actor.user_id:
            raise NotFound("quiz.error.no_such_attempt", attempt_id=attempt_id)
        return attempt

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

    # --- internals: places, certificates, memory -----------------------------------------------

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
        rows = session.execute(
            select(QuizCertificate, User.display_name, Site.name, Site.timezone)
            .join(User, User.id == QuizCertificate.user_id)
            .outerjoin(Site, Site.id == QuizCertificate.site_id)
            .where(QuizCertificate.user_id.in_(user_ids), QuizCertificate.status != SUPERSEDED)
            .order_by(QuizCertificate.issued_at.desc(), QuizCertificate.id.desc())
        ).all()
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

    # --- internals: drills and reports ---------------------------------------------------------

    @staticmethod
    def _own_drill(session: Session, actor: Actor, drill_id: int, *, lock: bool = False) -> PhoneDrill:
        stmt = select(PhoneDrill).where(PhoneDrill.id == drill_id)
        row = session.scalar(stmt.with_for_update() if lock else stmt)
        if row is None or row.user_id != actor.user_id:
            raise NotFound("quiz.error.no_such_drill", drill_id=drill_id)
        return row

    def _miss(
        self, session: Session, actor: Actor, row: PhoneDrill, content: QuizContent, now: datetime
    ) -> None:
        row.status, row.rings, row.passed = "missed", content.drill.missed_after_rings + 1, False
        self._review(
            session, actor.user_id, {"phone.three_rings": False}, now, content, "drill", drill_id=row.id
        )

    @staticmethod
    def _drill_view(
        row: PhoneDrill, rings_now: int, content: QuizContent, place: _Place, rulebook: Rulebook
    ) -> DrillView:
        return DrillView(
            id=row.id, status=row.status, started_at=row.started_at, picked_up_at=row.picked_up_at,
            rings=row.rings, rings_now=rings_now, max_rings=content.drill.max_rings, text=row.text,
            judge_score=row.judge_score, passed=row.passed,
            notes=tuple(JudgeNote.from_dict(f) for f in row.findings or ()), site_name=place.name,
            timezone=place.timezone, lines=drill.opening_lines(rulebook, place.name),
        )  # fmt: skip

    @staticmethod
    def _last_scores(session: Session, user_ids: Sequence[int]) -> dict[int, float]:
        latest = (
            select(QuizAttempt.user_id, func.max(QuizAttempt.id).label("last_id"))
            .where(
                QuizAttempt.user_id.in_(user_ids),
                QuizAttempt.purpose == "certification",
                QuizAttempt.status.in_(FINISHED),
            )
            .group_by(QuizAttempt.user_id)
            .subquery()
        )
        return dict(
            session.execute(
                select(QuizAttempt.user_id, QuizAttempt.score).join(
                    latest, latest.c.last_id == QuizAttempt.id
                )
            ).all()
        )

    def _item_rows(
        self, session: Session, user_ids: Sequence[int], blueprint: Blueprint, content: QuizContent
    ) -> list[ItemRow]:
        """Item analysis over each person's first finished attempt of the certification."""
        first = (
            select(func.min(QuizAttempt.id).label("first_id"))
            .where(
                QuizAttempt.user_id.in_(user_ids),
                QuizAttempt.blueprint_id == blueprint.id,
                QuizAttempt.status.in_(FINISHED),
            )
            .group_by(QuizAttempt.user_id)
        )
        rows = session.execute(
            select(
                QuizAttemptQuestion.attempt_id,
                QuizAttemptQuestion.question_id,
                QuizAttemptQuestion.correct,
                QuizAttemptQuestion.kind,
                QuizAttemptQuestion.snapshot,
                QuizAttempt.score,
            )
            .join(QuizAttempt, QuizAttempt.id == QuizAttemptQuestion.attempt_id)
            .where(QuizAttempt.id.in_(first))
            .order_by(QuizAttemptQuestion.attempt_id, QuizAttemptQuestion.position)
        ).all()
        responses = [
            analysis.Response(r.attempt_id, r.question_id, bool(r.correct), r.score or 0.0) for r in rows
        ]
        shown = {r.question_id: (r.kind, Question.from_dict(r.snapshot).prompt) for r in rows}
        stats = analysis.item_analysis(responses, content.analysis)
        stats.sort(key=lambda s: (not s.rewrite, s.facility, s.question_id))
        return [
            ItemRow(s.question_id, shown[s.question_id][0], shown[s.question_id][1], s.responses, s.facility,
                    s.discrimination, s.flags)
            for s in stats
        ]  # fmt: skip


def _memory(row: RuleMemory) -> spacing.Memory:
    return spacing.Memory(
        row.rule_id, row.state, row.step, row.stability, row.difficulty, row.due_at, row.last_review_at,
        row.reviews, row.failures, row.lapses,
    )  # fmt: skip


def _facts(cert: CertificateView | None) -> certification.CertificateFacts | None:
    if cert is None:
        return None
    return certification.CertificateFacts(cert.issued_at, cert.expires_at, bool(cert.recertify_rules))


__all__ = ["ContentState", "QuizService"]
