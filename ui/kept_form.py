"""Forms that keep what was typed: the save runs in the submit button's callback, so a refusal is shown
next to its field on the same run with every value as entered, and a saved form is emptied before it
is drawn again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

from core.errors import DomainError
from ui import context


def _error_key(form: str) -> str:
    return f"{form}__error"


def submit(form: str, save: Callable[[], str], reset: Mapping[str, Any]) -> None:
    """Run `save` (returns the success message); on success set each widget in `reset` to its empty
    value (set, not forgotten: the browser would otherwise send the typed value back)."""
    try:
        message = save()
    except DomainError as exc:
        st.session_state[_error_key(form)] = exc
        return
    st.session_state.pop(_error_key(form), None)
    for key, empty in reset.items():
        st.session_state[key] = empty
    st.session_state[f"{form}__flash"] = message


def flash(form: str) -> None:
    message = st.session_state.pop(f"{form}__flash", None)
    if message:
        st.success(message)


def error_for(form: str, *fields: str | None) -> None:
    """The refusal about one of `fields`, shown where this is called (under that field)."""
    exc = st.session_state.get(_error_key(form))
    if exc is not None and exc.field in fields:
        st.error(context.error_text(exc))


def other_error(form: str, shown: Iterable[str]) -> None:
    """A refusal about no field drawn on the form (e.g. a record that has gone), at the top."""
    exc = st.session_state.get(_error_key(form))
    if exc is not None and exc.field not in set(shown):
        st.error(context.error_text(exc))
