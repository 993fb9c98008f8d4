"""Lists whose rows open their record: a click on a row selects it, no separate picker."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st


def picked_row(rows: Sequence[Mapping[str, Any]], key: str, *, default: int | None = None) -> int | None:
    """Draw `rows` as a table; the index of the row clicked (else `default`)."""
    event = st.dataframe(
        list(rows), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key=key
    )
    chosen = event.selection.rows if event is not None else []
    if chosen and chosen[0] < len(rows):
        return chosen[0]
    return default
