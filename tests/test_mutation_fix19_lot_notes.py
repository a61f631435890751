"""Tests written against the survivors of mutation testing ``io.tender_inputs.empty_lot_notes``
(mut19, benchmarks/mutation-tender.md): a lot none (or some) of whose clusters has anyone
in the population is named in the report's notes; a population with no one in it names
no lot (there is nothing to tender, and every lot would otherwise be named).
"""

from __future__ import annotations

from pbrkit.io.tender_inputs import empty_lot_notes
from pbrkit.tender import Bidder, Lot, TenderSpec

SPEC = TenderSpec(
    bidders=(Bidder(name="A", cost_factor=1, info_quality=1, hurdle_margin=0),),
    lots=(Lot(name="Common", clusters="1-3"), Lot(name="Typo", clusters="7-8")),
)


def test_no_one_present_names_no_lot() -> None:
    assert empty_lot_notes(SPEC, []) == []


def test_clusters_with_no_one_are_named_by_lot() -> None:
    # People in clusters 1 and 3 only: Common's 2 is empty, Typo's 7 and 8 both.
    assert empty_lot_notes(SPEC, [3, 1, 1]) == [
        "Lot 'Common' tenders no one in cluster 2: no one in the population is in it.",
        "Lot 'Typo' tenders no one: no one in the population is in its clusters (7, 8).",
    ]
