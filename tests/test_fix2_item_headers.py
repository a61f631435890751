"""A bad rating names its column as the user's file heads it (fix2, item 3).

Found with a ratings CSV headed "HoNOS 01" … "HoNOS 13" (a common export spelling) and
a 7 under "HoNOS 05": the message said "column '5'", a header the file does not have.
It now says "column 'HoNOS 05'"; a file headed 1-13 is still told "column '5'".
"""

from __future__ import annotations

import pickle
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import Problem, SheetName

ITEMS = [f"HoNOS {n:02d}" for n in range(1, 14)] + [f"SARN {c}" for c in "ABCDE"]


def _ratings(tmp_path: Path, headers: list[str], name: str = "r.csv") -> Path:
    values = ["0"] * 18
    values[4] = "7"  # item 5
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text(
            "patient_id," + ",".join(headers) + "\nP1," + ",".join(values) + "\n",
            encoding="utf-8",
        )
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "ratings"
        sheet.append(["patient_id", *headers])
        sheet.append(["P1", *map(int, values)])
        book.save(path)
    return path


def _error(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    return result.output


def test_cluster_and_validate_name_the_header_as_written(tmp_path: Path) -> None:
    path = _ratings(tmp_path, ITEMS)
    said = "file 'r.csv', row 2, column 'HoNOS 05': not a rating (found '7')"
    assert said in _error("cluster", str(path), "--out", str(tmp_path / "o"))
    assert said in _error("validate", str(path))


def test_a_workbook_too(tmp_path: Path) -> None:
    path = _ratings(tmp_path, ITEMS, "r.xlsx")
    out = _error("cluster", str(path), "--out", str(tmp_path / "o"))
    assert "sheet 'ratings', row 2, column 'HoNOS 05': not a rating" in out


def test_headers_one_to_thirteen_are_named_so(tmp_path: Path) -> None:
    path = _ratings(tmp_path, [*map(str, range(1, 14)), *"ABCDE"])
    out = _error("cluster", str(path), "--out", str(tmp_path / "o"))
    assert "file 'r.csv', row 2, column '5': not a rating" in out


def test_a_sheet_name_with_headers_is_its_name() -> None:
    sheet = SheetName("ratings", {"5": "HoNOS 05"})
    assert sheet == "ratings" and str(sheet) == "ratings"
    assert Problem("x", sheet=sheet, column="5").location() == (
        "sheet 'ratings', column 'HoNOS 05'"
    )
    back = pickle.loads(pickle.dumps(sheet))
    assert back == "ratings" and back.headers == {"5": "HoNOS 05"}
