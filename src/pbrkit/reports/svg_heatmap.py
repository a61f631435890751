"""The confusion heat-map as hand-written SVG: one ``<rect>`` and one ``<text>`` per cell.

Drawing the 21 × 21 matrix of ``pbrkit cluster`` with matplotlib took about 1 s of CPU
(laying out 441 text cells twice for a tight bounding box) plus the cost of importing
it; the picture is a grid of coloured squares with numbers in them, which a few string
joins draw exactly. Every cell carries its row, column and count as ``data-`` attributes
and a ``<title>``, so the figure can be checked (and read by a screen reader) cell by cell.

The colours are matplotlib's ``Blues`` colour map (ColorBrewer's 9-class sequential
blues, https://colorbrewer2.org), sampled as matplotlib samples it: 256 levels, each
interpolated linearly between the nine anchors, so the picture matches the earlier one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

#: ColorBrewer "Blues", 9 classes, as 0-255 RGB (matplotlib's ``_Blues_data``).
BLUES: tuple[tuple[int, int, int], ...] = (
    (247, 251, 255),
    (222, 235, 247),
    (198, 219, 239),
    (158, 202, 225),
    (107, 174, 214),
    (66, 146, 198),
    (33, 113, 181),
    (8, 81, 156),
    (8, 48, 107),
)
#: Levels in the colour map's lookup table (matplotlib's default ``N``).
LEVELS = 256
DARK_TEXT = "#1d2733"
OUTLINE = "#C62828"  # the diagonal (agreement), as in the other charts' LOSS red


def blues(fraction: float) -> str:
    """The ``Blues`` colour at ``fraction`` (0 = palest, 1 = darkest) as ``#rrggbb``.

    As matplotlib: the fraction picks one of 256 levels (``int(f * 256)``, clipped), and
    level ``i`` sits at ``i / 255`` along the nine evenly spaced anchors.
    """
    level = min(max(int(fraction * LEVELS), 0), LEVELS - 1)
    x = level / (LEVELS - 1) * (len(BLUES) - 1)
    low = min(int(x), len(BLUES) - 2)
    t = x - low
    rgb = (a + (b - a) * t for a, b in zip(BLUES[low], BLUES[low + 1], strict=True))
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _ticks(top: float) -> list[int]:
    """Whole-patient ticks for the colour bar, 0 to ``top``, at most six."""
    step = 1
    while top / step > 5:
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50, …
            step = int(step * factor)
            if top / step <= 5:
                break
    return list(range(0, int(top) + 1, step))


def heatmap_svg(
    matrix: Sequence[Sequence[float]],
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
) -> str:
    """The count matrix as an inline ``<svg>``: counts written in, zero cells blank,
    hidden counts (NaN, ``--publish``) transparent and marked ``*``, the diagonal
    outlined where the row and column are the same cluster."""
    n_rows, n_cols = len(row_labels), len(col_labels)
    values = [float(v) for row in matrix for v in row]
    shown = [v for v in values if not math.isnan(v)]
    top = max(shown, default=0.0)
    vmax = max(top, 1.0)  # 0..0 would make every zero cell mid-blue
    cell = 24 if max(n_rows, n_cols) > 12 else 32
    font = 9 if max(n_rows, n_cols) > 12 else 11
    # Wide enough for the longest count (a digit is about 0.6 em), so "12,274" stays inside.
    longest = max((len(f"{v:,.0f}") for v in shown), default=1)
    # ... and for the longest column label (font-size 10, as _axes writes it), so
    # "non-psychotic" never runs into "variance" (rev11 found the superclass labels
    # drawn across each other).
    label_w = max((_text_width(label, 10) + 4 for label in col_labels), default=0)
    cell_w = max(cell, math.ceil(0.6 * font * longest) + 6, label_w)
    label_width = 7 * max((len(s) for s in row_labels), default=1)
    grid_w, grid_h = n_cols * cell_w, n_rows * cell
    # The axis title is centred under the grid: a narrow grid needs room left of it.
    half_xlabel = _text_width(xlabel, 11) / 2
    left, top_margin = max(30 + label_width, math.ceil(half_xlabel - grid_w / 2) + 4), 34
    bar_x = left + grid_w + 16
    width = max(bar_x + 12 + 70, 4 + _text_width(title, 13) + 4,
                math.ceil(left + grid_w / 2 + half_xlabel) + 4)  # fmt: skip
    height = top_margin + grid_h + 48
    parts = [
        # Never drawn wider than laid out: the page's width: 100% would enlarge a
        # small audit's few cells and their text several times over.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'style="max-width: {width}px" '
        f'font-family="sans-serif" aria-label="{escape(title)}">',
        f'<text x="4" y="18" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for i in range(n_rows):
        for j in range(n_cols):
            at = (left + j * cell_w, top_margin + i * cell)
            value = values[i * n_cols + j]
            parts.append(_cell(value, (i, j), row_labels, col_labels, at, (cell_w, cell),
                               font=font, vmax=vmax, top=top))  # fmt: skip
    parts.extend(_axes(row_labels, col_labels, left, top_margin, (cell_w, cell), xlabel, ylabel))
    parts.extend(_colour_bar(bar_x, top_margin, grid_h, vmax))
    parts.append("</svg>")
    return "\n".join(parts)


def _text_width(text: str, font: int) -> int:
    """A generous width for ``text`` at ``font`` px: 0.6 em a character, the average
    advance of a sans-serif face or more, so a title is never cut at the edge."""
    return math.ceil(0.6 * font * len(text))


def _cell(
    value: float,
    where: tuple[int, int],
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    at: tuple[int, int],
    size: tuple[int, int],
    *,
    font: int,
    vmax: float,
    top: float,
) -> str:
    """One cell: its square, its count (or ``*``), its outline on the diagonal."""
    (i, j), (x, y), (w, h) = where, at, size
    hidden = math.isnan(value)
    fill = "none" if hidden else blues(value / vmax)
    count = "hidden" if hidden else f"{value:.0f}"
    name = f"{escape(row_labels[i])} against {escape(col_labels[j])}: {count}"
    out = [
        f'<g class="cell" data-row="{i}" data-col="{j}" data-count="{count}">'
        f"<title>{name}</title>"
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"/>'
    ]
    text = "*" if hidden else (f"{value:,.0f}" if value else "")
    if text:
        colour = "white" if not hidden and value > 0.55 * top else DARK_TEXT
        out.append(
            f'<text x="{x + w / 2:g}" y="{y + h / 2:g}" font-size="{font}" '
            f'fill="{colour}" text-anchor="middle" dominant-baseline="central">{text}</text>'
        )
    if i == j and row_labels[i] == col_labels[j]:
        out.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" '
            f'stroke="{OUTLINE}" stroke-width="1.5"/>'
        )
    out.append("</g>")
    return "".join(out)


def _axes(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    left: int,
    top: int,
    size: tuple[int, int],
    xlabel: str,
    ylabel: str,
) -> list[str]:
    """Tick labels beside each row and under each column, and the two axis titles."""
    cell_w, cell = size
    out = [
        f'<text x="{left - 6}" y="{top + i * cell + cell / 2:g}" font-size="10" '
        f'text-anchor="end" dominant-baseline="central">{escape(label)}</text>'
        for i, label in enumerate(row_labels)
    ]
    bottom = top + len(row_labels) * cell
    out += [
        f'<text x="{left + j * cell_w + cell_w / 2:g}" y="{bottom + 14}" font-size="10" '
        f'text-anchor="middle">{escape(label)}</text>'
        for j, label in enumerate(col_labels)
    ]
    middle_x = left + len(col_labels) * cell_w / 2
    middle_y = top + len(row_labels) * cell / 2
    out.append(
        f'<text x="{middle_x:g}" y="{bottom + 36}" font-size="11" '
        f'text-anchor="middle">{escape(xlabel)}</text>'
    )
    out.append(
        f'<text transform="translate(14 {middle_y:g}) rotate(-90)" font-size="11" '
        f'text-anchor="middle">{escape(ylabel)}</text>'
    )
    return out


def _colour_bar(x: int, top: int, height: int, vmax: float) -> list[str]:
    """The scale: a vertical gradient from 0 (bottom) to ``vmax`` patients (top)."""
    last = len(BLUES) - 1
    stops = "".join(
        f'<stop offset="{k / last:.4f}" stop-color="{blues(1 - k / last)}"/>'
        for k in range(len(BLUES))
    )
    out = [
        f'<defs><linearGradient id="heatmap-scale" x1="0" y1="0" x2="0" y2="1">{stops}'
        "</linearGradient></defs>",
        f'<rect x="{x}" y="{top}" width="12" height="{height}" fill="url(#heatmap-scale)"/>',
    ]
    for tick in _ticks(vmax):
        y = top + height - height * tick / vmax
        out.append(
            f'<text x="{x + 16}" y="{y:.1f}" font-size="9" '
            f'dominant-baseline="central">{tick:,}</text>'
        )
    out.append(
        f'<text transform="translate({x + 62} {top + height / 2:g}) rotate(-90)" '
        f'font-size="10" text-anchor="middle">patients</text>'
    )
    return out
