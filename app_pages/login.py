"""Log in with username and password (repeated wrong tries wait longer and longer, see core/lockout.py)."""

import streamlit as st

from ui import context
from ui.context import tr

_, form = context.narrow_form("login", tr("app.title"), lambda: st.caption(tr("app.subtitle")))
with form:
    st.subheader(tr("login.title"))
    username = st.text_input(tr("field.username"), max_chars=32)
    password = st.text_input(tr("field.password"), type="password")
    submitted = st.form_submit_button(tr("login.submit"), type="primary")

if submitted:
    with context.refusals_shown():
        actor = context.services().accounts.authenticate(username, password, st.context.ip_address)
        context.sign_in(actor)
        st.toast(tr("login.welcome", name=context.plain(actor.display_name)))
        st.rerun()
