"""A line chart whose every value is hidden by --publish is not drawn.

Found by opening report.html and summary.pdf of `pbrkit psa --publish` on a small trust
of my own (bidders' capacity 1 to 6, so some runs take 1-7 people and every statistic
of the surplus changes over the runs is hidden): "The lead figures at every 5th
percentile of the runs" was drawn as an empty chart, its axis labelled £0, £0, £0, -£0,
-£0 and a single tick, 5%. The table beside it says "*" for each; the chart said nothing,
in a way that read as a flat £0 (report.xlsx drew it over the "*" cells too). A
waterfall or tornado with a hidden value is already left out; a chart with nothing shown
now is too, in report.html, summary.pdf and report.xlsx.

Workbook: tests/test_review7_tender_publish_totals.py's shape: cluster 1 (£1,500 an
episode) a0-a5 cost £500, b0-b5 £2,000; cluster 11 (£5,000 a year) c0-c9 £6,000. One
bidder, information quality 1, capacity 1 to 6 (uniform): every run takes 1 to 6 people,
all hidden, so every statistic of a figure about them is hidden.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from review9b_inputs import patients_workbook, pdf_words, summary_of

TITLE = "The lead figures at every 5th percentile of the runs"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("psa")
    book = patients_workbook(folder / "p.xlsx", cheap=6, dear=6, yearly=10, capacity=6)
    ranges = folder / "ranges.csv"
    ranges.write_text(
        "parameter,low,high,distribution\nbidders.*.capacity,1,6,uniform\n", encoding="utf-8"
    )
    out = folder / "out"
    args = ["psa", str(book), "--uncertainty", str(ranges), "--samples", "8"]
    result = CliRunner().invoke(
        cli, [*args, "--publish", "--workers", "1", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out


def test_every_percentile_is_hidden(run: Path) -> None:
    figures = summary_of(run)["psa"]["figures"]
    assert figures["nhs_surplus_change"]["p50"] is None
    assert figures["public_spending_change"]["p50"] is None


def test_report_html_draws_no_empty_chart(run: Path) -> None:
    page = (run / "report.html").read_text(encoding="utf-8")
    assert "Every 5th percentile over the runs" in page  # the table, with its "*"
    assert all(TITLE not in svg for svg in re.findall(r"<svg.*?</svg>", page, re.S))


def test_summary_pdf_draws_no_empty_chart(run: Path) -> None:
    text = pdf_words(run)
    assert TITLE not in text
    assert "-£0" not in text


def test_report_xlsx_draws_no_empty_chart(run: Path) -> None:
    book = openpyxl.load_workbook(run / "report.xlsx")
    assert not book["Uncertainty"]._charts  # openpyxl keeps a sheet's charts there
