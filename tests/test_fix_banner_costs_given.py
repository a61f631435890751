"""The ILLUSTRATIVE banner names only what the run took from the set (round 12, fix 3).

A tender on patient rows whose every patient has a ``cost`` prices income from the
reference set's tariff, and takes nothing else from the set but the inpatient bed-day
unit cost, which counts the people who cost less than their own bed days (methodology
§6.1; no one's cost is modelled, so no care package is costed). The banner said
"tariff prices, care packages and unit costs" in report.html, report.xlsx and
summary.pdf, and summary.json's ``reference.used_for`` listed packages and unit costs.
Now each says "tariff prices and the inpatient bed-day unit cost (…)"; a patient
without a cost still brings packages and unit costs back.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

CLUSTERS = (1, 4, 11, 14)


def patients(costs: bool | None) -> list[dict[str, object]]:
    """Eight patients; cluster 14's have 30 admitted days each. ``costs``: every
    patient's cost given (True), the last one's blank (None)."""
    rows: list[dict[str, object]] = []
    for i in range(8):
        cluster = CLUSTERS[i % 4]
        row: dict[str, object] = {"patient_id": f"p{i}", "cluster": cluster, "days": 300,
                                  "admitted_days": 30 if cluster == 14 else 0,
                                  "cost": 5_000 + 100 * i}  # fmt: skip
        rows.append(row)
    if costs is None:
        rows[-1]["cost"] = None
    return rows


def tender(tmp_path: Path, costs: bool | None) -> Path:
    from conftest import write_xlsx

    book = write_xlsx(tmp_path / "patients.xlsx", {"patients": patients(costs)})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def pdf_words(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    return " ".join(text.split())


def test_every_cost_given_the_banner_names_tariff_and_bed_day_only(tmp_path: Path) -> None:
    out = tender(tmp_path, costs=True)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["reference"]["used_for"] == ["tariff", "bed_day"]
    assert summary["sources"]["packages"].startswith("not used")
    words = "tariff prices and the inpatient bed-day unit cost"
    html = " ".join((out / "report.html").read_text().split())
    assert f"{words} (used only to count people" in html
    assert "care packages and unit costs" not in html
    with zipfile.ZipFile(out / "report.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "Tariff prices and the inpatient bed-day unit cost" in strings
    assert "care packages and unit costs" not in strings
    page = pdf_words(out / "summary.pdf")
    assert words in page
    assert "care packages and unit costs" not in page


@pytest.mark.parametrize("costs", [None])
def test_a_patient_without_a_cost_brings_the_packages_back(
    tmp_path: Path, costs: bool | None
) -> None:
    # The last patient's cost is modelled from the set's care package and unit costs.
    out = tender(tmp_path, costs=costs)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["reference"]["used_for"] == ["tariff", "packages", "unit_costs"]
    assert "tariff prices, care packages and unit costs" in (out / "report.html").read_text()
