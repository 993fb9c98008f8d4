"""Overviews: a taker's own training, and the managers' view of who is ready, item analysis and the
rules people keep getting wrong."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.roles import Actor, Permission, require, require_site
from quizzes import analysis
from quizzes import overview_queries as queries
from quizzes.model import Blueprint, QuizContent
from quizzes.service_base import ServiceBase, start_decision
from quizzes.tables import QuizAttempt
from quizzes.views import (
    ItemRow,
    MyTraining,
    PersonRow,
    QuizOption,
    RuleTrouble,
    TrainingOverview,
)
from rules.model import Rulebook, Text


class OverviewService(ServiceBase):
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
            decision = start_decision(blueprint, mine, cert, now, grants.get(blueprint.id))
            scores = [a.score for a in mine if a.score is not None]
            options.append(QuizOption(blueprint, decision, len(mine), max(scores) if scores else None))
        return MyTraining(
            in_progress=next((s for s in summaries if not s.finished), None),
            options=tuple(options),
            certificates=tuple(certificates),
            recent=tuple(s for s in summaries if s.finished)[:20],
            timezone=place.timezone,
        )

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
            people = session.execute(queries.people(), {"sites": sorted(sites)}).all()
            ids = [p.id for p in people]
            who = {"user_ids": ids}
            certs = {c.user_id: c for c in self._certificates(session, ids, content)}
            attempt_stats = {row.user_id: row for row in session.execute(queries.attempt_stats(), who)}
            last_scores: dict[int, float] = dict(session.execute(queries.last_scores(), who).all())
            failures = {**who, "failures": content.spacing.leech_failures}
            leeches = session.execute(queries.leeches(), failures).all()
            troubles = session.execute(queries.troubles(), who).all()
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

    @staticmethod
    def _item_rows(
        session: Session, user_ids: Sequence[int], blueprint: Blueprint, content: QuizContent
    ) -> list[ItemRow]:
        """Item analysis over each person's first finished attempt of the certification, counted by the
        database (the figures of `analysis.item_analysis`); only the shown questions' prompts are read."""
        params: dict[str, Any] = {"user_ids": list(user_ids), "blueprint_id": blueprint.id}
        taken = session.scalar(queries.first_attempts_taken(), params) or 0
        size = taken // 3
        counts = session.execute(
            queries.item_counts(), {**params, "upper_to": size, "lower_after": taken - size}
        ).all()
        # The prompt as the question looked the last time it was shown in those attempts.
        shown = {
            r.question_id: (r.kind, Text(**r.prompt)) for r in session.execute(queries.last_shown(), params)
        }
        stats = [analysis.item_stats(analysis.ItemCounts(*row), content.analysis) for row in counts]
        stats.sort(key=lambda s: (not s.rewrite, s.facility, s.question_id))
        return [
            ItemRow(s.question_id, shown[s.question_id][0], shown[s.question_id][1], s.responses, s.facility,
                    s.discrimination, s.flags)
            for s in stats
        ]  # fmt: skip
