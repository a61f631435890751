"""Label/value lines in report.html take their figure's format, as in report.xlsx.

The cost projection's assumptions were shown raw (``44893257.4``, ``0.018``) while
report.xlsx formatted the same cells as £ and %.
"""

from __future__ import annotations

from pbrkit.reports.document import Pairs
from pbrkit.reports.render.html import pair_value
from pbrkit.reports.suppression import SUPPRESSED

PAIRS = Pairs(
    None,
    (("Deflator", 0.018), ("Year 0 income £", 44_893_257.4), ("Source", "reference set"),
     ("Hidden", SUPPRESSED), ("Missing", None), ("Words under a unit", "not published")),
    units={0: "margin", 1: "income", 3: "income", 4: "income", 5: "income"},
)  # fmt: skip


def test_a_line_with_a_figure_takes_its_format() -> None:
    assert pair_value(PAIRS, 0, 0.018) == "1.8%"
    assert pair_value(PAIRS, 1, 44_893_257.4) == "£44,893,257"


def test_a_line_without_one_is_shown_as_it_is() -> None:
    assert pair_value(PAIRS, 2, "reference set") == "reference set"
    assert pair_value(PAIRS, 2, 0.018) == "0.018"


def test_hidden_missing_and_words_are_never_formatted_as_numbers() -> None:
    assert pair_value(PAIRS, 3, SUPPRESSED) == "*"
    assert pair_value(PAIRS, 4, None) == ""
    assert pair_value(PAIRS, 5, "not published") == "not published"
