"""``pbrkit sweep``: which sections, tables, grids and findings its reports show.

Layout only: the figures are the registry's (the tender figures of docs/methodology.md
§6 and their ``_p5``/``_p95`` over draws), the values the sweep's grid (one row per
grid point, ``tender/sweep.py``), and the renderers write them as JSON, Excel and HTML.

:func:`sweep_document` gives the summary and the grid table; :func:`with_grid_sheets`
adds a sheet per headline figure (a parameter × parameter :class:`Grid`) from the
finished — published, under ``--publish`` — grid table, so a grid sheet always shows
the table's own values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Final

import pandas as pd

from pbrkit.model import RunMetadata
from pbrkit.reports.document import (
    Chart,
    Document,
    Findings,
    Grid,
    Headline,
    Pairs,
    Section,
    Table,
    Text,
    Value,
)
from pbrkit.reports.figures import Figure, Unit, figure, register
from pbrkit.reports.format import fixed, money_short, plural
from pbrkit.reports.layouts.break_even import counts_people
from pbrkit.reports.registry import EVERYONE_LINE
from pbrkit.reports.suppression import is_suppressed
from pbrkit.reports.values import JsonObject, is_finite

TABLE: Final = "sweep"  # the grid table's key: summary.json's ``sweep`` list
VARIED: Final = "What varied"

#: The figures given a parameter × parameter sheet (coloured by whether a rise is bad
#: news, as the registry says: Figure.rise_is_bad).
GRID_FIGURES: Final = (
    "nhs_surplus_change",
    "public_spending_change",
    "residue_cost_gap",
    "casemix_index",
    "taken_patients",
)

#: The grid table in report.html: the figures the old sweep page showed, not all 60.
HTML_COLUMNS: Final = (
    "taken_patients",
    "residue_patients",
    "casemix_index",
    "nhs_surplus_before",
    "nhs_surplus_after",
    "nhs_surplus_change",
    "commissioner_saving",
    "public_cost_change",
)

_BASE_LABELS: Final = (
    ("scenario", "Scenario"),
    ("patients", "People in the population"),
    ("fixed_cost_share", "NHS fixed cost share (f)"),
    ("shed_rate", "Fixed cost shed in the year (s)"),
    ("retained_share", "Share of a taken person's cost kept by the NHS (r; kept as f, s vary)"),
    ("deflator", "Tariff deflator"),
)
#: The figure whose format each base value takes: f and s as the tender report shows
#: them (30.4%), the deflator as pbrkit cost does (a share a year), people as a count.
_BASE_UNITS: Final = {
    "patients": "service_users",
    "fixed_cost_share": "fixed_cost_share",
    "shed_rate": "shed_rate",
    "retained_share": "retained_share",
    "deflator": "margin",
}


def parameter_figure(path: str) -> Figure:
    """A swept parameter as a figure (its path is its name): registered on first use.

    Its values are numbers or words (``lots.L.accept_all=no,yes``), shown as given.
    """
    meaning = "a parameter the sweep varies: its path in the scenario (README, pbrkit sweep)"
    if counts_people([path]):
        # A capacity: a full bidder took exactly that many, so published, each setting
        # is a count like the tender's own capacity (uncertainty.params.WHOLE).
        fig = Figure(path, path, Unit.COUNT, f"{meaning}; a count of people", rounded=True)
    else:
        fig = Figure(path, path, Unit.TEXT, meaning)
    register(fig)
    return fig


def _label(path: str, value: Value) -> Value:
    """A setting as report.html labels it: a count stays a number (published as one)."""
    return value if figure(path).rounded else shown(value)


def shown(value: Value) -> str:
    """A parameter value as a label: ``0.3``, not ``0.30000000000000004``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def sweep_document(
    grid: pd.DataFrame,
    parameters: Sequence[str],
    *,
    draws: int,
    seed: int,
    base: Mapping[str, Value],
    meta: RunMetadata,
    population: float | None = None,
) -> Document:
    """The document of a sweep: summary and grid table (no grid sheets yet).

    ``population``: the exact number of people, so that --publish publishes each
    point's people taken and left in a line with it (taken + left = everyone).
    """
    for path in parameters:
        parameter_figure(path)
    rows = tuple({str(k): v for k, v in r.items()} for r in grid.to_dict(orient="records"))
    # The explorer's per-cluster columns (cluster.<code>.<figure>) are not the sweep's.
    columns = tuple(str(c) for c in grid.columns if not str(c).startswith("cluster."))
    ids = tuple(parameters)
    whole = (EVERYONE_LINE,) if population else ()
    full = Table(TABLE, None, columns, rows, entity="point", ids=ids, json_key=TABLE,
                 html=False, frozen=True, row_lines=whole)  # fmt: skip
    # report.html's table: fewer figures, and the parameters as labels (0.3, not
    # 0.30000000000000004). Its counts are the same ones, published on their own.
    html_columns = (*ids, *(c for c in HTML_COLUMNS if c in columns))
    labelled = tuple({**{k: r.get(k) for k in html_columns}, **{p: _label(p, r[p]) for p in ids}}
                     for r in rows)  # fmt: skip
    narrow = Table(f"{TABLE}_shown", None, html_columns, labelled, entity="point", ids=ids,
                   excel=False, row_lines=whole)  # fmt: skip
    medians = (
        f"Medians of {draws:,} draws at each setting; sweep.csv and summary.json also hold "
        "the 5th and 95th percentiles."
        if draws > 1
        else "One draw at each setting."
    )
    everyone = Headline({"patients": population}, (), json_key=None) if population else None
    varied = _varied({p: dict.fromkeys(grid[p].tolist()) for p in parameters})
    summary = Section(
        "Summary",
        (*((everyone,) if everyone else ()), Findings(()), varied, _base(base, draws, seed)),
    )
    table_section = Section("Every setting", (Text(medians), full, narrow), sheet="Grid")
    extras = {"draws": draws, "parameters": list(parameters), "base": dict(base),
              # A scenario's what-if levers (docs/scenarios.md), as pbrkit tender lists them.
              "what_if": list(meta.options.get("what_if", []))}  # type: ignore[call-overload]  # fmt: skip
    title = f"Sweep of {base.get('scenario', '')}"
    sections = (summary, table_section)
    document = Document(
        "sweep",
        title,
        meta,
        sections,
        extras,
        findings=_findings(seed, draws),
        derived=lambda shown: {"base": base_shown(shown)},
        json_order=(*extras, TABLE),
    )  # the contract's: the grid last
    return document.with_findings()


