"""Chart axes never repeat a tick label, and a bar's £ label is the figure the tables show.

Found in review 10: `pbrkit tender examples/clusters.xlsx --years 5` drew the residue's
cost and payment per head (about £3,500-£4,500) on an axis labelled £4k, £4k, £4k, £4k,
and a small trust's waterfall (`pbrkit tender` with --years 3 on four patients) had
ticks -£2k, -£2k, -£2k (for -£1,500, -£2,000 and -£2,500) and bars labelled -£2k and
-£3k for a margin of -£1,700 and an NHS surplus after of -£2,525, beside a card and a
table saying -£2,525. Whole thousands cannot tell 500-pound steps apart.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from pbrkit.reports import charts
from pbrkit.reports.render import pdf

_AXIS = re.compile(
    r'<g id="matplotlib\.axis_\d+">(.*?)(?=<g id="matplotlib\.axis_|<g id="patch_|$)', re.S
)
_TICK_TEXT = re.compile(r'<g id="[xy]tick_\d+">.*?<text[^>]*>([^<]*)</text>', re.S)


def tick_labels(svg: str) -> list[list[str]]:
    """Each axis's tick labels, in order."""
    return [_TICK_TEXT.findall(block) for block in _AXIS.findall(svg)]


def assert_distinct(axes_labels: list[list[str]]) -> None:
    for labels in axes_labels:
        shown = [label for label in labels if label]
        assert len(shown) == len(set(shown)), shown


def test_the_waterfall_of_a_small_trust() -> None:
    # Before -£450; margin lost -£1,700 (2 × (£1,350 − £500)); kept £0; stranded
    # -£375 (0.5 × 0.75 × £1,000); after -£450 − £1,700 − £375 = -£2,525.
    labels = ["Before", "Margin", "Kept", "Stranded", "After"]
    svg = charts.waterfall(labels, [-450.0, -1700.0, 0.0, -375.0, -2525.0], title="NHS surplus")
    assert_distinct(tick_labels(svg))
    # Bars say what the tables say, to the pound below £10,000 (as the findings do); a
    # step of £0 adds nothing and takes nothing, so it has no sign (left8, item 4).
    assert ">+£0</text>" not in svg
    for label in ("-£450", "-£1,700", "£0", "-£375", "-£2,525"):
        assert f">{label}</text>" in svg
    assert ">-£2k</text>" not in svg
    assert ">-£3k</text>" not in svg


def test_the_years_chart_of_the_example_trust() -> None:
    # Per-head cost and payment between about £3,500 and £4,500: ticks every £250 or
    # £500 must read £3,500, £4,000, … (or £3.5k …), never £4k three times.
    svg = charts.lines(["2024/25", "2025/26", "2026/27"],
                       {"cost": [3600.0, 4100.0, 4400.0], "payment": [3500.0, 3700.0, 3900.0]},
                       title="Per head")  # fmt: skip
    labels = tick_labels(svg)
    assert_distinct(labels)
    assert any("£4,000" in axis or "£4.0k" in axis for axis in labels), labels


@pytest.mark.parametrize(
    ("low", "high"),
    [(-2600.0, 0.0), (0.0, 2_600_000.0), (-13_600_000.0, -13_450_000.0), (0.0, 37_500.0),
     (12_000.0, 13_000.0)],
)  # fmt: skip
def test_money_ticks_are_distinct_and_exact(low: float, high: float) -> None:
    # Any span: each label is its tick's value, so no two ticks can share one.
    figure, axes = plt.subplots()
    axes.set_ylim(low, high)
    axes.yaxis.set_major_formatter(charts.PoundTicks())
    figure.canvas.draw()
    ticks = [t for t in axes.get_yticks() if low <= t <= high]
    labels = charts.PoundTicks().format_ticks(ticks)
    plt.close(figure)
    assert len(set(labels)) == len(labels), labels
    for tick, label in zip(ticks, labels, strict=True):
        assert _pounds_of(label) == pytest.approx(tick), (tick, label)


def test_count_ticks_at_halves_are_not_rounded_together() -> None:
    # People taken 0, 1, 2 in a sweep: matplotlib puts ticks at 0, 0.25, 0.5, …; "0, 0,
    # 0, 1, 1, …" misreads as people. Counts have whole-number ticks only.
    svg = charts.signed_bars(["a", "b", "c"], [0.0, 1.0, 2.0], title="People", xlabel="x",
                             money=False)  # fmt: skip
    assert_distinct(tick_labels(svg))


def test_the_pdf_axis_uses_the_same_ticks() -> None:
    # summary.pdf's charts (sweep, tender) drew £ axes with charts.pounds, one tick at a
    # time: the sweep of the small trust read -£2k three times.
    figure, axes = plt.subplots()
    axes.bar(["a", "b"], [-1000.0, -2750.0])
    axes.yaxis.set_major_formatter(pdf._axis_format("nhs_surplus_change"))
    figure.canvas.draw()
    labels = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
    plt.close(figure)
    assert len(labels) == len(set(labels)), labels


def _pounds_of(label: str) -> float:
    text = label.replace("£", "").replace(",", "")
    scale = {"k": 1e3, "m": 1e6}.get(text[-1:], 1.0)
    return float(text.rstrip("km")) * scale


def test_the_zero_line_reads_plain_pounds() -> None:
    # Ticks every £2.5m from -£15m: -£15.0m … -£2.5m and £0, not "£0.0m".
    labels = charts.PoundTicks().format_ticks([-15e6, -12.5e6, -2.5e6, 0.0])
    assert labels == ["-£15.0m", "-£12.5m", "-£2.5m", "£0"]
