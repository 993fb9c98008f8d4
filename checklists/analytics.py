"""What the compliance dashboard asks of the shift checks, over a date range, for one or several of a
manager's sites and optionally one person: completion and score by day, failures by person and category,
the most failed items, per-person compliance and the self vs spot gap. Every figure obeys every one of
those filters. Every figure comes from a GROUP BY; only the small grouped results are folded here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from accounts.tables import Site
from checklists import queries
from checklists.loader import default_shift_settings
from checklists.occurrence_windows import windows
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
    site_ids: tuple[int, ...]
    user_id: int | None  # one person's figures, or everyone's
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

    def figures(
        self,
        actor: Actor,
        site_ids: Collection[int],
        first: date,
        last: date,
        user_id: int | None = None,
    ) -> ComplianceFigures:
        """The figures of the chosen sites (each in its own time zone), of one person if `user_id`."""
        require(actor, Permission.MANAGE_SHIFT_CHECKS)
        chosen = tuple(sorted(set(site_ids)))
        if not chosen:
            raise ValidationFailed("dash.error.no_site", field="site")
        for site_id in chosen:
            require_site(actor, site_id)
        if first > last:
            raise ValidationFailed("dash.error.date_order", field="date_range")
        if (last - first).days + 1 > MAX_DAYS:
            raise ValidationFailed("dash.error.range_too_long", field="date_range", days=MAX_DAYS)
        settings = default_shift_settings()
        now = self._clock()
        with self._sessions() as session:
            period = []
            ends = []
            for site_id in chosen:
                site = session.get(Site, site_id)
                if site is None:
                    raise NotFound("error.site_not_found", site_id=site_id)
                site_last = min(last, local_date(now, site.timezone))  # no figures for days to come
                ends.append(site_last)
                if first <= site_last:
                    period += [
                        (site_id, o) for o in occurrences(settings, days(first, site_last), site.timezone)
                    ]
            last = max(ends)
            if not period:
                return ComplianceFigures(chosen, user_id, first, last, (), {}, (), (), ())
            w = windows(period, settings)
            by_day = queries.completion_by_day(session, w, now, user_id)
            people = queries.compliance(session, w, now, user_id)
            failures = queries.failures_by_person_and_rule(session, chosen, first, last, user_id)
            gaps = queries.gaps(session, chosen, first, last, user_id)
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
            site_ids=chosen,
            user_id=user_id,
            first=first,
            last=last,
            days=tuple(
                DayFigures(
                    day=r.shift_date,
                    due=int(r.due),
                    done=int(r.due) - int(r.missed or 0),
                    late=int(r.late or 0),
                    missed=int(r.missed or 0),
                    average_score=float(r.average) if r.average is not None else None,
                    flagged=int(r.flagged or 0),
                )
                for r in by_day
            ),
            heat=dict(heat),
            items=tuple(i for i in ranked if i.failed),
            people=tuple(people),
            gaps=tuple(gaps),
        )
