"""Uncertain parameters: the rows of an ``uncertainty`` sheet or a scenario's
``[uncertainty]`` table, checked and turned into distributions.

A parameter is a dotted path into the inputs:

* ``nhs.<column>`` — ``fixed_cost_share``, ``shed_rate``, ``variable_share``;
* ``pools.<name>.<column>`` — ``amount``, ``shed_rate``;
* ``bidders.<name or *>.<column>`` — ``cost_factor``, ``info_quality``,
  ``hurdle_margin``, ``capacity``, ``risk_aversion``, ``quality_score``;
* ``lots.<name or *>.<column>`` — ``price_weight``, ``cost_sharing``;
* ``caseload.cost_cv`` — the within-cluster cost spread for every caseload row;
* ``tariff.scale``, ``costs.scale`` — multipliers of every price and every cost
  (1 = as given);
* ``years.<option>`` — ``deflator``, ``inflation``.

``*`` stands for every bidder (or lot): one draw sets them all alike. Names may contain
dots (``bidders.St. Mary's.cost_factor``): the column is the last part.

Each row gives ``low`` and ``high`` (an 80% interval), optionally ``distribution``
(see :mod:`pbrkit.uncertainty.distributions`), ``mode`` (triangular) and ``source``.
Whether a named bidder, lot or pool exists is checked against the inputs by the model
adapter (:mod:`pbrkit.uncertainty.tender_model`), which knows them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final, Protocol

from pbrkit.errors import InputError, Problem
from pbrkit.model import HURDLE_MARGIN_ABOVE, HURDLE_MARGIN_AT_MOST, bare_percent

if TYPE_CHECKING:
    # distributions loads scipy (about 0.8 s of CPU): imported where a parameter is
    # fitted, not by every command whose figures name a parameter's path.
    from pbrkit.uncertainty.distributions import Marginal, Shape

INF: Final = math.inf

#: Valid range of each column, by the path's first part: (lowest, highest).
#: Ranges follow the input contracts: shares 0-1, factors > 0 (0 stands in for "> 0"
#: and a 0 bound is refused below), a hurdle margin above −1 and at most 1 (as on the
#: bidders sheet and in a scenario: pbrkit.model says why).
COLUMNS: Final[dict[str, dict[str, tuple[float, float]]]] = {
    "nhs": {
        "fixed_cost_share": (0.0, 1.0),
        "shed_rate": (0.0, 1.0),
        "variable_share": (0.0, 1.0),
    },
    "pools": {"amount": (0.0, INF), "shed_rate": (0.0, 1.0)},
    "bidders": {
        "cost_factor": (0.0, INF),
        "info_quality": (0.0, 1.0),
        "hurdle_margin": (HURDLE_MARGIN_ABOVE, HURDLE_MARGIN_AT_MOST),
        "capacity": (0.0, INF),
        "risk_aversion": (0.0, INF),
        "quality_score": (0.0, 1.0),
    },
    "lots": {"price_weight": (0.0, 1.0), "cost_sharing": (0.0, 1.0)},
    "caseload": {"cost_cv": (0.0, INF)},
    "tariff": {"scale": (0.0, INF)},
    "costs": {"scale": (0.0, INF)},
    "years": {"deflator": (0.0, 1.0), "inflation": (-1.0, INF)},
}

#: Columns whose value must be strictly inside its lower bound (a factor of 0 or a
#: margin of −100% makes no sense).
OPEN_BELOW: Final = frozenset(
    {
        ("bidders", "cost_factor"),
        ("bidders", "hurdle_margin"),
        ("tariff", "scale"),
        ("costs", "scale"),
        ("years", "inflation"),
    }
)

#: Path groups that name an item (bidder, lot or pool) between group and column.
NAMED: Final = frozenset({"pools", "bidders", "lots"})

#: Columns that count people: a drawn or searched value is rounded to a whole number
#: before the tender runs.
WHOLE: Final = frozenset({("bidders", "capacity")})


@dataclass(frozen=True)
class ParameterPath:
    """A parsed path: group, the item it names (bidder, lot, pool; None for the rest)
    and column."""

    group: str
    item: str | None
    column: str

    def __str__(self) -> str:
        parts = [self.group] + ([self.item] if self.item is not None else []) + [self.column]
        return ".".join(parts)

    @property
    def valid_range(self) -> tuple[float, float]:
        """(lowest, highest) the column may take."""
        return COLUMNS[self.group][self.column]

    def admits(self, low: float, high: float) -> bool:
        """Whether every value from ``low`` to ``high`` is valid for the column."""
        lower, upper = self.valid_range
        open_below = (self.group, self.column) in OPEN_BELOW
        return (low > lower if open_below else low >= lower) and high <= upper

    def range_words(self) -> str:
        """The valid range in words: "greater than 0", "at least 0, at most 1"."""
        lower, upper = self.valid_range
        bound = "greater than" if (self.group, self.column) in OPEN_BELOW else "at least"
        return f"{bound} {lower:g}" + (f", at most {upper:g}" if upper < INF else "")

    @property
    def whole(self) -> bool:
        """Whether the column counts people (its values are rounded to whole numbers)."""
        return (self.group, self.column) in WHOLE

    def as_run(self, value: float) -> float:
        """The value the tender runs at: a count of people (a capacity) is rounded to a
        whole number (a sampled 41.6 is 42), the rest as given."""
        return float(round(value)) if self.whole else value


def parse_path(text: str) -> ParameterPath:
    """Read ``nhs.shed_rate``, ``bidders.Acme Care.cost_factor`` and the like.

    Raises:
        ValueError: the path names no known parameter (the message says which are).
    """
    parts = text.strip().split(".")
    # Only the ends are stripped: a name such as "St. Mary's" keeps its inner spaces.
    parts = [parts[0].strip(), *parts[1:-1], parts[-1].strip()] if len(parts) > 1 else parts
    group = parts[0]
    if group not in COLUMNS:
        raise ValueError(f"'{text}' is not a parameter; paths start with {_groups()}")
    columns = COLUMNS[group]
    if group in NAMED:
        item: str | None = ".".join(parts[1:-1]).strip()
        if len(parts) < 3 or not item:
            raise ValueError(f"'{text}': write {group}.<name or *>.<column>")
    elif len(parts) != 2:
        raise ValueError(f"'{text}': write {group}.<column> (one of {', '.join(columns)})")
    else:
        item = None
    column = parts[-1]
    if column not in columns:
        raise ValueError(
            f"'{text}': {group} has no uncertain column '{column}'; use one of {', '.join(columns)}"
        )
    return ParameterPath(group, item, column)


def _groups() -> str:
    return ", ".join(f"{g}." for g in COLUMNS)


@dataclass(frozen=True)
class UncertainParameter:
    """One checked row: the path, its 80% interval and the fitted distribution.

    Attributes:
        path: where the value goes.
        low: the 10th percentile.
        high: the 90th percentile.
        distribution: the family fitted.
        marginal: the fitted distribution, truncated to the valid range.
        mode: the triangular's mode (else None).
        source: where the interval comes from (shown in reports).
        row: the sheet row (or table position) it came from, for messages.
        sheet: the table it came from, for messages ("uncertainty", or a scenario's
            "NAME.toml [uncertainty]").
    """

    path: ParameterPath
    low: float
    high: float
    distribution: Shape
    marginal: Marginal = field(repr=False)
    mode: float | None = None
    source: str = ""
    row: int | None = None
    sheet: str = "uncertainty"

    @property
    def name(self) -> str:
        """The path as written, e.g. ``nhs.fixed_cost_share``."""
        return str(self.path)

    @property
    def median(self) -> float:
        """Where the tornado holds it while others move."""
        return self.marginal.median

    def problem(self, message: str) -> Problem:
        """``message`` located at this parameter's row of its table."""
        return Problem(message, sheet=self.sheet, row=self.row)


