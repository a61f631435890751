"""A bidders (lots) sheet with a header and no rows is said to be empty, not missing (fix7,
item 3).

A workbook whose ``bidders`` sheet had its header and no rows (a blank template's) was
described in every output as "No bidders sheet: one bidder, 'Outside provider', ...",
which sends the reader looking for a sheet that is there. The default is still used
(docs/methodology.md §8); the words now say the sheet has no rows.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n4,50,9100\n11,40,14600\n"


def _tender(tmp_path: Path, sheets: dict[str, str]) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    (book / "caseload.csv").write_text(CASELOAD)
    for name, text in sheets.items():
        (book / f"{name}.csv").write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(book), "--draws", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _everywhere(out: Path) -> dict[str, str]:
    book = openpyxl.load_workbook(out / "report.xlsx")
    cells = (c for ws in book for r in ws.iter_rows(values_only=True) for c in r)
    pdf = subprocess.run(["pdftotext", str(out / "summary.pdf"), "-"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    html = (out / "report.html").read_text(encoding="utf-8").replace("&#39;", "'")
    summary = json.loads((out / "summary.json").read_text())
    return {
        "summary.json": " ".join(summary["tender"]["assumed"]),
        "report.html": " ".join(html.split()),
        "report.xlsx": " ".join(str(c) for c in cells if isinstance(c, str)),
        "summary.pdf": " ".join(pdf.split()),
    }


@pytest.mark.parametrize(
    ("sheet", "header", "default"),
    [("bidders", "name,cost_factor\n", "one bidder, 'Outside provider'"),
     ("lots", "name,clusters\n", "one fixed-tariff lot of every cluster")],
)  # fmt: skip
def test_an_empty_sheet_is_said_to_have_no_rows(
    tmp_path: Path, sheet: str, header: str, default: str
) -> None:
    out = _tender(tmp_path, {sheet: header})
    for where, text in _everywhere(out).items():
        assert f"The {sheet} sheet has no rows, so the default was used: {default}" in text, where
        assert f"No {sheet} sheet" not in text, where


def test_a_missing_sheet_is_still_said_to_be_missing(tmp_path: Path) -> None:
    out = _tender(tmp_path, {})
    assert "No bidders sheet: one bidder" in _everywhere(out)["summary.json"]
