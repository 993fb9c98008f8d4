"""Compliance dashboard figures: shift-check completion and score by day or week, failures by person
and category, the most failed items, the self-check vs spot-check gap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from checklists.analytics import DayFigures, ItemFailures
from checklists.views import Gap
from dashboards.style import base_layout
from i18n import t
from quizzes.views import ItemRow
from rules.catalog import category_name


def by_week(days: Sequence[DayFigures]) -> list[DayFigures]:
    """Days folded into ISO weeks (labelled by their Monday); the score is weighted by checks done."""
    weeks: dict[date, list[DayFigures]] = {}
    for d in days:
        weeks.setdefault(d.day - timedelta(days=d.day.weekday()), []).append(d)
    out = []
    for monday, group in sorted(weeks.items()):
        done = sum(d.done for d in group)
        scored = [(d.average_score, d.done) for d in group if d.average_score is not None and d.done]
        average = sum(s * n for s, n in scored) / sum(n for _, n in scored) if scored else None
        out.append(
            DayFigures(
                day=monday,
                due=sum(d.due for d in group),
                done=done,
                late=sum(d.late for d in group),
                missed=sum(d.missed for d in group),
                average_score=average,
                flagged=sum(d.flagged for d in group),
            )
        )
    return out


def completion(days: Sequence[DayFigures], lang: str, *, weekly: bool = False) -> go.Figure:
    """Bars: completion (done / due); line: average score, on a second axis."""
    points = by_week(days) if weekly else list(days)
    x = [d.day.isoformat() for d in points]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=x,
            y=[round(100 * d.completion, 1) if d.completion is not None else None for d in points],
            name=t("dash.compliance.completion", lang),
            customdata=[[d.done, d.due] for d in points],
            hovertemplate="%{x}: %{y}% (%{customdata[0]}/%{customdata[1]})<extra></extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=[round(d.average_score, 1) if d.average_score is not None else None for d in points],
            name=t("dash.compliance.average_score", lang),
            mode="lines+markers",
            hovertemplate="%{x}: %{y}<extra></extra>",
        ),
        secondary_y=True,
    )
    fig.update_yaxes(
        title_text=t("dash.compliance.completion", lang) + " %", range=[0, 105], secondary_y=False
    )
    fig.update_yaxes(title_text=t("dash.compliance.average_score", lang), range=[0, 105], secondary_y=True)
    fig.update_xaxes(type="category")
    key = "dash.compliance.by_week" if weekly else "dash.compliance.by_day"
    return base_layout(fig, t(key, lang))


def heatmap(heat: Mapping[tuple[str, str], int], lang: str) -> go.Figure:
    """Failed items per person (rows) and category (columns)."""
    people = sorted({p for p, _ in heat})
    categories = sorted({c for _, c in heat})
    z = [[heat.get((p, c), 0) for c in categories] for p in people]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[category_name(c, lang) for c in categories],
            y=people,
            colorscale="Reds",
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
            zmin=0,
        )
    )
    return base_layout(fig, t("dash.compliance.heatmap", lang), height=max(260, 34 * len(people) + 110))


def most_failed(items: Sequence[ItemFailures], lang: str, top: int = 10) -> go.Figure:
    chosen = list(items[:top])[::-1]
    labels = [(i.question_en if lang == "en" else i.question_zh)[:28] for i in chosen]
    fig = go.Figure(
        go.Bar(
            x=[round(100 * i.rate, 1) for i in chosen],
            y=labels,
            orientation="h",
            customdata=[[i.failed, i.answered, i.rule_id] for i in chosen],
            hovertemplate=(
                "%{y}: %{x}% (%{customdata[0]}/%{customdata[1]})<br>%{customdata[2]}<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(title_text=t("dash.compliance.fail_rate", lang) + " %")
    return base_layout(fig, t("dash.compliance.most_failed", lang), height=max(260, 30 * len(chosen) + 90))


def gaps(rows: Sequence[Gap], lang: str) -> go.Figure:
    """Self-check minus spot-check score per person: above zero, they rate themselves kindly."""
    shown = [g for g in rows if g.gap is not None]
    fig = go.Figure(
        go.Bar(
            x=[g.user_name for g in shown],
            y=[round(g.gap, 1) for g in shown],  # type: ignore[arg-type]
            marker_color=["#c0392b" if (g.gap or 0) > 0 else "#229954" for g in shown],
            customdata=[[g.pairs, g.kind_answers] for g in shown],
            hovertemplate="%{x}: %{y} (%{customdata[0]})<extra></extra>",
        )
    )
    fig.update_yaxes(title_text=t("dash.compliance.gap_points", lang))
    return base_layout(fig, t("dash.compliance.gap", lang))


def certificates(counts: Mapping[str, int], lang: str) -> go.Figure:
    """How many people hold a valid certificate, are due to retake, expired, or have none."""
    order = ("valid", "due", "expired", "none")
    colours = ("#229954", "#d68910", "#c0392b", "#95a5a6")
    fig = go.Figure(
        go.Bar(
            x=[t(f"dash.cert.{k}", lang) for k in order],
            y=[counts.get(k, 0) for k in order],
            marker_color=list(colours),
            customdata=list(order),
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.update_yaxes(title_text=t("dash.people", lang))
    return base_layout(fig, t("dash.compliance.certificates", lang))


def pass_rate(weeks: Sequence[tuple[date, int, int]], lang: str) -> go.Figure:
    """(week, attempts, passed): the certification pass rate per week."""
    fig = go.Figure(
        go.Scatter(
            x=[w.isoformat() for w, _, _ in weeks],
            y=[round(100 * p / a, 1) if a else None for _, a, p in weeks],
            mode="lines+markers",
            customdata=[[p, a] for _, a, p in weeks],
            hovertemplate="%{x}: %{y}% (%{customdata[0]}/%{customdata[1]})<extra></extra>",
            name=t("dash.compliance.pass_rate", lang),
        )
    )
    fig.update_yaxes(title_text="%", range=[0, 105])
    fig.update_xaxes(type="category", title_text=t("dash.week", lang))
    return base_layout(fig, t("dash.compliance.pass_rate", lang))


def missed_rules(rows: Sequence[tuple[str, int, int]], titles: Mapping[str, str], lang: str) -> go.Figure:
    """(rule id, wrong answers, people): the rules most often missed in quizzes."""
    chosen = list(rows)[::-1]
    fig = go.Figure(
        go.Bar(
            x=[w for _, w, _ in chosen],
            y=[titles.get(r, r)[:28] for r, _, _ in chosen],
            orientation="h",
            customdata=[[p, r] for r, _, p in chosen],
            hovertemplate="%{y}: %{x} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=t("dash.wrong_answers", lang))
    return base_layout(fig, t("dash.compliance.missed_rules", lang), height=max(260, 30 * len(chosen) + 90))


# The filters of the compliance dashboard, and which of them each figure and its export obeys. The page
# says once what every figure follows and notes under a figure only the filters it does not follow; each
# export carries its own full caption. A page test checks each claim by changing the filter.
FILTERS = ("dates", "sites", "person")
OBEYS: dict[str, tuple[str, ...]] = {
    "headline": FILTERS,
    "shift_completion": (*FILTERS, "weekly"),
    "failures_heatmap": FILTERS,
    "most_failed_items": FILTERS,
    "check_people": FILTERS,
    "self_vs_spot": FILTERS,
    "certificates": ("sites", "person"),  # a certificate's status is today's, whatever the dates
    "pass_rate": FILTERS,
    "missed_rules": ("sites",),  # all quizzes of the sites' people: no per-person or per-day counts
    "flagged_questions": ("sites",),  # item analysis needs everyone's first attempts
    "audits": FILTERS,
    "audit_rules": FILTERS,
    "three_rings": ("sites", "person"),  # a calendar month, like `python -m checklists calls stats`
    "training_effect": ("sites",),  # months around each rule's training, for the whole centre
}


def _values(filters: Sequence[str], values: Mapping[str, str], lang: str) -> str:
    return t("dash.filter.sep", lang).join(
        t("dash.filter.value", lang, name=t(f"dash.filter.{f}", lang), value=values[f]) for f in filters
    )


def _ignored(figure: str) -> list[str]:
    return [f for f in FILTERS if f not in OBEYS[figure]]


def filters_caption(figure: str, values: Mapping[str, str], lang: str) -> str:
    """'Follows: dates (…), sites (…), person (…).' and, for a filter it does not follow, why not: the
    filters sheet of the figure's workbook."""
    obeyed = [f for f in OBEYS[figure] if f in FILTERS]
    text = t("dash.filter.follows", lang, filters=_values(obeyed, values, lang))
    ignored = _ignored(figure)
    if ignored:
        names = t("dash.filter.sep", lang).join(t(f"dash.filter.{f}", lang) for f in ignored)
        text += " " + t("dash.filter.ignores", lang, filters=names, why=t(f"dash.filter.why.{figure}", lang))
    return text


