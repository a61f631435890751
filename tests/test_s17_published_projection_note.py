"""A published projection says that its later years carry year 0's rounding, grown.

Found in review (rev9): published, a cost projection's later years are worked out from
year 0's rounded income and cost (so that the years together never narrow year 0's
rounding: methodology §7), and so carry that rounding grown by the year's rates; at 100%
cost inflation for ten years the shipped example's 2033/34 deficit is published as
£23,737,500,000 where the exact one is £23,738,563,649 (year 0's surplus −£1,558,807
published as −£1,550,000 and its cost £46,452,064 as £46,450,000; year 9's cost grows
by 511 times year 0's: 8,807 + 2,064 × 511 = £1,063,511 off, then rounded), beside a banner
saying "£ totals rounded to the nearest £50,000". The projection's table now says so,
in report.html and report.xlsx; a one-year run and an unpublished run say nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clusters.xlsx"
SAID = "it carries year 0's rounding (up to £25,000 on each), grown by the year's rates"


def _run(tmp_path: Path, *options: str) -> Path:
    out = tmp_path / "out"
    done = CliRunner().invoke(cli, ["cost", str(EXAMPLE), *options, "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out


def _cells(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    return " ".join(
        str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c
    )


def test_a_published_projection_says_its_years_carry_year_0s_rounding(tmp_path: Path) -> None:
    out = _run(tmp_path, "--years", "3", "--inflation", "100%", "--publish")
    assert SAID in (out / "report.html").read_text().replace("&#39;", "'")
    assert SAID in _cells(out / "report.xlsx")


@pytest.mark.parametrize("options", [("--years", "3"), ("--publish",)])
def test_an_exact_or_one_year_run_says_nothing_of_it(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    out = _run(tmp_path, *options)
    assert "year 0's rounding" not in (out / "report.html").read_text().replace("&#39;", "'")
    assert "year 0's rounding" not in _cells(out / "report.xlsx")


def test_the_figures_the_docs_give(tmp_path: Path) -> None:
    # docs/methodology.md §7 quotes these: the example at 100% cost inflation, 10 years.
    exact = _run(tmp_path / "exact", "--years", "10", "--inflation", "100%")
    published = _run(tmp_path / "published", "--years", "10", "--inflation", "100%", "--publish")
    last = [json.loads((out / "summary.json").read_text())["projection"][-1] for out in
            (exact, published)]  # fmt: skip
    assert last[0]["financial_year"] == last[1]["financial_year"] == "2033/34"
    assert round(last[0]["surplus"]) == -23_738_563_649
    assert last[1]["surplus"] == -23_737_500_000  # £1,063,649 from the exact, 42 half-bases
