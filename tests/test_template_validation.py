"""The template's cell validation asks for what the reader accepts (review 9a).

Found filling in `pbrkit template --kind cost`: Excel let a caseload row hold 2.5 service
users and a cost_cv of 150, both of which `pbrkit cost` then refuses (service users count
people, so are whole: tests/test_tender_population.py; cost_cv is at most 100, its
declared maximum). The validation is now made from the same column declarations the
reader checks: a whole-number column (service users, a bidder's capacity) gets Excel's
"whole" rule, and every numeric column the reader's own upper bound.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io import sheets
from pbrkit.io.schema import Kind, maximum
from pbrkit.io.template import TEMPLATE_KINDS


def validations(kind: str, tmp_path: Path) -> dict[tuple[str, str], object]:
    """(sheet, header) → openpyxl's DataValidation for every validated column."""
    path = tmp_path / f"{kind}.xlsx"
    result = CliRunner().invoke(cli, ["template", "--kind", kind, str(path)])
    assert result.exit_code == 0, result.output
    found: dict[tuple[str, str], object] = {}
    for ws in openpyxl.load_workbook(path):
        headers = {cell.column_letter: cell.value for cell in ws[1]}
        for rule in ws.data_validations.dataValidation:
            letter = str(rule.sqref).split(":")[0].rstrip("0123456789")
            found[(ws.title, str(headers[letter]))] = rule
    return found


def test_service_users_are_whole_and_cost_cv_at_most_100(tmp_path: Path) -> None:
    rules = validations("cost", tmp_path)
    people = rules[("caseload", "service_users")]
    assert people.type == "whole"  # type: ignore[attr-defined]
    cv = rules[("caseload", "cost_cv")]
    assert cv.type == "decimal"  # type: ignore[attr-defined]
    assert float(cv.formula2) == 100.0  # type: ignore[attr-defined]
    assert "at most 100" in cv.error  # type: ignore[attr-defined]


def test_a_capacity_is_whole(tmp_path: Path) -> None:
    rule = validations("tender", tmp_path)[("bidders", "capacity")]
    assert rule.type == "whole"  # type: ignore[attr-defined]


def test_a_cost_factor_must_be_above_zero(tmp_path: Path) -> None:
    # Since left21 a formula, with the reader's upper limit too
    # (tests/test_left21_template_messages.py).
    rule = validations("tender", tmp_path)[("bidders", "cost_factor")]
    assert rule.type == "custom"  # type: ignore[attr-defined]
    assert ",B2>0," in rule.formula1  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["cost", "tender"])
def test_every_bounded_column_has_the_readers_bounds(kind: str, tmp_path: Path) -> None:
    rules = validations(kind, tmp_path)
    for spec in TEMPLATE_KINDS[kind]:
        for column in spec.columns:
            if column.kind not in (Kind.COUNT, Kind.MONEY, Kind.FRACTION):
                continue
            rule = rules[(spec.name, column.name)]
            assert rule.type == ("whole" if column.whole else "decimal")  # type: ignore[attr-defined]
            assert float(rule.formula1) == 0.0  # type: ignore[attr-defined]
            assert float(rule.formula2) == maximum(column)  # type: ignore[attr-defined]


def test_whole_columns_are_those_the_readers_refuse_as_fractions() -> None:
    # tests/test_tender_population.py (2.5 service users) and
    # tests/test_review7_nhs_sheet_messages.py (a capacity of 2.5) hold the refusals.
    whole = {(spec.name, c.name) for spec in sheets.INPUT_SHEETS for c in spec.columns if c.whole}
    assert whole == {("caseload", "service_users"), ("bidders", "capacity")}


def test_a_hurdle_margin_is_checked_against_the_models_limits(tmp_path: Path) -> None:
    # Left by the reviews: the bidders sheet's hurdle_margin had no validation, so Excel
    # took -2 (-200%) or 10 (1,000%), both of which pbrkit tender refuses. The limits
    # are pbrkit.model's: above -1 (exclusive: a margin of -100% makes no sense) and at
    # most 1 (inclusive). Excel's "decimal between" rule includes both ends, so the
    # rule is a formula: -1 is refused, -0.99 and 1 pass, 1.01 is refused.
    from pbrkit.model import HURDLE_MARGIN_ABOVE, HURDLE_MARGIN_AT_MOST

    rule = validations("tender", tmp_path)[("bidders", "hurdle_margin")]
    assert rule.type == "custom"  # type: ignore[attr-defined]
    assert str(rule.sqref) == "D2:D5001"  # type: ignore[attr-defined]
    assert rule.formula1 == (  # type: ignore[attr-defined]
        f"AND(ISNUMBER(D2),D2>{HURDLE_MARGIN_ABOVE:g},D2<={HURDLE_MARGIN_AT_MOST:g})"
    )
    assert rule.allow_blank  # type: ignore[attr-defined]  # blank: the default, 5%
    assert rule.showInputMessage and rule.showErrorMessage  # type: ignore[attr-defined]
    assert rule.promptTitle == "hurdle_margin"  # type: ignore[attr-defined]
    assert rule.prompt == (  # type: ignore[attr-defined]
        "A rate such as 0.05 or 5%: margin over the price it needs; above -100%, at most 100%."
    )
    assert rule.errorTitle == "hurdle_margin"  # type: ignore[attr-defined]
    assert rule.error == (  # type: ignore[attr-defined]
        "Enter a number greater than -1 (-100%) and at most 1 (100%), such as 0.05 or 5%."
    )
