"""A cluster tendered in two lots is allowed, and said (io/tender_inputs.lot_notes)."""

from __future__ import annotations

from pbrkit.io.tender_inputs import lot_notes
from pbrkit.tender.model import Bidder, Lot, TenderSpec

BIDDER = Bidder(name="B", cost_factor=0.9, clusters=[1, 2, 3, 4, 5])


def _spec(*lots: Lot) -> TenderSpec:
    return TenderSpec(bidders=[BIDDER], lots=list(lots))


def test_lots_without_shared_clusters_need_no_note() -> None:
    assert lot_notes(_spec(Lot(name="A", clusters=[1, 2]), Lot(name="B", clusters=[3]))) == []


def test_one_shared_cluster_is_named_with_both_lots_and_where_the_table_lists_it() -> None:
    notes = lot_notes(_spec(Lot(name="A", clusters=[1, 2]), Lot(name="B", clusters=[2, 3])))
    assert notes == [
        "Cluster 2 is in lots 'A', 'B': a patient is taken once, so a lot awarded later "
        "(docs/methodology.md §6.4) has only the patients still with the NHS; the "
        "per-cluster table lists it under lot 'A'."
    ]


def test_clusters_are_grouped_by_the_lots_that_share_them() -> None:
    notes = lot_notes(
        _spec(
            Lot(name="A", clusters=[1, 2, 3]),
            Lot(name="B", clusters=[2, 3, 4]),
            Lot(name="C", clusters=[4, 5]),
        )
    )
    assert len(notes) == 2
    assert notes[0].startswith("Clusters 2, 3 are in lots 'A', 'B':")
    assert notes[0].endswith("lists them under lot 'A'.")
    assert notes[1].startswith("Cluster 4 is in lots 'B', 'C':")


def test_a_cluster_in_three_lots_names_all_three() -> None:
    notes = lot_notes(
        _spec(Lot(name="A", clusters=[1]), Lot(name="B", clusters=[1]), Lot(name="C", clusters=[1]))
    )
    assert notes[0].startswith("Cluster 1 is in lots 'A', 'B', 'C':")
