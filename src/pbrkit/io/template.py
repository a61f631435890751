"""Blank input workbooks (``pbrkit template``): headers, notes and cell validation.

Generated from the same sheet contracts the reader checks, so a template can never
ask for a column the reader does not accept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from pbrkit.currency import active_currency
from pbrkit.io import sheets
from pbrkit.io.schema import Column, Kind, SheetSpec, limit_text, maximum

TEMPLATE_KINDS: Final = {
    "cost": (sheets.CASELOAD, sheets.TARIFF, sheets.PACKAGES, sheets.UNIT_COSTS),
    "tender": (
        sheets.CASELOAD,
        sheets.TARIFF,
        sheets.PACKAGES,
        sheets.UNIT_COSTS,
        sheets.NHS,
        sheets.BIDDERS,
        sheets.LOTS,
    ),
    "ratings": (sheets.PATIENTS,),
}

_VALIDATION_ROWS = 5000
_RATING_ITEMS: Final = (*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E")


#: What the About sheet says of the sheets and columns, by template kind.
_ABOUT: Final = {
    "cost": (
        "Hover over a header for what it holds. Optional sheets may be deleted:",
        "the reference set then supplies tariff, packages and unit costs.",
    ),
    "ratings": (
        "One row per patient: patient_id and the 18 MHCT items (1-13, A-E) are required;",
        "the clinician's cluster, item8_type, days, admitted_days and cost are optional.",
    ),
}


def _codes_line() -> str:
    """``Cluster codes: 0-8, 10-21, or 99 for not assessed; 9 is not used.`` (the set's)."""
    currency = active_currency()
    unused = ", ".join(str(currency.code_of(k)) for k in sorted(currency.unused))
    line = f"{currency.unit.capitalize()} codes: {currency.describe_valid()}"
    return line + (f"; {unused} is not used." if unused else ".")


def write_template(kind: str, path: Path) -> None:
    """Write a blank workbook for ``kind`` (cost, tender or ratings) to ``path``."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "bottom": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "bottom": 1})
    about = workbook.add_worksheet("About")
    about.set_column(0, 0, 100)
    lines = [
        f"pbrkit input template: {kind}",
        "Fill in one row per item below each header. Orange headers are required.",
        *_ABOUT.get(kind, _ABOUT["cost"]),
        _codes_line(),
    ]
    for i, line in enumerate(lines):
        about.write_string(i, 0, line)
    if kind == "ratings":
        _ratings_sheet(workbook, header, required)
    for spec in TEMPLATE_KINDS[kind]:
        if kind == "ratings":
            break
        _sheet(workbook, spec, header, required)
    workbook.close()


def _sheet(
    workbook: xlsxwriter.Workbook, spec: SheetSpec, header: object, required: object
) -> None:
    ws = workbook.add_worksheet(spec.name)
    for col, column in enumerate(spec.columns):
        ws.write_string(0, col, column.name, required if column.required else header)
        ws.set_column(col, col, max(14, len(column.name) + 4))
        note = column.expected() + (f" — {column.note}" if column.note else "")
        ws.write_comment(0, col, note, {"x_scale": 2})
        validation = _validation(column, xl_rowcol_to_cell(1, col))
        if validation:
            ws.data_validation(1, col, _VALIDATION_ROWS, col, validation)
    ws.freeze_panes(1, 0)


def _validation(column: Column, cell: str) -> dict[str, object] | None:
    """Excel's cell validation for ``column`` (first data cell ``cell``): the reader's own
    bounds (schema.maximum, pbrkit.model's limits), so a value the template lets through
    is never one the reader then refuses; each with an input message saying what the
    cell holds and an error message saying what to enter (left21: only hurdle_margin
    had both)."""
    if column.kind is Kind.RATE and column.above is not None and column.maximum is not None:
        return _rate_validation(column, cell, column.above, column.maximum)
    if column.kind in (Kind.CHOICE, Kind.YES_NO):
        choices = column.choices if column.kind is Kind.CHOICE else ("yes", "no")
        listed = ", ".join(choices)
        return {"validate": "list", "source": list(choices),
                **_messages(column, f"one of {listed}", f"Choose one of {listed}.")}  # fmt: skip
    if column.kind not in (Kind.COUNT, Kind.MONEY, Kind.FRACTION, Kind.FACTOR):
        return None
    expected = "a whole number of 0 or more" if column.whole else column.expected()
    if column.kind is not Kind.FRACTION:  # "a fraction from 0 to 1" says its top
        expected += f", at most {limit_text(maximum(column))}"
    bounds: dict[str, object] = (
        # A factor is above 0, not at 0: Excel's "between" includes both ends.
        {"validate": "custom",
         "value": f"=AND(ISNUMBER({cell}),{cell}>0,{cell}<={_bound(column)})"}
        if column.kind is Kind.FACTOR
        else {"validate": "integer" if column.whole else "decimal",
              "criteria": "between", "minimum": 0, "maximum": _bound(column)}
    )  # fmt: skip
    return {**bounds, **_messages(column, expected, f"Enter {expected}.")}


def _messages(column: Column, expected: str, error: str) -> dict[str, object]:
    """The input message (what the cell holds, and why when the column says) and the
    error message, within Excel's limits (titles 32 characters, messages 255)."""
    what = _sentence(expected) + (f" {_sentence(column.note)}" if column.note else "")
    return {
        "input_title": column.name[:32],
        "input_message": what[:255],
        "error_title": column.name[:32],
        "error_message": error[:255],
    }


def _sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


def _rate_validation(column: Column, cell: str, above: float, top: float) -> dict[str, object]:
    """A rate with limits of its own (a bidder's hurdle margin: above -1, at most 1,
    pbrkit.model). Excel's "decimal between" includes both ends and the lower limit is
    excluded, so the rule is a formula, relative to each cell of the column. Excel reads
    5% typed into a cell as 0.05, so both ways of writing a rate are checked."""
    what = f"{column.expected()}: {column.note}." if column.note else f"{column.expected()}."
    return {
        "validate": "custom",
        "value": f"=AND(ISNUMBER({cell}),{cell}>{above:g},{cell}<={top:g})",
        "input_title": column.name,
        "input_message": what[0].upper() + what[1:],
        "error_title": column.name,
        "error_message": f"Enter a number greater than {above:g} ({above:.0%}) and at most "
        f"{top:g} ({top:.0%}), such as 0.05 or 5%.",
    }


def _bound(column: Column) -> float | int:
    """The column's largest value as Excel takes it: a whole number written out
    (1000000000000, not 1e12: a formula reads it either way, LibreOffice's too)."""
    top = maximum(column)
    return int(top) if column.whole or float(top).is_integer() else top


def _ratings_sheet(workbook: xlsxwriter.Workbook, header: object, required: object) -> None:
    ws = workbook.add_worksheet("ratings")
    columns = [
        "patient_id",
        *_RATING_ITEMS,
        "cluster",
        "item8_type",
        "days",
        "admitted_days",
        "cost",
    ]
    for col, name in enumerate(columns):
        is_required = name == "patient_id" or name in _RATING_ITEMS
        ws.write_string(0, col, name, required if is_required else header)
        ws.set_column(col, col, 12 if name == "patient_id" else 8)
        rule = _ratings_validation(name, xl_rowcol_to_cell(1, col))
        if rule is not None:
            ws.data_validation(1, col, _VALIDATION_ROWS, col, rule)
    ws.write_comment(0, 1, "MHCT items 1-13 and A-E: 0-4; 9 or blank = not known")
    item8 = columns.index("item8_type")
    ws.data_validation(1, item8, _VALIDATION_ROWS, item8, _ITEM8_RULE)
    ws.write_comment(0, item8, "MHCT item 8 problem type: A phobic, B anxiety, C obsessive-"
                     "compulsive, D stress, E dissociative, F somatoform, G eating, H sleep, "
                     "I sexual, J other; blank when item 8 is 0 or not known")  # fmt: skip
    ws.freeze_panes(1, 1)


#: The ratings sheet's numbers with limits: a patient's, as the patients sheet reads them.
_RATINGS_NUMBERS: Final = {c.name: c for c in sheets.PATIENTS.columns if c.kind is not Kind.ID}


def _ratings_validation(name: str, cell: str) -> dict[str, object] | None:
    """An MHCT item's list (0-4, 9 not known) or a patient's number's bounds."""
    if name in _RATING_ITEMS:
        return {
            "validate": "list",
            "source": ["0", "1", "2", "3", "4", "9"],
            **_item_messages(name, "a rating from 0 to 4; 9 or blank = not known",
                             "Enter a rating from 0 to 4, 9 for not known, or leave it blank."),
        }  # fmt: skip
    if name in ("days", "admitted_days", "cost"):
        return _validation(_RATINGS_NUMBERS[name], cell)
    return None


def _item_messages(name: str, holds: str, error: str) -> dict[str, object]:
    return {"input_title": f"item {name}" if name in _RATING_ITEMS else name,
            "input_message": holds[0].upper() + holds[1:] + ".",
            "error_title": name, "error_message": error}  # fmt: skip


#: MHCT item 8's problem type: a letter, blank when item 8 is 0 or not known.
_ITEM8_RULE: Final = {
    "validate": "list",
    "source": list("ABCDEFGHIJ"),
    **_item_messages(
        "item8_type",
        "a letter A to J: item 8's problem type; blank when item 8 is 0 or not known",
        "Choose a letter A to J, or leave it blank.",
    ),
}
