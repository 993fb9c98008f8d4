"""Log out: this browser, or (box ticked) every browser and phone the account is logged in on."""

import streamlit as st

from ui import context
from ui.context import tr

st.header(tr("logout.title"))
with st.form("logout"):
    everywhere = st.checkbox(tr("logout.everywhere"), help=tr("logout.everywhere_help"))
    confirmed = st.form_submit_button(tr("logout.submit"), type="primary")
if confirmed:
    context.sign_out(everywhere=everywhere)
    st.rerun()
