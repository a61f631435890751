"""The closure's line check reads each hidden part's own bound (disc28; docs/methodology.md
§7, the closure).

A line's hidden parts H sum to at least L (the shown whole less its shown parts, less
the rounding of each). The check before disc28 judged the line closed while L ≤ the
largest m of H × (Σ f − 1): a floor on H's people taken together. But each part's
people add at most its own m: a part with a large m beside one with a small m can carry
only so much of L, and the rest falls to the other, whose own count it then narrows.

Worked by hand (h = £500): a whole of £83,000 with one shown part of £20,000 and two
hidden ones, A (a hidden count, f = 1, 6 people all year at m = £10,000: £60,000) and B
(40 people published as 40, f = 38, at m = £100: £3,000). A reader has A + B ≥ 83,000
− 500 − 20,000 − 500 = £62,000. The old check: 62,000 ≤ 10,000 × (1 + 38 − 1) =
380,000, closed. But B adds at most 42 × 100 = £4,200 (40 stands for 38 to 42), so A ≥
(62,000 − 4,200) ÷ 10,000 = 5.78: A's hidden count, 1 to 7, is 6 or 7.

Read at each part's own m the line is closed only while L − Σ K ≤ Σ m × f − the
largest m. That is enough for every part: the most the others carry is at least Σ of
their m × f, so part j's floor is at most (L − Σ_{i≠j} m_i f_i) ÷ m_j ≤ (m_j f_j − max
m) ÷ m_j ≤ f_j − 1, and likewise for any set of parts. Here 62,000 > 10,000 × 1 + 100 ×
38 − 10,000 = 3,800: open, and the closure hides the shown part too.
"""

from __future__ import annotations

from collections.abc import Hashable

from hypothesis import given
from hypothesis import strategies as st

from pbrkit.reports.figures import Check
from pbrkit.reports.floors import Floors, complement_closure
from pbrkit.reports.suppression import SUPPRESSED
from pbrkit.reports.values import Value

W, A, B, C = "whole", "a", "b", "c"


def _floors(m_c: float, f_c: int) -> Floors:
    bounds = {A: (Check(10_000.0),), B: (Check(100.0),), C: (Check(m_c),),
              W: (Check(10_000.0),)}  # fmt: skip
    return Floors(bounds, {A: 1, B: 38, C: f_c, W: 60}, 500.0)


def test_a_small_bound_beside_a_large_one_leaves_the_line_open() -> None:
    column: dict[Hashable, Value] = {W: 83_000.0, A: SUPPRESSED, B: SUPPRESSED, C: 20_000.0}
    # C: 20 people (f = 18) at m = £10,000. With C hidden too, H = {A, B, C} sum to at
    # least 83,000 − 500 = 82,500 ≤ 10,000 + 3,800 + 180,000 − 10,000 = 183,800: closed,
    # and the whole, which the reader wants, stays shown.
    hidden = complement_closure(column, [[W, A, B, C]], _floors(10_000.0, 18))
    assert hidden == {A, B, C}


def test_the_whole_goes_where_no_part_will_close_the_line() -> None:
    column: dict[Hashable, Value] = {W: 83_000.0, A: SUPPRESSED, B: SUPPRESSED, C: 20_000.0}
    # C: 40 people (f = 38) at m = £1,000: 82,500 > 10,000 + 3,800 + 38,000 − 10,000 =
    # 41,800, still open with C hidden, so the whole is hidden instead.
    hidden = complement_closure(column, [[W, A, B, C]], _floors(1_000.0, 38))
    assert hidden == {A, B, W}


def test_a_line_within_every_parts_own_bound_stays_as_it_is() -> None:
    # A whole of £24,800: A + B ≥ 24,800 − 500 − 20,000 − 500 = 3,800 ≤ 3,800, closed, and
    # A ≥ (3,800 − 4,200) ÷ 10,000 < 0 tells nothing.
    column: dict[Hashable, Value] = {W: 24_800.0, A: SUPPRESSED, B: SUPPRESSED, C: 20_000.0}
    assert complement_closure(column, [[W, A, B, C]], _floors(10_000.0, 18)) == {A, B}


@given(
    st.lists(
        st.tuples(st.integers(1, 50), st.integers(1, 50), st.integers(0, 20)),
        min_size=1,
        max_size=4,
    ),
    st.integers(0, 2_000),
)
def test_a_closed_line_narrows_no_hidden_part(parts: list[tuple[int, int, int]], low: int) -> None:
    # Each hidden part: its own m, its fewest f, and how many more people its count
    # allows than f (its upper end u ≥ f). Wherever the check says closed, no part's
    # floor, L less the most the others can carry (Σ m × u), over its own m, is above
    # f − 1: the check never lets a reader narrow a hidden part's count.
    cells = [f"p{i}" for i in range(len(parts))]
    bounds = {c: (Check(float(m)),) for c, (m, _, _) in zip(cells, parts, strict=True)}
    fewest = {c: f for c, (_, f, _) in zip(cells, parts, strict=True)}
    floors = Floors(bounds, fewest, 1.0)
    if floors.narrows(float(low), float(low), cells):
        return
    for j, (m_j, f_j, _) in enumerate(parts):
        others = sum(m * (f + more) for i, (m, f, more) in enumerate(parts) if i != j)
        assert (low - others) / m_j <= f_j - 1 + 1e-9
