"""The tender's finding on who was taken reads right for one person (review 5).

Found with a 9-person toy workbook and one bidder of capacity 1: the findings said
"bidders would take 1 person (11%) — mostly the cheaper patients: they cost 51% less
than the average person in the same clusters". One person is not "mostly" anything,
nor in several clusters; the clause now speaks of that one person.
"""

from __future__ import annotations

from pbrkit.reports.layouts.tender_findings import _who


def test_one_cheaper_person() -> None:
    assert _who(0.49, 1.0) == (
        " — a cheaper patient than most: they cost 51% less than the average person in "
        "the same cluster —"
    )


def test_one_costlier_person() -> None:
    assert _who(1.2, 1.0) == (
        " — not a cheap patient: they cost 20% more than the average person in the same cluster —"
    )


def test_several_people_keep_the_plural() -> None:
    assert _who(0.57, 4.0).startswith(" — mostly the cheaper patients: they cost 43% less")
    assert _who(1.0, 4.0) == " — whole clusters at a time, at those clusters' average cost —"
