"""A problem in a ``--tariff`` file names that file (review4, December 2026).

With ``pbrkit cost caseload.xlsx --tariff prices.csv`` and a bad price in prices.csv,
the message said "row 2, column 'price' ... Hint: correct caseload.xlsx":
the workbook has no such cell (with ``--tariff`` its own tariff sheet is not read), so
the reader was sent to the wrong file. The problem now names the tariff file, and the
hint names both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


@pytest.fixture
def books(tmp_workbook: WorkbookFactory, tmp_path: Path) -> tuple[Path, Path]:
    caseload = tmp_workbook(
        {"caseload": [{"cluster": 1, "service_users": 5, "cluster_days": 420}]},
        name="caseload.xlsx",
    )
    prices = tmp_path / "prices.csv"
    prices.write_text("cluster,price,unit\n1,abc,per_episode\n", encoding="utf-8")
    return caseload, prices


@pytest.mark.parametrize("command", ["cost", "tender"])
def test_a_bad_tariff_file_is_named(books: tuple[Path, Path], tmp_path: Path, command: str) -> None:
    caseload, prices = books
    out = tmp_path / "out"
    args = [command, str(caseload), "--tariff", str(prices), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    # Before: "row 2, column 'price'" and "Hint: correct caseload.xlsx".
    assert "file 'prices.csv', row 2, column 'price'" in result.output
    assert "correct caseload.xlsx" not in result.output
    assert "prices.csv" in result.output.split("Hint:")[1]
    assert not out.exists()


def test_a_bad_caseload_beside_a_good_tariff_file_names_the_workbook(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    caseload = tmp_workbook(
        {"caseload": [{"cluster": 1, "service_users": "five", "cluster_days": 420}]},
        name="caseload.xlsx",
    )
    prices = tmp_path / "prices.csv"
    prices.write_text("cluster,price,unit\n1,357,per_episode\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["cost", str(caseload), "--tariff", str(prices), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    assert "sheet 'caseload', row 2, column 'service_users'" in result.output
    assert "file 'prices.csv'" not in result.output
    assert "correct caseload.xlsx" in result.output


def test_a_cluster_priced_twice_in_the_tariff_file_is_named(
    books: tuple[Path, Path], tmp_path: Path
) -> None:
    caseload, prices = books
    prices.write_text("cluster,price,unit\n1,357,per_episode\n1,400,per_episode\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(caseload), "--tariff", str(prices), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "file 'prices.csv', row 3, column 'cluster'" in result.output
    assert "Hint: correct prices.csv and run again" in result.output
