"""The roster page's weekly templates: each person's usual week, saved per site, and the button that puts
the templates on the chosen week. What a template may hold and what applying it does is the service's."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_pages.checks import check_widgets as checks
from checklists.settings import ShiftSettings
from checklists.views import Person, RosterTemplateView, TemplatesApplied
from core.errors import DomainError
from core.roles import Actor
from ui import context
from ui.context import plain, tr

WEEKDAYS = list(range(7))
CLASHES = "roster_template_clashes"


def weekday_name(day: int) -> str:
    return tr(f"checks.weekday.{day}")


def slots_text(template: RosterTemplateView, settings: ShiftSettings) -> str:
    """'早班：周一、周二 …' — one part per shift, the days in week order."""
    parts = []
    for shift_id in settings.shift_ids:
        chosen = [weekday_name(d) for d, s in template.slots if s == shift_id]
        if chosen:
            parts.append(
                tr("app.pair", label=checks.shift_name(settings, shift_id), value=checks.joined(chosen))
            )
    return "；".join(parts) if context.lang() == "zh" else "; ".join(parts)


def apply_button(actor: Actor, site_id: int, first: date, settings: ShiftSettings) -> None:
    """Fill the chosen week from the templates; the shifts left off (overlaps) are named after the rerun."""
    if st.button(tr("checks.roster.apply_templates"), key="roster_apply_templates"):
        with context.refusals_shown():
            applied = context.services().roster_templates.apply(actor, site_id, first)
            st.session_state["roster_flash"] = tr(
                "checks.roster.applied", added=applied.added, kept=applied.kept
            )
            st.session_state[CLASHES] = clash_lines(applied, settings)
            st.rerun()
    for line in st.session_state.pop(CLASHES, []):
        st.warning(line)


def clash_lines(applied: TemplatesApplied, settings: ShiftSettings) -> list[str]:
    def when(day: date, shift_id: str) -> str:
        return f"{checks.day_label(day)} {checks.shift_name(settings, shift_id)}"

    return [
        tr(
            "checks.roster.clash",
            name=plain(c.user_name),
            date=checks.day_label(c.shift_date),
            shift=checks.shift_name(settings, c.shift_id),
            other=when(c.other_date, c.other_shift_id),
        )
        for c in applied.clashes
    ]


def templates_section(actor: Actor, site_id: int, people: list[Person], settings: ShiftSettings) -> None:
    """Each person's usual week: the saved ones in a table, and a form to save one (per person)."""
    service = context.services().roster_templates
    with st.expander(tr("checks.roster.templates_title")):
        st.caption(tr("checks.roster.templates_help"))
        try:
            saved = {t.user_id: t for t in service.templates(actor, site_id)}
        except DomainError as exc:
            context.show_error(exc)
            return
        names = {p.id: p.name for p in people}
        if saved:
            st.dataframe(
                [
                    {
                        tr("checks.roster.person"): t.user_name,
                        tr("checks.roster.template_column"): slots_text(t, settings),
                    }
                    for t in saved.values()
                ],
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption(tr("checks.roster.template_none"))
        if not names:
            return
        person = st.selectbox(
            tr("checks.roster.template_person"), list(names), format_func=names.__getitem__, key="tpl_person"
        )
        current = saved[person].slots if person in saved else ()
        with st.form(f"tpl_form_{person}", border=False):
            chosen: list[tuple[int, str]] = []
            for shift_id in settings.shift_ids:
                picked = st.multiselect(
                    tr("checks.roster.template_days", shift=checks.shift_name(settings, shift_id)),
                    WEEKDAYS, default=[d for d, s in current if s == shift_id], format_func=weekday_name,
                    key=f"tpl_{person}_{shift_id}",
                )  # fmt: skip
                chosen.extend((day, shift_id) for day in picked)
            go = st.form_submit_button(tr("checks.roster.template_save"))
        if go:
            with context.refusals_shown():
                service.save(actor, site_id, person, chosen)
                saved_text = tr("checks.roster.template_saved", name=plain(names[person]))
                st.session_state["roster_flash"] = saved_text
                st.rerun()
