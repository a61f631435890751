"""Every numeric cell with limits in the input template says what it holds as you enter
it, and what to enter when Excel refuses it, at the reader's limits (left by the reviews).

Only the bidders' hurdle_margin had an input message and an error message (left20); the
other numeric columns had an error message but no input message, a bidder's cost factor
no upper limit (Excel took 1e13, which pbrkit refuses above 1,000,000,000,000), and the
ratings template's days, admitted_days and cost no validation at all. Read back from the
written workbook with openpyxl.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.io import sheets
from pbrkit.io.schema import Kind, maximum
from pbrkit.io.template import TEMPLATE_KINDS
from test_template_validation import validations

NUMBERS = (Kind.COUNT, Kind.MONEY, Kind.FRACTION, Kind.FACTOR, Kind.RATE)


@pytest.mark.parametrize("kind", ["cost", "tender"])
def test_every_numeric_column_has_an_input_and_an_error_message(kind: str, tmp_path: Path) -> None:
    found = validations(kind, tmp_path)
    for spec in TEMPLATE_KINDS[kind]:
        for column in spec.columns:
            if column.kind not in NUMBERS:
                continue
            rule = found[(spec.name, column.name)]
            assert rule.showInputMessage and rule.showErrorMessage, column.name  # type: ignore[attr-defined]
            assert rule.promptTitle == column.name  # type: ignore[attr-defined]
            assert rule.prompt and len(rule.prompt) <= 255  # type: ignore[attr-defined]
            assert rule.error.startswith("Enter ")  # type: ignore[attr-defined]
            assert rule.allow_blank  # type: ignore[attr-defined]  # blank: the default


def test_the_messages_say_the_readers_limit(tmp_path: Path) -> None:
    found = validations("tender", tmp_path)
    cv = found[("caseload", "cost_cv")]
    assert cv.prompt == (  # type: ignore[attr-defined]
        "A number of 0 or more, at most 100. Within-cluster cost coefficient of variation."
    )
    assert cv.error == "Enter a number of 0 or more, at most 100."  # type: ignore[attr-defined]
    share = found[("nhs", "shed_rate")]
    assert share.prompt == (  # type: ignore[attr-defined]
        "A fraction from 0 to 1 (e.g. 0.25 or 25%). Share of fixed cost that can be shed."
    )
    assert (float(share.formula1), float(share.formula2)) == (0.0, 1.0)  # type: ignore[attr-defined]


def test_a_cost_factor_is_above_0_and_at_most_the_readers_largest(tmp_path: Path) -> None:
    # Excel's "decimal between" includes both ends and 0 is refused, so the rule is a
    # formula: 0 refused, 0.01 and 1,000,000,000,000 taken, 1e13 refused.
    column = next(c for c in sheets.BIDDERS.columns if c.name == "cost_factor")
    rule = validations("tender", tmp_path)[("bidders", "cost_factor")]
    assert rule.type == "custom"  # type: ignore[attr-defined]
    top = f"{maximum(column):.0f}"
    assert rule.formula1 == f"AND(ISNUMBER(B2),B2>0,B2<={top})"  # type: ignore[attr-defined]
    assert rule.prompt == "A number greater than 0, at most 1,000,000,000,000."  # type: ignore[attr-defined]


def test_the_ratings_templates_numbers_are_validated(tmp_path: Path) -> None:
    found = validations("ratings", tmp_path)
    for name, top in (("days", 366.0), ("admitted_days", 366.0), ("cost", 1e12)):
        rule = found[("ratings", name)]
        assert rule.type == "decimal"  # type: ignore[attr-defined]
        assert (float(rule.formula1), float(rule.formula2)) == (0.0, top)  # type: ignore[attr-defined]
        assert rule.prompt and rule.error  # type: ignore[attr-defined]
    item = found[("ratings", "1")]
    assert item.prompt == "A rating from 0 to 4; 9 or blank = not known."  # type: ignore[attr-defined]
