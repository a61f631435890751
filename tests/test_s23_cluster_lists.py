"""A scenario reads a cluster list as a sheet does (qa23, session 23).

A `lots` or `bidders` sheet accepted ``1–4`` (an en dash, as Excel autocorrects it),
``1 to 4``, ``1-4; 11`` and ``all``; a scenario file and ``--vary`` refused them. Both
now read every form the sheet does, to the same clusters.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.io.parse import parse_cluster_list as sheet_list
from pbrkit.tender.model import parse_cluster_list as scenario_list

#: The illustrative set's codes but the unused 9 (a range may span it; one that starts
#: or ends on it is read by a scenario, as the codes on either side, and refused by a
#: sheet: a difference left as it is).
CODES = [c for c in range(22) if c != 9]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1–4", {1, 2, 3, 4}),
        ("1 to 4", {1, 2, 3, 4}),
        ("1-4; 11", {1, 2, 3, 4, 11}),
        ("8 – 10", {8, 10}),  # 9 is unused: a range spans it, naming it alone is an error
        ("ALL", set(range(22)) - {9}),
        ("*", set(range(22)) - {9}),
    ],
)
def test_the_sheets_forms_are_read_the_same(text: str, expected: set[int]) -> None:
    assert scenario_list(text) == sheet_list(text) == frozenset(expected)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(CODES), st.sampled_from(CODES), st.booleans()),
        min_size=1,
        max_size=5,
    ),
    dash=st.sampled_from(["-", "–", " to ", " - "]),
    comma=st.sampled_from([",", ";", ", ", " ; "]),
)
def test_any_list_the_sheet_reads_the_scenario_reads_alike(
    parts: list[tuple[int, int, bool]], dash: str, comma: str
) -> None:
    written = []
    for low, high, ranged in parts:
        low, high = min(low, high), max(low, high)
        written.append(f"{low}{dash}{high}" if ranged else str(low))
    text = comma.join(written)
    assert scenario_list(text) == sheet_list(text)


def test_what_neither_reads_is_refused_by_both() -> None:
    for text in ("4-1", "1-4-7", "x", "22"):
        assert sheet_list(text) is None
        with pytest.raises(ValueError):
            scenario_list(text)
