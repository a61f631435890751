"""``explore.html``: one self-contained page to explore a precomputed sweep grid.

The page carries the grid as JSON in a ``<script type="application/json">`` block and
vanilla JavaScript that shows, for the point the sliders choose, the headline figures,
the NHS surplus waterfall, the residue per cluster and the assumptions. Nothing is
computed in the page except formatting (half away from zero, as reports/format.py)
and the waterfall's drawing: every number shown is a number of the grid.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from typing import Final

import pandas as pd

from pbrkit.model import RunMetadata
from pbrkit.reports import format as fmt
from pbrkit.reports.document import Block, Document, Table
from pbrkit.reports.figures import figure
from pbrkit.reports.layouts.sweep import TABLE as SWEEP_TABLE
from pbrkit.reports.registry import WATERFALL
from pbrkit.reports.render.html import environment
from pbrkit.reports.suppression import (
    SUPPRESSED,
    SYMBOL,
    DisclosurePolicy,
    Suppressed,
    hide_where,
    is_suppressed,
    suppress_counts,
)
from pbrkit.reports.uncertainty_narrative import NINE_IN_TEN_RUNS
from pbrkit.reports.values import JsonObject, JsonValue, Value
from pbrkit.tender.accounts import waterfall
from pbrkit.tender.sweep import CLUSTER_COLUMNS

#: The figures the page heads with, in order (docs/methodology.md §6 names).
HEADLINE: Final = (
    "nhs_surplus_change",
    "public_spending_change",
    "commissioner_cost_change",
    "residue_cost_gap",
    "taken_patients",
    "residue_patients",
    "casemix_index",
    "residue_cost_to_payment",
)

#: The grid's per-cluster "patients" are a tender's service users (the people in the
#: cluster before the tender): labelled and explained as every tender report does.
_FIGURE_OF: Final = {"patients": "service_users"}

#: The waterfall's steps, before → after (:func:`pbrkit.tender.accounts.waterfall`).
STEPS: Final = WATERFALL

#: The figures the waterfall is worked out from.
_WATERFALL_INPUTS: Final = (
    "nhs_surplus_before",
    "stranded_fixed_cost",
    "nhs_surplus_after",
    "nhs_income_retained",
    "cost_retained_for_taken",
)


@dataclass(frozen=True)
class Exploration:
    """What the page shows: a sweep grid with per-cluster columns, and its setting."""

    grid: pd.DataFrame
    parameters: list[str]
    draws: int
    seed: int
    scenario: str
    base: Mapping[str, JsonValue]
    meta: RunMetadata
    #: Settings per parameter. The page finds a point by its settings' positions, and
    #: published, a capacity's settings are counts that may show alike (two ``*``):
    #: read by position, not as the distinct values of the column.
    sizes: tuple[int, ...] = ()


def publish_cluster_residue(grid: pd.DataFrame, policy: DisclosurePolicy) -> pd.DataFrame:
    """``grid`` with its per-cluster columns (``cluster.<code>.<figure>``) published.

    In each cluster the people in it, taken and left add up (one line per point; the
    people in the cluster are one count for every point, so they are published the
    same everywhere), and so do the clusters' people, taken and left with the people
    in all, taken and left that the page shows beside them (:func:`_cluster_lines`);
    a headline count the line rule hides there is hidden in the returned grid too.
    A hidden count of people left hides the cluster's residue cost gap at that point,
    which is about them; a shown one is rounded to the money base
    (docs/methodology.md §7, "£ figures"). The grid's own figures are published by
    :func:`pbrkit.reports.publish.publish_sweep`.
    """
    codes = _cluster_codes(grid)
    counts, lines = _cluster_lines(grid, codes)
    published = suppress_counts(counts, lines, policy).values
    out = _hide_hidden_totals(grid.copy(), published, len(grid))
    for code in codes:
        out[f"cluster.{code}.patients"] = pd.Series(
            [published[(code, "patients")]] * len(grid), index=out.index, dtype=object
        )
        for name in ("taken_patients", "residue_patients"):
            values = [published[(code, name, i)] for i in range(len(grid))]
            out[f"cluster.{code}.{name}"] = pd.Series(values, index=out.index, dtype=object)
        hidden = [is_suppressed(published[(code, "residue_patients", i)]) for i in range(len(grid))]
        out = hide_where(out, hidden, [f"cluster.{code}.residue_cost_gap"])
        for name in CLUSTER_COLUMNS:  # £ totals rounded as every published £ total is
            if figure(name).is_money_total:
                column = f"cluster.{code}.{name}"
                out[column] = out[column].map(
                    lambda v: v if is_suppressed(v) else policy.round_money(float(v))
                )
    return out


#: The key of a count of everyone (in all, not one cluster's): the page shows these
#: already, published with the grid (the assumptions' people, the headline's counts).
_ALL: Final = "all"


def _cluster_lines(
    grid: pd.DataFrame, codes: list[int]
) -> tuple[dict[Hashable, float], list[list[Hashable]]]:
    """The counts of the clusters' people and the lines they are in: each cluster's
    people, taken and left at a point; and the clusters' people (taken, left) with the
    people in all (taken, left at the point), as the tender's cluster table and its
    total row are lines (docs/methodology.md §7): beside 45 people in all, 40 and 10
    shown and one cluster hidden, that cluster is at most 47 − 38 − 8 = 1."""
    counts: dict[Hashable, float] = {}
    lines: list[list[Hashable]] = []
    for code in codes:
        counts[(code, "patients")] = float(grid[f"cluster.{code}.patients"].iloc[0])
    counts[(_ALL, "patients")] = sum(counts[(code, "patients")] for code in codes)
    lines.append([(_ALL, "patients"), *((code, "patients") for code in codes)])
    for i in range(len(grid)):
        for code in codes:
            keys: list[Hashable] = [(code, "patients")]
            for name in ("taken_patients", "residue_patients"):
                counts[(code, name, i)] = float(grid[f"cluster.{code}.{name}"].iloc[i])
                keys.append((code, name, i))
            lines.append(keys)
        for name in ("taken_patients", "residue_patients"):
            parts = [(code, name, i) for code in codes]
            total = grid[name].iloc[i] if name in grid.columns else None
            counts[(_ALL, name, i)] = (
                float(total) if total is not None else sum(counts[k] for k in parts)
            )
            lines.append([(_ALL, name, i), *parts])
    return counts, lines


def _hide_hidden_totals(
    out: pd.DataFrame, published: Mapping[Hashable, object], rows: int
) -> pd.DataFrame:
    """``out`` with the headline's people taken (left) at a point hidden, with their
    5th and 95th percentiles, where the line rule hid them beside the clusters' (a sole
    hidden cluster whose others took nobody is the total): the page shows these."""
    for name in ("taken_patients", "residue_patients"):
        hidden = [is_suppressed(published[(_ALL, name, i)]) for i in range(rows)]
        columns = [c for c in (name, f"{name}_p5", f"{name}_p95") if c in out.columns]
        out = hide_where(out, hidden, columns)
    return out


def hidden_beside_clusters(document: Document, clusters: pd.DataFrame) -> Document:
    """The published sweep's grid table, with a headline count hidden at each point
    where publishing the clusters hid it (:func:`publish_cluster_residue`)."""

    def hide(block: Block) -> Block:
        if not isinstance(block, Table) or block.key != SWEEP_TABLE:
            return block
        names = [n for n in clusters.columns if n in block.columns]
        rows = tuple(
            {**row, **{n: SUPPRESSED for n in names if is_suppressed(clusters[n].iloc[i])}}
            for i, row in enumerate(block.rows)
        )
        return replace(block, rows=rows)

    return document.map_blocks(hide)


def page_data(exploration: Exploration) -> JsonObject:
    """The JSON the page carries: columns of the grid, one value per point.

    Points are in the grid's order (the last parameter varies fastest), so point
    ``i`` of every list is the same grid point.
    """
    grid = exploration.grid
    rows = grid.to_dict(orient="records")
    headline = [key for key in HEADLINE if key in grid.columns]
    ranges = {
        f"{key}{suffix}": _column(grid, f"{key}{suffix}")
        for key in headline
        for suffix in ("_p5", "_p95")
        if f"{key}{suffix}" in grid.columns
    }
    steps = [_waterfall_at(row) for row in rows]
    return {
        "parameters": [
            {"name": name, "values": values}
            for name, values in zip(exploration.parameters, _settings(exploration), strict=True)
        ],
        "points": [[_json_number(row[name]) for name in exploration.parameters] for row in rows],
        "headline": headline,
        "figures": {key: _column(grid, key) for key in headline} | ranges,
        # Which points' headline values are bad news, by the reports' one rule
        # (Figure.tone): a fall in the commissioner's cost is not red.
        "losses": {key: [figure(key).is_loss(v) for v in _column(grid, key)] for key in headline},
        "waterfall": {step: [_json_number(s[step]) for s in steps] for step in STEPS},
        "clusters": _clusters(grid),
        "labels": {
            key: {"label": f.label, "unit": f.unit.value, "meaning": f.meaning}
            | {"bad_side": _bad_side(key)}
            for key in (*headline, *STEPS, *CLUSTER_COLUMNS)
            for f in (figure(_FIGURE_OF.get(key, key)),)
        },
        "assumptions": _assumptions(exploration),
        # A range whose ends read the same is "the same in at least 9 draws out of 10"
        # only from NINE_IN_TEN_RUNS draws (uncertainty_narrative says why).
        "nine_in_ten": exploration.draws >= NINE_IN_TEN_RUNS,
        "draws": exploration.draws,
    }


def _waterfall_at(row: Mapping[Hashable, float | str | Suppressed]) -> Mapping[str, float | str]:
    """The waterfall at one point (a record of the grid: figures, hidden when published,
    and the settings, a text one among them); every step hidden when a figure it needs is
    hidden."""
    if any(is_suppressed(row.get(key)) for key in _WATERFALL_INPUTS):
        return dict.fromkeys(STEPS, SYMBOL)
    return waterfall({key: float(row[key]) for key in _WATERFALL_INPUTS})


def _cluster_codes(grid: pd.DataFrame) -> list[int]:
    return sorted({int(c.split(".")[1]) for c in grid.columns if c.startswith("cluster.")})


def _clusters(grid: pd.DataFrame) -> list[JsonObject]:
    codes = _cluster_codes(grid)
    return [
        {"cluster": code}
        | {name: _column(grid, f"cluster.{code}.{name}") for name in CLUSTER_COLUMNS}
        for code in codes
    ]


def _bad_side(key: str) -> int:
    """The side of zero that is bad news for a figure's values, 1 (above) or -1 (below),
    or 0 for a figure whose values take no colour: the page colours a bar that does not
    show as zero by it, the reports' one rule (:meth:`Figure.tone`, docs/methodology.md
    "Colours"; the residue cost gap G is bad news above zero). A side per figure, not a
    tone per point: 23 clusters × 1,331 points of tones would outgrow the page's budget."""
    shown = figure(_FIGURE_OF.get(key, key))
    return (1 if shown.fall_is_good else -1) if shown.signed else 0