def _varied(settings: Mapping[str, Iterable[Value]]) -> Pairs:
    """ "What varied": each parameter's settings in the order swept. Built from the
    finished (published) grid table, they are read by position (two settings of a
    capacity may both be ``*``, and must not read as one): :func:`_settings`."""
    return Pairs(
        VARIED, tuple((p, ", ".join(map(shown, values))) for p, values in settings.items())
    )


def _settings(
    table: Table, parameters: Sequence[str], shape: Sequence[int]
) -> tuple[tuple[Value, ...], ...]:
    """Each parameter's settings, by position in the grid's rows (itertools.product
    order: the first parameter changes slowest)."""
    rows = table.rows
    if len(parameters) == 1:
        return (tuple(row.get(parameters[0]) for row in rows),)
    first, second = parameters
    across = shape[1]
    return (tuple(rows[i * across].get(first) for i in range(shape[0])),
            tuple(rows[j].get(second) for j in range(across)))  # fmt: skip


def _base(base: Mapping[str, Value], draws: int, seed: int) -> Pairs:
    keys = [key for key, _ in _BASE_LABELS if key in base]
    lines = [(label, base[key]) for key, label in _BASE_LABELS if key in base]
    lines += [("Draws at each setting", draws), ("Seed (every setting)", seed)]
    units = {i: _BASE_UNITS[key] for i, key in enumerate(keys) if key in _BASE_UNITS}
    return Pairs("The base scenario", tuple(lines), units=units)


