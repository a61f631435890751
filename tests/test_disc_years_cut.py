"""The cut columns say when a cut is made (disc, item 5).

Under ``nhs_response = "deficit"`` the year table fills in "Cut to break even a head"
and "Cut as share of need": the cut the NHS would have to make to break even that year
(year 1 of the example: a −£15.0m surplus, £3,975 a head, 89% of the residue's need).
That is a deliberate figure (the Years note says "would have to take"; review 10), not
a cut made, but the columns' meanings (report.xlsx's notes, report.html's column
titles) said "would balance" for both responses and docs/methodology.md §6.7 described
the cut under ``cut`` only. The meanings and §6.7 now say which it is under each.
"""

from __future__ import annotations

from pathlib import Path

from pbrkit.reports.figures import figure

ROOT = Path(__file__).resolve().parents[1]


def test_the_columns_meanings_say_when_the_cut_is_made() -> None:
    for key in ("cut_per_head", "cut_share"):
        meaning = figure(key).meaning
        assert "under deficit" in meaning and "made under" in meaning, key


def test_methodology_says_what_the_cut_columns_are_under_deficit() -> None:
    text = " ".join((ROOT / "docs" / "methodology.md").read_text(encoding="utf-8").split())
    assert "no cut is made, and the cut columns show the cut that would be needed" in text
