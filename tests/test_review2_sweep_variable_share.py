"""Review 2 (round 13): ``--vary nhs.variable_share`` in ``pbrkit sweep`` and ``explore``.

Found by sweeping ``--vary nhs.variable_share=0.1,0.2`` over a tender whose NHS is paid
by activity: the run succeeded and every grid point gave the same figures (under
``activity`` v = 1 whatever the share, methodology §6.2), so the sweep said the share
did not matter at all. ``pbrkit psa`` and ``threshold`` refuse the same parameter in
that case; the sweep now does too (exit 2, one problem naming the payment, nothing
written).

And under a ``blended`` payment with cost pools, setting v dropped the pools (as
setting f or s must, since f and s then no longer come from them), so the reports lost
the pools that r, f and s still came from. v alone now leaves them, as the uncertainty
analysis does.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.tender import Bidder, CostPool, Lot, NhsCostStructure, TenderSpec, set_parameter

SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "aqp-fixed-tariff.toml"

POOLS = [
    CostPool(pool="AMHP", amount=1.0, kind="fixed", shed_rate=0, serves_taken=True),
    CostPool(pool="Estates", amount=1.0, kind="fixed", shed_rate=0.5),
    CostPool(pool="Teams", amount=2.0, kind="variable"),
]


def test_variable_share_under_activity_payment_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["sweep", str(SCENARIO), "--vary", "nhs.variable_share=0.1,0.2", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.output.count("Error") == 1, result.output
    assert "nhs.variable_share" in result.output
    assert "blended" in result.output
    assert "'activity'" in result.output
    assert not out.exists()


def test_variable_share_keeps_the_pools_r_f_and_s_came_from() -> None:
    # Pools: AMHP 1 (fixed, serves taken), Estates 1 (fixed, shed 0.5), Teams 2
    # (variable). r = 1/4 = 0.25; over the other pools f = 1/3, s = 0.5.
    nhs = NhsCostStructure.from_pools(POOLS, payment="blended", variable_share=0.5)
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9)], lots=[Lot(name="L", clusters=[1])], nhs=nhs
    )
    changed = set_parameter(spec, "nhs.variable_share", 0.2).nhs
    assert changed.variable_share == 0.2
    assert changed.pools == nhs.pools
    assert (changed.retained_share, changed.fixed_cost_share, changed.shed_rate) == (
        0.25,
        nhs.fixed_cost_share,
        0.5,
    )


def test_setting_f_still_drops_the_pools() -> None:
    nhs = NhsCostStructure.from_pools(POOLS, payment="blended", variable_share=0.5)
    spec = TenderSpec(
        bidders=[Bidder(name="A", cost_factor=0.9)], lots=[Lot(name="L", clusters=[1])], nhs=nhs
    )
    assert set_parameter(spec, "nhs.fixed_cost_share", 0.4).nhs.pools == ()