class ParameterCheck(Protocol):
    """What a model refuses of checked rows: each alone (a bidder it does not have…),
    and the rows together (two rows setting one value two ways)."""

    def refuses(self, param: UncertainParameter) -> list[str]:
        """Why the model cannot vary ``param`` (each reason one problem), or []."""
        ...

    def refuses_together(self, params: Sequence[UncertainParameter]) -> list[str]:
        """Why the model cannot vary these rows together (each reason once), or []."""
        ...


@dataclass(frozen=True)
class ParameterRow:
    """One row as read, before checking (blank cells are None)."""

    parameter: object
    low: object
    high: object
    distribution: object = None
    mode: object = None
    source: object = None
    row: int | None = None


def check_parameters(
    rows: Iterable[ParameterRow], *, sheet: str = "uncertainty", model: ParameterCheck | None = None
) -> tuple[UncertainParameter, ...]:
    """Check every row and fit its distribution; report every bad row at once.

    ``model``: the check of each sound row against the inputs (a bidder's name, a
    costing's parameters), and of the sound rows together, run once in the same pass
    so that its problems are reported beside the table's own, not after they are fixed.

    Raises:
        InputError: an unknown path, a path given twice, a missing or non-numeric
            low/high, low > high, an interval outside the valid range, an unknown
            distribution, an interval the distribution cannot fit, or a row
            ``model`` refuses — one problem per row, naming the row — or rows
            ``model`` refuses together.
    """
    problems: list[Problem] = []
    params: list[UncertainParameter] = []
    seen: dict[str, int | None] = {}
    for row in rows:
        try:
            param = replace(_check_row(row), sheet=sheet)
        except ValueError as error:
            column = error.column if isinstance(error, CellError) else None
            problems.append(_problem(row, sheet, str(error), column))
            _remember_bad_row(row, seen)
            continue
        if param.name in seen:
            twice = f"'{param.name}' is given twice (also row {seen[param.name]})"
            problems.append(_problem(row, sheet, twice, "parameter"))
            continue
        overlap = _overlapping(param.path, params)
        if overlap is not None:
            problems.append(_problem(row, sheet, overlap, "parameter"))
            continue
        refused = model.refuses(param) if model is not None else []
        if refused:
            problems += [_problem(row, sheet, reason, "parameter") for reason in refused]
            continue
        seen[param.name] = row.row
        params.append(param)
    if model is not None:
        problems += [Problem(reason, sheet=sheet) for reason in model.refuses_together(params)]
    if problems:
        raise InputError(problems, hint=HINT)
    return tuple(params)


