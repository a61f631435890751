"""A comparison says why a difference need not equal the difference of the shown
values (left8, item 5).

``pbrkit compare`` showed a casemix index of 1.02 for one run and 1.38 for the other
and their difference as 0.35: each is the exact figure rounded on its own (1.0249,
1.3751, 0.3502), where a reader subtracting the shown values gets 0.36. The difference
is documented as the exact later − first to six places, a formula in report.xlsx
(docs/methodology.md §11), so it is kept; every output that shows the differences now
says they are rounded on their own. This test failed on the old code.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.reports.document import Comparison, ComparisonRow
from pbrkit.reports.layouts.compare import ROUNDING_NOTE

CASELOAD = [
    {"cluster": 4, "service_users": 50, "cluster_days": 9_100, "admitted_days": 0},
    {"cluster": 11, "service_users": 40, "cluster_days": 14_600, "admitted_days": 0},
]


def test_the_difference_is_the_exact_one_as_documented() -> None:
    row = ComparisonRow("casemix_index", "Casemix index", (1.0249, 1.3751))
    block = Comparison("headline", None, ("a", "b"), (row,))
    # 1.3751 − 1.0249 = 0.3502, shown 0.35 beside 1.38 and 1.02.
    assert block.difference(row, 1) == 0.3502


def test_every_format_says_the_differences_are_rounded_on_their_own(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "small.xlsx", {"caseload": CASELOAD})
    runs = tmp_path / "base", tmp_path / "mff"
    for out, mff in zip(runs, ("1", "1.05"), strict=True):
        result = CliRunner().invoke(cli, ["cost", str(book), "--mff", mff, "--out", str(out)])
        assert result.exit_code == 0, result.output
    out = tmp_path / "compared"
    args = ["compare", *map(str, runs), "--names", "base,mff", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "rounded on its own" in ROUNDING_NOTE
    html = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    assert ROUNDING_NOTE in html
    book_cells = [
        c for ws in openpyxl.load_workbook(out / "report.xlsx")
        for r in ws.iter_rows(values_only=True) for c in r
    ]  # fmt: skip
    assert ROUNDING_NOTE in book_cells
