"""``pbrkit reference show NAME --table T`` prints the set's own codes (review4, December 2026).

For the text-coded set illustrative-mhnrg, ``--table tariff`` printed the prices under
codes 1, 2, 3 … (pbrkit's internal keys) instead of PSY_COM, PSY_INP …: a table that
cannot be matched to the set's files, and that, pasted into a workbook as a local
tariff, is refused (1 is no code of the set). Every table now shows the codes as the
set's clusters.csv writes them, in its columns' order.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

SETS = Path(__file__).parents[1] / "tariffs"


def _shown(name: str, table: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["reference", "show", name, "--table", table])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _file(name: str, table: str) -> list[dict[str, str]]:
    text = (SETS / name / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", ["illustrative-mhnrg", "illustrative-2014-15"])
@pytest.mark.parametrize("table", ["tariff", "packages"])
def test_codes_are_the_sets_own(name: str, table: str) -> None:
    shown = _shown(name, table)
    written = _file(name, table)
    # Before: mhnrg's tariff began "1,6570.0,per_year" where the file says "PSY_COM,6570.00".
    assert [row["cluster"] for row in shown] == [row["cluster"] for row in written]
    assert [float(row["price" if table == "tariff" else "quantity"]) for row in shown] == [
        float(row["price" if table == "tariff" else "quantity"]) for row in written
    ]


@pytest.mark.parametrize("name", ["illustrative-mhnrg", "illustrative-2014-15"])
def test_the_clusters_table_shows_each_code(name: str) -> None:
    shown = _shown(name, "clusters")
    written = _file(name, "clusters")
    codes = [row.get("code", row.get("cluster")) for row in shown]
    assert codes == [row["code"] for row in written]


@pytest.mark.parametrize("name", ["illustrative-mhnrg", "illustrative-2014-15"])
@pytest.mark.parametrize("table", ["tariff", "packages", "unit_costs", "clusters"])
def test_every_cell_as_written(name: str, table: str) -> None:
    """fix9: prices as the file writes them: the tariff's "8.00" and "1747.20" were
    printed "8.0" and "1747.2" (read as numbers and written back)."""
    assert _shown(name, table) == _file(name, table)
