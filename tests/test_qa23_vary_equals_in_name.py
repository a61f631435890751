"""An independent re-check of ``--vary`` (qa23, December 2026).

A bidder or lot name may hold ``=`` (the workbook and scenario files accept any text,
e.g. a bidder called ``A=B Care``), but ``--vary`` split its text at the first ``=``:
``bidders.A=B Care.cost_factor=0.7,0.9`` was read as the path ``bidders.A`` and was
refused with "bidders.A: not a parameter". Values never hold ``=`` (numbers, words,
cluster ranges), so the text is split at the last one.
"""

from __future__ import annotations

from pbrkit.tender.sweep import parse_vary


def test_a_name_holding_an_equals_sign_keeps_it_in_the_path() -> None:
    assert parse_vary("bidders.A=B Care.cost_factor=0.7,0.9") == (
        "bidders.A=B Care.cost_factor",
        [0.7, 0.9],
    )


def test_a_range_after_a_name_holding_an_equals_sign() -> None:
    path, values = parse_vary("lots.=1+1.price_weight=0:1:3")
    assert path == "lots.=1+1.price_weight"
    assert values == [0.0, 0.5, 1.0]
