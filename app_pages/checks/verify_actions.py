"""整改核验 / Verify actions: managers follow up their centre's corrective actions and verify done ones."""

import streamlit as st

from app_pages.checks import check_widgets as checks
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
_, settings = checks.ready(actor)

st.title(tr("checks.verify.title"))
checks.flash("verify_flash")
site_id = checks.pick_site(actor, "verify_site")
tz = checks.site_timezones(actor)[site_id][1]
pending = checks.listed_or_stop(lambda: svc.actions.site_actions(actor, site_id), "checks.verify.none")


def move_label(state: str, move: str) -> str:
    sent_back = state == "done" and move == "in_progress"
    return tr("checks.move.send_back") if sent_back else tr(f"checks.move.{move}")


# Done work waiting for a manager first, then the rest by due date.
for action in sorted(pending, key=lambda a: (a.state != "done", a.due_at)):
    with st.container(border=True):
        checks.action_card(action, settings, tz, with_name=True)
        if not action.moves:
            continue
        with st.form(f"verify_{action.id}", border=False):
            label = "checks.verify.send_back_note" if action.state == "done" else "checks.actions.note"
            note = st.text_input(tr(label), max_chars=500, key=f"verify_note_{action.id}")
            buttons = st.container(horizontal=True)
            pressed = [
                move
                for move in action.moves
                if buttons.form_submit_button(
                    move_label(action.state, move), type="primary" if move == "verified" else "secondary"
                )
            ]
        if pressed:
            checks.move_action(actor, action.id, pressed[0], note, "verify_flash")
