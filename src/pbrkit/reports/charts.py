"""Inline SVG charts (matplotlib): no JavaScript, no network, crisp when printed.

Charts are deterministic (fixed hash salt, no date in the metadata) so that the
same inputs give the same report bytes, and keep text as text (``svg.fonttype``
``none``) so the labels are searchable and screen-readable.
"""

from __future__ import annotations

import io
import itertools
import math
import textwrap
import warnings
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import matplotlib
import numpy as np

matplotlib.use("Agg")  # never open a window; the reports run headless

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from pbrkit.reports.figures import Tone, sign_tone
from pbrkit.reports.format import SHORT_UNITS, ZERO_POUNDS, half_away, money_short

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

GAIN = "#2E7D32"
LOSS = "#C62828"
NEUTRAL = "#1F4E79"

_STYLE: dict[RcKeyType, object] = {
    "svg.hashsalt": "pbrkit",
    "svg.fonttype": "none",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def pounds(value: float, _pos: object = None) -> str:
    """One £ figure as a chart label, written as the findings write it
    (:func:`~pbrkit.reports.format.money_short`): to the pound below £10,000, then
    £350k, £1.2m. Whole thousands below £10,000 made a bar of -£1,700 read "-£2k"
    beside a table's -£1,700 (review 10)."""
    return money_short(float(value))


class PoundTicks(Formatter):
    """£ axis labels, each one its tick's exact value: one unit for the whole axis (£, k
    or m, by the largest tick, as :func:`pounds`) and as few decimals as make every
    tick exact, so ticks £500 apart read £3,500 and £4,000 (or £1.25m and £1.5m; bn
    from £1bn), never "£4k" twice as one label a tick at a time did (review 10)."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return pounds(x)

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        return _exact_labels(values, money=True)


class CountTicks(Formatter):
    """Count axis labels (people): whole numbers with thousands commas; a tick between
    two whole numbers is written with its decimals, never rounded onto its neighbour."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return f"{x:,.0f}"

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        return _exact_labels(values, money=False)


def _exact_labels(values: Sequence[float], *, money: bool) -> list[str]:
    """Labels for ``values`` in one unit with the fewest decimals (up to 3) that show
    every value exactly; with more than that, 3."""
    largest = max((abs(float(v)) for v in values), default=0.0)
    scale, suffix = next(((scale, suffix) for start, scale, suffix, _ in SHORT_UNITS
                          if money and largest >= start), (1.0, ""))  # fmt: skip
    scaled = [float(v) / scale for v in values]
    digits = next((d for d in range(4) if all(abs(v - round(v, d)) < 1e-9 * max(1.0, abs(v))
                                              for v in scaled)), 3)  # fmt: skip
    labels = []
    for v in scaled:
        text = f"{half_away(abs(v), digits):,.{digits}f}"
        if not text.strip("0.,"):  # the zero line: £0, not "£0.0m" or "-£0"
            labels.append("£0" if money else "0")
            continue
        sign = "-" if v < 0 else ""
        labels.append(f"{sign}£{text}{suffix}" if money else f"{sign}{text}")
    return labels


class ShareTicks(Formatter):
    """Share axis labels (a fraction shown as a percentage) with the decimals the tick
    step needs: ticks 0.5 points apart read 10.0% and 10.5%, never "10%" twice, and a
    tick of 0.2% is not "0%" (whole percents did both, review 11)."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        return share_labels(values)


def share_labels(values: Sequence[float]) -> list[str]:
    """``values`` (fractions) as percentages with the fewest decimals that show every
    one exactly, and at least as many as the smallest step between two of them needs
    (a tick step of 0.25 points gives two decimals)."""
    points = [float(v) * 100 for v in values]
    steps = [abs(b - a) for a, b in itertools.pairwise(points) if b != a]
    needed = max(0, math.ceil(-math.log10(min(steps)) - 1e-9)) if steps else 0
    exact = (d for d in range(needed, 7)
             if all(abs(v - round(v, d)) < 1e-9 * max(1.0, abs(v)) for v in points))  # fmt: skip
    digits = next(exact, max(needed, 6))
    labels = []
    for v in points:
        text = f"{half_away(abs(v), digits):.{digits}f}"
        labels.append(f"{'-' if v < 0 and text.strip('0.') else ''}{text}%")
    return labels


#: How a chart marks a figure ``--publish`` hides (NaN), as the tables do.
HIDDEN_MARK = "*"
#: How it marks a figure with nothing to measure (NaN, not hidden), as the tables do.
NOTHING_MARK = "–"


#: Characters of tick labels that fit across a bar chart's axis (8.5 in at 8 to 10 pt,
#: the charts' widths): a category gets its share (rev12: run names ran together).
AXIS_CHARACTERS = 90
#: Lines a category's tick label may take before it is cut with "…".
LABEL_LINES = 3


def category_labels(axes: Axes, labels: Sequence[str]) -> None:
    """Label a bar chart's categories so that each fits under its bar: wrapped to its
    share of :data:`AXIS_CHARACTERS`, :data:`LABEL_LINES` lines at most, the last cut
    with "…"; labels that fit stay as given (cluster codes). The bars stay placed by
    the whole labels, so two names alike when cut are still two bars."""
    width = max(6, AXIS_CHARACTERS // max(len(labels), 1))
    if all(len(label) <= width for label in labels):
        return
    shown = []
    for label in labels:
        lines = textwrap.wrap(label, width) or [label]
        if len(lines) > LABEL_LINES:
            lines = [*lines[: LABEL_LINES - 1], lines[LABEL_LINES - 1][: width - 1] + "…"]
        shown.append("\n".join(lines))
    axes.set_xticks(range(len(labels)), labels=shown)


def mark_hidden(
    axes: Axes,
    values: Sequence[float],
    *,
    horizontal: bool = False,
    at: float = 0.0,
    nothing: Collection[int] = (),
) -> None:
    """Write ``*`` where each hidden value's bar would start (``at``), ``–`` for the
    values with nothing to measure (``nothing``: positions of NaN values ``--publish``
    did not hide), and keep every category on the axis.

    A hidden value draws no bar, which a reader takes for zero, and matplotlib fits the
    axis to the bars it draws, so hidden categories at either end left the chart (found
    in review 9b: clusters 0, 21 and 99 gone, the hidden ones between them looking like
    £0). Call before inverting an axis.
    """
    hidden = [i for i, v in enumerate(values) if math.isnan(v)]
    if not hidden:
        return
    # On the side of the line with room: below it when every bar is a loss.
    low, high = axes.get_xlim() if horizontal else axes.get_ylim()
    step = 3.0 if high - at >= at - low else -3.0
    if horizontal:
        offset, ha, va = (step, 0.0), "left" if step > 0 else "right", "center"
    else:
        offset, ha, va = (0.0, step), "center", "bottom" if step > 0 else "top"
    for i in hidden:
        mark = NOTHING_MARK if i in nothing else HIDDEN_MARK
        axes.annotate(mark, (at, i) if horizontal else (i, at), xytext=offset,
                      textcoords="offset points", ha=ha, va=va, color="#1d2733")  # fmt: skip
    ends = (-0.6, len(values) - 0.4)
    if horizontal:
        axes.set_ylim(*ends)
    else:
        axes.set_xlim(*ends)


def to_svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element (XML prolog and DOCTYPE removed)."""
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Text stays text (svg.fonttype none), so the browser draws a team name in CJK
        # or an emoji with its own fonts; matplotlib's "Glyph … missing from font(s)
        # DejaVu Sans" only concerns its measuring, and printed a Python warning with a
        # source path on the terminal of every run with such a name (qa22).
        warnings.filterwarnings(
            "ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning
        )
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def whole_pounds() -> MaxNLocator:
    """Ticks in whole pounds: matplotlib's own (its AutoLocator's steps), except that a
    step between two whole pounds is never taken. Bars that are all £0 (a small trust
    under --publish) had an axis of -£0.04 to £0.04 (review3); now one tick, £0. Where
    matplotlib's ticks were whole pounds they are the same ticks (min_n_ticks=1 lets a
    span under £2 keep the one whole pound it holds)."""
    return MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True, min_n_ticks=1)


