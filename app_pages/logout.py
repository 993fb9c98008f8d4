"""Log out: end the login on the server, clear the cookie, back to the login page."""

import streamlit as st

from ui import context

context.sign_out()
st.rerun()
