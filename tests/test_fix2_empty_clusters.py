"""A cost run's count of clusters says how many are empty (fix2, item 1).

Found by costing a caseload with a row for cluster 5 holding 0 service users and 0
cluster days: every output said "Across 7 care clusters, 360 service users …" (and the
terminal "7 care clusters, …"), counting a cluster nobody was in as if it had people.
The clusters table lists all 7 rows, so a finance reader checking the count against
the table expects 7; the sentence now says how many of them are empty, the same words
in report.html, report.xlsx, summary.pdf and on the terminal.

Hand-worked: rows 1, 2, 3, 4, 11, 12 have 100 + 80 + 60 + 50 + 40 + 30 = 360 people,
row 5 has 0 → "7 care clusters (1 of them empty), 360 service users".
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.cli.headline import cost_headline

CASELOAD = """cluster,service_users,cluster_days
1,100,20000
2,80,15000
3,60,12000
4,50,10000
5,0,0
11,40,9000
12,30,8000
"""
SAID = "7 care clusters (1 of them empty), 360 service users"


def _run(tmp_path: Path, caseload: str = CASELOAD) -> Path:
    source = tmp_path / "caseload.csv"
    source.write_text(caseload, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_every_format_says_one_cluster_is_empty(tmp_path: Path) -> None:
    out = _run(tmp_path)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"Across {SAID} bring in" in html
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    cells = [c for row in book["Summary"].iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and c.startswith(f"Across {SAID} bring in") for c in cells)
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(out / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "(1 of them empty)" in " ".join(pdf.split())


def test_the_terminal_line_says_it_too(tmp_path: Path) -> None:
    source = tmp_path / "caseload.csv"
    source.write_text(CASELOAD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["cost", str(source), "--out", str(tmp_path / "o")])
    assert f"  {SAID}, 74,000 cluster days" in result.output


def test_no_empty_cluster_no_words(tmp_path: Path) -> None:
    caseload = CASELOAD.replace("5,0,0\n", "")
    source = tmp_path / "caseload.csv"
    source.write_text(caseload, encoding="utf-8")
    result = CliRunner().invoke(cli, ["cost", str(source), "--out", str(tmp_path / "o")])
    assert "  6 care clusters, 360 service users" in result.output
    assert "of them empty" not in result.output


def test_rows_without_counts_are_not_empty() -> None:
    # A published run hides small counts (null): a hidden count is not a known 0.
    summary: dict[str, Any] = {
        "totals": {"income": 1.0, "cost": 1.0, "surplus": 0.0, "cross_subsidy": 0.0,
                   "loss": 0.0, "service_users": 3.0, "cluster_days": 10.0},
        "clusters": [{"service_users": None}, {"service_users": 0}, {}],
    }  # fmt: skip
    assert cost_headline(summary)[0].startswith("3 care clusters (1 of them empty), ")