def zero_in_view(axes: Axes) -> None:
    """Stretch a line chart's value axis to £0 (to 0 from below when every value is
    negative), as bars always are: an axis from £700k drew a £50k rounding step of a
    published run as a crash (fix9). Call after plotting, when the limits are known."""
    low, high = axes.get_ylim()
    if low > 0:
        axes.set_ylim(bottom=0)
    elif high < 0:
        axes.set_ylim(top=0)


def format_axis(axis: Axis, money: bool = True) -> None:
    """A £ axis: whole-pound ticks (:func:`whole_pounds`) labelled by :class:`PoundTicks`;
    a count axis (patients by cluster): whole-number ticks (no "0.5 people") in plain
    thousands."""
    axis.set_major_formatter(PoundTicks() if money else CountTicks())
    axis.set_major_locator(whole_pounds() if money else MaxNLocator(integer=True))


def sign_colours(values: Sequence[float], fall_is_good: bool = False) -> list[str]:
    """Green for good news and red for bad: red below zero, or above it for a figure
    whose fall is good news (a change in what the public pays); £0 neutral."""
    colour = {Tone.GAIN: GAIN, Tone.LOSS: LOSS, Tone.NEUTRAL: NEUTRAL}
    return [colour[sign_tone(v, fall_is_good)] for v in values]


