"""``tender --publish``: figures that gave a hidden one back (docs/methodology.md §7, "A
total's floor under its count"), found by disc26 on small hand-made inputs.

One cluster of 12 people all year (4,380 days) at £1 a day, each with an actual cost of
£416.67 (£5,000 in all), all taken by one bidder at the tariff (a fixed-tariff lot, no
cost sharing), the NHS paid by activity (v = 1, r = 0) with a fixed cost share f = 0.4.
The money base is £2,000 (h = £1,000); 12 people are published as 10 (8 to 12, f = 8),
so a £ figure that one person adds at most £366 a year to is shown only while its
published value less £1,000 is at most 366 × 7 = £2,562.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import KNOWN_LOST
from pbrkit.tender.bounds import lost_offsets
from pbrkit.tender.model import NhsCostStructure

TARIFF = """cluster,price,unit,admitted_day_price,basis,status
1,1,per_day,300,test,illustrative
"""
LOTS = """name,clusters,accept_all,award,price_weight,cost_sharing
L,1,no,fixed_tariff,0.4,0
"""
BIDDER = (
    "name,cost_factor,info_quality,hurdle_margin,capacity,clusters,screening,"
    "risk_aversion,quality_score\nAcme,0.5,1,0,{capacity},1,no,0,1\n"
)
NHS = "fixed_cost_share,shed_rate,payment\n0.4,0,activity\n"


def _inputs(where: Path, people: int, days: int, cost: int) -> Path:
    """The tender above: ``people`` with ``days`` in all, costing ``cost`` (actual)."""
    folder = where / "in"
    folder.mkdir(parents=True)
    caseload = (
        "cluster,service_users,cluster_days,admitted_days,episodes,actual_cost,cost_cv\n"
        f"1,{people},{days},0,{people},{cost},0\n"
    )
    files = {"caseload.csv": caseload, "tariff.csv": TARIFF, "lots.csv": LOTS, "nhs.csv": NHS,
             "bidders.csv": BIDDER.format(capacity=people)}  # fmt: skip
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def tender(
    tmp_path: Path, *extra: str, people: int = 12, days: int = 4380, cost: int = 5000
) -> dict[str, Any]:
    where = Path(tempfile.mkdtemp(dir=tmp_path))
    out = where / "out"
    args = ["tender", str(_inputs(where, people, days, cost)), "--out", str(out), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def test_the_run_is_as_worked_by_hand(tmp_path: Path) -> None:
    # Unpublished: P = 4,380, c = 5,000; L = 1 × 4,380 − (1 − 0.4)(1 − 0) × 5,000 = 1,380.
    summary = tender(tmp_path)
    acme = summary["bidders"][0]
    assert acme["taken_patients"] == 12
    assert acme["taken_income"] == pytest.approx(4380.0)
    assert acme["taken_cost"] == pytest.approx(5000.0)
    assert acme["lost_contribution"] == pytest.approx(1380.0)


def test_the_lost_contribution_does_not_give_the_taken_income_back(tmp_path: Path) -> None:
    # Published before: L £2,000 (1,380 rounded to the £2,000 base) beside the taken
    # cost, £6,000 (5,000 rounded). On its own L passes: 2,000 − 1,000 = 1,000 ≤ 2,562.
    # But v·P = L + (1 − f)(1 − r)·c, so a reader has P ≥ (2,000 − 1,000) + 0.6 × (6,000 −
    # 1,000) = 4,000, at least 4,000 ÷ 366 = 10.9, so 11 people where 10 says 8 to 12.
    # With K = −0.6 × 5,000 = −3,000 (the exact cost: at least what the reader takes off):
    # 2,000 − 1,000 + 3,000 = 4,000 > 2,562, hidden, with the taken income it gives.
    summary = tender(tmp_path, "--publish")
    assert summary["disclosure"]["money_rounding_base"] == 2_000
    acme = summary["bidders"][0]
    assert acme["taken_patients"] == 10
    assert acme["taken_cost"] == 6_000
    assert acme["taken_income"] is None
    assert acme["lost_contribution"] is None
    cluster = summary["residue_by_cluster"][0]
    assert cluster["taken_cost"] == 6_000
    assert cluster["lost_contribution"] is None
    assert summary["residue"]["lost_contribution"] is None


def test_a_lost_contribution_within_its_floor_stays_shown(tmp_path: Path) -> None:
    # 40 people half the year (7,300 days, P = £7,300), costing £10,000: published 40
    # (f = 38), limit 366 × 37 = 13,542. L = 7,300 − 0.6 × 10,000 = 1,300, published
    # £2,000: 2,000 − 1,000 = 1,000 and, less K = −6,000, 7,000, both ≤ 13,542: shown.
    summary = tender(tmp_path, "--publish", people=40, days=7300, cost=10_000)
    acme = summary["bidders"][0]
    assert acme["taken_patients"] == 40
    assert acme["lost_contribution"] == 2_000
    assert acme["taken_cost"] == 10_000


def test_the_lost_offsets_worked_by_hand() -> None:
    taken = pd.DataFrame({"bidder": ["X", "Y"], "cluster": [1, "PSY_COM"],
                          "taken_cost": [1000.0, 2500.0]})  # fmt: skip
    nhs = NhsCostStructure(fixed_cost_share=0.4, retained_share=0.2)
    known = lost_offsets(taken, nhs)
    # (1 − f)(1 − r) = 0.6 × 0.8 = 0.48: K = −0.48 × 1,000 = −480 and −0.48 × 2,500 = −1,200.
    assert known[KNOWN_LOST].tolist() == pytest.approx([-480.0, -1200.0])
    assert known["cluster"].tolist() == [1, "PSY_COM"]
    # L less K is v·P: with v = 1 and P = 900 for X, L = 900 − 480 = 420; 420 + 480 = 900.
    assert (900.0 - 480.0) - known[KNOWN_LOST][0] == pytest.approx(900.0)


def test_a_tender_that_takes_nobody_still_publishes(tmp_path: Path) -> None:
    # A bidder with no capacity takes nobody: the bound frames of the pairs are empty and
    # must still merge (the first version of lost_offsets made its empty cluster column
    # float, and every such tender crashed: "merge on object and float64 columns").
    empty = pd.DataFrame({"bidder": [], "cluster": [], "taken_cost": []}, dtype=object)
    assert lost_offsets(empty, NhsCostStructure()).empty
    folder = _inputs(tmp_path, 12, 4380, 5000)
    (folder / "bidders.csv").write_text(BIDDER.format(capacity=0), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(folder), "--out", str(out), "--publish"])
    assert result.exit_code == 0, result.output


def test_the_change_in_public_spending_does_not_give_a_hidden_cost_change_back(
    tmp_path: Path,
) -> None:
    # Public spending change = commissioner's cost change − NHS surplus change
    # (tender/metrics.py). Main hid the commissioner's cost change (worked out from the
    # hidden payments) but showed the public spending change, £2,000, beside the NHS
    # surplus change, −£2,000: 2,000 + (−2,000) = 0 ± 2,000 gave it back. (On the shipped
    # example: £12.9m − £13.45m = −£550,000, the hidden cost change, and with the shown
    # tariff income of the people taken the hidden payments to bidders.)
    summary = tender(tmp_path, "--publish")
    residue = summary["residue"]
    assert residue["commissioner_cost_change"] is None
    assert residue["nhs_surplus_change"] is not None
    assert residue["public_spending_change"] is None


def test_the_headline_of_several_draws_is_floored_as_its_tables(tmp_path: Path) -> None:
    # With --draws 3 the headline's figures are medians over the draws (the same here:
    # the bidder takes all 12 in every draw), which no table total stands for: main
    # showed the payments to bidders, £4,000 (4,380 rounded), beside 10 people taken,
    # (4,000 − 1,000) ÷ 366 = 8.2 > 7, and the lost contribution £2,000 beside the taken
    # cost £6,000 (as above), though the bidders' table hid both; and the same figures'
    # 5th, 50th and 95th percentiles in the ranges table.
    summary = tender(tmp_path, "--publish", "--draws", "3")
    assert summary["bidders"][0]["payments_to_bidders"] is None
    residue = summary["residue"]
    assert residue["taken_patients"] == 10
    for key in ("payments_to_bidders", "lost_contribution", "bidder_profit"):
        assert residue[key] is None, key
        assert set(summary["residue_ranges"][key].values()) == {None}, key
    assert summary["public_sector"]["commissioner_saving"] is None
    assert residue["public_spending_change"] is None


def test_year_one_does_not_show_what_the_headline_hides(tmp_path: Path) -> None:
    # The year table's first year is the tender's own year: its bidders' profit, stranded
    # fixed cost, change in public spending and NHS surplus (the surplus after) are the
    # headline's to the penny. Main showed year 1's bidders' profit (£2,000: 4,380 paid −
    # 0.5 × 5,000, rounded) beside the headline's hidden one, and so the payments.
    summary = tender(tmp_path, "--publish", "--years", "2")
    residue, first = summary["residue"], summary["years"]["rows"][0]
    assert residue["bidder_profit"] is None
    assert first["bidder_profit"] is None
    assert summary["years"]["totals"]["bidder_profit"] is None
    for key in ("stranded_fixed_cost", "public_spending_change"):
        assert residue[key] is not None or first[key] is None, key
    assert residue["nhs_surplus_after"] is not None or first["nhs_surplus"] is None
