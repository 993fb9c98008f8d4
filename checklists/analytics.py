"""What the compliance dashboard asks of the shift checks, over a date range: completion and score by
day, failures by person and category, the most failed items, per-person compliance and the self vs
spot gap. Every figure comes from a GROUP BY; only the small grouped results are folded here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from accounts.tables import Site
from checklists import queries
from checklists.loader import default_shift_settings
from checklists.shifts import days, local_date, occurrences
from checklists.views import Compliance, Gap
from core.errors import NotFound, ValidationFailed
from core.roles import Actor, Permission, require, require_site
from store.clock import Clock, utcnow
from store.db import SessionFactory

MAX_DAYS = 120  # the shift occurrences go to the database as a derived table: keep it bounded


@dataclass(frozen=True)
class DayFigures:
    day: date
    due: int
    done: int
    late: int
    missed: int
    average_score: float | None
    flagged: int  # checks with at least one failed item

    @property
    def completion(self) -> float | None:
        return self.done / self.due if self.due else None


@dataclass(frozen=True)
class ItemFailures:
    rule_id: str
    question_zh: str
    question_en: str
    failed: int
    answered: int

    @property
    def rate(self) -> float:
        return self.failed / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class ComplianceFigures:
    site_id: int
    first: date
    last: date
    days: tuple[DayFigures, ...]
    heat: dict[tuple[str, str], int]  # (person, category) -> failed items
    items: tuple[ItemFailures, ...]  # most failed first
    people: tuple[Compliance, ...]
    gaps: tuple[Gap, ...]


class ComplianceAnalytics:
    def __init__(self, sessions: SessionFactory, clock: Clock = utcnow) -> None:
        self._sessions = sessions
        self._clock = clock

    def figures(self, actor: Actor, site_id: int, first: date, last: date) -> ComplianceFigures:
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        require_site(actor, site_id)
        if first > last:
            raise ValidationFailed("dash.error.date_order", field="date_range")
        if (last - first).days + 1 > MAX_DAYS:
            raise ValidationFailed("dash.error.range_too_long", field="date_range", days=MAX_DAYS)
        settings = default_shift_settings()
        now = self._clock()
        with self._sessions() as session:
            site = session.get(Site, site_id)
            if site is None:
                raise NotFound("error.site_not_found", site_id=site_id)
            last = min(last, local_date(now, site.timezone))
            period = occurrences(settings, days(first, last), site.timezone) if first <= last else []
            if not period:
                return ComplianceFigures(site_id, first, last, (), {}, (), (), ())
            tallies = queries.tallies(session, site_id, queries.windows(period, settings), now)
            failures = queries.failures_by_person_and_rule(session, site_id, first, last)
            gaps = queries.gaps(session, site_id, first, last)
        heat: dict[tuple[str, str], int] = defaultdict(int)
        items: dict[str, list] = {}
        for row in failures:
            category = row.rule_id.split(".", 1)[0]
            heat[(row.display_name, category)] += int(row.failed or 0)
            found = items.setdefault(row.rule_id, [row.question_zh, row.question_en, 0, 0])
            found[2] += int(row.failed or 0)
            found[3] += int(row.answered or 0)
        ranked = sorted(
            (
                ItemFailures(rule, zh, en, failed, answered)
                for rule, (zh, en, failed, answered) in items.items()
            ),
            key=lambda i: (-i.failed, i.rule_id),
        )
        return ComplianceFigures(
            site_id=site_id,
            first=first,
            last=last,
            days=tuple(
                DayFigures(day, t.due, t.due - t.missed, t.late, t.missed, t.average, t.flagged)
                for day, t in queries.days_of(tallies)
            ),
            heat=dict(heat),
            items=tuple(i for i in ranked if i.failed),
            people=tuple(queries.compliance_of(tallies)),
            gaps=tuple(gaps),
        )
