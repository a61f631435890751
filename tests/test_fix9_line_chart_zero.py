"""A money line chart's axis starts at £0 (fix9, December 2026).

``pbrkit cost --years N --publish`` on a small caseload drew "Income and cost over the
years" on an axis from about £50k (the reviewer's: £700k), so a £50k rounding step
looked like a fall of most of the income. Each of report.html, summary.pdf and
report.xlsx now draws the money axis of a line chart from £0 (to £0 when every value
is below it), as the bar charts do.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from pbrkit.cli import cli
from pbrkit.reports.document import Chart, Document
from pbrkit.reports.render import pdf

# Two clusters, 35 service users: income about £100k, cost about £50k (rounded to £10k
# under --publish), so every point of the chart sits far above £0.
CASELOAD = "cluster,service_users,cluster_days\n3,20,7000\n11,15,5000\n"
TITLE = "Income and cost over the years"


def _run(tmp_path: Path, *extra: str) -> Path:
    folder = tmp_path / "small"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, "utf-8")
    out = tmp_path / "out"
    args = ["cost", str(folder), "--years", "4", "--deflator", "0.018", "--publish"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def test_report_html_line_chart_shows_zero(tmp_path: Path) -> None:
    html = (_run(tmp_path) / "report.html").read_text("utf-8")
    svg = next(s for s in re.findall(r"<svg.*?</svg>", html, re.S) if TITLE in s)
    ticks = re.findall(r"<text[^>]*>(£[^<]*)</text>", svg)
    # Before: £50k, £60k, ... £100k; no £0.
    assert ticks[0] == "£0", ticks


def test_report_xlsx_line_chart_starts_at_zero(tmp_path: Path) -> None:
    with zipfile.ZipFile(_run(tmp_path) / "report.xlsx") as book:
        charts = [book.read(n).decode() for n in book.namelist() if "charts/chart" in n]
    line = next(c for c in charts if "<c:lineChart>" in c)
    axis = re.search(r"<c:valAx>.*?</c:scaling>", line, re.S)
    assert axis is not None
    # Before: no minimum, so Excel chose one near the lowest point.
    assert '<c:min val="0"/>' in axis.group(0)


def test_summary_pdf_line_chart_starts_at_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # summary.pdf draws a document's first chart: a line chart where it comes first
    # (a sweep of one parameter, the percentiles of an uncertainty run). The cost run's
    # own years chart is drawn here by the same code, on a page of its own.
    documents: list[Document] = []
    original = pdf.render

    def spy(document: Document) -> bytes:
        documents.append(document)
        return original(document)

    monkeypatch.setattr(pdf, "render", spy)
    _run(tmp_path)
    document = documents[0]
    chart = next(
        b for s in document.sections for b in s.blocks if isinstance(b, Chart) and b.kind == "lines"
    )
    page = Figure(figsize=(pdf.WIDTH, pdf.HEIGHT))
    pdf._chart(page, document, chart, top=1.0, bottom=5.0)
    low, high = page.axes[-1].get_ylim()
    # Before: the axis started near £50k.
    assert low == 0 < high
