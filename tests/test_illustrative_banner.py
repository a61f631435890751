"""The ILLUSTRATIVE banner names what a run took from an unofficial reference set.

A workbook with its own tariff, packages and unit costs is the trust's own figures:
no banner may call them illustrative. One that borrows only the packages and unit
costs gets a banner naming those, not "prices". The banner is the same in
report.html, report.xlsx and summary.pdf, and summary.json's ``reference.used_for``
lists the tables taken from the set.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

CASELOAD = [
    {"cluster": 1, "service_users": 30, "cluster_days": 9_000, "episodes": 30},
    {"cluster": 11, "service_users": 40, "cluster_days": 12_000},
]
TARIFF = [
    {"cluster": 1, "price": 400.0, "unit": "per_episode", "admitted_day_price": 300.0},
    {"cluster": 11, "price": 20.0, "unit": "per_day", "admitted_day_price": 300.0},
]
PACKAGES = [
    {"cluster": 1, "resource": "care_coordination_hour", "quantity": 0.2, "per": "day"},
    {"cluster": 11, "resource": "care_coordination_hour", "quantity": 0.3, "per": "day"},
]
UNIT_COSTS = [{"resource": "care_coordination_hour", "unit_cost": 40.0, "source": "trust ledger"}]


def _run(tmp_path: Path, sheets: dict[str, list[dict[str, Any]]]) -> Path:
    workbook = write_xlsx(tmp_path / "trust.xlsx", sheets)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(workbook), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _banners(out: Path) -> tuple[str, str, str]:
    html = (out / "report.html").read_text(encoding="utf-8")
    sheet = openpyxl.load_workbook(out / "report.xlsx", read_only=True).worksheets[0]
    xlsx = " ".join(str(c) for row in sheet.iter_rows(max_row=6, values_only=True) for c in row)
    pdf = (
        subprocess.run(
            ["pdftotext", str(out / "summary.pdf"), "-"], capture_output=True, text=True
        ).stdout
        if _has_pdftotext()
        else ""
    )
    return html, xlsx, " ".join(pdf.split())


def _has_pdftotext() -> bool:
    try:
        subprocess.run(["pdftotext", "-v"], capture_output=True, check=False)
    except FileNotFoundError:
        return False
    return True


def test_a_workbook_with_all_its_own_figures_gets_no_illustrative_banner(tmp_path: Path) -> None:
    out = _run(
        tmp_path,
        {"caseload": CASELOAD, "tariff": TARIFF, "packages": PACKAGES, "unit_costs": UNIT_COSTS},
    )
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reference"]["used_for"] == []
    html, xlsx, pdf = _banners(out)
    assert "are illustrative, not official" not in html
    assert "illustrative reference set are not official" not in xlsx
    assert "are illustrative, not official" not in pdf


def test_a_workbook_borrowing_packages_names_only_what_it_borrowed(tmp_path: Path) -> None:
    out = _run(tmp_path, {"caseload": CASELOAD, "tariff": TARIFF})
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reference"]["used_for"] == ["packages", "unit_costs"]
    html, xlsx, pdf = _banners(out)
    assert "care packages and unit costs from the <em>illustrative-2014-15</em> set" in html
    assert "tariff prices" not in html.split("</header>")[0]
    assert "Care packages and unit costs from an illustrative reference set" in xlsx
    if pdf:
        assert "care packages and unit costs from the illustrative-2014-15 set" in pdf


def test_the_shipped_example_borrows_everything(tmp_path: Path) -> None:
    out = _run(tmp_path, {"caseload": CASELOAD})
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reference"]["used_for"] == ["tariff", "packages", "unit_costs"]
    html, _, _ = _banners(out)
    assert "tariff prices, care packages and unit costs from the" in html


@pytest.mark.parametrize("status", ["official", "OFFICIAL"])
def test_an_official_set_gets_no_banner(status: str) -> None:
    from pbrkit.model import ReferenceInfo

    info = ReferenceInfo(name="x", status=status, used_for=("tariff",))
    assert info.illustrative_tables() is None


def test_a_partial_tariff_names_the_clusters_it_leaves_out() -> None:
    from pbrkit.model import ReferenceInfo

    info = ReferenceInfo(name="x", status="illustrative", used_for=("tariff_some",))
    assert info.illustrative_tables() == "tariff prices for clusters your tariff leaves out"
    assert ReferenceInfo(name="x", status="illustrative").illustrative_tables() == (
        "prices and care packages"  # a summary.json written before used_for: as before
    )


def test_a_partial_local_tariff_is_named_in_the_banner(tmp_path: Path) -> None:
    # Cluster 11 is not in the trust's tariff: it is priced from the set (a fallback).
    out = _run(
        tmp_path,
        {"caseload": CASELOAD, "tariff": TARIFF[:1], "packages": PACKAGES,
         "unit_costs": UNIT_COSTS},
    )  # fmt: skip
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["reference"]["used_for"] == ["tariff_some"]
    html, _, _ = _banners(out)
    assert "tariff prices for clusters your tariff leaves out from the" in html
