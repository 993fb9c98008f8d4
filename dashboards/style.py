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
        title={"text": title, "x": 0, "font": {"size": 15}},
        font={"family": FONT, "size": 12},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        # Title on the left, legend on the right: long Chinese titles and the legend never overlap.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
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
