"""主管抽查 / Spot check: a manager checks a staff member against the items of their own check."""

import streamlit as st

from app_pages.checks import check_widgets as checks
from checklists.shifts import Kind
from core.errors import DomainError
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
rulebook, settings = checks.ready(actor)

site_id, tz, people = checks.manager_check_head(actor, "checks.spot", "spot", "checks.spot.none")

person_col, day_col, shift_col = st.columns(3)
person = person_col.selectbox(tr("checks.spot.person"), list(people), format_func=people.__getitem__)
now_date, now_shift = checks.shift_now(settings, tz)
day = day_col.date_input(tr("checks.spot.date"), value=now_date, key="spot_day")
shift_id = shift_col.selectbox(
    tr("checks.spot.shift"),
    settings.shift_ids,
    index=settings.shift_ids.index(now_shift),
    format_func=lambda s: checks.shift_name(settings, s),
)
kind = st.segmented_control(
    tr("checks.spot.kind"),
    [k.value for k in Kind],
    format_func=lambda k: tr(f"checks.kind.{k}"),
    default=Kind.START.value,
    required=True,
    key="spot_kind",
)

try:
    items = svc.spot_checks.spot_items(actor, rulebook, person, kind)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

form_key = f"spot_{person}_{day.isoformat()}_{shift_id}_{kind}"
answers, notes = checks.answer_form(items, form_key)
if st.button(tr("checks.spot.submit"), type="primary", key=f"{form_key}_submit"):
    with context.refusals_shown():
        result = svc.spot_checks.spot_check(
            actor,
            rulebook,
            user_id=person,
            shift_date=day,
            shift_id=shift_id,
            kind=kind,
            answers=answers,
            notes=notes,
        )
        checks.clear_answers(items, form_key)
        st.session_state["spot_flash"] = tr("checks.spot.submitted", score=checks.score_text(result.score))
        st.rerun()