def signed_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    money: bool = True,
    fall_is_good: bool = False,
    nothing: Collection[int] = (),
    signed: bool = True,
) -> str:
    """Vertical bars, green for good news and red for bad (surplus by cluster), all
    neutral for a figure that is no news either way (not ``signed``: a count of
    patients); a NaN value marked as :func:`mark_hidden` marks it."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 3.6))
        colours = sign_colours(values, fall_is_good) if signed else [NEUTRAL] * len(values)
        axes.bar(labels, values, color=colours)
        category_labels(axes, labels)
        axes.axhline(0, color="#333333", linewidth=0.8)
        mark_hidden(axes, values, nothing=nothing)
        format_axis(axes.yaxis, money)
        axes.set_title(title, loc="left", fontweight="bold")
        axes.set_xlabel(xlabel)
        return to_svg(figure)


def signed_hbars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    money: bool = True,
    fall_is_good: bool = False,
    nothing: Collection[int] = (),
    signed: bool = True,
) -> str:
    """Horizontal bars for long labels (surplus by team), green for good news and red
    for bad (neutral when not ``signed``); the first label at the top, as in the table
    beside it."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 0.9 + 0.32 * max(len(values), 1)))
        colours = sign_colours(values, fall_is_good) if signed else [NEUTRAL] * len(values)
        axes.barh(list(labels), values, color=colours)
        axes.axvline(0, color="#333333", linewidth=0.8)
        mark_hidden(axes, values, horizontal=True, nothing=nothing)
        axes.invert_yaxis()
        format_axis(axes.xaxis, money)
        axes.set_title(title, loc="left", fontweight="bold")
        return to_svg(figure)


