"""The values a report holds, as one type: what a document's cells, figures and formulas
take and give (the registry's figures are numbers, texts, hidden figures or blanks)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import NotRequired, TypeAlias, TypedDict, TypeGuard

from pbrkit.reports.suppression import Suppressed
from pbrkit.uncertainty.summaries import (
    BarSummary,
    CostPsaSummary,
    FigureStats,
    Percentiles,
    PsaSummary,
    RangeSummary,
    ThresholdSummary,
    TornadoSummary,
)
from pbrkit.uncertainty.summaries import Sensitivity as SensitivityOf

#: One value in a document: a number, a text, a hidden figure (SUPPRESSED) or None
#: (blank). The values every command's document holds on the shipped examples.
Value = int | float | str | Suppressed | None
Row = Mapping[str, Value]
#: A tree of summary.json as a document builds it: objects, lists and values (a hidden
#: figure is written ``null``, and listed under ``disclosure.suppressed``).
JsonValue: TypeAlias = Value | bool | Sequence["JsonValue"] | Mapping[str, "JsonValue"]
#: One object of summary.json, as built (the file, or one of its keys' objects).
JsonObject: TypeAlias = dict[str, JsonValue]
#: A figure to work with: a number, or hidden (arithmetic on it gives it back).
Amount = int | float | Suppressed


# The uncertainty analysis's objects as the layouts read them (summary.json's ``psa``
# and ``thresholds``, docs/uncertainty.md; pbrkit.uncertainty.summaries): as computed,
# or published, where a figure about people, or a count's range, may be hidden.

#: summary.json's ``psa`` of ``pbrkit psa`` and ``pbrkit tender --psa``.
PsaObject: TypeAlias = PsaSummary[Value, Value]
#: summary.json's ``psa`` of ``pbrkit cost --psa``.
CostPsaObject: TypeAlias = CostPsaSummary[Value, Value]
#: An entry of summary.json's ``thresholds``.
ThresholdObject: TypeAlias = ThresholdSummary[Value]
#: A figure over the runs: mean, percentiles, share of variance from the parameters.
Stats: TypeAlias = FigureStats[Value]
#: Each lead figure with every parameter at its median, and its arms.
Tornado: TypeAlias = TornadoSummary[Value, Value]
#: One parameter's arm: the figure at its range's low and high ends.
TornadoBar: TypeAlias = BarSummary[Value, Value]
#: A lead figure's variance shares by parameter (a linear metamodel's).
Sensitivity: TypeAlias = SensitivityOf[Value]
#: An uncertain parameter's range as given and drawn, exact (the ranges tables read it).
Range: TypeAlias = RangeSummary[float]


class Search(TypedDict):
    """How a break-even was searched for: what a reader needs beside its value."""

    figure: str
    bounds: Sequence[float]
    tolerance: float
    method: str
    steps: NotRequired[bool]
    at_target: NotRequired[bool]
    at_bound: NotRequired[str]


def json_tree(value: object, leaf: Callable[[object], JsonValue]) -> JsonValue:
    """``value``'s objects and lists as summary.json's, every other value by ``leaf``."""
    if isinstance(value, Mapping):
        return {str(k): json_tree(v, leaf) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_tree(v, leaf) for v in value]
    return leaf(value)


def json_value(value: object) -> JsonValue:
    """``value`` (a run's recorded options, a what-if list: JSON already) as a tree of
    summary.json; anything else is a mistake, as ``json.dumps`` would say."""
    return json_tree(value, scalar)


def scalar(value: object) -> Value:
    """``value`` (one of a run's recorded options, say) as one value; a list, an object
    or anything else here is a mistake, as ``json.dumps`` would say."""
    if value is None or isinstance(value, int | float | str | Suppressed):
        return value
    raise TypeError(f"not a JSON value: {value!r}")


def amount(value: Value) -> Amount:
    """``value`` as a figure to work with (a text or a blank would be a layout's mistake)."""
    if isinstance(value, str) or value is None:
        raise TypeError(f"not a figure: {value!r}")
    return value


def magnitude(value: Amount) -> Amount:
    """``value`` without its sign, typed as a figure (``abs`` of the union is ``object``
    to mypy); a hidden figure stays hidden."""
    return value if isinstance(value, Suppressed) else abs(value)


def drawn(value: Value) -> float:
    """``value`` as a chart draws it: a number, or NaN (no bar or point) for a hidden
    figure, a text or a blank."""
    return float(value) if isinstance(value, int | float) else math.nan


def nothing_to_draw(values: Sequence[Value]) -> list[int]:
    """Positions of ``values`` a chart draws no bar for that ``--publish`` did not hide:
    a figure with nothing to measure (nobody left in a cluster: the tables' "–"), which
    a chart marks apart from a hidden one's ``*``."""
    return [
        i for i, v in enumerate(values) if math.isnan(drawn(v)) and not isinstance(v, Suppressed)
    ]


def is_number(value: object) -> TypeGuard[int | float]:
    """True for a number: not a text, a blank, a hidden figure or a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite(value: object) -> TypeGuard[int | float]:
    """True for a number that is neither NaN nor infinite (a blank share, a ratio over
    £0 and a hidden figure are not)."""
    return is_number(value) and math.isfinite(value)


def percentiles(stats: Percentiles[Value]) -> tuple[Value, Value, Value]:
    """A figure's, or a break-even's, percentiles over the runs, in the order of
    registry_psa.PERCENTILES."""
    return stats["p5"], stats["p50"], stats["p95"]


def stats_row(stats: Stats) -> dict[str, Value]:
    """A figure's statistics by key, in summary.json's order (a costing's have no share
    of variance from the parameters)."""
    row: dict[str, Value] = {
        "mean": stats["mean"], "p5": stats["p5"], "p50": stats["p50"], "p95": stats["p95"]
    }  # fmt: skip
    if "share_parameters" in stats:
        row["share_parameters"] = stats["share_parameters"]
    return row


def range_row(parameter: RangeSummary[Value]) -> dict[str, Value]:
    """A parameter's range as a row of a "Ranges assumed" table, in its columns' order
    (registry_psa.RANGE_COLUMNS)."""
    p = parameter
    return {"parameter": p["parameter"], "low": p["low"], "high": p["high"],
            "distribution": p["distribution"], "mode": p["mode"], "median": p["median"],
            "source": p["source"]}  # fmt: skip
