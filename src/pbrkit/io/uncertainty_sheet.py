"""Reading uncertain parameters: the workbook's ``uncertainty`` sheet, a CSV of the same
columns, or a scenario file's ``[uncertainty]`` table.

The sheet has one row per parameter: ``parameter`` (a path such as
``nhs.fixed_cost_share``), ``low`` and ``high`` (an 80% interval), and optionally
``distribution``, ``mode`` and ``source``. Cells are typed here; the paths, intervals
and distributions are checked by :func:`pbrkit.uncertainty.params.check_parameters`,
which names the row of every problem.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Final

from pbrkit.errors import InputError, Problem, ProblemCollector
from pbrkit.io.inputs import read_sheet
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.schema import Column, Kind, SheetSpec
from pbrkit.io.workbook import names_its_files, open_workbook
from pbrkit.uncertainty.distributions import SHAPES
from pbrkit.uncertainty.params import (
    ParameterCheck,
    ParameterRow,
    UncertainParameter,
    check_parameters,
    rows_from_mapping,
)

UNCERTAINTY: Final = SheetSpec(
    "uncertainty",
    (
        Column("parameter", Kind.TEXT, required=True, note="e.g. nhs.fixed_cost_share"),
        # A header that names a column in other words is an error, not an extra column
        # dropped without a word: a 'reasoning' column would leave every interval
        # unsourced in the reports (found in review 6).
        Column(
            "low",
            Kind.NUMBER,
            required=True,
            note="10th percentile",
            synonyms=("lower", "min", "minimum", "lower_bound", "p10"),
        ),
        Column(
            "high",
            Kind.NUMBER,
            required=True,
            note="90th percentile",
            synonyms=("upper", "max", "maximum", "upper_bound", "p90"),
        ),
        Column(
            "distribution",
            Kind.CHOICE,
            choices=SHAPES,
            note="blank = normal",
            synonyms=("shape", "dist"),
        ),
        Column("mode", Kind.NUMBER, note="most likely value (triangular)", synonyms=("likely",)),
        Column(
            "source",
            Kind.TEXT,
            note="where the interval comes from",
            synonyms=("reasoning", "rationale", "justification", "evidence", "reference"),
        ),
    ),
    "uncertain parameters: an 80% interval for each",
    aliases=("uncertainties", "assumptions_ranges"),
)


@names_its_files
def read_uncertainty_sheet(
    path: Path,
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    required: bool = True,
    model: ParameterCheck | None = None,
) -> tuple[UncertainParameter, ...]:
    """The checked parameters of a workbook's ``uncertainty`` sheet (or a CSV of it).

    Returns an empty tuple when the sheet is absent and not ``required``. ``model``
    checks each row against the inputs (:func:`check_parameters`).

    Raises:
        InputError: every bad cell and every bad row, at once.
    """
    book = open_workbook(path, limits=limits, default_sheet=UNCERTAINTY.name)
    problems = ProblemCollector()
    table = read_sheet(book, UNCERTAINTY, problems, required=required)
    problems.raise_if_any()
    if table is None:
        return ()
    frame = table.frame
    rows = [
        ParameterRow(
            parameter=record.get("parameter"),
            low=record.get("low"),
            high=record.get("high"),
            distribution=record.get("distribution"),
            mode=record.get("mode"),
            source=record.get("source"),
            row=int(number),
        )
        for record, number in zip(frame.to_dict("records"), table.rows, strict=True)
    ]
    return check_parameters(rows, sheet=table.sheet, model=model)


def read_scenario_uncertainty(
    path: Path, model: ParameterCheck | None = None
) -> tuple[UncertainParameter, ...]:
    """The checked parameters of a scenario file's ``[uncertainty]`` table (or none);
    ``model`` checks each row against the inputs (:func:`check_parameters`).

    Two shapes are read: ``[[uncertainty]]`` rows with ``parameter``, ``low``,
    ``high``…, or one ``[uncertainty]`` table of ``"path" = {low = …, high = …}``.

    Raises:
        InputError: the file is not TOML, or a row is bad (each named by position).
    """
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(Problem(f"scenario '{path.name}' cannot be read: {error}")) from None
    table = data.get("uncertainty")
    if table is None:
        return ()
    if not isinstance(table, dict | list):
        raise InputError(Problem(f"scenario '{path.name}': [uncertainty] must be a table"))
    return check_parameters(
        rows_from_mapping(table), sheet=f"{path.name} [uncertainty]", model=model
    )