def _remember_bad_row(row: ParameterRow, seen: dict[str, int | None]) -> None:
    """A row refused for its values still names a parameter: remember it, so a later
    row naming the parameter again is listed now, not only once this row is fixed
    (every problem at once). The bad row itself keeps its one problem."""
    if not isinstance(row.parameter, str):
        return
    try:
        name = str(parse_path(row.parameter))
    except ValueError:
        return  # the row's own problem already names its parameter cell
    seen.setdefault(name, row.row)


def _overlapping(path: ParameterPath, earlier: Iterable[UncertainParameter]) -> str | None:
    """A `*` path and a named path of the same column set one value twice, and the
    later row would win without a word; the problem, or None."""
    for other in earlier:
        same = (other.path.group, other.path.column) == (path.group, path.column)
        if same and other.path.item != path.item and "*" in (other.path.item, path.item):
            named = other.path.item if path.item == "*" else path.item
            return (
                f"'{path}' and '{other.path}' (row {other.row}) both set {named}'s "
                f"{path.column}, and the later row would win: keep one of them"
            )
    return None


#: What a bad table's rows need, after the cells named (each problem names its column).
HINT: Final = (
    "correct the cells named above and run again; nothing was written (a row gives a "
    "parameter, then low and high: an 80% interval, low below high)"
)


class CellError(ValueError):
    """A row's problem in one ``column`` of the table, so the message can name it."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


def _problem(row: ParameterRow, sheet: str, message: str, column: str | None) -> Problem:
    return Problem(message, sheet=sheet, row=row.row, column=column)


def _as_percent(path: ParameterPath, high: float) -> str:
    """For a share or margin of at most 1 given above 1, what it would be as a
    percentage and the fraction meant, in the bidders sheet's words (walk 9)."""
    if path.valid_range[1] != 1 or not high > 1:
        return ""
    what, fix = bare_percent(high, percent_sign=False)
    return f": {what}; {fix}"


