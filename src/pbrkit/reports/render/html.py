"""report.html from a document: one self-contained file a campaigner can email.

Jinja2 with autoescape on (every name from an input is escaped), CSS inline, charts
as inline SVG; no script, no web font, no external request, and a print stylesheet.
One template (``document.html.j2``) renders every command: a block macro per kind of
block. Every figure shown is explained at the end ("What the figures mean"), from
the registry: its meaning and, where it has one, its formula in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pbrkit.reports import charts
from pbrkit.reports.document import Chart, Comparison, Document, Grid, Headline, Pairs, Table
from pbrkit.reports.figures import Figure, Unit, figure, label_of
from pbrkit.reports.format import count, fixed, money, money_short, percent
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.svg_heatmap import heatmap_svg
from pbrkit.reports.values import Value, drawn, nothing_to_draw


@dataclass(frozen=True)
class Explained:
    """One line of "What the figures mean"."""

    label: str
    meaning: str
    formula: str | None


def environment() -> Environment:
    """The template environment (report.html's and explore.html's); autoescape is
    always on (Ruff S701)."""
    env = Environment(
        loader=PackageLoader("pbrkit", "reports/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=money,
        money_pence=lambda v: money(v, pence=True),
        money_short=money_short,
        count=count,
        percent=percent,
        fixed=fixed,
    )
    return env


def render(document: Document) -> str:
    """``document`` as one HTML page."""
    meta = document.meta
    return (
        environment()
        .get_template("document.html.j2")
        .render(
            title=document.title,
            meta=meta,
            input_names=meta.input_names(),
            sections=[s for s in document.sections if s.html],
            chart_svg=lambda chart: _chart_svg(document, chart),
            grid_svg=grid_svg,
            shown=_shown,
            kind_of=lambda block: type(block).__name__,
            slug=slug,
            figure=figure,
            is_number=lambda key: figure(key).unit.is_number,
            cell_class=_cell_class,
            pair_value=pair_value,
            explained=explained(document),
        )
    )


def slug(title: str) -> str:
    """A section's HTML id: its title in lower case, words joined by hyphens."""
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def write(document: Document, path: Path) -> None:
    """Write ``document``'s report.html to ``path`` (UTF-8)."""
    write_html(render(document), path)


def write_html(text: str, path: Path) -> None:
    """Write an HTML page (report.html, explore.html) as UTF-8."""
    path.write_text(text, encoding="utf-8")


def pair_value(pairs: Pairs, line: int, value: Value) -> str:
    """A label/value line's value as report.html shows it: in the format of the figure
    the line takes (as report.xlsx formats it), else as it is; words stay words."""
    unit = pairs.units.get(line)
    if unit is None or value is None or (isinstance(value, str) and not is_suppressed(value)):
        return "" if value is None else str(value)
    return figure(unit).html(value)


def _cell_class(fig: Figure, value: Value) -> str:
    """``num`` for numbers, ``neg`` (red) for bad news (:meth:`Figure.tone`, judged on
    the value as shown)."""
    if not fig.unit.is_number:
        return "name" if fig.key == "name" else ""
    return "num neg" if fig.is_loss(value) else "num"