def _assumptions(exploration: Exploration) -> list[list[str]]:
    """The scenario's settings as (name, value) text pairs; a setting a slider varies
    says so (the page lists the slider's value after these)."""
    varied = {p.removeprefix("nhs.") for p in exploration.parameters if p.startswith("nhs.")}
    pairs = [["scenario", exploration.scenario]]
    for key, value in exploration.base.items():
        if key == "scenario":
            continue
        # "as given": the value may come from the workbook, not the scenario (review 8)
        name = f"{key} (as given; a slider sets it)" if key in varied else str(key)
        pairs.append([name, _text(value)])
    pairs += [["draws per point", str(exploration.draws)], ["seed", str(exploration.seed)]]
    return pairs


def _text(value: JsonValue) -> str:
    """Exact: a float as its shortest repr, a count of people as format.py shows it."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | Suppressed):
        return fmt.count(value)
    return str(value)


def _column(grid: pd.DataFrame, name: str) -> list[Value]:
    if name not in grid.columns:
        return [None] * len(grid)
    return [_json_number(v) for v in grid[name].tolist()]


def _settings(exploration: Exploration) -> list[list[Value]]:
    """Each parameter's settings in the order swept: by position in the grid's rows
    (the last parameter varies fastest) when the sizes are known, else its distinct
    values."""
    grid, names, sizes = exploration.grid, exploration.parameters, exploration.sizes
    if len(sizes) != len(names):
        return [_unique(grid[name]) for name in names]
    out = []
    for k, name in enumerate(names):
        stride = math.prod(sizes[k + 1 :])
        column = grid[name].tolist()
        out.append([_json_number(column[j * stride]) for j in range(sizes[k])])
    return out


def _unique(values: pd.Series) -> list[Value]:
    return [_json_number(v) for v in dict.fromkeys(values.tolist())]


def _json_number(value: Value) -> Value:
    """A JSON-safe value: hidden is ``"*"``; NaN and infinities (undefined) are null."""
    if is_suppressed(value):
        return SYMBOL
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def script_json(data: JsonValue) -> str:
    """``data`` as JSON safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` … so no text in the data (a
    scenario or bidder name such as ``</script><script>…``) can end the block or open
    a comment; ``JSON.parse`` reads them back unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_explore_html(exploration: Exploration) -> str:
    """The whole page (UTF-8 text)."""
    template = environment().get_template("explore.html.j2")
    return template.render(
        title=f"Explore: {exploration.scenario}",
        meta=exploration.meta,
        input_names=exploration.meta.input_names(),
        parameters=exploration.parameters,
        data_json=script_json(page_data(exploration)),
    )
