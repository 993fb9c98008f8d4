"""Content files parsed once per process; broken content is reported, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from content.errors import ContentError
from rules.errors import RulebookInvalid
from rules.loader import default_content_dir, load_rulebook
from rules.model import Rulebook


@dataclass(frozen=True)
class RulebookState:
    rulebook: Rulebook | None
    errors: tuple[ContentError, ...]


@st.cache_resource(show_spinner=False)
def rulebook_state() -> RulebookState:
    """Loaded once; restart the app (or clear the cache) after editing rules/content."""
    try:
        return RulebookState(load_rulebook(default_content_dir()), ())
    except RulebookInvalid as exc:
        return RulebookState(None, tuple(exc.errors))
