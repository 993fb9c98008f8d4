"""排班 / Roster: managers put staff on shifts (a week at a time: copy last week, or each person's weekly
template) and take them off with a reason."""

from datetime import timedelta

import streamlit as st

from app_pages.checks import check_widgets as checks
from app_pages.checks import roster_widgets as templates
from checklists.roster_rules import overlapping
from core.errors import DomainError
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
_, settings = checks.ready(actor)

st.title(tr("checks.roster.title"))
st.caption(tr("checks.roster.shifts_caption", shifts=checks.shift_times(settings)))
checks.flash("roster_flash")
site_id = checks.pick_site(actor, "roster_site")
picker = st.container()
try:
    # No date chosen yet: the service starts the week at the site's today.
    week = svc.roster.roster(actor, site_id, st.session_state.get("roster_first"))
except DomainError as exc:
    context.show_error(exc)
    st.stop()
st.session_state.setdefault("roster_first", week.dates[0])
picker.date_input(tr("checks.roster.week_of"), key="roster_first")

people = {p.id: p.name for p in week.people}
on_shift: dict[tuple[int, object], list[str]] = {}
for entry in week.entries:
    on_shift.setdefault((entry.user_id, entry.shift_date), []).append(
        checks.shift_name(settings, entry.shift_id)
    )
st.dataframe(
    [
        {tr("checks.roster.person"): name}
        | {checks.day_label(day): checks.joined(on_shift.get((person_id, day), [])) for day in week.dates}
        for person_id, name in people.items()
    ],
    hide_index=True,
    width="stretch",
)
if not week.entries:
    st.caption(tr("checks.roster.grid_none"))
# Two shifts at once for one person: said at once, with both shifts named.
for a, b in overlapping(week.entries, settings):
    st.warning(
        tr(
            "checks.roster.overlap", name=context.plain(a.user_name),
            first=f"{checks.day_label(a.shift_date)} {checks.shift_name(settings, a.shift_id)}",
            second=f"{checks.day_label(b.shift_date)} {checks.shift_name(settings, b.shift_id)}",
        )
    )  # fmt: skip
copy, from_templates = st.columns(2)
with copy:
    if st.button(tr("checks.roster.copy_last_week"), key="roster_copy"):
        with context.refusals_shown():
            added = svc.roster.copy_week(actor, site_id, week.dates[0])
            st.session_state["roster_flash"] = tr("checks.roster.copied", n=added)
            st.rerun()
with from_templates:
    templates.apply_button(actor, site_id, week.dates[0], settings)
templates.templates_section(actor, site_id, list(week.people), settings)

left, right = st.columns(2)
with left, st.form("roster_assign"):
    st.markdown(f"**{tr('checks.roster.assign_title')}**")
    person = st.selectbox(tr("checks.roster.person"), list(people), format_func=people.__getitem__)
    day = st.date_input(
        tr("checks.roster.date"), value=week.dates[0], min_value=week.dates[0] - timedelta(days=31)
    )
    shift_id = st.selectbox(
        tr("checks.roster.shift"), settings.shift_ids, format_func=lambda s: checks.shift_name(settings, s)
    )
    assign = st.form_submit_button(tr("checks.roster.assign"), type="primary")
if assign:
    with context.refusals_shown():
        svc.roster.assign(actor, site_id, user_id=person, shift_date=day, shift_id=shift_id)
        st.session_state["roster_flash"] = tr("checks.roster.assigned")
        st.rerun()

entries = {e.id: e for e in week.entries}
if entries:
    with right, st.form("roster_unassign", clear_on_submit=True):
        st.markdown(f"**{tr('checks.roster.unassign_title')}**")
        entry_id = st.selectbox(
            tr("checks.roster.entry"),
            list(entries),
            format_func=lambda i: " · ".join(
                [
                    entries[i].user_name,
                    checks.day_label(entries[i].shift_date),
                    checks.shift_name(settings, entries[i].shift_id),
                ]
            ),
        )
        reason = st.text_input(tr("checks.roster.reason"), max_chars=200)
        unassign = st.form_submit_button(tr("checks.roster.unassign"))
    if unassign:
        with context.refusals_shown():
            svc.roster.unassign(actor, entry_id, reason)
            st.session_state["roster_flash"] = tr("checks.roster.unassigned")
            st.rerun()
