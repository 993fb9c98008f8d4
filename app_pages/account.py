"""My account: interface language and password."""

import streamlit as st

from i18n import LANGUAGES
from ui import context
from ui.context import tr

actor = context.actor()

st.title(tr("nav.account"))
st.write(f"**{tr('field.username')}**: {context.plain(actor.username)}")

st.subheader(tr("account.language_title"))
names = {"zh": "中文", "en": "English"}
with st.form("language"):
    choice = st.radio(
        tr("field.language"),
        LANGUAGES,
        index=LANGUAGES.index(actor.language),
        format_func=names.__getitem__,
        horizontal=True,
    )
    if st.form_submit_button(tr("account.language_title")):
        with context.refusals_shown():
            updated = context.services().accounts.set_language(actor, choice)
            st.session_state[context.LANG_KEY] = updated.language
            st.rerun()

st.subheader(tr("account.password_title"))
with st.form("password", clear_on_submit=True):
    current = st.text_input(tr("field.current_password"), type="password")
    new = st.text_input(tr("field.new_password"), type="password", help=tr("field.password_help"))
    confirm = st.text_input(tr("field.password_confirm"), type="password")
    submitted = st.form_submit_button(tr("account.password_submit"))
if submitted:
    with context.refusals_shown():
        context.services().accounts.change_own_password(
            actor, current, new, confirm, keep_login=context.login_id()
        )
        st.success(tr("account.password_changed"))
