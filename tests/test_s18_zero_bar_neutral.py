"""A bar of exactly £0 is neither gain nor loss: neutral, in every chart (fix11, item 2).

charts.sign_colours (report.html's and summary.pdf's bars) and report.xlsx's bar fills
(render/excel_bars.signed_bars) gave a bar of £0 the gain colour, green: only a value
on the bad-news side of zero was red, and everything else green. The value as a figure
is no news (Figure.tone: £0 takes no colour), so its bar is now the neutral colour, as
explore.html's waterfall already drew a step of £0. Failed on the old code: the £0
bar was GAIN (#2E7D32) and signed_bars took no neutral colour.
"""

from __future__ import annotations

from pbrkit.reports import charts
from pbrkit.reports.figures import Tone, sign_tone
from pbrkit.reports.render.excel_bars import signed_bars


def test_sign_tone_is_neutral_at_zero_only() -> None:
    assert sign_tone(0.0, rise_is_bad=False) is Tone.NEUTRAL
    assert sign_tone(0.0, rise_is_bad=True) is Tone.NEUTRAL
    assert sign_tone(-1.0, rise_is_bad=False) is Tone.LOSS
    assert sign_tone(1.0, rise_is_bad=True) is Tone.LOSS
    assert sign_tone(1.0, rise_is_bad=False) is Tone.GAIN


def test_html_and_pdf_bars_of_zero_are_neutral() -> None:
    assert charts.sign_colours([0.0, 5.0, -5.0]) == [charts.NEUTRAL, charts.GAIN, charts.LOSS]
    # A figure whose fall is good news (a change in public spending): a rise is red.
    assert charts.sign_colours([0.0, 5.0, -5.0], fall_is_good=True) == [
        charts.NEUTRAL,
        charts.LOSS,
        charts.GAIN,
    ]


def test_a_zero_bar_in_the_svg_is_drawn_neutral() -> None:
    svg = charts.signed_bars(["a", "b"], [0.0, 1_000.0], title="Surplus", xlabel="Cluster")
    # One green bar (£1,000) and the £0 bar neutral, not green.
    assert svg.lower().count(charts.GAIN.lower()) == 1
    assert charts.NEUTRAL.lower() in svg.lower()


def test_excel_bar_fills_of_zero_are_neutral() -> None:
    options = signed_bars([0.0, 2.0, -1.0, None], "good", "bad", neutral="neutral")
    fills = [point["fill"]["color"] for point in options["points"]]  # type: ignore[index]
    # None (a hidden figure) is a gap, never drawn: it keeps the series' fill.
    assert fills == ["neutral", "good", "bad", "good"]
    rising = signed_bars([0.0, 2.0, -1.0], "good", "bad", fall_is_good=True, neutral="neutral")
    assert [p["fill"]["color"] for p in rising["points"]] == ["neutral", "bad", "good"]  # type: ignore[index]
