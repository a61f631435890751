"""A row of ratings below the header is not taken for the header (fix4, item 4).

Found running ``pbrkit cluster r.csv`` on ``patient_id,HoNOS 1,HoNOS 2,HoNOS 3`` with a
second data row ``B,1,1,1``: the header search counted item names with repeats, so
that row (B, 1, 1, 1: four "items") beat the real header (three) and the user was told
"columns B '1' and C '1' both name '1'", "no patient ID column" and items 2 and 3
missing, all about a data row. Item names are now counted once each per row ({B, 1}:
two), so the real header is found and the problems are about it: items 4-13 and A-E
missing. A header with every item is found as before.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io.ratings import _header_search


def test_a_data_row_of_repeated_ratings(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("patient_id,HoNOS 1,HoNOS 2,HoNOS 3\nA,0,4,2\nB,1,1,1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "MHCT item columns missing: 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, A, B, C, D, E" in out
    assert "both name" not in out
    assert "no patient ID column" not in out


def test_the_header_row_is_counted_by_distinct_items() -> None:
    top = [["title"], ["patient_id", "HoNOS 1", "HoNOS 2", "HoNOS 3"], ["B", 1, 1, 1]]
    assert _header_search(top) == (1, False)
