"""A block or blended payment keeps the people taken's income in the contract year only.

The NHS's block contract with its commissioner is re-set each year, so from year 2 of a
``--years`` projection the NHS loses a taken person's tariff income as under activity
payment (v = 1; docs/methodology.md §6.2 and §6.7). Arithmetic in the comments.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from markupsafe import escape

from pbrkit.cli import cli
from pbrkit.tender import Bidder, Lot, NhsCostStructure, TenderSpec, simulate_tender
from pbrkit.tender.years import YearOptions, project_years

# A perfectly informed bidder (ρ = 1) with θ = 0.9 and hurdle h = 0.1; r = 0 (no pools),
# f = 0.5, s = 0.5.
BIDDER = Bidder(name="A", cost_factor=0.9, info_quality=1, hurdle_margin=0.1)

# Three people paid P = £1,000 each, costing £400, £600 and £1,200. A expects
# 1,000 − 0.9 × 400 = 640 and 1,000 − 0.9 × 600 = 460, both ≥ h·P = 100, and takes
# p1 and p2; from p3 it expects 1,000 − 1,080 = −80 < 100, so p3 stays (N = {p3}).
PEOPLE = pd.DataFrame(
    {"cluster": [1, 1, 1], "cost": [400.0, 600.0, 1200.0], "income": [1000.0] * 3}
)


def _spec(payment: str, variable_share: float | None = None) -> TenderSpec:
    nhs = NhsCostStructure(
        fixed_cost_share=0.5, shed_rate=0.5, payment=payment, variable_share=variable_share
    )
    return TenderSpec(bidders=[BIDDER], lots=[Lot(name="L", clusters=[1])], nhs=nhs)


def _years(spec: TenderSpec) -> pd.DataFrame:
    return project_years(PEOPLE, spec, YearOptions(years=3), seed=0)


def test_a_block_keeps_the_taken_peoples_income_in_year_1_only() -> None:
    years = _years(_spec("block"))
    assert years["taken_patients"].tolist() == [2, 2, 2]
    # Surplus_t = Σ_N (P − c) + Σ_T (1 − v_t)·P − S_t, with Σ_N (P − c) = 1,000 − 1,200
    # = −200, Σ_T P = 2,000 and S_t = f·(1 − s)^t·Σ_T c = 0.5 × 0.5^t × 1,000.
    # Year 1, the contract year, v = 0: −200 + 2,000 − 0.5 × 0.5 × 1,000 (250) = 1,550.
    # Year 2, v = 1: −200 + 0 − 0.5 × 0.25 × 1,000 (125) = −325.
    # Year 3, v = 1: −200 + 0 − 0.5 × 0.125 × 1,000 (62.5) = −262.5.
    # (Kept every year, years 2 and 3 were −200 + 2,000 − 125 = 1,675 and 1,737.5.)
    assert years["nhs_surplus"].tolist() == pytest.approx([1550.0, -325.0, -262.5])
    assert years["cumulative_surplus"].tolist() == pytest.approx([1550.0, 1225.0, 962.5])
    # Public spending change = commissioner's change − NHS surplus change, where the
    # commissioner pays A Σ_T P = 2,000 and saves v_t·Σ_T P; surplus before = Σ (P − c)
    # = 3,000 − 2,200 = 800.
    # Year 1: (2,000 − 0) − (1,550 − 800) = 1,250.
    # Year 2: (2,000 − 2,000) − (−325 − 800) = 1,125.
    # Year 3: (2,000 − 2,000) − (−262.5 − 800) = 1,062.5.
    assert years["public_spending_change"].tolist() == pytest.approx([1250.0, 1125.0, 1062.5])


def test_year_1_is_the_tender() -> None:
    # The contract year's surplus is the tender's own NHS surplus after (1,550 above).
    spec = _spec("block")
    tender = simulate_tender(PEOPLE, spec, seed=0).residue
    assert _years(spec)["nhs_surplus"].iloc[0] == pytest.approx(tender["nhs_surplus_after"])
    assert tender["nhs_surplus_after"] == pytest.approx(1550.0)


def test_a_blended_payment_keeps_its_fixed_part_in_year_1_only() -> None:
    # variable_share v = 0.2: year 1 keeps (1 − 0.2) × 2,000 = 1,600:
    # −200 + 1,600 − 250 = 1,150. Years 2 and 3, v = 1: −325 and −262.5 as above.
    years = _years(_spec("blended", 0.2))
    assert years["nhs_surplus"].tolist() == pytest.approx([1150.0, -325.0, -262.5])


def test_activity_payment_is_unchanged() -> None:
    # v = 1 in every year: −200 − 250 = −450, then −325 and −262.5.
    years = _years(_spec("activity"))
    assert years["nhs_surplus"].tolist() == pytest.approx([-450.0, -325.0, -262.5])


CONTRACT_YEAR_NOTE = (
    "The NHS keeps the income its block or blended payment leaves it for the people taken "
    "in year 1, the contract year, only: from year 2 it loses their income as under "
    "activity payment."
)


@pytest.mark.parametrize("payment", ["block", "activity"])
def test_the_year_table_says_so_under_a_block(
    payment: str, tmp_path: Path, tmp_workbook: Callable[..., Path]
) -> None:
    workbook = tmp_workbook(
        {
            "caseload": [
                {"cluster": code, "service_users": 20, "cluster_days": 20 * 200}
                for code in (1, 2, 3)
            ],
            "nhs": [{"fixed_cost_share": 0.5, "shed_rate": 0.5, "payment": payment}],
            "bidders": [{"name": "Acme", "cost_factor": 0.9}],
            "lots": [{"name": "Common", "clusters": "1-3"}],
        }
    )
    out = tmp_path / "out"
    args = ["tender", str(workbook), "--years", "2", "--out", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    # Said under a block (and a blend), not under activity payment, where v = 1 anyway.
    assert (str(escape(CONTRACT_YEAR_NOTE)) in html) == (payment == "block")
