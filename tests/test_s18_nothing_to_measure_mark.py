"""A chart's bar with nothing to measure is marked "–", not the "*" of a figure
``--publish`` hides (rev10, defect 9).

``pbrkit tender examples/clusters.xlsx --draws 5`` leaves nobody with the NHS in
cluster 4 (the median over the draws), so the residue's casemix index there is not
defined: the tables show "–". The casemix chart of report.html marked that cluster "*",
the mark of a hidden figure, in a report nothing was hidden from: every value a chart
could not draw was taken for a hidden one. A hidden value is still "*" (publishing
tests), one with nothing to measure "–".
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports import charts
from pbrkit.reports.suppression import SUPPRESSED
from pbrkit.reports.values import nothing_to_draw

ROOT = Path(__file__).resolve().parents[1]


def _marks(svg: str) -> list[str]:
    """The one-character texts an SVG chart writes (its marks)."""
    return list(re.findall(r">\s*([*–])\s*<", svg))


def test_nothing_to_draw_is_a_blank_not_a_hidden_figure() -> None:
    column = [1.2, None, SUPPRESSED, math.nan, 0.9, "text"]
    assert nothing_to_draw(column) == [1, 3, 5]


def test_marks_in_the_chart() -> None:
    svg = charts.index_bars(
        ["1", "2", "3", "4"], [1.2, math.nan, math.nan, 0.9], title="Casemix",
        xlabel="Cluster", ylabel="Index", nothing=[1],
    )  # fmt: skip
    assert _marks(svg) == ["–", "*"]


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("tender") / "out"
    args = ["tender", str(ROOT / "examples" / "clusters.xlsx"), "--draws", "5",
            "--workers", "1", "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (out / "report.html").read_text(encoding="utf-8")


def test_an_unpublished_report_marks_no_figure_hidden(html: str) -> None:
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    casemix = [svg for svg in svgs if "asemix" in svg]
    assert casemix, "no casemix chart"
    marks = [m for svg in casemix for m in _marks(svg)]
    assert "–" in marks  # cluster 4: nobody left
    assert "*" not in marks  # nothing is hidden without --publish
