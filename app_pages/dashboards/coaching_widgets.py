"""The compliance dashboard's coaching figures: audits beside the shift checks, the month's calls against
the three-ring target (item 27), and per rule the evidence before and after training."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from zoneinfo import ZoneInfo

import streamlit as st

from app_pages.dashboards import chart_widgets as charts
from core.errors import DomainError
from core.roles import Actor
from dashboards import coaching_figures as figures
from dashboards.compliance_figures import exception_note
from quizzes.training_effect import WINDOW_MONTHS, shift
from ui import context
from ui.context import plain, tr

P = "dash.coaching"
Caption = Callable[[str], str]


def show_audits(
    actor: Actor, sites: Collection[int], first: date, last: date, user_id: int | None,
    titles: Mapping[str, str], caption: Caption,
) -> None:  # fmt: skip
    """Mystery calls and observations of the same sites, dates and person as the shift checks."""
    lang = context.lang()
    try:
        data = context.services().audits.figures(actor, sites, first, last, user_id)
    except DomainError as exc:
        context.show_error(exc)
        return
    st.subheader(tr(f"{P}.audits_title"))
    people_rows = figures.audit_people_rows(data.people, lang)
    rule_rows = figures.audit_rule_rows(data.rules, titles, lang)
    if not people_rows and not rule_rows:
        st.info(tr("dash.empty_chart"))  # once for the section, not once per empty figure
        return
    left, right = st.columns(2)
    with left:
        charts.chart(
            figures.audits_by_person(data.people, lang), people_rows, "audits", caption=caption("audits")
        )
    with right:
        charts.chart(
            figures.audit_rules(data.rules, titles, lang),
            rule_rows,
            "audit_rules",
            caption=caption("audit_rules"),
        )


def months_back(today: date, count: int = 12) -> list[str]:
    return [shift(today.strftime("%Y-%m"), -k) for k in range(count)]


def show_three_rings(
    actor: Actor, sites: Collection[int], timezone: str, user_id: int | None, caption: Caption
) -> None:
    """A month of call records against the rule: every call answered within three rings."""
    svc = context.services()
    lang = context.lang()
    st.subheader(tr(f"{P}.three_rings_title"))
    today = svc.clock().astimezone(ZoneInfo(timezone)).date()
    period = st.selectbox(tr(f"{P}.month"), months_back(today), key="cmp_calls_month")
    try:
        month = svc.calls.month_of_sites(actor, period, sites)
    except DomainError as exc:
        context.show_error(exc)
        return
    head = figures.ring_headline(month, user_id)
    target = month.target_rate
    rate = head.within_rings_rate
    c1, c2, c3, c4, c5 = st.columns(5)
    c1.metric(tr(f"{P}.calls"), head.calls)
    c2.metric(tr(f"{P}.answered"), head.answered)
    c3.metric(
        tr(f"{P}.rate"),
        figures.MISSING if rate is None else f"{rate:.1%}",
        delta=None if rate is None else tr(f"{P}.points", points=f"{100 * (rate - target):+.1f}"),
        delta_color="off" if rate is None or rate >= target else "normal",
    )
    c4.metric(tr(f"{P}.median"), figures.number(head.median_ring_seconds))
    c5.metric(tr(f"{P}.p90"), figures.number(head.p90_ring_seconds))
    st.caption(tr(f"{P}.rule", limit=month.limit_seconds, target=f"{target:.0%}"))
    lines = figures.ring_lines(month, user_id, lang)
    rows = figures.ring_rows(lines, lang)
    charts.chart(
        figures.three_rings(lines, target, lang),
        rows if month.centre.answered else [],
        "three_rings",
        caption=caption("three_rings"),
        note=exception_note("three_rings", lang),
    )
    if month.centre.calls:
        st.dataframe(rows, hide_index=True, width="stretch")


def show_training_effect(
    actor: Actor, site_id: int | None, titles: Mapping[str, str], caption: Caption
) -> None:
    """Per rule of one centre: valid complaints and audit slips in the months around its training."""
    lang = context.lang()
    st.subheader(tr(f"{P}.effect_heading"))
    st.caption(tr(f"{P}.effect_definition", months=WINDOW_MONTHS))
    note = exception_note("training_effect", lang)
    if site_id is None:
        st.caption(plain(note))
        st.info(tr(f"{P}.effect_one_site"))
        return
    try:
        effects = context.services().training_effects.of_site(actor, site_id)
    except DomainError as exc:
        context.show_error(exc)
        return
    if not effects.rules:
        st.caption(plain(note))
        st.info(tr(f"{P}.effect_none"))
        return
    by_id = {e.rule_id: e for e in effects.rules}
    rule = st.selectbox(
        tr("dash.rule"),
        list(by_id),
        format_func=lambda r: tr(f"{P}.effect_option", rule=titles.get(r, r), month=by_id[r].trained),
        key="cmp_effect_rule",
    )
    chosen = by_id[rule]
    title = titles.get(rule, rule)
    charts.chart(
        figures.training_effect(chosen, title, lang),
        figures.effect_month_rows(chosen, title, lang),
        "training_effect",
        caption=caption("training_effect"),
        note=note,
    )
    st.dataframe(figures.effect_rows(effects.rules, titles, lang), hide_index=True, width="stretch")
