"""Hostile review rev8: `pbrkit cost --psa` (and `pbrkit tender --psa`) listed the ranges
assumed as bare numbers, "years.deflator 0 0.2 uniform", under "Low (10th
percentile)", though a deflator cannot be below 0: the uniform interval is widened by an
eighth of its width at each end, to −0.025 to 0.225, and cut at 0, so it is drawn on 0
to 0.225 and 1 run in 10 is below 0.0225, not below 0 (docs/uncertainty.md §2). `pbrkit
psa` says so in words beside each range ("1 run in 10 below 0.0225, 1 in 10 above
0.2025, median 0.1125; the 80% interval given, 0 to 0.2, is cut off by the valid
range"); the costing's and the tender's PSA did not say what varies at all.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli
from rev8_inputs import costing, fixed_share_range, tender_of_12

DEFLATOR = "parameter,low,high,distribution,mode,source\nyears.deflator,0,0.2,uniform,,test\n"
#: Drawn on 0 to 0.225 (0.2 + 0.2 / 8): 10th percentile 0.0225, 90th 0.2025, median
#: 0.1125.
WORDS = (
    "the projection's deflator, drawn from a uniform distribution: 1 run in 10 below "
    "0.0225, 1 in 10 above 0.2025, median 0.1125; the 80% interval given, 0 to 0.2, is "
    "cut off by the valid range"
)


def _sheet_text(path: Path, sheet: str) -> str:
    book = openpyxl.load_workbook(path)
    return "\n".join(str(v) for row in book[sheet].iter_rows(values_only=True) for v in row
                     if v is not None)  # fmt: skip


def test_a_costing_psa_says_what_varies_and_where_it_is_cut(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(DEFLATOR, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "cost", str(costing(tmp_path / "caseload")), "--years", "3", "--psa", "20",
        "--uncertainty", str(ranges), "--workers", "1", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert WORDS in _sheet_text(out / "report.xlsx", "Uncertainty")
    assert WORDS.replace("'", "&#39;") in (out / "report.html").read_text(encoding="utf-8")


def test_a_tender_psa_says_what_varies(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "tender", str(tender_of_12(tmp_path / "tender")), "--psa", "20", "--uncertainty",
        str(fixed_share_range(tmp_path / "ranges.csv")), "--workers", "1", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    # uniform 0.2 to 0.6 widened to 0.15 to 0.65: nothing cut, the interval as given
    assert (
        "the NHS provider's fixed cost share, drawn from a uniform distribution: 1 run in 10 "
        "below 0.2, 1 in 10 above 0.6, median 0.4; every other input as given"
    ) in _sheet_text(out / "report.xlsx", "Uncertainty")
