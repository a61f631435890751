"""Run one tender over a grid of one or two parameters (``pbrkit sweep``).

A parameter is named by a path into the :class:`~pbrkit.tender.model.TenderSpec`:

* ``bidders.<name>.<field>``, e.g. ``bidders.Acme Care.info_quality``;
* ``lots.<name>.<field>``, e.g. ``lots.Psychosis.accept_all``;
* ``nhs.<field>``: ``nhs.fixed_cost_share`` or ``nhs.shed_rate``.

``*`` in place of a name sets the field for every bidder (or lot). Every grid point is
simulated with the same seed, so points differ only by the parameter, not by luck
(common random numbers). Grid points are independent work units, run by the same
executor as the uncertainty analysis (:class:`pbrkit.uncertainty.executor.Executor`:
local processes or a Dask cluster), so the numbers do not depend on where, or on how
many workers, they ran.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar, Union, get_args, get_origin

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from pbrkit.defaults import DEFAULT_SWEEP_DRAWS as DEFAULT_SWEEP_DRAWS
from pbrkit.errors import NOTHING_WRITTEN, InputError, Problem
from pbrkit.io.limits import MAX_SCENARIO_NUMBER
from pbrkit.tender.metrics import FIGURES
from pbrkit.tender.model import (
    Bidder,
    Lot,
    TenderSpec,
    competitive_cost_share,
    ignores_cost_sharing,
)
from pbrkit.tender.simulate import TenderResult, simulate_tender

if TYPE_CHECKING:
    from pbrkit.uncertainty.executor import Executor

#: Most grid points one sweep may have.
MAX_POINTS: Final = 10_000

#: The hints of --vary refusals: every one says how to go on (review: a bad range, an
#: unknown field or a value out of range was refused with no hint).
_NUMBERS_HINT: Final = "give numbers, as LO:HI:STEPS (0.2:0.8:4) or a list (0.2,0.5,0.8)"
_STEPS_HINT: Final = "STEPS counts the values, LO and HI included: 0:1:3 gives 0, 0.5 and 1"
_FEWER_HINT: Final = "use fewer steps in --vary"
_KEYS_HINT: Final = (
    "vary a key of the scenario file, spelt as it spells it (docs/scenarios.md, "
    "'sweep --vary names')"
)
_RANGE_HINT: Final = "keep every value within its key's range (docs/scenarios.md lists them)"

Grid = Mapping[str, Sequence[object]]


def parse_vary(text: str) -> tuple[str, list[object]]:
    """Read a ``--vary`` option: ``PATH=LO:HI:STEPS`` or ``PATH=V1,V2,…``.

    ``LO:HI:STEPS`` gives STEPS evenly spaced numbers from LO to HI inclusive; a comma
    list gives its values as numbers where they are numbers, else as text (so
    ``lots.L.accept_all=no,yes`` works).

    Raises:
        InputError: the text is not in either form.
    """
    # A name may hold "=" (a bidder "A=B Care"); a value never does: split at the last.
    path, sep, values = text.rpartition("=")
    path, values = path.strip(), values.strip()
    if not sep or not path or not values:
        raise InputError(
            Problem(f"--vary {text!r}: expected NAME=LO:HI:STEPS or NAME=V1,V2,…"),
            hint="for example --vary bidders.Acme.info_quality=0:1:11",
        )
    if ":" in values:
        parts = values.split(":")
        try:
            if len(parts) != 3:
                raise ValueError
            lo, hi, steps = float(parts[0]), float(parts[1]), int(parts[2])
            if steps < 1:
                raise ValueError
        except ValueError:
            raise InputError(
                Problem(f"--vary {text!r}: LO:HI:STEPS needs two numbers and a whole count ≥ 1"),
                hint=_NUMBERS_HINT,
            ) from None
        if steps == 1 and lo != hi:
            # linspace(LO, HI, 1) is [LO]: HI would be dropped without a word (review 10)
            raise InputError(
                Problem(
                    f"--vary {text!r}: one step cannot hold both {lo:g} and {hi:g}",
                    expected="STEPS counting the values, LO and HI included",
                    fix=f"give STEPS 2 or more (e.g. {path}={parts[0]}:{parts[1]}:5), or "
                    f"{path}={parts[0]} for one value",
                ),
                hint=_STEPS_HINT,
            )
        _check_values(text, [lo, hi], steps)  # before linspace allocates STEPS numbers
        return path, [float(v) for v in np.linspace(lo, hi, steps)]
    listed = [_number_or_text(v.strip()) for v in values.split(",") if v.strip()]
    _check_values(text, listed, len(listed))
    return path, listed


def _check_values(text: str, values: Sequence[object], count: int) -> None:
    """Refuse more than :data:`MAX_POINTS` values, or a number not finite or beyond ±1e15."""
    if count > MAX_POINTS:
        raise InputError(
            Problem(
                f"--vary {text!r}: {count:,} values, more than a sweep's {MAX_POINTS:,} points"
            ),
            hint=_FEWER_HINT,
        )
    for value in values:
        if isinstance(value, float) and not (
            math.isfinite(value) and abs(value) <= MAX_SCENARIO_NUMBER
        ):
            raise InputError(
                Problem(f"--vary {text!r}: {value} is not a finite number between -1e15 and 1e15"),
                hint=_NUMBERS_HINT,
            )


def check_grid(vary: Grid) -> None:
    """Refuse a grid of more than :data:`MAX_POINTS` points, counted, not built, and a
    value given twice for one parameter (:func:`check_distinct`).

    Raises:
        InputError: no points, or more than the limit (10,000 × 10,000 values would
            be 10^8 points), or a value given twice.
    """
    points = math.prod(len(values) for values in vary.values())
    if not points or points > MAX_POINTS:
        raise InputError(
            Problem(f"a sweep needs 1 to {MAX_POINTS:,} grid points, not {points:,}"),
            hint=_FEWER_HINT,
        )
    check_distinct(vary)


def check_distinct(vary: Grid) -> None:
    """Refuse a value given twice for one parameter: a sweep would run the same point
    twice and show it as two (disc: ``--vary X=0.2,0.2``), and explore's slider steps
    through distinct values and finds a point by its values' positions.

    Raises:
        InputError: naming the parameter and the value.
    """
    for path, values in vary.items():
        seen: set[object] = set()
        for value in values:
            if value in seen:
                raise InputError(
                    Problem(f"--vary {path}: the value {value} is given twice"),
                    hint="give each value once",
                )
            seen.add(value)


def _number_or_text(value: str) -> object:
    try:
        return float(value)
    except ValueError:
        return value


def set_parameter(spec: TenderSpec, path: str, value: object) -> TenderSpec:
    """A copy of ``spec`` with the parameter at ``path`` set to ``value`` (validated).

    Setting ``nhs.fixed_cost_share`` or ``nhs.shed_rate`` drops the cost pools, which
    would no longer match; ``nhs.variable_share`` leaves them (r, f and s still come
    from them), and is refused unless the payment is ``blended``.

    Raises:
        InputError: the path names nothing, or the value is not allowed there.
    """
    parts = path.split(".")
    kind = parts[0]
    if kind == "nhs" and len(parts) == 2:
        _check_variable_share(spec, parts[1], path)
        keep = parts[1] in ("variable_share", "payment")
        nhs = _updated(spec.nhs, parts[1], value, path, None if keep else {"pools": ()})
        return spec.model_copy(update={"nhs": nhs})
    if kind in ("bidders", "lots") and len(parts) >= 3:
        name, field = ".".join(parts[1:-1]), parts[-1]
        items: tuple[Bidder, ...] | tuple[Lot, ...] = getattr(spec, kind)
        names = [item.name for item in items]
        if name != "*" and name not in names:
            raise InputError(
                Problem(f"{path}: no {kind[:-1]} called {name!r}; there are: {', '.join(names)}"),
                hint=f"name a {kind[:-1]} as the tender spells it (capitals and spaces "
                "included), or * for every one",
            )
        new = tuple(
            _updated(item, field, value, path) if name in ("*", item.name) else item
            for item in items
        )
        return _revalidated(spec.model_copy(update={kind: new}), path)
    raise InputError(
        Problem(f"{path}: not a parameter"),
        hint="name one as bidders.<name>.<field>, lots.<name>.<field> or nhs.<field>",
    )


def _check_variable_share(spec: TenderSpec, field: str, path: str) -> None:
    """Refuse v where the payment ignores it: under ``activity`` v = 1 and under
    ``block`` v = 0 (methodology §6.2), so every grid point would give the same
    figures, as if the share did not matter (``pbrkit psa`` refuses it alike)."""
    if field != "variable_share" or spec.nhs.payment == "blended":
        return
    raise InputError(
        Problem(
            f"{path}: matters only under a blended payment, and this tender's NHS "
            f"payment is '{spec.nhs.payment}', so every value would give the same figures"
        ),
        hint="set payment = blended (with a variable_share) in the nhs sheet or the "
        "scenario's [nhs] table, or vary another parameter",
    )


_M = TypeVar("_M", bound=BaseModel)


def _updated(
    model: _M, field: str, value: object, path: str, extra: dict[str, Any] | None = None
) -> _M:
    fields = [f for f in type(model).model_fields if f != "name"]
    if field not in fields:
        raise InputError(
            Problem(f"{path}: unknown field {field!r}; use one of {', '.join(fields)}"),
            hint=_KEYS_HINT,
        )
    annotation = type(model).model_fields[field].annotation
    if _is_number(value) and not _takes_numbers(annotation):
        raise InputError(_not_numeric(path, field, value, annotation, fields, type(model)))
    if field == "capacity" and isinstance(value, float) and not value.is_integer():
        raise InputError(
            Problem(f"{path}: capacity counts people, so it must be whole", value=value),
            hint="choose steps that give whole numbers (1:3:3 gives 1, 2, 3) or list them (1,2,3)",
        )
    try:
        return type(model).model_validate({**dict(model), **(extra or {}), field: value})
    except ValidationError as error:
        message = "; ".join(_plain(e["type"], e["msg"]) for e in error.errors())
        unread = any(e["type"] in _PLAIN for e in error.errors())
        raise InputError(
            Problem(f"{path}: {message}", value=value),
            hint=_NUMBERS_HINT if unread else _RANGE_HINT,
        ) from None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _takes_numbers(annotation: object) -> bool:
    """Whether a field's type takes a number (``float``, ``int | None``), not a yes/no
    (``bool``), a set of clusters (``frozenset[int]``) or words (``Literal``)."""
    if annotation in (int, float):
        return True
    if get_origin(annotation) in (Union, UnionType):
        return any(_takes_numbers(arg) for arg in get_args(annotation))
    if get_origin(annotation) is Annotated:
        return _takes_numbers(get_args(annotation)[0])
    return False


def _not_numeric(
    path: str,
    field: str,
    value: object,
    annotation: object,
    fields: list[str],
    model: type[BaseModel],
) -> Problem:
    """A number for a setting that is not one (disc: ``accept_all=0,1`` was read as
    no and yes, ``clusters=1,2`` as cluster 1 alone and cluster 2 alone, both as
    if numbers, on a numeric axis)."""
    numeric = [f for f in fields if _takes_numbers(model.model_fields[f].annotation)]
    if annotation is bool or bool in get_args(annotation):
        fix = f"vary a yes/no setting by its words: {path}=no,yes"
    elif field == "clusters":
        fix = f"write each set of clusters as a range ({path}=1-4,5-8), or set it in the scenario"
    else:
        fix = "give its words, as the scenario file writes them (docs/scenarios.md)"
    return Problem(
        f"{path}: {field} is not a numeric setting, so a sweep cannot set it to a number",
        value=value,
        expected=f"numbers only for {', '.join(numeric)}" if numeric else None,
        fix=fix,
    )


#: The library's words for a value it cannot read, in pbrkit's (review 10: "Input
#: should be a valid number, unable to parse string as a number").
_PLAIN: Final = {
    "float_parsing": "not a number",
    "int_parsing": "not a whole number",
    "int_from_float": "not a whole number",
    "bool_parsing": "not yes or no",
}


def _plain(kind: str, message: str) -> str:
    return _PLAIN.get(kind, message.removeprefix("Value error, "))


def _revalidated(spec: TenderSpec, path: str) -> TenderSpec:
    try:
        return TenderSpec.model_validate(dict(spec))
    except ValidationError as error:  # pragma: no cover - names are not sweepable
        raise InputError(Problem(f"{path}: {error.errors()[0]['msg']}"), hint=_RANGE_HINT) from None


def sweep(
    population: pd.DataFrame,
    spec: TenderSpec,
    vary: Grid,
    *,
    draws: int = DEFAULT_SWEEP_DRAWS,
    seed: int = 0,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
    most: int = 2,
    clusters: bool = False,
) -> pd.DataFrame:
    """Simulate the tender at every point of a grid of one or two parameters.

    Args:
        population: the population frame (see :mod:`pbrkit.tender.population`).
        spec: the tender at its base values.
        vary: parameter path → the values to try; one or two paths. Later paths vary
            fastest.
        draws: Monte Carlo draws per grid point.
        seed: the seed every grid point uses.
        workers: processes to spread grid points over (default: one per core).
        executor: where the grid points run (local processes or a Dask cluster);
            given, it replaces ``workers``. Neither changes a figure.
        progress: called with the number of grid points done.
        most: the most parameters allowed (``pbrkit explore`` takes three).
        clusters: also keep each point's residue per cluster
            (:func:`cluster_residue`'s columns).

    Returns:
        One row per grid point: a column per parameter (named by its path), then the
        median of every docs/methodology.md §6 figure, then ``<figure>_p5`` and ``<figure>_p95``
        when ``draws`` > 1.

    Raises:
        InputError: no or more than two parameters, a bad path or value (every grid
            point is checked before anything runs), or too many points.
    """
    if not 1 <= len(vary) <= most:
        allowed = "one or two" if most == 2 else f"1 to {most}"
        raise InputError(
            Problem(f"sweep {allowed} parameters, not {len(vary)}"),
            hint="give one --vary per parameter"
            + (" (pbrkit explore takes three)" if most == 2 else ""),
        )
    paths = list(vary)
    check_grid(vary)
    points = list(itertools.product(*(list(vary[p]) for p in paths)))
    specs = [_point_spec(spec, paths, point) for point in points]
    check_cost_sharing(specs, paths)

    # Imported here: pbrkit.uncertainty imports this package (its tender model).
    from pbrkit.uncertainty.executor import Executor

    runner = executor if executor is not None else Executor(workers=workers)
    rows = runner.map(_sweep_point, SweepInputs(population, draws, seed, clusters), specs, progress)
    grid = pd.DataFrame([dict(zip(paths, point, strict=True)) for point in points])
    return pd.concat([grid, pd.DataFrame(rows)], axis=1)


def check_cost_sharing(specs: Sequence[TenderSpec], paths: Sequence[str]) -> None:
    """Refuse a grid point that leaves a competitive lot with a cost share λ above 0.

    λ is the mixed payment of fixed-tariff lots (methodology §6.3); a competitive winner
    is paid its price, so the simulation would ignore it, and a lots sheet or a
    scenario's ``[[lots]]`` giving it is refused. A ``*`` path sets every lot, the
    competitive ones too, so the sweep refuses it alike (docs/scenarios.md) rather than
    report a setting that did nothing.

    Raises:
        InputError: one problem per competitive lot, naming the fixed-tariff lots a
            path can name instead.
    """
    refused: dict[str, Lot] = {}
    for lot in (lot for spec in specs for lot in spec.lots if ignores_cost_sharing(lot)):
        refused.setdefault(lot.name, lot)  # the first point's share, as the grid runs
    if not refused:
        return
    setter = f"--vary {', '.join(paths)}: sets cost_sharing"
    problems = []
    for name, lot in refused.items():
        message, fix = competitive_cost_share(
            f"{setter} {lot.cost_sharing:g}",
            name,
            specs[0].lots,
            f"keep '{name}' at cost_sharing 0",
        )
        problems.append(Problem(message, fix=fix))
    raise InputError(
        problems, hint=f"cost_sharing applies to fixed-tariff lots only; {NOTHING_WRITTEN}"
    )


def _point_spec(spec: TenderSpec, paths: list[str], point: tuple[object, ...]) -> TenderSpec:
    for path, value in zip(paths, point, strict=True):
        spec = set_parameter(spec, path, value)
    return spec


def _figures_at(
    population: pd.DataFrame, spec: TenderSpec, draws: int, seed: int, clusters: bool = False
) -> dict[str, float]:
    result = simulate_tender(population, spec, draws=draws, seed=seed, workers=1)
    row = dict(result.residue)
    for name in FIGURES if draws > 1 else ():
        row[f"{name}_p5"] = result.residue_ranges[name]["p5"]
        row[f"{name}_p95"] = result.residue_ranges[name]["p95"]
    if clusters:
        row.update(cluster_residue(result))
    return row


#: What :func:`cluster_residue` keeps of each cluster (``TenderResult.by_cluster``).
CLUSTER_COLUMNS: Final = ("patients", "taken_patients", "residue_patients", "residue_cost_gap")


def cluster_residue(result: TenderResult) -> dict[str, float]:
    """The residue per cluster as flat columns ``cluster.<code>.<figure>``.

    The figures are :data:`CLUSTER_COLUMNS` of ``result.by_cluster`` (medians over
    draws, figure by figure, as the grid's own figures are).
    """
    row: dict[str, float] = {}
    for record in result.by_cluster.to_dict(orient="records"):
        code = int(record["cluster"])
        for name in CLUSTER_COLUMNS:
            row[f"cluster.{code}.{name}"] = float(record[name])
    return row


@dataclass(frozen=True)
class SweepInputs:
    """What every grid point shares: sent to each worker once, not once per point."""

    population: pd.DataFrame
    draws: int
    seed: int
    #: Keep each point's per-cluster residue too (pbrkit explore).
    clusters: bool = False


def _sweep_point(inputs: SweepInputs, spec: TenderSpec) -> dict[str, float]:
    """One grid point's figures: a pure function of the shared inputs and its spec."""
    return _figures_at(inputs.population, spec, inputs.draws, inputs.seed, inputs.clusters)
