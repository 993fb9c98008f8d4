"""A page's plain tables: the rows, or a note in their place when there are none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ui.context import tr


def table_or(rows: Sequence[dict[str, Any]], empty: str, note: Callable[[str], Any] | None = None) -> None:
    """The rows as a full-width table; with none, the `empty` text (a key) as `note` shows it
    (a caption unless given, e.g. `st.info`)."""
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        (note or st.caption)(tr(empty))
