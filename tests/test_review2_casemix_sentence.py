"""An independent re-check of the tender side (review 2, December 2026): the casemix
sentence.

- With a casemix index of 0.9964 (the example, --draws 20 --seed 7) the findings said
  "The people left with the NHS cost 0% less per head than the whole caseload": a
  direction for a difference the sentence itself rounds away. It now says "about the
  same per head as".
- The sentence rounded the index with Python's ``:.2f`` (halves to even, on the binary
  value: 1.005 → "1.00") while the tables round halves away from zero (1.005 → "1.01"),
  so one figure could read differently in the sentence and in the table beside it.
"""

from __future__ import annotations

from pbrkit.reports.format import fixed
from pbrkit.reports.layouts.tender_findings import casemix_sentence


def test_a_difference_that_rounds_away_is_about_the_same() -> None:
    (sentence,) = casemix_sentence({"casemix_index": 0.9964})
    assert sentence.startswith(
        "The people left with the NHS cost about the same per head as the whole caseload"
    )
    assert "(casemix index 1.00)" in sentence


def test_the_sentence_rounds_as_the_tables_do() -> None:
    r = {"casemix_index": 1.005, "casemix_between": 1.125, "casemix_within": 0.895}
    (sentence,) = casemix_sentence(r)
    # 1.005 shows as the table's 1.01, and the sentence's percentage is that index's:
    # 1.01 − 1 = 1% more (not 1.005 − 1 = 0.4999…% in binary, which would read 0%).
    assert fixed(1.005) == "1.01"
    assert "cost 1% more per head than" in sentence
    assert "(casemix index 1.01): 1.13 from which clusters are left and 0.90 from" in sentence


def test_a_clear_difference_keeps_its_direction() -> None:
    # 1 − 0.69 = 0.31: 31% less.
    (sentence,) = casemix_sentence({"casemix_index": 0.69})
    assert "cost 31% less per head than the whole caseload did" in sentence
    assert casemix_sentence({"casemix_index": float("nan")}) == []
