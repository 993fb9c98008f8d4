"""我的整改 / My actions: corrective actions for my failed items, worked through to done."""

import streamlit as st

from app_pages.checks import check_widgets as checks
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
_, settings = checks.ready(actor)
tz_of = checks.timezone_of(actor)

st.title(tr("checks.actions.title"))
checks.flash("my_actions_flash")
pending = checks.listed_or_stop(lambda: svc.actions.my_actions(actor), "checks.actions.none")

for action in pending:
    with st.container(border=True):
        checks.action_card(action, settings, tz_of(action.site_id), with_name=False)
        if not action.moves:
            continue
        with st.form(f"action_{action.id}", border=False):
            note = st.text_input(tr("checks.actions.note"), max_chars=500, key=f"action_note_{action.id}")
            buttons = st.container(horizontal=True)
            pressed = [move for move in action.moves if buttons.form_submit_button(tr(f"checks.move.{move}"))]
        if pressed:
            checks.move_action(actor, action.id, pressed[0], note, "my_actions_flash")
