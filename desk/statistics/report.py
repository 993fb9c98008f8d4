"""The monthly report (月度报表) that a centre manager signs: its figures, labelled in one language.

Pure: the figures come in (the month's statistics, the registers' lines, the 12-month trend) and come
out as labelled rows that the workbook and the PDF writers lay out. Both files show the same rows, so
what a manager prints and what they send on in Excel never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from desk.content_model import DeskContent
from desk.statistics.kpi import RATE_NAMES, MonthCounts, meets_target, rates
from i18n import t

KINDS = ("repair", "inquiry", "complaint")


@dataclass(frozen=True)
class RateLine:
    name: str
    label: str
    value: float | None  # 0-1; None: nothing was due, so no rate
    target: float | None
    met: bool | None
    definition: str


@dataclass(frozen=True)
class TrendLine:
    """One KPI over the months before and including the report's month."""

    name: str
    label: str
    target: float | None
    values: tuple[float | None, ...]  # one per period of the report's trend


@dataclass(frozen=True)
class MonthlyReport:
    lang: str
    title: str
    period: str
    centres: tuple[str, ...]
    scope: str  # which requests the figures count, in words
    generated_at: datetime
    counts: tuple[tuple[str, int], ...]
    rates: tuple[RateLine, ...]
    by_category: tuple[tuple[str, str, int], ...]  # kind, category, count
    by_department: tuple[tuple[str, int, int, int], ...]  # department, count, finished, open overdue
    registers: tuple[tuple[str, str], ...]  # label, value as shown
    trend_periods: tuple[str, ...]
    trends: tuple[TrendLine, ...]

    def label(self, key: str, **params: object) -> str:
        return t(f"desk.report.{key}", self.lang, **params)


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    return f"{value:.{digits}%}" if value is not None else t("desk.stats.no_data", lang)


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return "—" if value is None else str(value)


def scope_text(
    lang: str, centres: list[str], content: DeskContent, category: str | None, department: str | None
) -> str:
    """Which requests a report counts, in words (also the dashboard's caption, without building it)."""
    sep = "、" if lang == "zh" else ", "
    filters = [t("desk.report.scope_centres", lang, centres=sep.join(centres))]
    if category:
        names = {c.id: content.name(c, lang) for c in content.categories}
        filters.append(t("desk.report.scope_category", lang, category=names.get(category, category)))
    if department:
        names = {d.id: content.name(d, lang) for d in content.departments}
        filters.append(t("desk.report.scope_department", lang, department=names.get(department, department)))
    return ("；" if lang == "zh" else "; ").join(filters)


def build_report(
    *,
    lang: str,
    period: str,
    centres: list[str],
    content: DeskContent,
    counts: MonthCounts,
    targets: dict[str, float | None],
    by_category: list[tuple[str, str, int]],
    by_department: list[tuple[str, int, int, int]],
    registers: list[tuple[str, object]],
    trend: dict[str, MonthCounts],
    category: str | None,
    department: str | None,
    generated_at: datetime,
) -> MonthlyReport:
    """Label every figure in `lang`; `registers` are (i18n key, value) pairs, `trend` counts per month."""
    categories = {c.id: content.name(c, lang) for c in content.categories}
    departments = {d.id: content.name(d, lang) for d in content.departments}
    month_rates = rates(counts)
    periods = tuple(sorted(trend))
    return MonthlyReport(
        lang=lang,
        title=t("desk.report.title", lang, month=period),
        period=period,
        centres=tuple(centres),
        scope=scope_text(lang, centres, content, category, department),
        generated_at=generated_at,
        counts=(
            *((t(f"desk.kind.{k}", lang), getattr(counts, k)) for k in KINDS),
            (t("desk.report.total", lang), counts.total),
        ),
        rates=tuple(
            RateLine(
                name=name,
                label=t(f"desk.stats.names.{name}", lang),
                value=month_rates[name],
                target=targets.get(name),
                met=meets_target(month_rates[name], targets.get(name)),
                definition=t(f"desk.stats.definitions.{name}", lang),
            )
            for name in RATE_NAMES
        ),
        by_category=tuple(
            (t(f"desk.kind.{kind}", lang), categories.get(cat, cat), n) for kind, cat, n in by_category
        ),
        by_department=tuple((departments.get(d, d), n, done, late) for d, n, done, late in by_department),
        registers=tuple((t(key, lang), _shown(value)) for key, value in registers),
        trend_periods=periods,
        trends=tuple(
            TrendLine(
                name=name,
                label=t(f"desk.stats.names.{name}", lang),
                target=targets.get(name),
                values=tuple(rates(trend[p])[name] for p in periods),
            )
            for name in RATE_NAMES
        ),
    )
