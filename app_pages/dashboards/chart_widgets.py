"""Showing a figure with its data downloads, the same way on every dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboards.export import to_csv, to_xlsx
from dashboards.style import figure_title
from ui.context import plain, tr

CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def chart(
    fig: Any,
    rows: Sequence[dict[str, Any]],
    name: str,
    *,
    select: bool = False,
    caption: str = "",
    note: str = "",
) -> Any:
    """The figure (PNG from its toolbar), then its data as CSV and Excel. Returns the selection event.

    The workbook's sheet is named by the figure's title (in the reader's language); a caption (the
    filters the figure follows) goes into the workbook as a second sheet. On screen the page says once
    what its figures follow, so only a note (what this figure does not follow) shows, under it: figures
    side by side keep their tops level."""
    title = figure_title(fig)
    event = None
    if not rows:
        # Named, since a figure side by side with another has no heading of its own to tell them apart.
        st.info(tr("dash.empty_figure", title=plain(title)) if title else tr("dash.empty_chart"))
    else:
        event = st.plotly_chart(
            fig,
            key=f"chart_{name}",
            on_select="rerun" if select else "ignore",
            selection_mode="points",
            config=CONFIG,
        )
        left, right, _ = st.columns([1, 1, 4])
        left.download_button("CSV", to_csv(rows), file_name=f"{name}.csv", mime="text/csv", key=f"csv_{name}")
        sheets: dict[str, Sequence[dict[str, Any]]] = {title or name: rows}
        if caption:
            sheets[tr("dash.filter.sheet")] = [{tr("dash.filter.sheet"): caption}]
        right.download_button(
            "Excel",
            to_xlsx(sheets),
            file_name=f"{name}.xlsx",
            key=f"xlsx_{name}",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if note:
        st.caption(plain(note))
    return event


def selected_points(event: Any) -> list[dict[str, Any]]:
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    return list(selection.get("points", [])) if selection else []