def lines(x: Sequence[str], series: dict[str, Sequence[float]], *, title: str) -> str:
    """A few lines over years (the deflator projection)."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 3.2))
        for (name, values), colour in zip(series.items(), (NEUTRAL, LOSS, GAIN), strict=False):
            axes.plot(list(x), list(values), marker="o", label=name, color=colour)
        format_axis(axes.yaxis)
        zero_in_view(axes)
        axes.set_title(title, loc="left", fontweight="bold")
        axes.legend(frameon=False)
        return to_svg(figure)


# Tender charts (pbrkit tender, pbrkit sweep). Labels may carry input names (bidders,
# lots): mathtext is off so a "$" in a name is shown, never parsed.
_TEXT_STYLE: dict[RcKeyType, object] = {**_STYLE, "text.parse_math": False}


def waterfall(
    labels: Sequence[str], values: Sequence[float], *, title: str, ylabel: str = "£"
) -> str:
    """A waterfall: the first and last bars are totals, those between are steps.

    Each step floats from the running total, so the bars add up exactly when
    ``values[0] + sum(steps) == values[-1]`` (the caller's contract). Totals are drawn
    from zero in blue; steps are green when they add and red when they take away.
    """
    with plt.rc_context(_TEXT_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 3.8))
        draw_waterfall(axes, labels, values, title=title, ylabel=ylabel)
        return to_svg(figure)


def draw_waterfall(
    axes: Axes, labels: Sequence[str], values: Sequence[float], *, title: str, ylabel: str = "£"
) -> None:
    """Draw :func:`waterfall`'s chart on ``axes`` (summary.pdf draws it on its page)."""
    first, *steps, last = (float(v) for v in values)
    bottoms, heights, colours = [0.0], [first], [NEUTRAL]
    running = first
    for step in steps:
        bottoms.append(running if step >= 0 else running + step)
        heights.append(abs(step))
        colours.append(GAIN if step >= 0 else LOSS)
        running += step
    bottoms.append(0.0)
    heights.append(last)
    colours.append(NEUTRAL)
    x = np.arange(len(heights))
    axes.bar(x, heights, bottom=bottoms, color=colours, width=0.6)
    level = first
    for i, step in enumerate(steps, start=1):
        axes.plot([i - 1.3, i + 0.3], [level, level], color="#888888", lw=0.8, ls=":")
        level += step
    axes.plot([len(steps) + 0.7, len(steps) + 1.3], [level, level], color="#888888", lw=0.8)
    for i, value in enumerate([first, *steps, last]):
        top = bottoms[i] + heights[i]
        y, va = (max(bottoms[i], top), "bottom") if value >= 0 else (min(bottoms[i], top), "top")
        shown = pounds(value)
        # A step shown as £0 has no known sign (published, anything within half the
        # rounding base either way): no "+£0".
        if 0 < i < len(x) - 1 and value >= 0 and shown != ZERO_POUNDS:
            shown = "+" + shown
        axes.annotate(shown, (i, y), xytext=(0, 3 if va == "bottom" else -3),
                      textcoords="offset points", ha="center", va=va, fontsize=9)  # fmt: skip
    axes.axhline(0, color="#333333", linewidth=0.8)
    axes.set_xticks(x, labels=list(labels))
    format_axis(axes.yaxis)
    edges = [0.0, *bottoms, *(b + h for b, h in zip(bottoms, heights, strict=True))]
    pad = 0.14 * ((max(edges) - min(edges)) or 1.0)
    axes.set_ylim(min(edges) - (pad if min(edges) < 0 else 0), max(edges) + pad)
    axes.set_ylabel(ylabel)
    axes.set_title(title, loc="left", fontweight="bold")


def index_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    reference: float = 1.0,
    nothing: Collection[int] = (),
) -> str:
    """Bars of an index against a reference line: red above it, green below, grey on it.

    For the casemix index (residue mean cost ÷ mean cost before): above 1 the NHS
    keeps the costlier people. A hidden value (NaN) is marked ``*``, one with nothing to
    measure (``nothing``: nobody left in the cluster) ``–``.
    """
    heights = [float(v) for v in values]
    with plt.rc_context(_TEXT_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 3.4))
        colours = [
            LOSS if v > reference + 1e-9 else GAIN if v < reference - 1e-9 else "#9AA5B1"
            for v in heights
        ]
        axes.bar(list(labels), [0.0 if np.isnan(v) else v for v in heights], color=colours)
        mark_hidden(axes, heights, nothing=nothing)
        axes.axhline(reference, color="#333333", linewidth=0.8, linestyle="--")
        axes.annotate(f"{reference:g} = no change", (1.0, reference),
                      xycoords=("axes fraction", "data"), xytext=(0, 3),
                      textcoords="offset points", ha="right", fontsize=8)  # fmt: skip
        axes.set_title(title, loc="left", fontweight="bold")
        axes.set_xlabel(xlabel)
        axes.set_ylabel(ylabel)
        return to_svg(figure)


