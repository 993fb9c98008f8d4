"""From evidence to practice: rules assigned to a person are due now in their spaced practice.

Evidence is an audit with slips, a valid complaint that names the person, or a month in which their
share of calls answered within three rings is below target. Each (person, rule, evidence) is assigned
once; an assignment is a history row and is never deleted. Practice done since, and whether the
evidence recurred (a later assignment of the same rule to the same person), are read from the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.tables import User
from checklists.audits.grading import Grade
from checklists.audits.tables import ConductAudit
from checklists.calls.stats import MonthCalls
from core.roles import Actor, Permission, require, require_site
from desk.requests.staff import ValidComplaint
from quizzes import spacing
from quizzes.assignment_tables import PracticeAssignment
from quizzes.retests import suspend_if_certified
from quizzes.tables import RuleMemory, RuleReview
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory

AUDIT, COMPLAINT, CALLS = "audit", "complaint", "calls"
FOUND_MAX = 5  # slipped words kept in the reason, enough to recognise the moment


# --- the assignment rules (pure) -------------------------------------------------------------------


def rules_of_audit(grade: Grade) -> list[str]:
    """Every rule with a failed item, in the order found."""
    return list(dict.fromkeys(item.rule_id for item in grade.items))


def rules_of_complaint(complaint: ValidComplaint) -> list[str]:
    """A valid complaint naming a person assigns the rules of its category."""
    return list(dict.fromkeys(complaint.rule_ids))


def below_target(rate: float | None, target: float) -> bool:
    """A month with no answered call says nothing about picking up; it assigns nothing."""
    return rate is not None and rate < target


# --- writing, in the evidence's own transaction ------------------------------------------------------


def assign(
    session: Session,
    *,
    user_id: int,
    site_id: int,
    rule_ids: Iterable[str],
    source: str,
    source_ref: str,
    reason: dict[str, Any],
    now: datetime,
    by: int | None,
) -> list[str]:
    """Assign each rule (once per evidence) and make it due now. Returns the rules newly assigned."""
    added = []
    log = history.Recorder(session, by, now)
    for rule_id in rule_ids:
        try:
            with session.begin_nested():
                row = PracticeAssignment(
                    user_id=user_id,
                    site_id=site_id,
                    rule_id=rule_id,
                    source=source,
                    source_ref=source_ref[:40],
                    reason=reason,
                    assigned_by=by,
                    assigned_at=now,
                )
                session.add(row)
                session.flush()
        except IntegrityError:
            continue  # this evidence already assigned this rule
        _due_now(session, user_id, rule_id, now)
        suspend_if_certified(session, user_id, rule_id, row.id, now)
        assigned = {"user_id": [None, user_id], "rule_id": [None, rule_id]}
        log.of(row, "practice_assignment", "assign", assigned, note=f"{source}:{source_ref}")
        added.append(rule_id)
    return added


def _due_now(session: Session, user_id: int, rule_id: str, now: datetime) -> None:
    row = session.get(RuleMemory, (user_id, rule_id), with_for_update=True)
    if row is None:
        fresh = spacing.new_memory(rule_id, now)  # never practised: a learning card due now
        session.add(
            RuleMemory(
                user_id=user_id,
                rule_id=rule_id,
                state=fresh.state,
                step=fresh.step,
                stability=None,
                difficulty=None,
                due_at=fresh.due,
                last_review_at=None,
                reviews=0,
                failures=0,
                lapses=0,
            )
        )
    elif row.due_at > now:
        row.due_at = now  # an early review: FSRS schedules it from the actual review time


def on_audit(session: Session, audit: ConductAudit, grade: Grade, now: datetime) -> None:
    found = [item.found for item in grade.items if item.found][:FOUND_MAX]
    reason = {"observed_at": audit.observed_at.isoformat(), "channel": audit.channel, "found": found}
    assign(
        session,
        user_id=audit.user_id,
        site_id=audit.site_id,
        rule_ids=rules_of_audit(grade),
        source=AUDIT,
        source_ref=str(audit.id),
        reason=reason,
        now=now,
        by=audit.auditor_id,
    )


def on_valid_complaint(session: Session, complaint: ValidComplaint, now: datetime) -> None:
    reason = {"category": complaint.category, "received_at": complaint.received_at.isoformat()}
    assign(
        session,
        user_id=complaint.staff_id,
        site_id=complaint.site_id,
        rule_ids=rules_of_complaint(complaint),
        source=COMPLAINT,
        source_ref=str(complaint.request_id),
        reason=reason,
        now=now,
        by=complaint.judged_by,
    )


# --- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentView:
    id: int
    user_id: int
    person: str
    rule_id: str
    source: str
    reason: dict[str, Any]
    assigned_at: datetime
    practised: int  # practice answers on the rule since it was assigned
    passed: bool  # answered right since (practice, quiz or drill)
    recurred: bool  # the same rule was assigned to them again afterwards


class AssignmentService:
    def __init__(self, sessions: SessionFactory, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def from_call_month(
        self, month: MonthCalls, site_id: int, rule_id: str, by: int | None = None
    ) -> list[int]:
        """For trusted callers (the command line, a manager's page): each person below target in the
        month is assigned the three-ring rule. Returns the people newly assigned."""
        now = self._clock()
        assigned = []
        with self._sessions.begin() as session:
            for line in month.people:
                rate = line.figures.within_rings_rate
                if line.user_id is None or not below_target(rate, month.target_rate):
                    continue
                reason = {
                    "month": month.period,
                    "rate": rate,
                    "target": month.target_rate,
                    "answered": line.figures.answered,
                    "within": line.figures.within_rings,
                }
                if assign(
                    session,
                    user_id=line.user_id,
                    site_id=site_id,
                    rule_ids=[rule_id],
                    source=CALLS,
                    source_ref=month.period,
                    reason=reason,
                    now=now,
                    by=by,
                ):
                    assigned.append(line.user_id)
        return assigned

    def assign_call_month(self, actor: Actor, month: MonthCalls, site_id: int, rule_id: str) -> list[int]:
        """A manager assigns the month's three-ring practice at their own site."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        return self.from_call_month(month, site_id, rule_id, by=actor.user_id)

    def mine(self, actor: Actor) -> list[AssignmentView]:
        """My assignments, newest first: why each rule was given to me, and my practice since."""
        with self._sessions() as session:
            return _views(session, PracticeAssignment.user_id == actor.user_id)

    def of_site(self, actor: Actor, site_id: int) -> list[AssignmentView]:
        require(actor, Permission.READ_TRAINING)
        require_site(actor, site_id)
        with self._sessions() as session:
            return _views(session, PracticeAssignment.site_id == site_id)


def _views(session: Session, where: Any) -> list[AssignmentView]:
    rows: Sequence[PracticeAssignment] = list(
        session.scalars(
            select(PracticeAssignment)
            .where(where)
            .order_by(PracticeAssignment.assigned_at.desc(), PracticeAssignment.id.desc())
        )
    )
    if not rows:
        return []
    users = {r.user_id for r in rows}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(users))).all())
    reviews = session.execute(
        select(RuleReview.user_id, RuleReview.rule_id, RuleReview.at, RuleReview.correct, RuleReview.source)
        .where(RuleReview.user_id.in_(users))
        .order_by(RuleReview.at)
    ).all()
    last: dict[tuple[int, str], datetime] = {}
    for user_id, rule_id, at in session.execute(
        select(
            PracticeAssignment.user_id, PracticeAssignment.rule_id, func.max(PracticeAssignment.assigned_at)
        )
        .where(PracticeAssignment.user_id.in_(users))
        .group_by(PracticeAssignment.user_id, PracticeAssignment.rule_id)
    ).all():
        last[(user_id, rule_id)] = at
    views = []
    for r in rows:
        since = [
            v for v in reviews if v.user_id == r.user_id and v.rule_id == r.rule_id and v.at >= r.assigned_at
        ]
        recurred = last.get((r.user_id, r.rule_id), r.assigned_at) > r.assigned_at
        views.append(
            AssignmentView(
                r.id,
                r.user_id,
                names.get(r.user_id, ""),
                r.rule_id,
                r.source,
                dict(r.reason),
                r.assigned_at,
                sum(1 for v in since if v.source == "practice"),
                any(v.correct for v in since),
                recurred,
            )
        )
    return views
