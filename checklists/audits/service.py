"""Audits: a manager records a mystery call or an observation of a person; it is graded at once.

The grade is kept with the audit (lines, failed items, rulebook version): a later edit of the rules
never changes it. The person sees their own audits; managers see those of their sites.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.tables import Site, User, UserSite
from checklists.audits import queries
from checklists.audits.grading import Channel, Grade, grade, parse_utterances
from checklists.audits.tables import AuditItem, ConductAudit
from checklists.calls.loader import default_call_settings
from checklists.calls.settings import CallSettings
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from rules.judge import UnknownScenario
from rules.model import Rulebook, Text
from store import history
from store.clock import Clock, utcnow
from store.db import SessionFactory

NOTE_MAX = 500
RINGS_MAX = 30
FUTURE_SLACK = timedelta(minutes=5)  # a clock a little ahead of the server is not "the future"
E = "checks.audit.error"
# Called in the audit's transaction once it is stored (the coaching loop assigns practice from it).
AuditHook = Callable[[Session, ConductAudit, Grade, datetime], None]


@dataclass(frozen=True)
class ItemView:
    line: int | None
    rule_id: str
    kind: str
    found: str
    message: Text
    suggestion: str


@dataclass(frozen=True)
class AuditView:
    id: int
    site_id: int
    user_id: int
    person: str
    auditor: str
    channel: str
    observed_at: datetime
    rings: int | None
    lines: tuple[dict[str, Any], ...]
    items: tuple[ItemView, ...]
    score: int | None
    passed: bool
    rulebook_version: str


class AuditService:
    def __init__(
        self,
        sessions: SessionFactory,
        clock: Clock = utcnow,
        call_settings: Callable[[], CallSettings] = default_call_settings,
        on_audit: AuditHook | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._call_settings = call_settings
        self._on_audit = on_audit

    def record(
        self,
        actor: Actor,
        rulebook: Rulebook,
        *,
        site_id: int,
        user_id: int,
        channel: str,
        observed_at: datetime,
        rings: int | None,
        said: str,
        default_scenario: str,
        note: str = "",
    ) -> AuditView:
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        now = self._clock()
        kind = _channel(channel)
        rings = _rings(kind, rings)
        note = (note or "").strip()
        if len(note) > NOTE_MAX:
            raise ValidationFailed(f"{E}.note_too_long", field="note", max=NOTE_MAX)
        if observed_at.tzinfo is None:
            raise ValidationFailed(f"{E}.when_required", field="observed_at")
        if observed_at > now + FUTURE_SLACK:
            raise ValidationFailed(f"{E}.in_future", field="observed_at")
        if user_id == actor.user_id:
            raise ValidationFailed(f"{E}.not_yourself", field="user_id")
        utterances, problems = parse_utterances(said, rulebook, default_scenario)
        if problems:
            p = problems[0]
            raise ValidationFailed(f"{E}.{p.key}", field="said", line=p.line, **p.params)
        if not utterances and kind is Channel.FACE:
            raise ValidationFailed(f"{E}.said_required", field="said")
        with self._sessions.begin() as session:
            site = session.get(Site, site_id)
            person = session.get(User, user_id)
            if site is None:
                raise NotFound("error.site_not_found", site_id=site_id)
            if person is None or session.get(UserSite, (user_id, site_id)) is None:
                raise ValidationFailed(f"{E}.person_not_at_site", field="user_id")
            local = observed_at.astimezone(ZoneInfo(site.timezone)).replace(tzinfo=None)
            try:
                result = grade(
                    rulebook,
                    utterances,
                    at=local,
                    site=site.name,
                    channel=kind,
                    rings=rings,
                    max_rings=self._call_settings().rings,
                )
            except UnknownScenario as exc:
                raise ValidationFailed(f"{E}.scenario_unknown", field="said", value=str(exc)) from exc
            row = ConductAudit(
                site_id=site_id,
                user_id=user_id,
                auditor_id=actor.user_id,
                channel=kind.value,
                observed_at=observed_at,
                rings=rings,
                note=note or None,
                lines=[
                    {
                        "line": r.line,
                        "scenario_id": r.scenario_id,
                        "text": r.text,
                        "score": r.score,
                        "ok": r.ok,
                    }
                    for r in result.lines
                ],
                rulebook_version=rulebook.version_label,
                score=result.score,
                passed=result.passed,
                failed_count=len(result.items),
                recorded_at=now,
            )
            session.add(row)
            session.flush()
            session.add_all(
                AuditItem(
                    audit_id=row.id,
                    line=i.line,
                    rule_id=i.rule_id,
                    kind=i.kind[:16],
                    found=i.found[:300],
                    message={"zh": i.message.zh, "en": i.message.en},
                    suggestion=i.suggestion,
                )
                for i in result.items
            )
            recorded = {"user_id": [None, user_id], "failed": [None, len(result.items)]}
            history.Recorder(session, actor.user_id, now).of(row, "conduct_audit", "record", recorded)
            if self._on_audit is not None:
                self._on_audit(session, row, result, now)
            session.flush()
            return _views(session, [row])[0]

    def site_audits(self, actor: Actor, site_id: int, limit: int = 50) -> list[AuditView]:
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        with self._sessions() as session:
            rows = session.scalars(
                select(ConductAudit)
                .where(ConductAudit.site_id == site_id)
                .order_by(ConductAudit.observed_at.desc(), ConductAudit.id.desc())
                .limit(limit)
            )
            return _views(session, list(rows))

    def figures(
        self, actor: Actor, site_ids: Collection[int], first: date, last: date, user_id: int | None = None
    ) -> queries.AuditFigures:
        """The audits observed from `first` to `last` (each site's own days), per person and per rule."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        for site_id in site_ids:
            require_site(actor, site_id)
        if first > last:
            raise ValidationFailed("dash.error.date_order", field="date_range")
        with self._sessions() as session:
            zones = dict(session.execute(select(Site.id, Site.timezone).where(Site.id.in_(site_ids))).all())
            bounds = {
                site_id: tuple(
                    datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)
                    for day in (first, last + timedelta(days=1))
                )
                for site_id, zone in zones.items()
            }
            return queries.audit_figures(session, bounds, user_id)  # type: ignore[arg-type]

    def my_audits(self, actor: Actor, limit: int = 50) -> list[AuditView]:
        """The audits of me, newest first (any role: it is their own record)."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ConductAudit)
                .where(ConductAudit.user_id == actor.user_id)
                .order_by(ConductAudit.observed_at.desc(), ConductAudit.id.desc())
                .limit(limit)
            )
            return _views(session, list(rows))


def _channel(value: str) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        raise ValidationFailed(f"{E}.channel_invalid", field="channel") from None


def _rings(channel: Channel, rings: int | None) -> int | None:
    if channel is Channel.FACE:
        return None
    if rings is None or not 0 <= rings <= RINGS_MAX:
        raise ValidationFailed(f"{E}.rings_invalid", field="rings", max=RINGS_MAX)
    return int(rings)


def _views(session: Session, rows: list[ConductAudit]) -> list[AuditView]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    items: dict[int, list[ItemView]] = {i: [] for i in ids}
    for it in session.scalars(select(AuditItem).where(AuditItem.audit_id.in_(ids)).order_by(AuditItem.id)):
        items[it.audit_id].append(
            ItemView(it.line, it.rule_id, it.kind, it.found, Text(**it.message), it.suggestion)
        )
    people = {r.user_id for r in rows} | {r.auditor_id for r in rows}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(people))).all())
    return [
        AuditView(
            r.id,
            r.site_id,
            r.user_id,
            names.get(r.user_id, ""),
            names.get(r.auditor_id, ""),
            r.channel,
            r.observed_at,
            r.rings,
            tuple(r.lines),
            tuple(items[r.id]),
            r.score,
            r.passed,
            r.rulebook_version,
        )
        for r in rows
    ]
