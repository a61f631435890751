"""Package resources matched to their unit costs, and the ones that have none, located.

A care package row names a resource; its unit cost comes from the ``unit_costs`` sheet
(or the reference set's). Resources are told apart ignoring case (docs/methodology.md
§8: a unit-costs sheet may not hold ``CBT_session`` and ``cbt_session``). A package
row's resource in other capitals than its unit cost is refused by
``inputs.report_resource_capitals`` (one resource written two ways); matched here
ignoring case, it is not reported a second time as having none. One with no unit cost
is a problem named where the user can fix it: the package row when the packages are
the workbook's own, the workbook's unit_costs sheet when the packages are the
reference set's (a message about a "packages" sheet the workbook does not have would
send the user looking for it; found in review 9a).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.errors import Problem, ProblemCollector
from pbrkit.io.schema import MAX_PROBLEMS_PER_COLUMN, Table


def match_resources(
    packages: pd.DataFrame,
    own_packages: Table | None,
    unit_costs: pd.DataFrame,
    own_unit_costs: Table | None,
    reference_label: str,
    problems: ProblemCollector,
) -> pd.DataFrame:
    """``packages`` with each resource spelled as its unit cost's; problems for the rest.

    ``packages`` is the workbook's own packages frame (``own_packages`` its sheet) or the
    reference set's (``own_packages`` None); ``unit_costs`` is indexed by resource.
    """
    spelled = {str(name).casefold(): name for name in unit_costs.index}
    given = packages["resource"]
    matched = given.map(lambda r: spelled.get(r.casefold()) if isinstance(r, str) else None)
    missing = (matched.isna() & given.notna()).to_numpy(dtype=bool)
    if missing.any():
        if own_packages is not None:
            problems.extend(_own_rows(own_packages, missing, own_unit_costs, reference_label))
        else:
            problems.extend(_reference_rows(packages, missing, own_unit_costs, reference_label))
    return packages.assign(resource=matched.where(~missing, given))


def _own_rows(
    table: Table, missing: np.ndarray, own_unit_costs: Table | None, label: str
) -> list[Problem]:
    """One problem per package row (the first few) whose resource has no unit cost."""
    found = []
    for position in np.flatnonzero(missing)[:MAX_PROBLEMS_PER_COLUMN]:
        resource = table.frame["resource"].iloc[position]
        fix = (
            f"add a row for '{resource}' to sheet '{own_unit_costs.sheet}', or correct the "
            "resource's name"
            if own_unit_costs is not None
            else f"add a unit_costs sheet with a row for '{resource}' (reference set "
            f"{label} has no unit cost for it), or correct the resource's name"
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
                fix=f"add a row for '{resource}' to this sheet, or give a packages sheet "
                "of your own",
            )
        )
    return found
