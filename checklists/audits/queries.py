"""Audits summed up for the compliance dashboard: per person and per rule, GROUP BY in the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import Session

from accounts.tables import User
from checklists.audits.tables import AuditItem, ConductAudit

Bounds = Mapping[int, tuple[datetime, datetime]]  # site id -> [first, after last) day, as UTC


@dataclass(frozen=True)
class AuditPerson:
    user_id: int
    name: str
    audits: int
    phone: int  # mystery calls; the rest are observations at the desk
    passed: int  # audits without a failed item
    slips: int  # failed items
    average_score: float | None  # of the audits with utterances (a rings-only call has no score)


@dataclass(frozen=True)
class AuditRule:
    rule_id: str
    slips: int
    people: int


@dataclass(frozen=True)
class AuditFigures:
    people: tuple[AuditPerson, ...]  # most slips first
    rules: tuple[AuditRule, ...]  # most slipped first


def _observed(bounds: Bounds):  # type: ignore[no-untyped-def]
    clauses = [
        and_(ConductAudit.site_id == site_id, ConductAudit.observed_at >= lo, ConductAudit.observed_at < hi)
        for site_id, (lo, hi) in bounds.items()
    ]
    return or_(*clauses) if clauses else false()


def audit_figures(session: Session, bounds: Bounds, user_id: int | None = None) -> AuditFigures:
    where = [_observed(bounds)]
    if user_id is not None:
        where.append(ConductAudit.user_id == user_id)
    slips = func.sum(ConductAudit.failed_count)
    people = session.execute(
        select(
            ConductAudit.user_id,
            User.display_name,
            func.count(),
            func.sum(case((ConductAudit.channel == "phone", 1), else_=0)),
            func.sum(case((ConductAudit.passed.is_(True), 1), else_=0)),
            slips,
            func.avg(ConductAudit.score),
        )
        .join(User, User.id == ConductAudit.user_id)
        .where(*where)
        .group_by(ConductAudit.user_id, User.display_name)
        .order_by(slips.desc(), User.display_name)
    ).all()
    rules = session.execute(
        select(AuditItem.rule_id, func.count(), func.count(func.distinct(ConductAudit.user_id)))
        .join(ConductAudit, ConductAudit.id == AuditItem.audit_id)
        .where(*where)
        .group_by(AuditItem.rule_id)
        .order_by(func.count().desc(), AuditItem.rule_id)
    ).all()

    def person(uid, name, n, phone, ok, failed, avg):  # type: ignore[no-untyped-def]
        average = float(avg) if avg is not None else None
        return AuditPerson(int(uid), name, int(n), int(phone or 0), int(ok or 0), int(failed or 0), average)

    return AuditFigures(
        tuple(person(*row) for row in people),
        tuple(AuditRule(rule, int(n), int(who)) for rule, n, who in rules),
    )