def scope_caption(values: Mapping[str, str], lang: str) -> str:
    """The page's one sentence on its filters: every figure follows them unless its note says otherwise."""
    return t("dash.filter.page", lang, filters=_values(FILTERS, values, lang))


def exception_note(figure: str, lang: str) -> str:
    """Under a figure that does not follow every filter: which ones and why; empty for the others."""
    ignored = _ignored(figure)
    if not ignored:
        return ""
    names = t("dash.filter.sep", lang).join(t(f"dash.filter.{f}", lang) for f in ignored)
    return t("dash.filter.note", lang, filters=names, why=t(f"dash.filter.why.{figure}", lang))


def certificate_counts(statuses: Sequence[str]) -> dict[str, int]:
    """People by certificate status, for whoever the filters leave."""
    return {k: sum(1 for s in statuses if s == k) for k in ("valid", "due", "expired", "none")}


# Tables shown or exported beside the figures: every code (category, item-analysis flag, a missing
# value) goes out as the reader's words, never as the code itself.
MISSING = "—"


def heat_table(heat: Mapping[tuple[str, str], int], lang: str) -> list[dict[str, object]]:
    """The heat map's data: person, category (by name), failed items."""
    return [
        {
            t("dash.person", lang): person,
            t("desk.field.category", lang): category_name(category, lang),
            t("dash.compliance.failed", lang): failed,
        }
        for (person, category), failed in sorted(heat.items())
    ]


def flagged_table(items: Sequence[ItemRow], lang: str) -> list[dict[str, object]]:
    """The questions item analysis flags for rewriting, with their flags in words."""
    return [
        {
            t("dash.question", lang): i.prompt.get(lang),
            t("dash.facility", lang): f"{i.facility:.2f}",
            t("dash.discrimination", lang): MISSING
            if i.discrimination is None
            else f"{i.discrimination:.2f}",
            t("dash.flags", lang): t("dash.flag_sep", lang).join(
                t(f"quiz.training.flag.{f}", lang) for f in i.flags
            ),
            t("dash.responses", lang): i.responses,
        }
        for i in items
        if i.flags
    ]
