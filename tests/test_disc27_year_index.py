"""A published tender's year table: year 1 restates the headline, so a count the
headline hides is hidden there, and every figure about it (publishing.hide_about_hidden,
by the registry's ``about`` link, after the copies rule), but not the year's price index,
public prices ÷ public prices, 1 in year 1, which is about no count (disc27; ac194bd hid
it with the people left). Later years hide it with their £ figures."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from pbrkit.reports.document import Block, Document, Headline
from pbrkit.reports.publishing import hide_with_totals
from pbrkit.reports.suppression import SUPPRESSED, is_suppressed
from pbrkit.workflows.tender import run_tender
from test_disc26_tender_leaks import _inputs, tender

R = "residue_patients"


def _document(tmp_path: Path, years: int) -> Document:
    # The tender of test_disc26_tender_leaks with 20 people, 2 of them left (capacity
    # 18): unpublished, so the test chooses what the headline hides.
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    folder = _inputs(where, 20, 7_300, 5_000)
    bidders = (folder / "bidders.csv").read_text(encoding="utf-8").replace(",20,", ",18,")
    (folder / "bidders.csv").write_text(bidders, encoding="utf-8")
    return run_tender(folder, years=years).document()


def _headline_hides(document: Document, keys: list[str]) -> Document:
    def hide(block: Block) -> Block:
        if not isinstance(block, Headline):
            return block
        return replace(block, values={**block.values, **dict.fromkeys(keys, SUPPRESSED)})

    return document.map_blocks(hide)


def test_year_one_hides_what_is_about_a_hidden_count_and_keeps_the_price_index(
    tmp_path: Path,
) -> None:
    document = _document(tmp_path, 2)
    first = document.table("years").rows[0]
    assert first[R] == 2 and first["price_index"] == 1.0  # prices ÷ year 1's prices
    published = hide_with_totals(_headline_hides(document, [R, "nhs_surplus_after"]))
    row = published.table("years").rows[0]
    # The copy of the hidden count, and every figure about the people left: a cost a
    # head beside the year's £ would give the 2 back.
    assert is_suppressed(row[R])
    for key in ("residue_cost_per_head", "residue_payment_per_head", "cut_per_head",
                "nhs_surplus", "cumulative_surplus"):  # fmt: skip
        assert is_suppressed(row[key]), key
    assert row["price_index"] == 1.0  # before disc27: hidden
    assert row["taken_patients"] == 18  # the other count stays


def test_with_nothing_hidden_year_one_is_unchanged(tmp_path: Path) -> None:
    document = _document(tmp_path, 2)
    published = hide_with_totals(document)
    assert published.table("years").rows == document.table("years").rows


def test_a_later_years_price_index_is_hidden_with_its_money(tmp_path: Path) -> None:
    # Published, year 2's price index (under nhs_only re-basing it follows the
    # residue's cost) is hidden with the year's £ figures; year 1's, 1, is shown.
    first, second = tender(tmp_path, "--years", "2", "--publish")["years"]["rows"]
    assert first["price_index"] == 1.0
    assert second["price_index"] is None and second["nhs_surplus"] is None
