"""Gathers one month's report: the statistics, the registers' lines and the 12-month trend, for the
sites and filters asked, counted by the same queries as the statistics page and the dashboards."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import select

from accounts.tables import Site
from core.roles import Actor
from desk.content_model import DeskContent
from desk.statistics.kpi import MonthCounts
from desk.statistics.monthly import DeskStatistics, Scope, clean_period, count_by_period, months_between
from desk.statistics.registers import RegisterStatistics
from desk.statistics.report import MonthlyReport, build_report
from store.clock import Clock, utcnow
from store.db import SessionFactory

TREND_MONTHS = 12
REGISTER_LINES = (
    "mail_received", "mail_collected", "mail_returned", "key_loans", "key_loans_returned_late", "receipts",
    "receipts_total", "receipts_cash", "handovers", "handover_discrepancies",
)  # fmt: skip
BOOK_LINES = (
    "move_ins_completed", "renovations_applied", "renovations_approved", "renovations_accepted",
    "deposits_refunded", "passes_issued", "passes_revoked", "special_requested", "special_done",
    "special_cancelled", "special_revenue", "special_satisfaction",
)  # fmt: skip
# The move-in, renovation and special-service month (desk.renovation), given by the composition root.
BooksMonth = Callable[[Actor, str, set[int]], object]


def trend_periods(period: str, months: int = TREND_MONTHS) -> list[str]:
    year, month = int(period[:4]), int(period[5:])
    first_index = year * 12 + month - 1 - (months - 1)
    return months_between(f"{first_index // 12:04d}-{first_index % 12 + 1:02d}", period)


class MonthlyReports:
    def __init__(
        self,
        sessions: SessionFactory,
        content: DeskContent,
        registers: RegisterStatistics,
        books: BooksMonth | None,
        clock: Clock = utcnow,
    ) -> None:
        self._sessions = sessions
        self._content = content
        self._stats = DeskStatistics(sessions, content, clock)
        self._registers = registers
        self._books = books
        self._clock = clock

    def build(
        self,
        actor: Actor,
        period: str,
        site_ids: set[int] | None = None,
        *,
        lang: str = "zh",
        category: str | None = None,
        department: str | None = None,
    ) -> MonthlyReport:
        """The report for managers of those sites (default: all the actor's sites)."""
        period = clean_period(period)
        stats = self._stats.month(actor, period, site_ids, category=category, department=department)
        sites = set(stats.site_ids)
        registers = self._registers.month(actor, period, sites)
        lines: list[tuple[str, object]] = [
            (f"desk.stats_registers.{name}", getattr(registers, name)) for name in REGISTER_LINES
        ]
        if self._books is not None:
            books = self._books(actor, period, sites)
            lines += [(f"books.month.{name}", getattr(books, name)) for name in BOOK_LINES]
        periods = trend_periods(period)
        with self._sessions() as session:
            names = dict(session.execute(select(Site.id, Site.name).where(Site.id.in_(sites))).all())
            zones = dict(session.execute(select(Site.id, Site.timezone).where(Site.id.in_(sites))).all())
            per_site = count_by_period(
                session, Scope(frozenset(sites), tuple(periods), category, department), self._clock()
            )
        trend = {p: MonthCounts() for p in periods}
        for row in per_site:
            trend[row.period] = trend[row.period] + row.counts
        zone = ZoneInfo(zones[min(zones)]) if zones else ZoneInfo("Asia/Shanghai")
        return build_report(
            lang=lang,
            period=period,
            centres=[names[s] for s in sorted(names)],
            content=self._content,
            counts=stats.counts,
            targets=stats.targets,
            by_category=[(b.key[0], b.key[1], b.count) for b in stats.by_category],
            by_department=[(b.key[0], b.count, b.finished, b.open_overdue) for b in stats.by_department],
            registers=lines,
            trend=trend,
            category=category,
            department=department,
            generated_at=self._clock().astimezone(zone),
        )
