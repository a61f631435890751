"""`pbrkit sweep --publish`: the findings' ranges say which settings they are over.

Found on summary.pdf of a published sweep of a small trust of my own (bidders' capacity
2, 10, 30 × fixed cost share 0.2, 0.5): "Across 6 settings of …, the change in the NHS
surplus runs from -£150k to -£100k …" while the two settings at capacity 2 were hidden
("*" in the chart beside it): the range spanned the 4 published settings, not the 6 it
named, and a hidden setting's figure could lie outside it.

The workbook is tests/test_review9b_sweep_percentiles.py's: at capacity 3 the bidder
takes 3 people (hidden, and every figure about them); at capacity 10 it takes 10.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from test_review9b_sweep_percentiles import scenario  # noqa: F401  (a fixture)


def _findings(scenario: Path, out: Path, *extra: str) -> str:  # noqa: F811
    args = ["sweep", str(scenario), "--vary", "bidders.*.capacity=3,10", "--workers", "1"]
    result = CliRunner().invoke(cli, [*args, *extra, "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    change = [p["nhs_surplus_change"] for p in summary["sweep"]]
    assert (change[0] is None) == bool(extra)  # hidden at capacity 3 when published
    page = (out / "report.html").read_text(encoding="utf-8")
    return page[page.index("Across 2 settings") :].split("</li>")[0]


def test_a_published_sweep_says_its_ranges_leave_hidden_settings_out(
    scenario: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    text = _findings(scenario, tmp_path / "published", "--publish")
    assert text.startswith(
        "Across 2 settings of bidders.*.capacity (1 hidden by small-number suppression; "
        "the ranges are over the 1 published), the change in the NHS surplus is "
    )
    assert "at every published setting" in text and "at every setting" not in text


def test_an_unpublished_sweep_says_it_as_before(scenario: Path, tmp_path: Path) -> None:  # noqa: F811
    text = _findings(scenario, tmp_path / "plain")
    assert text.startswith("Across 2 settings of bidders.*.capacity, the change in the NHS ")
    assert "hidden" not in text and "published" not in text


def test_summary_pdf_says_it_too(scenario: Path, tmp_path: Path) -> None:  # noqa: F811
    _findings(scenario, tmp_path / "published", "--publish")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "published" / "summary.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "1 hidden by small-number suppression" in " ".join(text.split())
