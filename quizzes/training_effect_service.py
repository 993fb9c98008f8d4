"""The effect of training per rule for one centre (quizzes.training_effect defines "trained").

Four GROUP BY queries, whatever the number of rules: the first pass per rule (by an answer, by a
re-test), then the valid complaints per category and month and the audit slips per rule and month
over the months the rules' windows cover.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from accounts.tables import Site
from checklists.audits.tables import AuditItem, ConductAudit
from checklists.calls.stats import month_bounds
from core.errors import NotFound
from core.roles import Actor, Permission, require, require_site
from desk.content_model import DeskContent
from desk.requests.tables import Request
from desk.requests.workflow import Kind, Status
from quizzes import training_effect as effect
from quizzes.assignment_tables import CertificateRetest, CertificateSuspension, PracticeAssignment
from quizzes.tables import RuleReview
from store.clock import Clock, utcnow
from store.db import SessionFactory


@dataclass(frozen=True)
class SiteEffects:
    site_id: int
    current: str  # this month at the centre
    rules: tuple[effect.RuleEffect, ...]  # trained rules, the latest training first


class TrainingEffects:
    def __init__(self, sessions: SessionFactory, content: DeskContent, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._content = content
        self._clock = clock

    def of_site(self, actor: Actor, site_id: int) -> SiteEffects:
        require(actor, Permission.READ_TRAINING)
        require_site(actor, site_id)
        with self._sessions() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound("error.site_not_found", site_id=site_id)
            current = effect.month_of(self._clock(), site.timezone)
            passes: dict[str, list[datetime]] = defaultdict(list)
            for rule_id, first in first_passes(session, site_id):
                passes[rule_id].append(first)
            trained = {
                rule: month
                for rule, moments in passes.items()
                if (month := effect.training_month(moments, site.timezone)) is not None
            }
            if not trained:
                return SiteEffects(site_id, current, ())
            periods = sorted({p for month in trained.values() for p in effect.window(month, current)})
            complaints = self._complaints(session, site_id, periods, set(trained))
            slips = audit_slips(session, site_id, site.timezone, periods, set(trained))
        rules = [
            effect.rule_effect(rule, month, current, complaints.get(rule, {}), slips.get(rule, {}))
            for rule, month in trained.items()
        ]
        rules.sort(key=lambda r: (r.trained, r.rule_id), reverse=True)
        return SiteEffects(site_id, current, tuple(rules))

    def _complaints(
        self, session: Session, site_id: int, periods: list[str], rules: set[str]
    ) -> dict[str, dict[str, int]]:
        """rule -> month -> valid complaints whose category names the rule (received that month)."""
        categories = {c.id: [r for r in c.rule_ids if r in rules] for c in self._content.categories}
        wanted = [c for c, names in categories.items() if names]
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        if not wanted:
            return out
        rows = session.execute(
            select(Request.category, Request.period, func.count())
            .where(
                Request.site_id == site_id,
                Request.kind == Kind.COMPLAINT.value,
                Request.validity == "valid",
                Request.status != Status.VOIDED.value,
                Request.period.in_(periods),
                Request.category.in_(wanted),
            )
            .group_by(Request.category, Request.period)
        ).all()
        for category, period, count in rows:
            for rule in categories[category]:
                out[rule][period] += int(count)
        return out


def first_passes(session: Session, site_id: int) -> list[tuple[str, datetime]]:
    """Per rule assigned at the site: the first right answer on it after an assignment, and the first
    passed re-test on it after one (two rows per rule at most)."""
    a = PracticeAssignment
    by_answer = (
        select(a.rule_id, func.min(RuleReview.at))
        .join(
            RuleReview,
            and_(
                RuleReview.user_id == a.user_id,
                RuleReview.rule_id == a.rule_id,
                RuleReview.correct.is_(True),
                RuleReview.at >= a.assigned_at,
            ),
        )
        .where(a.site_id == site_id)
        .group_by(a.rule_id)
    )
    by_retest = (
        select(a.rule_id, func.min(CertificateRetest.finished_at))
        .join(
            CertificateSuspension,
            and_(CertificateSuspension.user_id == a.user_id, CertificateSuspension.rule_id == a.rule_id),
        )
        .join(
            CertificateRetest,
            and_(
                CertificateRetest.suspension_id == CertificateSuspension.id,
                CertificateRetest.passed.is_(True),
                CertificateRetest.finished_at >= a.assigned_at,
            ),
        )
        .where(a.site_id == site_id)
        .group_by(a.rule_id)
    )
    return [(r, at) for r, at in [*session.execute(by_answer), *session.execute(by_retest)] if at]


def audit_slips(
    session: Session, site_id: int, timezone: str, periods: list[str], rules: set[str]
) -> dict[str, dict[str, int]]:
    """rule -> month -> failed items on the rule in the site's audits observed that month."""
    within = {
        p: and_(ConductAudit.observed_at >= lo, ConductAudit.observed_at < hi)
        for p, (lo, hi) in ((p, month_bounds(p, timezone)) for p in periods)
    }
    # The month as a CASE over the months' bounds in the site's zone: the same SQL on both databases.
    month = case(*[(cond, p) for p, cond in within.items()], else_=None)
    items = (
        select(AuditItem.rule_id.label("rule_id"), month.label("period"))
        .join(ConductAudit, ConductAudit.id == AuditItem.audit_id)
        .where(
            ConductAudit.site_id == site_id,
            or_(*within.values()),
            AuditItem.rule_id.in_(sorted(rules)),
        )
        .subquery()
    )
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rule_id, period, count in session.execute(
        select(items.c.rule_id, items.c.period, func.count()).group_by(items.c.rule_id, items.c.period)
    ):
        out[rule_id][period] += int(count)
    return out
