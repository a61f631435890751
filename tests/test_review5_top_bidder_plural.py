"""The tender's findings name the top bidder's people in the right number (review 5).

Found running ``pbrkit tender`` on a 9-person toy workbook with one bidder of capacity
1: summary.pdf, report.html and report.xlsx said "Acme takes the most: 1 people, £1,000
profit." The count was written before a fixed "people"; it now agrees with the count
(:func:`pbrkit.reports.format.plural`), for one top bidder and for several tied ones.
"""

from __future__ import annotations

from pbrkit.reports.layouts.tender_findings import _top_bidder


def _bidder(name: str, taken: float, profit: float) -> dict[str, object]:
    return {"bidder": name, "taken_patients": taken, "bidder_profit": profit}


def test_one_person_taken_is_one_person() -> None:
    (sentence,) = _top_bidder((_bidder("Acme", 1.0, 1_000.0),))
    assert sentence == "Acme takes the most: 1 person, £1,000 profit."


def test_tied_bidders_with_one_person_each() -> None:
    rows = (_bidder("Beta", 1.0, 300.0), _bidder("Acme", 1.0, 200.0), _bidder("Idle", 0.0, 0.0))
    (sentence,) = _top_bidder(rows)
    assert sentence == (
        "Acme and Beta take the most: 1 person each (£200 and £300 profit). Taking no one: Idle."
    )


def test_several_people_stay_plural() -> None:
    (sentence,) = _top_bidder((_bidder("Acme", 4.0, 1_900.0),))
    assert sentence == "Acme takes the most: 4 people, £1,900 profit."
