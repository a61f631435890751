"""`refuse_one_group` caps its problems with `ProblemCollector.add_each`, as every
other per-cell check does, with the same messages (fix2, item 8).

Pinned here: 23 one-group cells ('1.234') in one column of a semicolon CSV give the
first 20 one by one (rows 2-21) and then "3 more cells … (up to row 24)": 23 - 20 = 3,
and the 23rd cell is on row 23 + 1 (the header is row 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.errors import ProblemCollector
from pbrkit.io.schema import MAX_PROBLEMS_PER_COLUMN, refuse_one_group


def test_the_first_twenty_then_a_count() -> None:
    cells = pd.Series(["1.234"] * 23 + ["12"])
    rows = np.arange(2, 26, dtype=np.int64)
    problems = ProblemCollector()
    kept = refuse_one_group(cells, "cluster_days", "a number", "caseload", rows, problems)
    found = problems.problems
    assert MAX_PROBLEMS_PER_COLUMN == 20 and len(found) == 21
    assert str(found[0]) == (
        "sheet 'caseload', row 2, column 'cluster_days': in a file separated by semicolons "
        "a dot or comma may group thousands or mark decimals, so this could be a thousand "
        "and more or a decimal (found '1.234'); expected a number. Fix: write a whole "
        "number without a separator (1234), or a decimal with a point and other than three "
        "places (1.2340)"
    )
    assert found[19].row == 21
    assert str(found[20]) == (
        "sheet 'caseload', column 'cluster_days': 3 more cells in this column could be "
        "thousands or decimals (up to row 24); expected a number"
    )
    assert kept.isna().sum() == 23 and kept.iloc[-1] == "12"


def test_none_grouped_no_problem() -> None:
    problems = ProblemCollector()
    refuse_one_group(pd.Series(["12", "1.5"]), "x", "a number", "s",
                     np.array([2, 3], dtype=np.int64), problems)  # fmt: skip
    assert not problems
