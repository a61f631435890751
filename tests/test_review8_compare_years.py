"""``pbrkit compare`` of runs over several years says what differs over the years (review 8).

Found comparing two 4-year tenders of our own 300-person workbook that differ only in
the yearly efficiency (``pbrkit tender --scenario A4.toml`` with ``efficiency = 0.011``,
and the same with ``--efficiency 0``): the findings of report.html, report.xlsx and
summary.pdf said "outA4e0: change in NHS surplus -£182k, the same as outA4's -£182k"
and nothing else, though the efficiency acts from year 2 on and the runs' cumulative
NHS surplus to 2027/28 differs by £20k (−£441,553 against −£421,515). The headline
figures are the tender's first year (a costing's input year); the findings said so in
no word and left the years out. They now say which year the headline is, and add the
NHS surplus summed over the years (a costing: its last year's surplus) for each run.

Below: a costing of one cluster-4 caseload row over 3 years, with and without a 2%
deflator; income £I in year 0 either way, × 0.98² = 0.9604 in the last year.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from review8_inputs import patients_folder


def _run(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def test_cost_findings_give_the_input_year_and_the_last(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook({"caseload": [{"cluster": 4, "service_users": 10, "cluster_days": 3000}]})
    flat, deflated, out = tmp_path / "flat", tmp_path / "deflated", tmp_path / "cmp"
    _run(["cost", str(book), "--years", "3", "--inflation", "0.03", "--out", str(flat)])
    _run(["cost", str(book), "--years", "3", "--inflation", "0.03", "--deflator", "0.02",
          "--out", str(deflated)])  # fmt: skip
    _run(["compare", str(flat), str(deflated), "--out", str(out)])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    years = [json.loads((d / "summary.json").read_text(encoding="utf-8"))["projection"]
             for d in (flat, deflated)]  # fmt: skip
    # Same income in year 0; in 2026/27 the deflated run's income is × 0.9604.
    assert years[1][2]["income"] == years[0][2]["income"] * 0.98**2
    page = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    assert "deflated: surplus in 2024/25 (the input year)" in page
    assert "deflated: surplus in 2026/27" in page
    assert summary["headline"][0]["figure"] == "income"


def _two_tenders(tmp_path: Path) -> list[Path]:
    """Three-year tenders without and with a 10% yearly efficiency: 'flat', 'lean'."""
    folder = patients_folder(tmp_path)
    runs = []
    for name, rate in (("flat", "0%"), ("lean", "10%")):
        runs.append(tmp_path / name)
        _run(["tender", str(folder), "--years", "3", "--efficiency", rate, "--out", str(runs[-1])])
    return runs


def test_tender_findings_add_the_years_total(tmp_path: Path) -> None:
    runs = _two_tenders(tmp_path)
    out = tmp_path / "cmp"
    _run(["compare", *map(str, runs), "--out", str(out)])
    page = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    # Year 1 is the same tender (efficiency acts from year 2): "the same as" there.
    assert "lean: change in NHS surplus in 2024/25 (the first year)" in page
    assert "lean: NHS surplus summed over the years to 2026/27" in page


def test_the_terminal_gives_the_first_year_and_the_years_total(tmp_path: Path) -> None:
    runs = _two_tenders(tmp_path)
    result = CliRunner().invoke(cli, ["compare", *map(str, runs), "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "Change in NHS surplus (2024/25): flat" in result.output
    assert "NHS surplus summed over the years to 2026/27: flat" in result.output
