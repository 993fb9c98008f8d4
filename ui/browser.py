"""The two calls the page makes to the app's own HTTP routes, to set or clear the login cookie.

The script is ours alone (a server-made one-time code, no user text), which is why JavaScript is allowed.
"""

from __future__ import annotations

import json

import streamlit as st

from ui.context import PENDING_JS_KEY

_LOGIN = """<script>
fetch("/api/session", {{method: "POST", credentials: "same-origin",
  headers: {{"Content-Type": "application/json"}}, body: JSON.stringify({{code: {code}}})}});
</script>"""
_LOGOUT = """<script>
fetch("/api/logout", {method: "POST", credentials: "same-origin"});
</script>"""


def flush_pending_call() -> None:
    """Emit the queued cookie call once; the element is gone on the next run, the request is not."""
    pending = st.session_state.pop(PENDING_JS_KEY, None)
    if pending is None:
        return
    kind, code = pending
    body = _LOGIN.format(code=json.dumps(code)) if kind == "login" else _LOGOUT
    st.sidebar.html(body, unsafe_allow_javascript=True, width="content")
