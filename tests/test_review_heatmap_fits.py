"""The confusion heat-map of a small audit is not clipped or blown up (review 12,
December 2026).

Found by opening report.html of `pbrkit cluster` on eight hand-made patients (four
clusters in the confusion matrix) as a headless-Chromium screenshot: the chart's title
read "Clinicians' clusters (rows) against the clust" and stopped, and the four cells
and their labels were drawn about three times their size. The SVG's width was worked
out from the grid alone: left margin 30 + 7 × 2 (the longest row label, "11") = 44,
four columns of 32 = 128, the colour bar at 44 + 128 + 16 = 188 and the width
188 + 12 + 70 = 270 px, while the 78-character title at 13 px needs about
78 × 0.6 × 13 ≈ 608 px; and the page's `.chart svg { width: 100% }` stretched the
270 px drawing to 860 px. Now the width makes room for the title and the axis title
(which, centred under a narrow grid, ran off the left edge too), and the SVG is never
drawn wider than it was laid out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from pbrkit.reports.svg_heatmap import heatmap_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
TITLE = "Clinicians' clusters (rows) against the clusters the ratings suggest (columns)"
XLABEL = "Suggested cluster (from the ratings)"
#: A generous average advance of a sans-serif character, in em.
EM = 0.6


def _svg(n: int) -> ET.Element:
    labels = [str(c) for c in (0, 1, 3, 11, 12, 13)[:n]]
    matrix = [[float(i == j) for j in range(n)] for i in range(n)]
    svg = heatmap_svg(matrix, labels, labels, title=TITLE, xlabel=XLABEL, ylabel="y")
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> dict[str, ET.Element]:
    return {t.text or "": t for t in root.iterfind("svg:text", NS)}


@pytest.mark.parametrize("n", [1, 2, 4, 6])
def test_the_titles_fit_inside_the_drawing(n: int) -> None:
    root = _svg(n)
    width = float(root.get("width", "0"))
    texts = _texts(root)
    title = texts[TITLE]
    # Before: 270 px wide for 4 clusters against about 608 px of title.
    assert float(title.get("x", "0")) + EM * 13 * len(TITLE) <= width
    xlabel = texts[XLABEL]
    half = EM * 11 * len(XLABEL) / 2  # text-anchor="middle"
    assert float(xlabel.get("x", "0")) - half >= 0
    assert float(xlabel.get("x", "0")) + half <= width


def test_never_drawn_wider_than_laid_out() -> None:
    root = _svg(4)
    width = root.get("width")
    # Before: no limit of its own, so CSS width: 100% stretched it to the page.
    assert re.search(rf"max-width:\s*{width}px", root.get("style", ""))
