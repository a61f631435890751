"""Package resources matched to their unit costs, and the ones that have none, located.

A care package row names a resource; its unit cost comes from the ``unit_costs`` sheet
(or the reference set's). Resources are matched exactly. One written in other capitals
than its unit cost (``nurse_hour`` beside ``Nurse_Hour``) is one resource written two
ways (a unit-costs sheet may not hold both: docs/methodology.md §8): it is named so,
at the row that wrote it (the package row; or, when the packages are the reference
set's, the unit_costs row), and not a second time as having no unit cost. One with no
unit cost in any capitals is a problem named where the user can fix it: the package
row when the packages are the workbook's own, the workbook's unit_costs sheet when the
packages are the reference set's (a message about a "packages" sheet the workbook does
not have would send the user looking for it; found in review 9a). The cost and tender
readers both call :func:`match_resources` (fixleft: the two readers had twin matchers,
one folding case, one refusing case-only differences).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pbrkit.errors import Problem, ProblemCollector, file_of, place
from pbrkit.io.schema import MAX_PROBLEMS_PER_COLUMN, Table, differs_in_capitals


def match_resources(
    packages: pd.DataFrame,
    own_packages: Table | None,
    unit_costs: pd.DataFrame,
    own_unit_costs: Table | None,
    reference_label: str,
    problems: ProblemCollector,
    *,
    unpriced: bool = True,
) -> None:
    """A problem for each package resource without an exactly spelled unit cost.

    ``packages`` is the workbook's own packages frame (``own_packages`` its sheet) or the
    reference set's (``own_packages`` None); ``unit_costs`` is indexed by resource.
    ``unpriced``: name a resource with no unit cost in any capitals too (False for a
    tender, where an unpriced package is an error only for a patient without a cost of
    their own, which the population reports).
    """
    priced = {str(name) for name in unit_costs.index}
    given = packages["resource"]
    missing = (~given.isin(priced) & given.notna()).to_numpy(dtype=bool)
    if not missing.any():
        return
    folded: dict[str, str] = {}
    for name in unit_costs.index:  # the first spelling of each, as the first row is kept
        folded.setdefault(str(name).casefold(), str(name))
    in_capitals = np.array(
        [bool(m) and isinstance(r, str) and r.casefold() in folded
         for r, m in zip(given, missing, strict=True)]
    )  # fmt: skip
    if own_packages is not None:
        problems.extend(_package_capitals(own_packages, in_capitals, folded, own_unit_costs))
        if unpriced:
            problems.extend(_own_rows(own_packages, missing & ~in_capitals, own_unit_costs,
                                      reference_label))  # fmt: skip
        return
    if own_unit_costs is not None:
        spelled = {str(r) for r in given[missing & in_capitals]}
        problems.extend(_unit_cost_capitals(own_unit_costs, spelled))
    if unpriced:
        problems.extend(
            _reference_rows(packages, missing & ~in_capitals, own_unit_costs, reference_label)
        )


def _package_capitals(
    table: Table, rows: np.ndarray, folded: dict[str, str], own_unit_costs: Table | None
) -> list[Problem]:
    """Package rows whose resource is priced only under other capitals."""
    where: dict[str, str] = {}
    if own_unit_costs is not None:
        for name, row in zip(own_unit_costs.frame["resource"], own_unit_costs.rows, strict=True):
            if pd.notna(name):
                where.setdefault(str(name), f"on row {row} of {place(own_unit_costs.sheet)}")
    found = []
    for position in np.flatnonzero(rows)[:MAX_PROBLEMS_PER_COLUMN]:
        value = table.frame["resource"].iloc[position]
        other = folded[value.casefold()]
        said = where.get(other, "in the reference set's unit costs")
        found.append(_capitals(value, other, said, table, int(table.rows[position]),
                               "the unit costs"))  # fmt: skip
    return found


def _unit_cost_capitals(table: Table, unpriced: set[str]) -> list[Problem]:
    """Rows of the workbook's unit_costs sheet pricing, under other capitals, a resource
    the reference set's packages use (the sheet replaces the reference set's costs)."""
    spelled = {name.casefold(): name for name in sorted(unpriced)}
    found: list[Problem] = []
    for value, row in zip(table.frame["resource"], table.rows, strict=True):
        other = spelled.get(value.casefold()) if isinstance(value, str) else None
        if other is None or len(found) == MAX_PROBLEMS_PER_COLUMN:
            continue
        found.append(_capitals(value, other, "in the reference set's packages", table,
                               int(row), "the packages"))  # fmt: skip
    return found


def _capitals(value: str, other: str, where: str, table: Table, row: int, side: str) -> Problem:
    return Problem(
        differs_in_capitals("resource", f"'{value}'", other, where),
        sheet=table.sheet,
        row=row,
        column="resource",
        fix=f"write it '{other}', as {side} do",
    )


def _own_rows(
    table: Table, missing: np.ndarray, own_unit_costs: Table | None, label: str
) -> list[Problem]:
    """One problem per package row (the first few) whose resource has no unit cost."""
    found = []
    for position in np.flatnonzero(missing)[:MAX_PROBLEMS_PER_COLUMN]:
        resource = table.frame["resource"].iloc[position]
        fix = (
            f"add a row for '{resource}' to {place(own_unit_costs.sheet)}, or correct the "
            "resource's name"
            if own_unit_costs is not None
            else f"add {_new_table('unit_costs', table)} with a row for '{resource}' "
            f"(reference set {label} has no unit cost for it), or correct the resource's name"
        )
        found.append(
            Problem(
                "package resource has no unit cost",
                sheet=table.sheet,
                row=int(table.rows[position]),
                column="resource",
                value=resource,
                expected="a resource listed in the unit costs",
                fix=fix,
            )
        )
    return found


def _reference_rows(
    packages: pd.DataFrame, missing: np.ndarray, own_unit_costs: Table | None, label: str
) -> list[Problem]:
    """One problem per resource of the reference set's packages that the workbook's own
    unit_costs sheet does not price (it replaces the reference set's unit costs)."""
    rows = packages.loc[missing]
    found = []
    for resource, group in rows.groupby("resource", sort=True):
        used_by = sorted(set(group["cluster"].tolist()))
        codes = ", ".join(str(c) for c in used_by)
        noun = "cluster" if len(used_by) == 1 else "clusters"
        found.append(
            Problem(
                f"reference set {label}'s care packages use resource '{resource}' "
                f"({noun} {codes}), which has no unit cost here",
                sheet=None if own_unit_costs is None else own_unit_costs.sheet,
                column="resource",
                expected="a unit cost for every resource the care packages use",
                fix=f"add a row for '{resource}' to {_this(own_unit_costs)}, or give "
                f"{_new_table('packages', own_unit_costs, own=True)}",
            )
        )
    return found


def _this(table: Table | None) -> str:
    """The sheet a problem is in, as its fix text says it: "this sheet", or "this file"
    when the sheet is a CSV file (a folder of CSVs has files, not sheets)."""
    return "this sheet" if table is None or file_of(table.sheet) is None else "this file"


def _new_table(name: str, beside: Table | None, *, own: bool = False) -> str:
    """A table to add to the input ``beside`` came from, as the user adds one: "a
    unit_costs sheet" to a workbook, "a file unit_costs.csv in folder 'book'" to a
    folder of CSVs (``own``: "... of your own", where the sentence can say it)."""
    mine = " of your own" if own else ""
    file = None if beside is None else file_of(beside.sheet)
    if file is None:
        return f"a {name} sheet{mine}"
    return f"a file {name}.csv{mine} in folder '{Path(file).parent}'"
