"""report.xlsx's cluster code sits apart from the cluster's name (left by walk 9).

A cluster code is text (methodology §1: codes are names, `0` to `21`, `PSY_CRI`) but
the numeric ones were written as numbers in a general format, so Excel right-aligned
them against the left-aligned name in the next column: printed, the Clusters sheet read
"0Variance (unable to assign a cluster code)". A code column (any text figure written
as a number) is now left-aligned, as the header above it and a text code are, so the
column's padding lies between code and name.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

BOOK = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_numeric_cluster_codes_are_left_aligned_beside_the_name(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(BOOK), "--out", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out / "report.xlsx")["Clusters"]
    assert [ws.cell(1, c).value for c in (1, 2)] == ["Cluster", "Name"]
    codes = [ws.cell(r, 1) for r in range(2, 6)]
    assert [c.value for c in codes] == [0, 1, 2, 3]  # still numbers: sorting and lookups
    assert all(c.alignment.horizontal == "left" for c in codes), [
        c.alignment.horizontal for c in codes
    ]
    # a figure in the same rows keeps Excel's right alignment of numbers
    people = [h.value for h in ws[1]].index("Service users") + 1
    assert ws.cell(2, people).alignment.horizontal is None
