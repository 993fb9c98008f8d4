"""神秘电话 / 现场抽查: a manager records what a person said on a mystery call or at the desk."""

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from app_pages.checks import audit_widgets as audits
from app_pages.checks import check_widgets as checks
from core.errors import DomainError
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
rulebook, _ = checks.ready(actor)

site_id, tz, people = checks.manager_check_head(actor, "checks.audit", "audit", "checks.audit.none_to_audit")

person_col, channel_col = st.columns(2)
person = person_col.selectbox(tr("checks.audit.person"), list(people), format_func=people.__getitem__,
                              key="audit_person")  # fmt: skip
channel = channel_col.segmented_control(
    tr("checks.audit.channel_label"),
    ["phone", "face"],
    format_func=lambda c: tr(f"checks.audit.channel.{c}"),
    default="phone",
    required=True,
    key="audit_channel",
)
now_local = svc.clock().astimezone(ZoneInfo(tz))
day_col, time_col, rings_col = st.columns(3)
day_col.date_input(tr("checks.audit.date"), value=now_local.date(), key="audit_day")
time_col.time_input(tr("checks.audit.time"), value=now_local.time().replace(second=0, microsecond=0),
                    key="audit_time", step=60)  # fmt: skip
if channel == "phone":
    rings_col.number_input(tr("checks.audit.rings"), min_value=0, max_value=30, value=1, step=1,
                           key="audit_rings")  # fmt: skip
scenario_ids = [s.id for s in rulebook.settings.scenarios]
default_scenario = "phone.answer" if channel == "phone" else "greet"
st.selectbox(
    tr("checks.audit.scenario"),
    scenario_ids,
    index=scenario_ids.index(default_scenario) if default_scenario in scenario_ids else 0,
    format_func=lambda s: audits.scenario_name(rulebook, s),
    key=f"audit_scenario_{channel}",
)


def record() -> None:
    """Runs before the page is drawn again: a recorded audit empties what was typed (the browser would
    otherwise send the old words back), a refused one keeps it and says why under the button."""
    state = st.session_state
    kind = state["audit_channel"]
    observed = datetime.combine(state["audit_day"], state["audit_time"], tzinfo=ZoneInfo(tz))
    rings = int(state["audit_rings"]) if kind == "phone" else None
    try:
        result = svc.audits.record(actor, rulebook, site_id=site_id, user_id=state["audit_person"],
                                   channel=kind, observed_at=observed, rings=rings,
                                   said=state.get("audit_said", ""), note=state.get("audit_note", ""),
                                   default_scenario=state[f"audit_scenario_{kind}"])  # fmt: skip
    except DomainError as exc:
        state["audit_refused"] = exc
        return
    state["audit_last"] = result.id
    state["audit_flash"] = tr(
        "checks.audit.recorded", person=context.plain(result.person), failed=len(result.items)
    )
    state["audit_said"], state["audit_note"] = "", ""


st.text_area(tr("checks.audit.said"), help=tr("checks.audit.said_help"), key="audit_said")
st.text_input(tr("checks.audit.note"), key="audit_note")
# Recorded: the message is above the form and the audit opens below, in this same run.
clicked = st.button(tr("checks.audit.submit"), type="primary", key="audit_submit", on_click=record)
refused = st.session_state.pop("audit_refused", None)
if clicked and refused is not None:
    context.show_error(refused)

st.divider()
st.subheader(tr("checks.audit.recent"))
recent = svc.audits.site_audits(actor, site_id)
if not recent:
    st.caption(tr("checks.audit.no_audits"))
for audit in recent:
    label = f"{context.plain(audit.person)} · {audits.summary(audit, tz)}"
    with st.expander(label, expanded=audit.id == st.session_state.get("audit_last")):
        audits.show_audit(audit, rulebook, tz)

# Per person and rule: the evidence, the assignment, the practice done since, and whether it recurred.
st.divider()
st.subheader(tr("coaching.site.title"))
given = svc.assignments.of_site(actor, site_id)
if not given:
    st.caption(tr("coaching.site.none"))
else:
    yes, no = tr("coaching.site.yes"), tr("coaching.site.no")

    def assignment_row(a):  # type: ignore[no-untyped-def]
        return {
            tr("coaching.site.person"): a.person,
            tr("coaching.site.rule"): audits.rule_title(rulebook, a.rule_id),
            tr("coaching.site.source"): tr(f"coaching.source.{a.source}"),
            tr("coaching.site.assigned_at"): checks.clock(a.assigned_at, tz, with_date=True),
            tr("coaching.site.practised"): a.practised,
            tr("coaching.site.passed"): yes if a.passed else no,
            tr("coaching.site.recurred"): yes if a.recurred else no,
        }

    st.dataframe([assignment_row(a) for a in given], hide_index=True, width="stretch")
