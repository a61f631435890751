"""report.xlsx recalculated gives no figure where summary.json has none (review5,
December 2026).

A spreadsheet reads an empty cell as 0 and text as greater than any number, so:

* a cluster of one patient (no sample SD) showed a CV of 0 once recalculated, where
  summary.json has none;
* a cluster whose patients all cost £0 (no CV) was flagged "yes", CV above the
  threshold, since "" > 1 is true in Excel and LibreOffice;
* the Summary's "Cohen's kappa (superclass)", pointing at the blank kappa of an audit
  whose chance agreement is 1, showed 0: "no agreement beyond chance" for a kappa that
  is not defined.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from recalc import find_soffice, recalc_formulas, recalc_libreoffice

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
# Item 1 rated 0 must be cluster 1, rated 2 is expected in cluster 2 (a two-cluster grid).
GRID = "cluster,item,rating,band\n1,1,0,must\n2,1,2,expected\n"
# patient, item 1, clinician's cluster, cost. Every cluster here is non-psychotic, so
# both superclass margins are the whole audit: p_e = 1 and the superclass kappa is not
# defined.
PATIENTS = [
    ("P1", 0, 1, 0),  # cluster 1: two patients at £0, mean 0, no CV
    ("P2", 2, 1, 0),
    ("P3", 2, 2, 300),  # cluster 2: one patient, no SD, no CV
]


@pytest.fixture
def report(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    lines = [",".join(["patient_id", *ITEMS, "cluster", "cost"])]
    for patient, item1, cluster, cost in PATIENTS:
        lines.append(",".join([patient, str(item1), *["0"] * 17, str(cluster), str(cost)]))
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "grid.csv").write_text(GRID, encoding="utf-8")
    out = tmp_path / "out"
    args = ["cluster", str(ratings), "--profiles", str(tmp_path / "grid.csv")]
    result = CliRunner().invoke(cli, [*args, "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return out / "report.xlsx", json.loads(result.stdout)["allocation"]


def _rows(path: Path) -> dict[str, dict[str, str]]:
    """Sheet → {label in column A or cluster: the row number}, from the written file."""
    book = openpyxl.load_workbook(path)
    found: dict[str, dict[str, str]] = {}
    for sheet in ("Summary", "Homogeneity"):
        found[sheet] = {str(r[0].value): str(r[0].row) for r in book[sheet].iter_rows()}
    return found


def _check(values: dict[str, dict[str, object]], rows: dict[str, dict[str, str]]) -> None:
    homogeneity = values["Homogeneity"]
    one, two = rows["Homogeneity"]["1"], rows["Homogeneity"]["2"]
    # Cluster 1: mean £0, so CV = SD ÷ 0 is blank, and blank is not above 1.
    assert homogeneity.get(f"F{one}") in (None, "")
    assert homogeneity[f"K{one}"] == "no"  # before: "yes"
    # Cluster 2: one patient, SD blank, so CV blank (before: 0 ÷ 300 = 0).
    assert homogeneity.get(f"F{two}") in (None, "")
    assert homogeneity[f"K{two}"] == "no"
    # Summary: the superclass kappa is blank, as in summary.json (before: 0).
    kappa = rows["Summary"]["Cohen's kappa (superclass)"]
    assert values["Summary"].get(f"B{kappa}") in (None, "")


def test_the_json_has_no_cv_and_no_superclass_kappa(report: tuple[Path, dict]) -> None:
    _, summary = report
    assert summary["superclass_kappa"] is None
    clusters = {c["cluster"]: c for c in summary["homogeneity"]["clusters"]}  # type: ignore[index]
    assert clusters[1]["cv"] is None and clusters[1]["high_cv"] is False
    assert clusters[2]["sd"] is None and clusters[2]["cv"] is None


def test_the_formulas_package_agrees(report: tuple[Path, dict]) -> None:
    path, _ = report
    _check(recalc_formulas(path), _rows(path))


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_agrees(report: tuple[Path, dict], tmp_path: Path) -> None:
    path, _ = report
    values, _conversion = recalc_libreoffice(path, tmp_path / "recalc")
    _check(values, _rows(path))


def test_the_summary_says_not_defined_in_words(report: tuple[Path, dict]) -> None:
    path, _ = report
    sentences = [str(c.value) for c in openpyxl.load_workbook(path)["Summary"]["A"] if c.value]
    agreement = next(s for s in sentences if s.startswith("For the 3 patients"))
    # Before: "kappa nan (not defined)".
    assert "nan" not in agreement
    assert "kappa not defined (chance agreement is 100%)" in agreement
    html = (path.parent / "report.html").read_text(encoding="utf-8")
    assert "kappa nan" not in html