def _chart_svg(document: Document, chart: Chart) -> str:
    if document.nothing_shown(chart):  # every value hidden: a chart of nothing
        return ""
    table = document.table(chart.table)
    labels = [str(v) for v in table.column_values(chart.category)]
    if chart.kind == "lines":
        keys = (chart.value,) if isinstance(chart.value, str) else chart.value
        series: dict[str, Sequence[float]] = {
            figure(k).label: [drawn(v) for v in table.column_values(k)] for k in keys
        }
        return charts.lines(labels, series, title=chart.title)
    if chart.kind == "tornado":
        return _tornado_svg(table, labels, chart)
    key = chart.value if isinstance(chart.value, str) else chart.value[0]
    column = table.column_values(key)
    values = [drawn(v) for v in column]  # a hidden figure: no bar
    nothing = nothing_to_draw(column)  # marked "–", not a hidden figure's "*"
    if chart.kind == "waterfall":  # a hidden step (NaN): no waterfall to draw
        shown = all(v == v for v in values)
        return charts.waterfall(labels, values, title=chart.title) if shown else ""
    if chart.kind == "index_bars":
        return charts.index_bars(labels, values, title=chart.title, xlabel=chart.xlabel or "",
                                 ylabel=figure(key).label, nothing=nothing)  # fmt: skip
    money = figure(key).unit in (Unit.MONEY, Unit.MONEY_PENCE)  # else a count axis
    # Coloured by sign only where the sign is news (Figure.signed), as summary.pdf's bars.
    colour = {"fall_is_good": figure(key).fall_is_good, "signed": figure(key).signed}
    if chart.kind == "signed_hbars":
        return charts.signed_hbars(labels, values, title=chart.title, money=money,
                                   nothing=nothing, **colour)  # fmt: skip
    return charts.signed_bars(labels, values, title=chart.title, xlabel=chart.xlabel or "",
                              money=money, nothing=nothing, **colour)  # fmt: skip


def _tornado_svg(table: Table, labels: list[str], chart: Chart) -> str:
    """A tornado (``value``: the figure at each parameter's low end and at its high
    end); none when a bar's end or the base is hidden (``--publish``)."""
    if isinstance(chart.value, str):
        raise ValueError(f"a tornado needs two figures, at the low and high end: {chart.value}")
    low, high = chart.value
    lows = [drawn(v) for v in table.column_values(low)]
    highs = [drawn(v) for v in table.column_values(high)]
    base = drawn(chart.base)
    if not labels or any(v != v for v in (*lows, *highs, base)):
        return ""
    return charts.tornado(labels, lows, highs, base=base, title=chart.title,
                          xlabel=chart.xlabel or figure(low).label)  # fmt: skip


def grid_svg(grid: Grid) -> str:
    """A grid as a heat-map with its values written in (a hidden figure: ``*``).

    Centred on 0 for a signed figure, on 1 for an index (1 = average), else on the
    grid's smallest value, so the shading grows with the figure.
    """
    if grid.counts is not None:
        return counts_svg(grid)
    fig = figure(grid.figure)
    matrix = [[drawn(v) for v in row] for row in grid.cells]
    numbers = [v for row in matrix for v in row if v == v]
    if fig.signed:
        centre = 0.0
    elif fig.unit is Unit.INDEX:
        centre = 1.0
    else:
        centre = min(numbers, default=0.0)
    return charts.value_heatmap(
        matrix,
        [_shown(v) for v in grid.row_values],
        [_shown(v) for v in grid.column_values],
        title=grid.title,
        xlabel=grid.column_parameter,
        ylabel=grid.row_parameter or "",
        centre=centre,
        money_values=fig.unit in (Unit.MONEY, Unit.MONEY_PENCE),
        higher_is_worse=grid.higher_is_worse,
    )


def counts_svg(grid: Grid) -> str:
    """A grid of counts (a confusion matrix) as the hand-written SVG heat-map: counts
    written in, hidden ones marked ``*``, the diagonal (agreement) outlined."""
    return heatmap_svg(
        [[drawn(v) for v in row] for row in grid.cells],
        [_shown(v) for v in grid.row_values],
        [_shown(v) for v in grid.column_values],
        title=grid.title,
        xlabel=grid.column_parameter,
        ylabel=grid.row_parameter or "",
    )


def _shown(value: Value) -> str:
    """A grid label: ``0.3``, not ``0.30000000000000004``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def explained(document: Document) -> list[Explained]:
    """Every number figure the page shows, once, with its meaning and formula."""
    keys: dict[str, None] = {}
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Headline):
                keys.update(dict.fromkeys(block.shown))
            elif isinstance(block, Table) and block.html:
                keys.update(dict.fromkeys(block.shown_columns))
            elif isinstance(block, Comparison):
                keys.update(dict.fromkeys(row.figure for row in block.rows))
    out = []
    for key in keys:
        fig = figure(key)
        if fig.unit is Unit.TEXT:
            continue
        words = fig.formula.words(label_of) if fig.formula else None
        out.append(Explained(fig.label, fig.meaning, words))
    return out