def value_heatmap(
    values: Sequence[Sequence[float]],
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    centre: float,
    money_values: bool = False,
    higher_is_worse: bool = False,
) -> str:
    """A grid of values (a two-parameter sweep) coloured around ``centre``, values written in.

    Red marks the bad side of ``centre`` (below it, or above it when
    ``higher_is_worse``), blue the good side.
    """
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    matrix = np.asarray(values, dtype=np.float64)
    finite = matrix[np.isfinite(matrix)]
    # Symmetric about the centre, so white always means "no change" and a grid that is
    # all on one side of it is all one colour family.
    half = float(np.abs(finite - centre).max()) if finite.size else 1.0
    norm = Normalize(centre - (half or 1.0), centre + (half or 1.0))
    cmap = colormaps["RdBu_r" if higher_is_worse else "RdBu"]
    with plt.rc_context(_TEXT_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, max(3.0, 0.45 * len(row_labels) + 1.6)))
        image = axes.imshow(matrix, cmap=cmap, norm=norm, aspect="auto", origin="lower")
        axes.set_xticks(range(len(col_labels)), labels=list(col_labels))
        axes.set_yticks(range(len(row_labels)), labels=list(row_labels))
        axes.tick_params(length=0, labelsize=8)
        axes.spines[:].set_visible(False)
        small = 7 if matrix.shape[1] > 8 else 8
        for (i, j), value in np.ndenumerate(matrix):
            if np.isnan(value):  # hidden by --publish
                axes.text(j, i, "*", ha="center", va="center", fontsize=small, color="#1d2733")
            elif np.isfinite(value):
                text = pounds(value) if money_values else f"{value:.2f}"
                red, green, blue, _ = cmap(norm(value))
                dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
                axes.text(j, i, text, ha="center", va="center", fontsize=small,
                          color="white" if dark else "#1d2733")  # fmt: skip
        axes.set_xlabel(xlabel)
        axes.set_ylabel(ylabel)
        axes.set_title(title, loc="left", fontweight="bold")
        colorbar = figure.colorbar(image, ax=axes, shrink=0.8)
        if money_values:
            colorbar.ax.yaxis.set_major_formatter(PoundTicks())
        return to_svg(figure)


def tornado(
    labels: Sequence[str],
    at_low: Sequence[float],
    at_high: Sequence[float],
    *,
    base: float,
    title: str,
    xlabel: str,
) -> str:
    """A tornado: one horizontal bar a parameter, from the figure with that parameter
    at its low end to the figure at its high end, the others at their medians; the
    dashed line is the figure with every parameter at its median.

    Each half is coloured by the end it shows (low: blue, high: amber), so a reader
    sees which way a parameter moves the figure; the first label is at the top (the
    widest swing, as ranked).
    """
    low_colour, high_colour = "#4A78A8", "#D08C2F"
    with plt.rc_context(_TEXT_STYLE):
        figure, axes = plt.subplots(figsize=(8.5, 1.3 + 0.42 * max(len(labels), 1)))
        y = np.arange(len(labels))
        lows = [float(v) - base for v in at_low]
        highs = [float(v) - base for v in at_high]
        axes.barh(
            y, lows, left=base, color=low_colour, height=0.6, label="Parameter at its low end"
        )
        axes.barh(y, highs, left=base, color=high_colour, height=0.6,
                  label="Parameter at its high end")  # fmt: skip
        axes.axvline(base, color="#333333", linewidth=0.9, linestyle="--",
                     label=f"Every parameter at its median: {pounds(base)}")  # fmt: skip
        axes.set_yticks(y, labels=list(labels))
        axes.invert_yaxis()
        format_axis(axes.xaxis)
        axes.set_xlabel(xlabel)
        axes.set_title(title, loc="left", fontweight="bold")
        # Lower right: the bars are ranked, so the shortest (and the room) are at the foot.
        axes.legend(loc="lower right", fontsize=8)
        return to_svg(figure)
