"""A chart of a figure that is no news either way (a count of patients) draws its bars
in one neutral colour in every format.

Found by the lead looking at report.html of ``pbrkit cluster examples/ratings.xlsx``:
"Patients by the cluster their ratings suggest" drew every bar in the gain colour
(green, good news), and report.xlsx's chart did the same, while summary.pdf's bars of
the same kind were neutral (render/pdf.py colours by sign only a signed figure). A
count of patients in a cluster is neither good nor bad news (docs/methodology.md,
"Colours"); the signed figures' bars (a surplus) keep their green and red.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports import charts

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Patients by the cluster their ratings suggest"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "out"
    args = ["cluster", str(ROOT / "examples" / "ratings.xlsx"), "--out", str(folder)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


def test_report_html_draws_counts_neutral(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    svg = next(s for s in re.findall(r"<svg.*?</svg>", html, flags=re.S) if TITLE in s)
    assert charts.GAIN.lower() not in svg.lower()
    assert charts.NEUTRAL.lower() in svg.lower()


def test_report_xlsx_draws_counts_neutral(out: Path) -> None:
    with zipfile.ZipFile(out / "report.xlsx") as book:
        xml = next(
            text
            for name in book.namelist()
            if name.startswith("xl/charts/chart")
            and TITLE in (text := book.read(name).decode("utf-8"))
        )
    assert "2E7D32" not in xml.upper()
    assert "1F4E79" in xml.upper()


def test_a_signed_figure_keeps_its_colours() -> None:
    svg = charts.signed_bars(["a", "b"], [-5.0, 5.0], title="Surplus", xlabel="Cluster")
    assert charts.GAIN.lower() in svg.lower() and charts.LOSS.lower() in svg.lower()
    plain = charts.signed_bars(["a", "b"], [-5.0, 5.0], title="N", xlabel="C", signed=False)
    assert charts.GAIN.lower() not in plain.lower() and charts.LOSS.lower() not in plain.lower()
