"""The superclass heatmap's column labels do not overlap (rev11 hostile review).

Columns were as wide as the widest count (32 px for small counts), and the labels
under them ("variance", "non-psychotic", "psychosis", "organic", "not assessed", at
font-size 10, about 0.6 em a character: "non-psychotic" is 13 × 6 = 78 px) were drawn
across each other in report.html. Each column is now at least as wide as its longest
label. The test failed on the old code (32 px between label centres).
"""

from __future__ import annotations

import itertools
import re

from pbrkit.reports.svg_heatmap import heatmap_svg

SUPERCLASSES = ["variance", "non-psychotic", "psychosis", "organic", "not assessed"]


def label_centres(svg: str, labels: list[str]) -> list[float]:
    found = {m.group(2): float(m.group(1))
             for m in re.finditer(r'<text x="([\d.]+)" y="[\d.]+" font-size="10" '
                                  r'text-anchor="middle">([^<]*)</text>', svg)}  # fmt: skip
    return [found[label] for label in labels]


def test_column_labels_are_spaced_by_their_width() -> None:
    counts = [[0.0] * 5 for _ in range(5)]
    counts[1][1] = 6.0
    svg = heatmap_svg(counts, SUPERCLASSES, SUPERCLASSES, title="t", xlabel="x", ylabel="y")
    centres = label_centres(svg, SUPERCLASSES)
    widest = max(0.6 * 10 * len(label) for label in SUPERCLASSES)  # 78 px
    gaps = [b - a for a, b in itertools.pairwise(centres)]
    assert min(gaps) >= widest, gaps  # old code: 32 px


def test_short_labels_keep_the_cell_width() -> None:
    # Cluster codes (one or two digits) are narrower than a cell: 32 px, as before.
    labels = ["1", "2", "10"]
    svg = heatmap_svg([[1.0] * 3] * 3, labels, labels, title="t", xlabel="x", ylabel="y")
    centres = label_centres(svg, labels)
    assert [b - a for a, b in itertools.pairwise(centres)] == [32.0, 32.0]
