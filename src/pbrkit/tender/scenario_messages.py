"""Scenario-file type errors in the project's words: what the key takes and how to fix it.

pydantic's own messages ("Input should be a valid number, unable to parse string as a
number") name neither what to write nor how; the rule for bad input is one message per
problem saying what was expected and the fix (docs/scenarios.md: shares and rates are
fractions, ``0.05`` is 5%, and ``[[bidders]]``/``[[lots]]`` are lists of tables).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from pydantic_core import ErrorDetails

#: pydantic error types meaning "a number was expected".
_NUMBER: Final = frozenset({"float_parsing", "float_type"})
#: pydantic error types meaning "a whole number was expected".
_WHOLE: Final = frozenset({"int_from_float", "int_parsing", "int_type"})
#: pydantic error types meaning "a list (of tables) was expected".
_LIST: Final = frozenset({"tuple_type", "list_type"})


def type_message(detail: ErrorDetails) -> str | None:
    """The message for a wrong-typed value, or None to keep pydantic's (a rule's own)."""
    kind = detail["type"]
    if kind in _NUMBER:
        return _number_message(detail["input"])
    if kind in _WHOLE:
        return "must be a whole number, written without quotes (e.g. 3)"
    if kind in _LIST:
        key = next((p for p in reversed(detail["loc"]) if isinstance(p, str)), "")
        return f"must be a list of tables: write each one under its own [[{key}]] heading"
    if kind == "string_type":
        return 'must be text in quotes (e.g. name = "5")'
    if kind == "literal_error":
        return detail["msg"].replace("Input should be", "must be", 1)
    return None


def _number_message(value: object) -> str:
    """A number was expected: for a percentage in quotes, name the fraction to write."""
    fraction = _fraction_of_percentage(value)
    if fraction is not None:
        return f"must be a number, a fraction of 1: write {fraction} for {value}, without quotes"
    return "must be a number, written without quotes or units (e.g. 0.25)"


def _fraction_of_percentage(value: object) -> str | None:
    """``'1.8%'`` → ``'0.018'`` (exact decimal arithmetic), else None."""
    if not isinstance(value, str) or not value.strip().endswith("%"):
        return None
    try:
        percent = Decimal(value.strip()[:-1].strip())
    except InvalidOperation:
        return None
    if not percent.is_finite():
        return None
    return format((percent / 100).normalize(), "f")