def base_shown(document: Document) -> JsonObject:
    """summary.json's ``base`` (and explore's): the scenario as given, its people as
    the headline shows them (published by the generic publish, in a line with each
    setting's people taken and left: one count, published once)."""
    base = dict(document.extras["base"])
    shown = [b.values for b in document.blocks(Headline) if "patients" in b.values]
    if shown and "patients" in base:
        base["patients"] = shown[0]["patients"]
    return base


def _findings(seed: int, draws: int) -> Callable[[Document], list[str]]:
    def findings(document: Document) -> list[str]:
        table = document.table(TABLE)
        rows = [r for r in table.rows if not any(is_suppressed(r.get(k)) for k in _SPANNED)]
        change, public = (_numbers([r.get(k) for r in rows]) for k in _SPANNED)
        casemix = _numbers([r.get("casemix_index") for r in rows])
        parameters = document.extras["parameters"]
        out = []
        if change and public:
            every, which = _published(len(table.rows), len(rows))
            # Published, the casemix index is hidden at every point (methodology §7):
            # the sentence then leaves it out instead of spanning some settings.
            index = (
                f", and {_span('the casemix index of the people left', casemix, fixed, every)}"
                if casemix and len(casemix) == len(rows)
                else ""
            )
            out.append(
                f"Across {plural(len(table.rows), 'setting')} of {' and '.join(parameters)}"
                f"{which}, "
                f"{_span('the change in the NHS surplus', change, money_short, every)}{index}; "
                f"counting the commissioner and the NHS together, public spending changes "
                f"{_range(public, money_short, 'by {} at ' + every, 'by between {} and {}')}"
                # The sign explained only where one is negative (every rise needs none).
                f"{' (negative: a saving)' if min(public) < 0 else ''}."
            )
        out.append(
            f"Every setting is simulated with the same seed ({seed}) and "
            f"{plural(draws, 'draw')}, so settings differ only by the parameter, not by luck."
        )
        return out

    return findings


#: The figures the findings give the range of over the settings.
#: The casemix index is spanned apart: published, it is hidden at every setting.
_SPANNED: Final = ("nhs_surplus_change", "public_cost_change")


def _published(settings: int, shown: int) -> tuple[str, str]:
    """The settings the ranges are over, in words: every one, or (``--publish``) the
    ``shown`` ones whose figures are all published, with how many are hidden. Review 9b:
    "Across 6 settings, … runs from -£150k to -£100k" spanned the 4 shown alone."""
    if shown == settings:
        return "every setting", ""
    return "every published setting", (
        f" ({settings - shown} hidden by small-number suppression; the ranges are over "
        f"the {shown} published)"
    )


def _span(
    name: str, values: Sequence[float], shown: Callable[[float], str], every: str = "every setting"
) -> str:
    """``name`` runs from its lowest to its highest value, or is one value at every
    setting when both show the same ("from 1.66 to 1.66" read as a range; review 6)."""
    return f"{name} " + _range(values, shown, "is {} at " + every, "runs from {} to {}")


def _range(values: Sequence[float], shown: Callable[[float], str], one: str, two: str) -> str:
    """``one`` filled with the value shown when the lowest and highest show alike, else
    ``two`` filled with both: the rule of :func:`_span` in other words."""
    low, high = shown(min(values)), shown(max(values))
    return one.format(low) if low == high else two.format(low, high)


def _numbers(values: Sequence[Value]) -> list[float]:
    """The values shown as numbers: hidden (``*``) and missing ones left out."""
    return [float(v) for v in values if is_finite(v)]


# ------------------------------------------------------------- grid sheets


