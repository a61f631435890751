"""summary.pdf's share axes show the decimals the tick step needs (round 12, fix 2).

A share axis was labelled with whole percents (``f"{v:.0%}"``): margins of 10.1%,
10.4% and 10.6% got ticks 0.1 points apart that all read "10%", and a share axis from
0 to 0.4% read "0%" at every tick. Labels now carry the decimals the step needs and no
more (ticks 0.5 points apart: 10.0%, 10.5%; 20 points apart: 0%, 20%).
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from pbrkit.reports.document import Chart, Section, Table
from pbrkit.reports.render import pdf
from pbrkit.workflows.cost import run_cost

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("ticks", "labels"),
    [
        # steps of 0.5 points: one decimal (10.5% is exact with one)
        ([0.100, 0.105, 0.110], ["10.0%", "10.5%", "11.0%"]),
        # steps of 0.1 points from zero: one decimal, 0.2% is not "0%"
        ([0.0, 0.001, 0.002, 0.003], ["0.0%", "0.1%", "0.2%", "0.3%"]),
        # steps of 0.25 points: two decimals (10.25% needs both)
        ([0.1, 0.1025, 0.105], ["10.00%", "10.25%", "10.50%"]),
        # steps of 20 points: whole percents, as before
        ([0.0, 0.2, 0.4, 0.6], ["0%", "20%", "40%", "60%"]),
        # a negative share, and no "-0%"
        ([-0.01, -0.005, 0.0], ["-1.0%", "-0.5%", "0.0%"]),
    ],
)
def test_share_labels_have_the_decimals_the_step_needs(
    ticks: list[float], labels: list[str]
) -> None:
    assert pdf._axis_format("margin").format_ticks(ticks) == labels


@pytest.mark.parametrize(("low", "high"), [(0.101, 0.106), (0.0, 0.004), (0.0, 0.9), (0.5, 0.5001)])
def test_share_ticks_are_distinct_on_any_span(low: float, high: float) -> None:
    figure, axes = plt.subplots()
    axes.set_ylim(low, high)
    axes.yaxis.set_major_formatter(pdf._axis_format("margin"))
    figure.canvas.draw()
    labels = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
    plt.close(figure)
    assert len(set(labels)) == len(labels), labels
    for tick, label in zip(axes.get_yticks(), labels, strict=False):
        assert float(label.rstrip("%")) == pytest.approx(tick * 100, abs=1e-9), (tick, label)


def test_a_share_chart_on_the_page(tmp_path: Path) -> None:
    """Margins of 0.1%, 0.25% and 0.4% by cluster drawn on the one-page summary (bars
    from zero): its axis ticks are distinct, where whole percents read "0%" at each."""
    document = run_cost(ROOT / "examples" / "clusters.xlsx").document()
    rows = tuple({"cluster": c, "margin": m} for c, m in ((1, 0.001), (2, 0.0025), (3, 0.004)))
    table = Table("margins", None, ("cluster", "margin"), rows)
    chart = Chart("margins", "cluster", "margin", "Margin by cluster", xlabel="Cluster")
    section = Section("Margins", (table, chart))
    document = dataclasses.replace(document, sections=(section, *document.sections))
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf.render(document))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    chart = text[text.index("Margin by cluster") : text.index("Made by pbrkit")]
    ticks = [w for w in chart.split() if w.endswith("%")]
    assert len(set(ticks)) == len(ticks) >= 3, ticks
    assert "0.4%" in ticks or "0.40%" in ticks, ticks
