"""我的整改 / My actions: corrective actions for my failed items, worked through to done."""

import streamlit as st

from app_pages.checks import check_widgets as checks
from core.errors import DomainError
from ui import context
from ui.context import tr

actor = context.actor()
svc = context.services()
_, settings = checks.ready(actor)
tz_of = checks.timezone_of(actor)

st.title(tr("checks.actions.title"))
checks.flash("my_actions_flash")
try:
    pending = svc.actions.my_actions(actor)
except DomainError as exc:
    context.show_error(exc)
    st.stop()
if not pending:
    st.info(tr("checks.actions.none"))
    st.stop()

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
            try:
                svc.actions.move_action(actor, action.id, pressed[0], note)
            except DomainError as exc:
                context.show_error(exc)
            else:
                st.session_state["my_actions_flash"] = tr("checks.actions.moved")
                st.rerun()
