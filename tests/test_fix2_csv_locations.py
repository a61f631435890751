"""A problem in a CSV input names the file, never a sheet (fix2, item 2).

Found by giving each reader that accepts CSV a bad cell: a caseload CSV said
"sheet 'caseload', row 3", a --profiles CSV "sheet 'profiles', row 3", a --tariff CSV
"file 't.csv', sheet 'tariff'", a folder of CSVs "sheet 'unit_costs'" and a reference
set's own files "sheet 'tariff.csv'". A CSV has no sheets: a user told "sheet
'profiles'" has nothing to look for. Every one now reads "file '<name>.csv', row …".
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import Problem

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "tariffs" / "illustrative-2014-15"
CASELOAD = "cluster,service_users,cluster_days\n1,100,20000\n5,0,300\n"
GOOD = "cluster,service_users,cluster_days\n1,100,20000\n"


def _error(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    return result.output


def test_a_caseload_csv(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(CASELOAD, encoding="utf-8")
    out = _error("cost", str(tmp_path / "c.csv"), "--out", str(tmp_path / "o"))
    assert "Error: file 'c.csv', row 3, column 'cluster_days': " in out
    assert "sheet" not in out.split("Hint")[0]


def test_a_folder_of_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    out = _error("cost", str(folder), "--out", str(tmp_path / "o"))
    assert "file 'book/caseload.csv', row 3, column 'cluster_days'" in out


def test_a_tariff_csv(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "t.csv").write_text("cluster,price,unit\n1,abc,per_day\n", encoding="utf-8")
    out = _error(
        "cost", str(tmp_path / "c.csv"), "--tariff", str(tmp_path / "t.csv"),
        "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert "file 't.csv', row 2, column 'price'" in out
    assert "sheet 'tariff'" not in out


def test_a_profiles_csv(tmp_path: Path) -> None:
    lines = (SET / "profiles.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = "1,1,zz,may"
    (tmp_path / "p.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _error(
        "cluster", str(ROOT / "examples" / "ratings.xlsx"), "--profiles",
        str(tmp_path / "p.csv"), "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert "Error: file 'p.csv', row 3, column 'rating': not a rating 0-4" in out


def test_a_ratings_csv(tmp_path: Path) -> None:
    header = "patient_id," + ",".join([*map(str, range(1, 14)), *"ABCDE"])
    row = "P1," + ",".join(["7", *["0"] * 17])
    (tmp_path / "r.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    out = _error("cluster", str(tmp_path / "r.csv"), "--out", str(tmp_path / "o"))
    assert "file 'r.csv', row 2, column '1': not a rating" in out
    out = _error("validate", str(tmp_path / "r.csv"))
    assert "file 'r.csv', row 2, column '1': not a rating" in out


def test_a_reference_sets_own_files(tmp_path: Path) -> None:
    shutil.copytree(SET, tmp_path / "ref")
    tariff = tmp_path / "ref" / "tariff.csv"
    lines = tariff.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("357.00", "abc")
    tariff.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text(GOOD, encoding="utf-8")
    out = _error(
        "cost", str(tmp_path / "c.csv"), "--reference", str(tmp_path / "ref"),
        "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert "Error: file 'tariff.csv', row 3, column 'price': not a number" in out


def test_a_spreadsheet_still_names_its_sheet() -> None:
    assert Problem("x", sheet="caseload", row=3).location() == "sheet 'caseload', row 3"
    located = Problem("x", sheet="tariff", file="prices.xlsx", row=3).location()
    assert located == "file 'prices.xlsx', sheet 'tariff', row 3"
    assert Problem("x", sheet="tariff", file="prices.CSV").location() == "file 'prices.CSV'"
