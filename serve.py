"""ASGI entry point: the Streamlit app plus the cookie routes. `make run` serves this file."""

import streamlit as st

from web_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
