"""The values a report holds, as one type: what a document's cells, figures and formulas
take and give (the registry's figures are numbers, texts, hidden figures or blanks)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NotRequired, TypeAlias, TypedDict, TypeGuard

from pbrkit.reports.suppression import Suppressed

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
# and ``thresholds``, docs/uncertainty.md); a figure about people may be hidden.

#: summary.json's PSA objects (``psa``, an entry of ``thresholds``) as the uncertainty
#: workflows hand them over: untyped dicts there (workflows/uncertainty.py,
#: uncertainty/threshold.py), so no TypedDict can be required of them here until those
#: build one. Their typed parts: a figure's statistics (Mapping[str, Value]), Tornado,
#: Sensitivity, Search and Range below.
PsaObject: TypeAlias = Mapping[str, Any]


class TornadoBar(TypedDict):
    """One parameter's arm: the figure at its range's low and high ends."""

    parameter: str
    low: float
    high: float
    at_low: Value
    at_high: Value
    swing: Value


class Tornado(TypedDict):
    """Each lead figure with every parameter at its median, and its arms."""

    base: Mapping[str, Value]
    figures: Mapping[str, Sequence[TornadoBar]]


class Sensitivity(TypedDict):
    """A lead figure's variance shares by parameter (a linear metamodel's)."""

    method: str
    r_squared: Value
    shares: Mapping[str, Value]
    most_important: Value


class Search(TypedDict):
    """How a break-even was searched for: what a reader needs beside its value."""

    figure: str
    bounds: Sequence[float]
    tolerance: float
    method: str
    steps: NotRequired[bool]


class Range(TypedDict):
    """An uncertain parameter's range as given, and what is drawn from it."""

    parameter: str
    low: float
    high: float
    distribution: str
    mode: float | None
    median: float
    source: str | None
    p10: NotRequired[float]
    p90: NotRequired[float]


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
    return json_tree(value, _json_leaf)


def _json_leaf(value: object) -> JsonValue:
    return scalar(value)


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


def is_number(value: object) -> TypeGuard[int | float]:
    """True for a number: not a text, a blank, a hidden figure or a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)
