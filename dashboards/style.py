"""One look for every chart: readable on a 1366x768 desk PC, no web fonts, no MathJax."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# The desks have no internet: no MathJax from a CDN.
pio.defaults.mathjax = False

FONT = "Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"
COLOURS = ("#c0392b", "#2471a3", "#229954", "#d68910", "#7d3c98", "#17a589", "#839192")
TARGET_COLOUR = "#7f8c8d"


def base_layout(fig: go.Figure, title: str, *, height: int = 340) -> go.Figure:
    fig.update_layout(
        # Title on top, the legend on a line of its own under it, both on the left: they never overlap,
        # not even on a phone, where a title on the left and a legend on the right ran into each other.
        title={
            "text": title,
            "x": 0,
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 10},
            "font": {"size": 15},
        },
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 10, "r": 10, "t": 72, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        colorway=list(COLOURS),
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#eeeeee")
    return fig


def figure_title(fig: go.Figure) -> str:
    """The title a figure shows, in the reader's language: it also names the figure's Excel sheet."""
    title = fig.layout.title.text
    return str(title) if title else ""
