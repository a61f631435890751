"""A header cell of 10 MB is refused like a 10 MB data cell (review 7).

Found by putting 10,000,000 characters in the `team` header of a copy of
examples/clusters.xlsx (its shared string): data cells over 1,000 characters are
refused ("names, IDs and labels are at most 1,000 characters"), but the header was
matched against the sheet's columns for 17 seconds (normalised 378 times), kept as an
extra column, and written whole into summary.json and report.html (10 MB each).
A header cell over the limit is now refused with its column named, before any
matching; the header search skips such cells in O(1).
"""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io.headers import normalise_header

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def with_header(path: Path, column: str, text: str, sheet: str = "caseload") -> Path:
    book = openpyxl.load_workbook(EXAMPLE)
    book[sheet][f"{column}1"] = text
    book.save(path)
    return path


def test_a_long_header_is_refused_and_nothing_written(tmp_path: Path) -> None:
    book = with_header(tmp_path / "c.xlsx", "A", "t" * 20_000)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    assert result.exit_code == 2
    assert (
        "sheet 'caseload', column 'A': a header of 20,000 characters, more than the limit of 1,000"
    ) in result.stderr
    assert "t" * 1_001 not in result.stderr
    assert not out.exists()


def test_a_long_header_on_a_tender_sheet_is_refused(tmp_path: Path) -> None:
    book = with_header(tmp_path / "c.xlsx", "J", "n" * 5_000, sheet="bidders")
    result = CliRunner().invoke(cli, ["validate", "--for", "tender", str(book)])
    assert result.exit_code == 2
    assert "sheet 'bidders', column 'J': a header of 5,000 characters" in result.stderr


def test_normalising_a_huge_label_is_immediate() -> None:
    started = time.perf_counter()
    assert normalise_header("y" * 10_000_000) == ""
    assert time.perf_counter() - started < 0.5


def test_a_long_header_in_ratings_is_refused(tmp_path: Path) -> None:
    items = [str(n) for n in range(1, 14)] + list("ABCDE")
    header = ["patient_id", *items, "x" * 3_000]
    rows = [header, ["a", *[1] * len(items), "note"]]
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in rows))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cluster", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert "file 'ratings.csv', column 'T': a header of 3,000 characters" in result.stderr
    assert not out.exists()
