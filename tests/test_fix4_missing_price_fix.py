"""A missing price's fix text says where this input can take the price (fix4, item 2).

Found running ``pbrkit cost`` with a copy of the shipped reference set that has no price
for cluster 3, on a caseload with 2 people in cluster 3: every input was told "Fix: add
a price for cluster 3 (a tariff sheet in the workbook, or --tariff FILE)". A lone CSV
has no workbook to add a sheet to; a folder of CSVs adds a file tariff.csv; an input
that has a tariff already (its own sheet or file, or --tariff) needs a row in it. The
fix text is now made where the input is read (io.inputs), which knows which it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n3,2,364\n"
OTHER_PRICE = "cluster,price,unit\n4,100,per_day\n"


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """The shipped reference set without cluster 3's price."""
    folder = tmp_path / "ref"
    folder.mkdir()
    source = Path(__file__).parents[1] / "tariffs" / "illustrative-2014-15"
    for file in source.iterdir():
        text = file.read_text(encoding="utf-8")
        if file.name == "tariff.csv":
            text = "".join(line for line in text.splitlines(True) if not line.startswith("3,"))
        (folder / file.name).write_text(text, encoding="utf-8")
    return folder


def _fix(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, ["validate", *map(str, args)])
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "cluster 3 has activity but no price" in out
    return out.split("Fix: ")[1].split(" Hint:")[0]


def test_a_lone_csv(tmp_path: Path, reference: Path) -> None:
    (tmp_path / "c.csv").write_text(CASELOAD, encoding="utf-8")
    fix = _fix(tmp_path / "c.csv", "--reference", reference)
    assert fix == (
        "add a price for cluster 3 (with --tariff FILE, a table with columns cluster, "
        "price, unit), correct this row's cluster, or leave its activity out"
    )


def test_a_folder_of_csvs(tmp_path: Path, reference: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    fix = _fix(folder, "--reference", reference)
    assert fix == (
        "add a price for cluster 3 (a file tariff.csv in folder 'book', or --tariff FILE), "
        "correct this row's cluster, or leave its activity out"
    )
    (folder / "tariff.csv").write_text(OTHER_PRICE, encoding="utf-8")
    fix = _fix(folder, "--reference", reference)
    assert fix == (
        "add a price for cluster 3 to file 'book/tariff.csv', "
        "correct this row's cluster, or leave its activity out"
    )


def test_a_tariff_file(tmp_path: Path, reference: Path) -> None:
    (tmp_path / "c.csv").write_text(CASELOAD, encoding="utf-8")
    (tmp_path / "t.csv").write_text(OTHER_PRICE, encoding="utf-8")
    fix = _fix(tmp_path / "c.csv", "--reference", reference, "--tariff", tmp_path / "t.csv")
    assert fix == (
        "add a price for cluster 3 to file 't.csv', correct this row's cluster, "
        "or leave its activity out"
    )


def test_a_workbook(tmp_workbook: WorkbookFactory, reference: Path) -> None:
    row = {"cluster": 3, "service_users": 2, "cluster_days": 364}
    fix = _fix(tmp_workbook({"caseload": [row]}), "--reference", reference)
    assert fix == (
        "add a price for cluster 3 (a tariff sheet in the workbook, or --tariff FILE), "
        "correct this row's cluster, or leave its activity out"
    )
    price = {"cluster": 4, "price": 100, "unit": "per_day"}
    fix = _fix(
        tmp_workbook({"caseload": [row], "tariff": [price]}, "b.xlsx"), "--reference", reference
    )
    assert fix == (
        "add a price for cluster 3 to sheet 'tariff' of b.xlsx, correct this row's cluster, "
        "or leave its activity out"
    )
