"""Service dashboard figures: KPI trends against targets, requests by kind/category/department,
overdue work orders by department, the satisfaction distribution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboards.style import TARGET_COLOUR, base_layout
from desk.statistics.kpi import RATE_NAMES, MonthCounts, rates
from i18n import t


def rate_trend(
    periods: Sequence[str],
    counts_by_series: Mapping[str, Mapping[str, MonthCounts]],
    rate: str,
    target: float | None,
    lang: str,
) -> go.Figure:
    """One KPI over the months: a line per series (a site, or all together), the target dashed.

    `counts_by_series` maps a series name to {period: counts}; a month with nothing due is a gap.
    """
    if rate not in RATE_NAMES:
        raise ValueError(f"unknown rate {rate!r}")
    fig = go.Figure()
    name = t(f"desk.stats.names.{rate}", lang)
    for series, by_period in counts_by_series.items():
        values = [rates(by_period[p])[rate] if p in by_period else None for p in periods]
        fig.add_trace(
            go.Scatter(
                x=list(periods),
                y=[v * 100 if v is not None else None for v in values],
                name=series,
                mode="lines+markers",
                connectgaps=False,
                customdata=list(periods),
                hovertemplate=f"{series}<br>%{{x}}: %{{y:.1f}}%<extra></extra>",
            )
        )
    if target is not None:
        fig.add_hline(
            y=target * 100,
            line_dash="dash",
            line_color=TARGET_COLOUR,
            annotation_text=f"{t('desk.stats.target', lang)} {target:.0%}",
            annotation_position="top left",
        )
    fig.update_yaxes(title_text="%", range=[0, 105])
    fig.update_xaxes(title_text=t("desk.field.month", lang), type="category")
    return base_layout(fig, name)


def requests_by_kind(periods: Sequence[str], totals: Mapping[str, MonthCounts], lang: str) -> go.Figure:
    """Requests per month, stacked by kind."""
    fig = go.Figure()
    for kind in ("repair", "inquiry", "complaint"):
        fig.add_trace(
            go.Bar(
                x=list(periods),
                y=[getattr(totals.get(p, MonthCounts()), kind) for p in periods],
                name=t(f"desk.kind.{kind}", lang),
                customdata=[kind] * len(periods),
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title_text=t("desk.field.month", lang))
    fig.update_yaxes(title_text=t("desk.stats.count", lang))
    return base_layout(fig, t("dash.service.by_kind", lang))


def requests_by_category(
    rows: Sequence[tuple[str, str, int]], names: Mapping[str, str], lang: str
) -> go.Figure:
    """Horizontal bars: (kind, category, count), largest first."""
    ordered = sorted(rows, key=lambda r: r[2])
    labels = [f"{names.get(c, c)} · {t(f'desk.kind.{k}', lang)}" for k, c, _ in ordered]
    fig = go.Figure(
        go.Bar(
            x=[n for *_, n in ordered],
            y=labels,
            orientation="h",
            customdata=[[k, c] for k, c, _ in ordered],
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=t("desk.stats.count", lang))
    return base_layout(fig, t("dash.service.by_category", lang), height=max(260, 28 * len(ordered) + 80))


def departments(rows: Sequence[tuple[str, int, int, int]], names: Mapping[str, str], lang: str) -> go.Figure:
    """Per department: (department, requests, open overdue, finished), grouped bars."""
    labels = [names.get(d, d) for d, *_ in rows]
    fig = go.Figure()
    series = (
        (t("desk.stats.count", lang), [n for _, n, _, _ in rows]),
        (t("desk.stats.finished", lang), [f for *_, f in rows]),
        (t("desk.stats.open_overdue", lang), [o for _, _, o, _ in rows]),
    )
    for name, values in series:
        fig.add_trace(
            go.Bar(
                x=labels,
                y=values,
                name=name,
                customdata=[d for d, *_ in rows],
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="group")
    return base_layout(fig, t("dash.service.by_department", lang))


def satisfaction(distribution: Mapping[int, int], lang: str) -> go.Figure:
    """How many callbacks gave each rating; 4 and 5 count as satisfied."""
    ratings = list(range(1, 6))
    fig = go.Figure(
        go.Bar(
            x=[str(r) for r in ratings],
            y=[distribution.get(r, 0) for r in ratings],
            marker_color=["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#1e8449"],
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=t("desk.field.satisfaction", lang), type="category")
    fig.update_yaxes(title_text=t("desk.stats.count", lang))
    return base_layout(fig, t("dash.service.satisfaction", lang))
