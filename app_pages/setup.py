"""First run: create the first service centre and its first manager."""

import streamlit as st

from core.errors import DomainError
from core.validation import GENDERS, timezone_choices
from ui import context
from ui.context import tr

column, _ = st.columns([3, 2])
with column:
    st.title(tr("setup.title"))
    st.info(tr("setup.intro"))
    form = st.form("setup")
with form:
    st.subheader(tr("setup.site_section"))
    site_name = st.text_input(tr("setup.site_name"), max_chars=60)
    timezone = st.selectbox(tr("setup.timezone"), timezone_choices())
    st.subheader(tr("setup.manager_section"))
    username = st.text_input(tr("field.username"), help=tr("field.username_help"), max_chars=32)
    display_name = st.text_input(tr("field.display_name"), max_chars=50)
    gender = st.radio(tr("field.gender"), GENDERS, format_func=lambda g: tr(f"gender.{g}"), horizontal=True)
    password = st.text_input(tr("field.password"), type="password", help=tr("field.password_help"))
    confirm = st.text_input(tr("field.password_confirm"), type="password")
    submitted = st.form_submit_button(tr("setup.submit"), type="primary")

if submitted:
    try:
        actor = context.services().accounts.setup_first_manager(
            site_name=site_name,
            timezone=timezone,
            username=username,
            display_name=display_name,
            gender=gender,
            password=password,
            password_confirm=confirm,
            language=context.lang(),
        )
    except DomainError as exc:
        context.show_error(exc)
    else:
        context.sign_in(actor)
        st.toast(tr("setup.done"))
        st.rerun()
