"""An independent re-check of scenario files (qa23, December 2026).

A scenario value of the wrong type reached the user as pydantic's own words, with no
fix: ``shed_rate = "25%"`` gave "Input should be a valid number, unable to parse
string as a number", ``capacity = 2.5`` "Input should be a valid integer, got a number
with a fractional part", and a ``[bidders]`` table written for ``[[bidders]]`` "Input
should be a valid tuple". The project's rule for bad input is one clear message per
problem saying what was expected and how to fix it (docs/scenarios.md: shares are
fractions, ``0.05`` is 5%). Each now says so at its key path.
"""

from __future__ import annotations

import pytest

from pbrkit.errors import InputError
from pbrkit.tender.scenario import parse_scenario


def _messages(data: dict[str, object]) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_scenario({"schema_version": 1, **data})
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize(
    ("data", "path", "fraction"),
    [
        ({"nhs": {"shed_rate": "25%"}}, "nhs.shed_rate", "0.25"),
        ({"deflator": "1.8%"}, "deflator", "0.018"),
        (
            {"bidders": [{"name": "X", "cost_factor": 0.9, "info_quality": "45 %"}]},
            "bidders[0].info_quality",
            "0.45",
        ),
    ],
)
def test_a_percentage_in_quotes_names_the_fraction_to_write(
    data: dict[str, object], path: str, fraction: str
) -> None:
    (message,) = _messages(data)
    assert message.startswith(f"{path}: ")
    assert "Input should" not in message
    assert f"write {fraction}" in message


def test_text_where_a_number_belongs_says_to_write_a_number() -> None:
    (message,) = _messages({"nhs": {"fixed_cost_share": "abc"}})
    assert message.startswith("nhs.fixed_cost_share: must be a number")
    assert "Input should" not in message


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"bidders": [{"name": "X", "cost_factor": 0.9, "capacity": 2.5}]}, "bidders[0].capacity"),
        ({"years": 2.5}, "years"),
        ({"draws": "many"}, "draws"),
    ],
)
def test_a_fraction_or_text_where_a_whole_number_belongs(
    data: dict[str, object], path: str
) -> None:
    (message,) = _messages(data)
    assert message.startswith(f"{path}: must be a whole number")


def test_a_single_bidders_table_says_to_write_double_brackets() -> None:
    (message,) = _messages({"bidders": {"name": "X", "cost_factor": 0.9}})
    assert message.startswith("bidders: ")
    assert "[[bidders]]" in message


def test_a_word_not_in_the_list_names_the_words_allowed() -> None:
    (message,) = _messages({"nhs": {"payment": "weekly"}})
    assert message == "nhs.payment: must be 'activity', 'block' or 'blended'"
