"""Inner draw 0 of a PSA, the tornado and a break-even search run with the run's own
seed, as `pbrkit tender --seed` does: at the inputs' own values they give that tender's
figures exactly, so the two differ only by parameters, never by luck.

Found in review 6: `tender --psa`'s tornado base came from a seed derived from the
run's (spawn key (1, 0)), a different draw of the bidders' noise from the headline's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.uncertainty.params import ParameterRow, check_parameters
from pbrkit.uncertainty.sampling import inner_seeds
from pbrkit.uncertainty.tender_model import tender_model
from pbrkit.uncertainty.tornado import run_tornado
from pbrkit.workflows.tender import prepare_tender, run_tender

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_draw_zero_is_the_run_seed_and_later_draws_are_derived() -> None:
    seeds = inner_seeds(7, 3)
    assert seeds[0] == 7
    assert len(set(seeds)) == 3  # draws 1 and 2 are other noise


@pytest.mark.parametrize("seed", [0, 7])
def test_tornado_base_at_the_inputs_values_is_the_tender_run(seed: int) -> None:
    tender = run_tender(EXAMPLE, seed=seed).summary()["residue"]
    model = tender_model(prepare_tender(EXAMPLE, seed=seed))
    # tariff.scale 0.9-1.1 (normal) has its median at 1.0: every price as the inputs
    # have it, so the base arm is the tender at the inputs' own values.
    (param,) = check_parameters(
        [ParameterRow(parameter="tariff.scale", low=0.9, high=1.1, row=2)], sheet="test"
    )
    assert param.median == 1.0
    base = run_tornado(model, [param], seed=seed).base
    for figure in ("nhs_surplus_change", "public_spending_change"):
        assert base[figure] == pytest.approx(tender[figure], rel=1e-12), figure
