"""Spaced practice (FSRS, one memory per person and rule) and the phone drill."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require
from quizzes import drill, grading, scoring, spacing
from quizzes.draw import shuffle_options
from quizzes.model import QuizContent
from quizzes.service_base import (
    ServiceBase,
    _notes,
    _Place,
)
from quizzes.tables import (
    PhoneDrill,
    RuleReview,
)
from quizzes.views import (
    DrillView,
    JudgeNote,
    PracticeCounts,
    PracticeFeedback,
    PracticeItem,
)
from rules.judge import judge
from rules.model import Rulebook


class PracticeService(ServiceBase):
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

    @classmethod
    def _own_drill(cls, session: Session, actor: Actor, drill_id: int, *, lock: bool = False) -> PhoneDrill:
        return cls._mine(session, actor, PhoneDrill, drill_id, "quiz.error.no_such_drill", "drill_id", lock)

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
