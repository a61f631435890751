"""One path finds a name used twice, exactly or in other capitals (fix9b, item 2).

Repeats were found two ways: io.schema.report_repeats (tariff clusters, unit-cost
resources) and tender_inputs._repeated_name (bidder and lot names), worded apart:
"cluster 3 appears more than once" (no word of the row it repeats) against "bidder
name 'Acme' is used twice (first on row 2)" ("twice" even for a third copy). Now
report_repeats serves both, and every repeat names the row it repeats; a case-only
variant says "only in capitals (one ... written two ways)" everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.errors import ProblemCollector
from pbrkit.io.schema import Table, report_repeats

SRC = Path(__file__).resolve().parents[1] / "src" / "pbrkit"


def _validate(path: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["validate", str(path), *args])


def _table(values: list[object]) -> Table:
    frame = pd.DataFrame({"name": values})
    return Table("bidders", frame, np.arange(2, 2 + len(values), dtype=np.int64))


def test_each_repeat_names_the_first_row_and_the_positions_are_returned() -> None:
    problems = ProblemCollector()
    # rows 2..6: Acme, Best, acme, Acme, blank -> row 4 differs from row 2 in capitals,
    # row 5 repeats row 2 exactly; the blank is no name.
    table = _table(["Acme", "Best", "acme", "Acme", np.nan])
    at = report_repeats(
        table, "name", problems, fix="give each its own name", ignore_case=True, label="bidder"
    )
    assert list(at) == [2, 3]
    assert [p.message for p in problems.problems] == [
        "bidder 'acme' differs from 'Acme' on row 2 only in capitals (one bidder written two ways)",
        "bidder 'Acme' appears more than once (first on row 2)",
    ]
    assert [p.row for p in problems.problems] == [4, 5]


def test_a_third_copy_is_not_called_twice(tmp_path: Path) -> None:
    rows = [["name", "cost_factor"], ["Acme", 0.9], ["Acme", 0.8], ["Acme", 0.7]]
    result = _validate(write_xlsx(tmp_path / "t.xlsx", {"bidders": rows}), "--for", "tender")
    assert result.exit_code == 2, result.output
    assert "used twice" not in result.stderr
    for row in (3, 4):
        assert (
            f"row {row}, column 'name': bidder name 'Acme' appears more than once (first on row 2)"
        ) in result.stderr


def test_a_repeated_resource_is_quoted_and_names_its_first_row(tmp_path: Path) -> None:
    sheets = {
        "caseload": [["cluster", "service_users", "cluster_days"], [1, 10, 840]],
        "packages": [["cluster", "resource", "quantity", "per"], [1, "nurse_hour", 2, "week"]],
        "unit_costs": [["resource", "unit_cost"], ["nurse_hour", 30], ["nurse_hour", 45]],
    }
    result = _validate(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert result.exit_code == 2, result.output
    assert (
        "sheet 'unit_costs', row 3, column 'resource': resource 'nurse_hour' appears more "
        "than once (first on row 2)"
    ) in result.stderr


def test_only_report_repeats_words_a_repeat() -> None:
    words = ("is used twice", "appears more than once (first", "only in capitals (one")
    builders = sorted(
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if any(w in path.read_text(encoding="utf-8") for w in words)
    )
    assert builders == ["io/schema.py"]
