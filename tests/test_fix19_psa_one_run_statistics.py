"""fix19: a PSA of one run listed four equal statistics per figure.

fix11 gave a one-run PSA's headline one value, "…, its only run", and the sentence "one
run gives no range" (docs/uncertainty.md: a single run can say what the figure is in
that run, not where runs fall). The per-figure tables below it still listed the mean,
5th percentile, median and 95th percentile, four copies of the run's value reading as
a range (report.xlsx's Uncertainty sheet, report.html; ``pbrkit cost --psa 1`` alike).
They now give one row (one column in the costing's table), "Its only run", beside the
run with every parameter at its median. Both tests failed on the old code.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from click.testing import CliRunner

from pbrkit.cli import cli
from test_fix7_psa_few_runs_tile import _psa


def _sheet_rows(path: Path, sheet: str) -> list[list[object]]:
    book = openpyxl.load_workbook(path)
    return [[c for c in row if c is not None] for row in book[sheet].iter_rows(values_only=True)]


def test_a_tender_psa_of_one_run_lists_its_only_run_not_four_statistics(
    tmp_path: Path,
) -> None:
    out, _ = _psa(tmp_path, 1)
    (run,) = pd.read_parquet(out / "psa.parquet").to_dict(orient="records")
    rows = _sheet_rows(out / "report.xlsx", "Uncertainty")
    labels = [row[0] for row in rows if row]
    for statistic in ("Mean", "5th percentile", "Median", "95th percentile"):
        assert statistic not in labels, statistic
    only = [row for row in rows if row and row[0] == "Its only run"]
    assert len(only) == 4  # one row in each of the four groups' tables
    # the first group's first figure is the NHS surplus before: the run's value
    assert only[0][1] == run["nhs_surplus_before"]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Its only run" in html
    assert ">5th percentile<" not in html


def test_a_costing_psa_of_one_run_has_one_column(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(
        "cluster,service_users,cluster_days\n4,10,1000\n11,5,1825\n", encoding="utf-8"
    )
    ranges = tmp_path / "uncertainty.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.5,1.5\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["cost", str(folder), "--psa", "1", "--uncertainty", str(ranges), "--workers", "1",
         "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = _sheet_rows(out / "report.xlsx", "Uncertainty")
    header = next(row for row in rows if row and row[0] == "Figure")
    assert "5th percentile £" not in header and "Mean £" not in header, header
    assert "Its only run £" in header, header


def test_a_psa_of_one_run_draws_no_distribution(tmp_path: Path) -> None:
    # "Every 5th percentile over the runs" of one run: 21 rows of the same two values and
    # a flat chart, the same claim as four equal statistics. Two runs keep it (a range).
    out, _ = _psa(tmp_path, 1)
    assert "Every 5th percentile over the runs" not in _sheet_text(out / "report.xlsx")
    assert "Every 5th percentile over the runs" not in (out / "report.html").read_text("utf-8")
    (tmp_path / "two").mkdir()
    two, _ = _psa(tmp_path / "two", 2)
    assert "Every 5th percentile over the runs" in _sheet_text(two / "report.xlsx")


def _sheet_text(path: Path) -> str:
    return " ".join(str(c) for row in _sheet_rows(path, "Uncertainty") for c in row)
