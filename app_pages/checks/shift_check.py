"""今日班检 / Shift check: the check that is open now, one tap per item, a note for each failure."""

import streamlit as st

from app_pages.checks import check_widgets as checks
from checklists.shifts import Timing
from core.errors import DomainError
from ui import context
from ui.context import tr

ACTIONS_ICON = ":material/task_alt:"

actor = context.actor()
svc = context.services()
rulebook, settings = checks.ready(actor)

st.title(tr("checks.today.title"))
checks.flash("shift_check_flash")
try:
    today = svc.checks.today(actor, rulebook)
except DomainError as exc:
    context.show_error(exc)
    st.stop()

# Only the checks of the person's rostered shifts are offered; the others open now only on request
# (someone covering a shift), and such a check owes nothing.
offered = list(today.slots)
if not offered:
    st.info(tr("checks.today.not_rostered" if today.off_roster else "checks.today.none"))
    st.caption(tr("checks.roster.shifts_caption", shifts=checks.shift_times(settings)))
if today.off_roster and st.toggle(
    tr("checks.today.cover"), key="shift_check_cover", help=tr("checks.today.cover_help")
):
    offered += today.off_roster
if not offered:
    st.stop()


slots = {f"{s.shift_date.isoformat()}_{s.shift_id}_{s.kind.value}": s for s in offered}


def label(key: str) -> str:
    slot = slots[key]
    text = checks.slot_label(settings, slot.shift_date, slot.shift_id, slot.kind)
    if slot.done is not None:
        return f"{text} · {tr('checks.status.done')}"
    return f"{text} · {tr('checks.rostered' if slot.rostered else 'checks.off_roster')}"


# Keyed by shift and kind, so the check just submitted stays selected and shows its result.
chosen = st.selectbox(tr("checks.today.pick"), list(slots), format_func=label, key="shift_check_slot")
slot = slots[chosen]
tz = today.timezone
st.caption(
    tr(
        "checks.window",
        opens=checks.clock(slot.opens_at, tz),
        due=checks.clock(slot.due_at, tz),
        closes=checks.clock(slot.closes_at, tz, with_date=True),
    )
)

if slot.done is not None:
    st.info(tr("checks.today.done_already"))
    checks.show_check(slot.done, settings, tz)
    if slot.done.actions:
        st.page_link(
            "app_pages/checks/my_actions.py", label=tr("checks.today.see_actions"), icon=ACTIONS_ICON
        )
    st.stop()

if slot.timing is Timing.LATE:
    st.warning(tr("checks.today.late_warning", due=checks.clock(slot.due_at, tz)))
st.caption(tr("checks.today.intro"))

items = today.items[slot.kind]
form_key = f"sc_{chosen}"
answers, notes = checks.answer_form(items, form_key)
st.progress(
    checks.answered_count(answers) / len(items) if items else 1.0,
    text=tr("checks.today.progress", answered=checks.answered_count(answers), total=len(items)),
)
if st.button(tr("checks.today.submit"), type="primary", key=f"{form_key}_submit"):
    with context.refusals_shown():
        result = svc.checks.submit(
            actor,
            rulebook,
            shift_date=slot.shift_date,
            shift_id=slot.shift_id,
            kind=slot.kind.value,
            answers=answers,
            notes=notes,
            site_id=today.site_id,
        )
        checks.clear_answers(items, form_key)
        score = checks.score_text(result.score)
        st.session_state["shift_check_flash"] = tr("checks.today.submitted", score=score)
        st.rerun()