def with_grid_sheets(document: Document, shape: Sequence[int]) -> Document:
    """``document`` with a parameter × parameter sheet per headline figure, built from
    its (published) grid table; unchanged over three parameters (``pbrkit explore``,
    which writes no workbook: a grid of three has no such sheet).

    ``shape``: the number of settings of each parameter. The grid sheets and "What
    varied" place the settings by position, not by value (published, settings that
    count people are rounded, and two may show alike)."""
    table = document.table(TABLE)
    parameters: list[str] = document.extras["parameters"]
    if len(parameters) > 2:
        return document
    sections = tuple(
        Section(figure(key).label,
                (grid_of(table, parameters, key, shape, figure(key).rise_is_bad),),
                sheet=sheet_title(figure(key).label))
        for key in GRID_FIGURES
        if key in table.columns
    )  # fmt: skip
    varied = _varied(dict(zip(parameters, _settings(table, parameters, shape), strict=True)))
    document = document.map_blocks(
        lambda b: varied if isinstance(b, Pairs) and b.title == VARIED else b
    )
    return replace(document, sections=(*document.sections, *sections))


def grid_of(
    table: Table, parameters: Sequence[str], key: str, shape: Sequence[int], worse: bool = False
) -> Grid:
    """The figure ``key`` of each grid point, as rows of the first parameter by columns
    of the second (one row when one parameter varies), placed by position: ``shape``
    is the number of settings of each parameter, the rows in itertools.product order."""
    label = figure(key).label
    values = [row.get(key) for row in table.rows]
    settings = _settings(table, parameters, shape)
    if len(parameters) == 1:
        return Grid(key, f"{label} as {parameters[0]} varies", None, (label,), parameters[0],
                    settings[0], (tuple(values),), worse)  # fmt: skip
    across = shape[1]
    cells = tuple(tuple(values[i * across : (i + 1) * across]) for i in range(shape[0]))
    first, second = parameters
    return Grid(key, f"{label} by {first} and {second}", first, settings[0], second,
                settings[1], cells, worse)  # fmt: skip


def sheet_title(label: str) -> str:
    """A valid Excel sheet name: none of ``[]:*?/\\`` and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "", label)[:31]


# ------------------------------------------------------------- the one page


#: The figures summary.pdf leads with: the grid's size and the range of the changes.
PAGE_FIGURES: Final = ("sweep_settings", "nhs_surplus_change_lowest",
                       "nhs_surplus_change_highest", "public_cost_change_lowest",
                       "public_cost_change_highest")  # fmt: skip
_CHANGES: Final = ("nhs_surplus_change", "public_cost_change")


def with_page(document: Document) -> Document:
    """``document`` with summary.pdf's section first (neither a sheet nor a section of
    report.html): the range of the changes over the finished (published) grid table,
    and the change at every setting. A hidden figure is left out of the ranges."""
    table = document.table(TABLE)
    parameters: list[str] = document.extras["parameters"]
    values: dict[str, Value] = {"sweep_settings": len(table.rows)}
    for key in _CHANGES:
        numbers = _numbers(table.column_values(key))
        values[f"{key}_lowest"] = min(numbers) if numbers else None
        values[f"{key}_highest"] = max(numbers) if numbers else None
    rows = tuple(
        {"setting": ", ".join(shown(row.get(p)) for p in parameters),
         **{key: row.get(key) for key in _CHANGES}}
        for row in table.rows
    )  # fmt: skip
    settings = Table("settings", None, ("setting", *_CHANGES), rows, total_is_everyone=False,
                     html=False, excel=False)  # fmt: skip
    if len(parameters) == 1:
        chart = Chart("settings", "setting", _CHANGES, f"As {parameters[0]} varies", "lines",
                      xlabel=parameters[0])  # fmt: skip
    else:
        chart = Chart(
            "settings",
            "setting",
            "nhs_surplus_change",
            "Change in NHS surplus at each setting",
            xlabel=" × ".join(parameters),
        )
    headline = Headline(values, (), json_key=None, key_figures=PAGE_FIGURES)
    page = Section("One page", (headline, chart, settings), html=False, excel=False)
    return replace(document, sections=(page, *document.sections))
