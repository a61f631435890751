"""The ILLUSTRATIVE banner's verb agrees with what it names (review 5).

Found running ``pbrkit tender`` on patient rows that all give their cost and a tariff
sheet: the only table taken from the illustrative set is the bed-day unit cost, and
report.xlsx said "The inpatient bed-day unit cost (...) from an illustrative reference
set are not official figures" (report.html and summary.pdf: "... set are illustrative,
not official figures"). One thing now "is" ("not an official figure"); several "are".
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.model import ReferenceInfo

PATIENTS = [
    {"patient_id": "a1", "cluster": 1, "days": 100, "cost": 500},
    {"patient_id": "b1", "cluster": 2, "days": 100, "cost": 1000},
]
TARIFF = [
    {"cluster": 1, "price": 10, "unit": "per_day"},
    {"cluster": 2, "price": 20, "unit": "per_day"},
]
SINGULAR = "is illustrative, not an official figure"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text))


def test_the_bed_day_alone_is_one_figure(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook({"patients": PATIENTS, "tariff": TARIFF})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    cell = openpyxl.load_workbook(out / "report.xlsx").worksheets[0]["A4"].value
    assert cell.startswith("The inpatient bed-day unit cost")
    assert cell.endswith("from an illustrative reference set is not an official figure.")
    html = _flat((out / "report.html").read_text("utf-8"))
    assert f"illustrative-2014-15 set {SINGULAR}" in html
    pdf = subprocess.run(
        ["pdftotext", "-raw", str(out / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert f"set {SINGULAR}" in _flat(pdf)


def test_several_tables_are_figures() -> None:
    several = ReferenceInfo(name="s", status="illustrative", used_for=("tariff", "packages"))
    assert several.illustrative_agreement() == ("are", "official figures")
    one = ReferenceInfo(name="s", status="illustrative", used_for=("bed_day",))
    assert one.illustrative_agreement() == ("is", "an official figure")
