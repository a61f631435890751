"""Worked tests for pbrkit.tender.caseload_population written against mut23's surviving
mutants (benchmarks/mutation-session23.md): k and b as the synthesis reads them, and
--redraw-population's own child of the seed.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pbrkit.errors import InputError
from pbrkit.tender import caseload_population as cp
from pbrkit.tender.simulate import POPULATION_KEY

# A cluster-4 package of 2 care co-ordinator hours a week at £70 an hour (a made-up
# resource name and price): k = 2 × £70 ÷ 7 days = £20 a community day.
_PACKAGES = pd.DataFrame(
    {"cluster": [4], "resource": ["coordinator_hour"], "quantity": [2.0], "per": ["week"]}
)
_REVIEW = pd.Series({4: 182.0})


def _unit_costs(**costs: float) -> pd.DataFrame:
    return pd.DataFrame({"unit_cost": costs}).rename_axis("resource")


def test_k_and_the_bed_day_cost_are_read_off_the_packages_and_unit_costs() -> None:
    # k(4) = 2 × 70 ÷ 7 = 20; b = the inpatient_bed_day unit cost, £400.
    k, bed = cp.package_and_bed_day_costs(
        _PACKAGES, _unit_costs(coordinator_hour=70.0, inpatient_bed_day=400.0), _REVIEW
    )
    assert k is not None and k.to_dict() == {4: 20.0}
    assert bed == 400.0


def test_without_a_bed_day_unit_cost_b_is_none() -> None:
    k, bed = cp.package_and_bed_day_costs(_PACKAGES, _unit_costs(coordinator_hour=70.0), _REVIEW)
    assert k is not None and k.to_dict() == {4: 20.0}
    assert bed is None


def test_packages_that_cannot_be_costed_give_no_k_unless_needed() -> None:
    # coordinator_hour has no unit cost: k cannot be worked out. Not needed (every
    # patient has a cost): None, and b still £400; needed: the package's own problem.
    unit_costs = _unit_costs(inpatient_bed_day=400.0)
    assert cp.package_and_bed_day_costs(_PACKAGES, unit_costs, _REVIEW) == (None, 400.0)
    with pytest.raises(InputError, match="no unit cost"):
        cp.package_and_bed_day_costs(_PACKAGES, unit_costs, _REVIEW, needed=True)


def test_each_redrawn_population_has_its_own_child_of_the_seed() -> None:
    # --redraw-population: draw d's population is spawn_key (POPULATION_KEY, d), not
    # the tender's (POPULATION_KEY,).
    assert cp.population_seed(7).spawn_key == (POPULATION_KEY,)
    assert cp.population_seed(7, 2).spawn_key == (POPULATION_KEY, 2)
    assert cp.population_seed(7, 2).generate_state(2).tolist() != (
        cp.population_seed(7).generate_state(2).tolist()
    )
