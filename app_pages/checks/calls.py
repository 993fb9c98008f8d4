"""来电接听 / Calls: a month of the phone system's records against item 27 (电话铃声三声接起), who
answers which extension, and practice for the people below target."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import streamlit as st

from app_pages.checks import check_widgets as checks
from checklists.calls.stats import CallFigures
from core.errors import DomainError
from ui import context
from ui.context import tr

P = "checks.calls.page"
actor = context.actor()
svc = context.services()

st.title(tr(f"{P}.title"))
st.caption(tr(f"{P}.intro"))
checks.flash("calls_flash")
site_id = checks.pick_site(actor, "calls_site")
tz = checks.timezone_of(actor)(site_id)
today = svc.clock().astimezone(ZoneInfo(tz)).date()
months = [f"{today.year - (today.month - k <= 0)}-{(today.month - k - 1) % 12 + 1:02d}" for k in range(12)]
period = st.selectbox(tr(f"{P}.month"), months, key="calls_month")
try:
    month = svc.calls.month(actor, period, site_id)
except DomainError as exc:
    context.show_error(exc)
    st.stop()


def row(label: str, f: CallFigures) -> dict[str, object]:
    rate = f"{f.within_rings_rate:.0%}" if f.within_rings_rate is not None else "-"
    return {
        tr(f"{P}.who"): label, tr(f"{P}.calls"): f.calls, tr(f"{P}.answered"): f.answered,
        tr(f"{P}.missed"): f.missed, tr(f"{P}.within"): f.within_rings, tr(f"{P}.rate"): rate,
        tr(f"{P}.median"): f.median_ring_seconds, tr(f"{P}.p90"): f.p90_ring_seconds,
    }  # fmt: skip


st.caption(tr(f"{P}.rule", limit=month.limit_seconds, target=f"{month.target_rate:.0%}"))
if month.centre.calls == 0:
    st.info(tr(f"{P}.no_calls"))
else:
    unassigned = tr("checks.calls.cli.unassigned")
    st.dataframe([row(tr("checks.calls.cli.centre"), month.centre),
                  *(row(p.label or unassigned, p.figures) for p in month.people)],
                 hide_index=True, width="stretch")  # fmt: skip
    with st.expander(tr("checks.calls.cli.by_extension")):
        st.dataframe([row(e.label, e.figures) for e in month.extensions], hide_index=True, width="stretch")
    if st.button(tr(f"{P}.assign"), key="calls_assign"):
        rule = svc.calls.settings().rule_id
        with context.refusals_shown():
            people = svc.assignments.assign_call_month(actor, month, site_id, rule)
            st.session_state["calls_flash"] = tr("checks.calls.cli.assigned", count=len(people), month=period)
            st.rerun()

st.subheader(tr(f"{P}.extensions"))
try:
    people = {p.id: p.name for p in svc.roster.people(actor, site_id)}
    current = svc.calls.extensions(actor, site_id)
except DomainError as exc:
    context.show_error(exc)
    st.stop()
if current:
    st.dataframe([{tr(f"{P}.extension"): e.extension, tr(f"{P}.person"): e.display_name or "-",
                   tr(f"{P}.since"): checks.clock(e.valid_from, tz, with_date=True)} for e in current],
                 hide_index=True, width="stretch")  # fmt: skip
ext_col, person_col, since_col = st.columns(3)
extension = ext_col.text_input(tr(f"{P}.extension"), key="calls_ext")
options: list[int | None] = [*people, None]
person = person_col.selectbox(tr(f"{P}.person"), options, key="calls_person",
                              format_func=lambda i: people[i] if i else tr(f"{P}.nobody"))  # fmt: skip
since = since_col.date_input(tr(f"{P}.since"), value=today, key="calls_since")
if st.button(tr(f"{P}.save"), key="calls_save"):
    # From the start of that day in the centre's zone; today means from now (the clock of the server).
    start = datetime.combine(since, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)
    with context.refusals_shown():
        saved = svc.calls.set_extension(
            actor, site_id, extension, person, since=None if since == today else start
        )
        st.session_state["calls_flash"] = tr(f"{P}.saved", extension=context.plain(saved.extension))
        st.rerun()