def _check_row(row: ParameterRow) -> UncertainParameter:
    if not isinstance(row.parameter, str) or not row.parameter.strip():
        raise CellError("parameter is blank; name a path such as nhs.fixed_cost_share", "parameter")
    try:
        path = parse_path(row.parameter)
    except ValueError as error:
        raise CellError(str(error), "parameter") from None
    low, high = _number(row.low, "low"), _number(row.high, "high")
    mode = None if _blank(row.mode) else _number(row.mode, "mode")
    shape = _shape(row.distribution)
    if low > high:
        raise CellError(
            f"'{path}': low ({low:g}) is greater than high ({high:g}); swap them", "low"
        )
    if not path.admits(low, high):
        raise CellError(
            f"'{path}': the interval {low:g} to {high:g} is outside the valid range "
            f"({path.range_words()}){_as_percent(path, high)}",
            # high is within the range when low is not (admits: low and high each checked)
            "high" if path.admits(low, low) else "low",
        )
    if low == high:
        raise CellError(
            f"'{path}': low equals high; give an interval, or leave the row out", "high"
        )
    lower, upper = path.valid_range
    from pbrkit.uncertainty.distributions import fit_marginal

    try:
        marginal = fit_marginal(shape, low, high, lower=lower, upper=upper, mode=mode)
    except ValueError as error:
        raise ValueError(f"'{path}': {error}") from None
    source = "" if _blank(row.source) else str(row.source).strip()
    return UncertainParameter(path, low, high, shape, marginal, mode, source, row.row)


def _number(value: object, column: str) -> float:
    if _blank(value):
        raise CellError(f"{column} is blank; give a number", column)
    if isinstance(value, bool):
        # A scenario's `low = true` (TOML): not blank, and not a number either.
        raise CellError(f"{column} {str(value).lower()} is not a number", column)
    text = str(value).strip()
    # Shares may be written 5% as elsewhere in the workbook.
    divisor = 100 if text.endswith("%") else 1
    try:
        number = float(text.rstrip("%").strip()) / divisor
    except ValueError:
        raise CellError(f"{column} {value!r} is not a number", column) from None
    if not math.isfinite(number):
        raise CellError(f"{column} must be a finite number", column)
    return number


def _shape(value: object) -> Shape:
    from pbrkit.uncertainty.distributions import SHAPES

    if _blank(value):
        return "normal"
    text = str(value).strip().lower()
    for shape in SHAPES:
        if text == shape:
            return shape
    raise CellError(f"distribution {value!r} is not one of {', '.join(SHAPES)}", "distribution")


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def rows_from_mapping(table: Mapping[str, object] | list[object]) -> list[ParameterRow]:
    """Rows from a scenario's TOML: ``[[uncertainty]]`` rows, or ``[uncertainty]`` with
    one inline table per path (``"nhs.shed_rate" = {low = 0.1, high = 0.4}``).

    Rows are numbered from 1 in the order written.

    Raises:
        InputError: the table has neither shape.
    """
    items: list[tuple[object, object]]
    if isinstance(table, Mapping):
        items = [(path, entry) for path, entry in table.items()]
    else:
        items = [(None, entry) for entry in table]
    rows = []
    for number, (path, entry) in enumerate(items, start=1):
        if not isinstance(entry, Mapping):
            raise InputError(
                Problem(f"uncertainty entry {number} must be a table with low and high")
            )
        unknown = set(entry) - {"parameter", "low", "high", "distribution", "mode", "source"}
        if unknown:
            raise InputError(
                Problem(
                    f"uncertainty entry {number}: unknown key(s) "
                    + ", ".join(sorted(map(str, unknown)))
                )
            )
        rows.append(
            ParameterRow(
                parameter=entry.get("parameter", path),
                low=entry.get("low"),
                high=entry.get("high"),
                distribution=entry.get("distribution"),
                mode=entry.get("mode"),
                source=entry.get("source"),
                row=number,
            )
        )
    return rows
