"""Inline SVG charts (matplotlib): no JavaScript, no network, crisp when printed.

Charts are deterministic (fixed hash salt, no date in the metadata) so that the
same inputs give the same report bytes, and keep text as text (``svg.fonttype``
``none``) so the labels are searchable and screen-readable.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # never open a window; the reports run headless

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

GAIN = "#2E7D32"
LOSS = "#C62828"
NEUTRAL = "#1F4E79"

_STYLE: Any = {
    "svg.hashsalt": "pbrkit",
    "svg.fonttype": "none",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def pounds(value: float, _pos: object = None) -> str:
    """£ axis labels: £1.2m, £350k, £900."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1e6:
        return f"{sign}£{v / 1e6:,.1f}m"
    if v >= 1e3:
        return f"{sign}£{v / 1e3:,.0f}k"
    return f"{sign}£{v:,.0f}"


def to_svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element (XML prolog and DOCTYPE removed)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def signed_bars(labels: Sequence[str], values: Sequence[float], *, title: str, xlabel: str) -> str:
    """Vertical bars, green above zero and red below (surplus by cluster)."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 3.6))
        colours = [GAIN if v >= 0 else LOSS for v in values]
        axes.bar(labels, values, color=colours)
        axes.axhline(0, color="#333333", linewidth=0.8)
        axes.yaxis.set_major_formatter(FuncFormatter(pounds))
        axes.set_title(title, loc="left", fontweight="bold")
        axes.set_xlabel(xlabel)
        return to_svg(figure)


def lines(x: Sequence[str], series: dict[str, Sequence[float]], *, title: str) -> str:
    """A few lines over years (the deflator projection)."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 3.2))
        for (name, values), colour in zip(series.items(), (NEUTRAL, LOSS, GAIN), strict=False):
            axes.plot(list(x), list(values), marker="o", label=name, color=colour)
        axes.yaxis.set_major_formatter(FuncFormatter(pounds))
        axes.set_title(title, loc="left", fontweight="bold")
        axes.legend(frameon=False)
        return to_svg(figure)
