"""Compliance dashboard, coaching: audits (mystery calls and observations) per person and per rule, the
month's calls against the three-ring target, and the effect of training per rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from checklists.audits.queries import AuditPerson, AuditRule
from checklists.calls.stats import CallFigures, MonthCalls
from dashboards.style import TARGET_COLOUR, base_layout
from i18n import t
from quizzes.training_effect import WINDOW_MONTHS, RuleEffect

MISSING = "—"
GOOD, BAD, SLIP = "#229954", "#c0392b", "#d68910"
P = "dash.coaching"


def number(value: float | None, spec: str = ".1f") -> str:
    return MISSING if value is None else format(value, spec)


def _counts_axis(largest: int) -> dict[str, Any]:
    """An axis of counts: whole numbers only (no 0.2 of an audit), from zero."""
    return {"rangemode": "tozero", "tickformat": "d", **({"dtick": 1} if largest <= 8 else {})}


# --- audits ----------------------------------------------------------------------------------------


def audits_by_person(people: Sequence[AuditPerson], lang: str) -> go.Figure:
    """Stacked per person: audits with no slip, audits with slips; hover: slips and the average score."""
    names = [p.name for p in people]
    extra = [[p.slips, number(p.average_score, ".0f")] for p in people]
    hover = "%{x}: %{y} (" + t(f"{P}.slips", lang) + " %{customdata[0]}, %{customdata[1]})<extra></extra>"
    fig = go.Figure(
        [
            go.Bar(
                x=names,
                y=[p.passed for p in people],
                name=t(f"{P}.audit_clean", lang),
                marker_color=GOOD,
                customdata=extra,
                hovertemplate=hover,
            ),
            go.Bar(
                x=names,
                y=[p.audits - p.passed for p in people],
                name=t(f"{P}.audit_slipped", lang),
                marker_color=BAD,
                customdata=extra,
                hovertemplate=hover,
            ),
        ]
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(
        title_text=t(f"{P}.audits", lang), **_counts_axis(max((p.audits for p in people), default=0))
    )
    return base_layout(fig, t(f"{P}.audits_by_person", lang))


def audit_people_rows(people: Sequence[AuditPerson], lang: str) -> list[dict[str, Any]]:
    return [
        {
            t("dash.person", lang): p.name,
            t(f"{P}.audits", lang): p.audits,
            t(f"{P}.phone", lang): p.phone,
            t(f"{P}.face", lang): p.audits - p.phone,
            t(f"{P}.audit_clean", lang): p.passed,
            t(f"{P}.slips", lang): p.slips,
            t(f"{P}.average_score", lang): number(p.average_score, ".0f"),
        }
        for p in people
    ]


def audit_rules(rules: Sequence[AuditRule], titles: Mapping[str, str], lang: str, top: int = 10) -> go.Figure:
    chosen = list(rules[:top])[::-1]
    fig = go.Figure(
        go.Bar(
            x=[r.slips for r in chosen],
            y=[titles.get(r.rule_id, r.rule_id)[:28] for r in chosen],
            orientation="h",
            marker_color=SLIP,
            customdata=[[r.people, r.rule_id] for r in chosen],
            hovertemplate="%{y}: %{x} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title_text=t(f"{P}.slips", lang), **_counts_axis(max((r.slips for r in chosen), default=0))
    )
    return base_layout(fig, t(f"{P}.audit_rules", lang), height=max(260, 30 * len(chosen) + 90))


def audit_rule_rows(rules: Sequence[AuditRule], titles: Mapping[str, str], lang: str) -> list[dict[str, Any]]:
    return [
        {
            t("dash.rule_id", lang): r.rule_id,
            t("dash.rule", lang): titles.get(r.rule_id, r.rule_id),
            t(f"{P}.slips", lang): r.slips,
            t("dash.people", lang): r.people,
        }
        for r in rules
    ]


# --- three rings -----------------------------------------------------------------------------------


def ring_lines(month: MonthCalls, user_id: int | None, lang: str) -> list[tuple[str, CallFigures]]:
    """(label, figures): the centre, then each person; only that person when the filter names one."""
    unassigned = t(f"{P}.unassigned", lang)
    people = [(p.label or unassigned, p.figures) for p in month.people if not user_id or p.user_id == user_id]
    return people if user_id else [(t(f"{P}.centre_line", lang), month.centre), *people]


def ring_headline(month: MonthCalls, user_id: int | None) -> CallFigures:
    """The centre's figures, or the person's (no calls: zero, no rate)."""
    if not user_id:
        return month.centre
    line = next((p for p in month.people if p.user_id == user_id), None)
    return line.figures if line else CallFigures(0, 0, 0, 0, None, None, None)


def ring_rows(lines: Sequence[tuple[str, CallFigures]], lang: str) -> list[dict[str, Any]]:
    """The same figures as `python -m checklists calls stats --json`: rate to 0.1 %, seconds to 0.1 s."""
    return [
        {
            t(f"{P}.who", lang): label,
            t(f"{P}.calls", lang): f.calls,
            t(f"{P}.answered", lang): f.answered,
            t(f"{P}.missed", lang): f.missed,
            t(f"{P}.within", lang): f.within_rings,
            t(f"{P}.rate", lang): MISSING if f.within_rings_rate is None else f"{f.within_rings_rate:.1%}",
            t(f"{P}.median", lang): number(f.median_ring_seconds),
            t(f"{P}.p90", lang): number(f.p90_ring_seconds),
        }
        for label, f in lines
    ]


def three_rings(lines: Sequence[tuple[str, CallFigures]], target: float, lang: str) -> go.Figure:
    """Share of answered calls picked up within three rings, per line, against the target."""
    shown = [(label, f) for label, f in lines if f.within_rings_rate is not None]
    fig = go.Figure(
        go.Bar(
            x=[label for label, _ in shown],
            y=[round(100 * f.within_rings_rate, 1) for _, f in shown],  # type: ignore[operator]
            marker_color=[GOOD if (f.within_rings_rate or 0) >= target else BAD for _, f in shown],
            customdata=[[f.within_rings, f.answered, number(f.median_ring_seconds)] for _, f in shown],
            hovertemplate="%{x}: %{y}% (%{customdata[0]}/%{customdata[1]}, %{customdata[2]} s)"
            "<extra></extra>",
            name=t(f"{P}.rate", lang),
        )
    )
    fig.add_hline(
        y=round(100 * target, 1),
        line_dash="dash",
        line_color=TARGET_COLOUR,
        annotation_text=t(f"{P}.target", lang, target=f"{target:.0%}"),
        annotation_position="bottom right",
    )
    fig.update_yaxes(title_text=t(f"{P}.rate", lang) + " %", range=[0, 105])
    fig.update_xaxes(type="category")
    return base_layout(fig, t(f"{P}.three_rings", lang))


# --- the effect of training ------------------------------------------------------------------------


def training_effect(effect: RuleEffect, title: str, lang: str) -> go.Figure:
    """Per month around the training month: valid complaints and audit slips on the rule, stacked."""
    x = [m.period for m in effect.months]
    fig = go.Figure(
        [
            go.Bar(
                x=x,
                y=[getattr(m, counted) for m in effect.months],
                name=t(f"{P}.{counted}", lang),
                marker_color=colour,
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
            for counted, colour in (("complaints", BAD), ("slips", SLIP))
        ]
    )
    at = next(i for i, m in enumerate(effect.months) if m.offset == 0)
    fig.add_vrect(
        x0=at - 0.5,
        x1=at + 0.5,
        fillcolor=GOOD,
        opacity=0.12,
        line_width=0,
        annotation_text=t(f"{P}.trained_mark", lang),
        annotation_position="outside top",
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", title_text=t(f"{P}.month", lang))
    largest = max((m.complaints + m.slips for m in effect.months), default=0)
    fig.update_yaxes(title_text=t(f"{P}.evidence", lang), **_counts_axis(largest))
    return base_layout(fig, t(f"{P}.effect_title", lang, rule=title[:28]))


def effect_month_rows(effect: RuleEffect, title: str, lang: str) -> list[dict[str, Any]]:
    return [
        {
            t("dash.rule", lang): title,
            t(f"{P}.month", lang): m.period,
            t(f"{P}.offset", lang): m.offset,
            t(f"{P}.complaints", lang): m.complaints,
            t(f"{P}.slips", lang): m.slips,
        }
        for m in effect.months
    ]


def effect_rows(effects: Sequence[RuleEffect], titles: Mapping[str, str], lang: str) -> list[dict[str, Any]]:
    """Per trained rule: its training month and the evidence in the months before and after."""
    return [
        {
            t("dash.rule", lang): titles.get(e.rule_id, e.rule_id),
            t(f"{P}.trained", lang): e.trained,
            t(f"{P}.complaints_before", lang, months=WINDOW_MONTHS): e.complaints_before,
            t(f"{P}.complaints_after", lang): e.complaints_after,
            t(f"{P}.slips_before", lang, months=WINDOW_MONTHS): e.slips_before,
            t(f"{P}.slips_after", lang): e.slips_after,
            t(f"{P}.months_after", lang): e.months_after,
        }
        for e in effects
    ]
