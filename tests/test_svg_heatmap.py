"""The confusion heat-map written as SVG: the cells drawn are exactly the matrix given.

The SVG is parsed as XML and each cell read back (row, column, count, fill, text), so a
cell out of place, a wrong count or a wrong colour fails here.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import hypothesis.strategies as st
import matplotlib
import matplotlib.colors
from hypothesis import given, settings

from pbrkit.reports.svg_heatmap import blues, heatmap_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def cells(svg: str) -> dict[tuple[int, int], dict[str, str]]:
    """Each drawn cell by (row, column): its count, fill, text and whether outlined."""
    root = ET.fromstring(svg)
    out: dict[tuple[int, int], dict[str, str]] = {}
    for group in root.iterfind("svg:g[@class='cell']", NS):
        rects = group.findall("svg:rect", NS)
        text = group.find("svg:text", NS)
        out[int(group.get("data-row", "")), int(group.get("data-col", ""))] = {
            "count": group.get("data-count", ""),
            "fill": rects[0].get("fill", ""),
            "text": "" if text is None else (text.text or ""),
            "text_fill": "" if text is None else text.get("fill", ""),
            "outlined": str(len(rects) == 2 and rects[1].get("stroke") is not None),
        }
    return out


def draw(matrix: list[list[float]], labels: list[str]) -> str:
    return heatmap_svg(matrix, labels, labels, title="t & <u>", xlabel="x", ylabel="y")


def test_a_hand_worked_two_by_two() -> None:
    # Counts 3, 0 / 1, 6: the largest shown count is 6, so the scale is 0..6.
    svg = draw([[3.0, 0.0], [1.0, 6.0]], ["1", "2"])
    got = cells(svg)
    assert sorted(got) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [got[k]["count"] for k in sorted(got)] == ["3", "0", "1", "6"]
    # Written counts; a zero cell is blank.
    assert [got[k]["text"] for k in sorted(got)] == ["3", "", "1", "6"]
    # Colours: 3/6 = 0.5 → level int(0.5 × 256) = 128, at 128/255 × 8 = 4.0157 along the
    # anchors: 1.57% of the way from (107,174,214) to (66,146,198) → (106,174,214);
    # 0 → level 0, the palest anchor (247,251,255); 6/6 → level 255, the darkest.
    assert got[0, 0]["fill"] == "#6aaed6"
    assert got[0, 1]["fill"] == "#f7fbff"
    assert got[1, 1]["fill"] == "#08306b"
    # White text only above 0.55 × 6 = 3.3: the 6, not the 3.
    assert got[1, 1]["text_fill"] == "white"
    assert got[0, 0]["text_fill"] == "#1d2733"
    # The diagonal is outlined; the off-diagonal cells are not.
    assert [got[k]["outlined"] for k in sorted(got)] == ["True", "False", "False", "True"]
    assert "t &amp; &lt;u&gt;" in svg  # the title is escaped


def test_colours_match_matplotlibs_blues() -> None:
    # The same 256-level lookup as matplotlib's "Blues", so the picture did not change.
    blues_map = matplotlib.colormaps["Blues"]
    for k in range(0, 1001):
        f = k / 1000
        assert blues(f) == matplotlib.colors.to_hex(blues_map(f)), f


def test_zero_cells_are_pale_and_hidden_cells_marked_when_every_count_is_hidden() -> None:
    # A small published audit: every non-zero count hidden (NaN), the rest 0. The scale
    # runs 0..1 (at least one patient), so a zero cell is the palest blue, not mid-blue.
    nan = float("nan")
    got = cells(draw([[0.0, nan], [nan, 0.0]], ["1", "2"]))
    assert got[0, 0]["fill"] == got[1, 1]["fill"] == "#f7fbff"
    assert got[0, 1]["fill"] == "none"  # transparent, as matplotlib leaves NaN
    assert got[0, 1]["text"] == got[1, 0]["text"] == "*"
    assert got[0, 1]["count"] == "hidden"


def test_the_diagonal_is_outlined_only_where_the_labels_match() -> None:
    got = cells(heatmap_svg([[1.0, 2.0], [3.0, 4.0]], ["1", "2"], ["1", "3"],
                               title="t", xlabel="x", ylabel="y"))  # fmt: skip
    assert got[0, 0]["outlined"] == "True"
    assert got[1, 1]["outlined"] == "False"  # row "2" against column "3"


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 22).flatmap(
        lambda n: st.lists(
            st.lists(st.one_of(st.integers(0, 10**6).map(float), st.just(math.nan)),
                     min_size=n, max_size=n),
            min_size=n, max_size=n,
        )
    )
)  # fmt: skip
def test_every_cell_is_drawn_once_with_its_own_count(matrix: list[list[float]]) -> None:
    labels = [str(i) for i in range(len(matrix))]
    got = cells(draw(matrix, labels))
    assert len(got) == len(matrix) ** 2
    shown = [v for row in matrix for v in row if not math.isnan(v)]
    vmax = max(max(shown, default=0.0), 1.0)
    for (i, j), cell in got.items():
        value = matrix[i][j]
        if math.isnan(value):
            assert (cell["count"], cell["text"], cell["fill"]) == ("hidden", "*", "none")
        else:
            assert cell["count"] == f"{value:.0f}"
            assert cell["text"] == (f"{value:,.0f}" if value else "")
            assert cell["fill"] == blues(value / vmax)
