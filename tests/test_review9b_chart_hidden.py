"""A chart of a published run marks each hidden figure ``*`` and keeps every category.

Found by opening report.html and summary.pdf of `pbrkit cost --publish` on a small trust
of my own: in "Surplus (deficit) by cluster" a hidden cluster drew no bar, exactly as a
cluster whose surplus is published as £0 does (a reader could not tell "hidden" from
"nothing"), and the hidden clusters at either end (0, 21 and 99 there) were not on the
axis at all: matplotlib fits the axis to the bars it draws. The tables mark a hidden
figure ``*`` (docs/methodology.md §7); the charts now do too, at the zero line.

Caseload (illustrative tariff; counts published 1-7 hidden, else rounded to 5):
  team Duty:   cluster 0, 3 people, and cluster 99, 2 people: all hidden;
  team North:  cluster 3, 50 people, and cluster 4, 40 (shown);
  team South:  cluster 11, 30 people, and cluster 12, 45;
  team Crisis: cluster 11, 2 people: hidden, and with it a second count of cluster 11's
               line, so cluster 11 is hidden too.
So clusters 0 and 99, the first and last on the axis, are hidden, and so are the Duty
and Crisis teams.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import write_xlsx
from pbrkit.cli import cli

ROWS = [
    {"team": "Duty", "cluster": 0, "service_users": 3, "cluster_days": 300},
    {"team": "North", "cluster": 3, "service_users": 50, "cluster_days": 9000},
    {"team": "North", "cluster": 4, "service_users": 40, "cluster_days": 8000},
    {"team": "South", "cluster": 12, "service_users": 45, "cluster_days": 14000},
    {"team": "South", "cluster": 11, "service_users": 30, "cluster_days": 9000},
    {"team": "Crisis", "cluster": 11, "service_users": 2, "cluster_days": 600},
    {"team": "Duty", "cluster": 99, "service_users": 2, "cluster_days": 80},
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("charts")
    book = write_xlsx(folder / "trust.xlsx", {"caseload": ROWS})
    out = folder / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(book), "--publish", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return out, summary


def _svg(page: str, title: str) -> str:
    return next(s for s in re.findall(r"<svg.*?</svg>", page, re.S) if title in s)


def _texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_the_cluster_chart_marks_each_hidden_surplus(run: tuple[Path, dict[str, Any]]) -> None:
    out, summary = run
    hidden = [c["cluster"] for c in summary["clusters"] if c["surplus"] is None]
    assert 0 in hidden and 99 in hidden  # the first and last on the axis
    svg = _svg((out / "report.html").read_text(encoding="utf-8"), "Surplus (deficit) by cluster")
    texts = _texts(svg)
    assert texts.count("*") == len(hidden)
    for c in summary["clusters"]:  # every cluster on the axis, hidden or not
        assert str(c["cluster"]) in texts


def test_the_team_chart_marks_each_hidden_surplus(run: tuple[Path, dict[str, Any]]) -> None:
    out, summary = run
    hidden = [t["team"] for t in summary["teams"] if t["surplus"] is None]
    assert "Crisis" in hidden
    svg = _svg((out / "report.html").read_text(encoding="utf-8"), "Surplus (deficit) by team")
    texts = _texts(svg)
    assert texts.count("*") == len(hidden)
    for t in summary["teams"]:
        assert t["team"] in texts


def test_summary_pdf_marks_each_hidden_surplus(run: tuple[Path, dict[str, Any]]) -> None:
    out, summary = run
    hidden = [c["cluster"] for c in summary["clusters"] if c["surplus"] is None]
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    chart = text[text.index("Surplus (deficit) by cluster") : text.index("Made by pbrkit")]
    assert chart.count("*") == len(hidden)
    ticks = chart[chart.rindex("£") :].split()
    for c in summary["clusters"]:
        assert str(c["cluster"]) in ticks
