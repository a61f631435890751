"""Modelled cost k × (D − A) + b × A counts a term only where its days are (review 9a).

Found building a cost workbook whose unit_costs sheet had no inpatient_bed_day row and
whose caseload had no admitted days: `pbrkit cost` reported a total cost of £0 and a
surplus equal to the whole income (£30,014,561 on examples/clusters.xlsx). b unknown made
b × 0 NaN, so every modelled cost was NaN, and the sums counted NaN as 0. And a cluster
whose days were all admitted was refused for having no care package, though k × 0 is 0.
The formula now lives in one function (costing.modelled_cost) used by cost and tender.

Hand-worked figures use tests/test_costing.py's example (its module docstring):
k4 = 7, k11 = 7.5, k14 = 35 a cluster day; b = £400 a bed day.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pbrkit.costing import cost_caseload, modelled_cost
from pbrkit.errors import InputError
from pbrkit.reference import ReferenceSet
from pbrkit.tender import population_from_patients
from tender_tariff import REVIEW_DAYS, TARIFF
from test_costing import BASE_CASELOAD, PACKAGE_ROWS, UNIT_COSTS, make_inputs


def test_no_admitted_days_need_no_bed_day_cost(ref: ReferenceSet) -> None:
    rows = [dict(r, admitted_days=0) for r in BASE_CASELOAD]
    costs = {k: v for k, v in UNIT_COSTS.items() if k != "inpatient_bed_day"}
    result = cost_caseload(make_inputs(ref, rows, unit_costs=costs))
    # 7 × 9,100 = 63,700; 7.5 × 14,600 = 109,500; 35 × 840 = 29,400; total 202,600.
    assert result.clusters["cost"].to_dict() == pytest.approx(
        {4: 63_700.0, 11: 109_500.0, 14: 29_400.0}
    )
    assert result.totals["cost"] == pytest.approx(202_600.0)


def test_a_cluster_all_admitted_needs_no_package(ref: ReferenceSet) -> None:
    rows = [dict(r) for r in BASE_CASELOAD]
    rows[2] = dict(rows[2], cluster_days=840, admitted_days=840)
    packages = [p for p in PACKAGE_ROWS if p[0] != 14]
    result = cost_caseload(make_inputs(ref, rows, packages=packages))
    # Cluster 14: 0 community days; 400 × 840 = 336,000.
    assert result.clusters.loc[14, "cost"] == pytest.approx(336_000.0)


def test_days_without_a_rate_still_stop_the_run(ref: ReferenceSet) -> None:
    rows = [dict(r) for r in BASE_CASELOAD]  # cluster 14: 840 days, 140 admitted
    packages = [p for p in PACKAGE_ROWS if p[0] != 14]
    with pytest.raises(InputError, match="cluster 14 has activity but no care package rows"):
        cost_caseload(make_inputs(ref, rows, packages=packages))
    costs = {k: v for k, v in UNIT_COSTS.items() if k != "inpatient_bed_day"}
    with pytest.raises(InputError, match="admitted days need a unit cost"):
        cost_caseload(make_inputs(ref, unit_costs=costs))


def test_the_formula_term_by_term() -> None:
    nan = math.nan
    got = modelled_cost(
        k=[7.0, nan, nan, 7.0, 2.0],
        days=[100.0, 50.0, 50.0, 0.0, 10.0],
        admitted=[0.0, 50.0, 10.0, 0.0, 4.0],
        bed_day=nan,
    )
    # 7 × 100 = 700; 0 community days and 50 admitted with b unknown → NaN;
    # 40 community days with k unknown → NaN; nothing → 0; 2 × 6 + NaN × 4 → NaN.
    assert got[0] == 700.0
    assert np.isnan(got[1]) and np.isnan(got[2]) and np.isnan(got[4])
    assert got[3] == 0.0
    got = modelled_cost(k=[nan, 2.0], days=[50.0, 10.0], admitted=[50.0, 4.0], bed_day=400.0)
    # 0 × k + 400 × 50 = 20,000; 2 × 6 + 400 × 4 = 1,612.
    assert got.tolist() == [20_000.0, 1_612.0]


def test_a_tender_patient_all_admitted_needs_no_package() -> None:
    patients = pd.DataFrame(
        {
            "patient_id": ["p1", "p2"],
            "cluster": [3, 11],
            "days": [30.0, 365.0],
            "admitted_days": [30.0, 0.0],
            "cost": [np.nan, np.nan],
        }
    )
    pop = population_from_patients(
        patients, TARIFF, REVIEW_DAYS, day_cost=pd.Series({11: 10.0}), bed_day_cost=400.0
    )
    # p1: 400 × 30 = 12,000 (cluster 3 has no package, none needed); p2: 10 × 365 = 3,650.
    assert pop["cost"].tolist() == pytest.approx([12_000.0, 3_650.0])


def test_one_patient_without_a_cost_is_said_in_the_singular() -> None:
    # fixleft: "1 patients have no cost".
    patients = pd.DataFrame(
        {"patient_id": ["p1"], "cluster": [3], "days": [30.0], "admitted_days": [0.0],
         "cost": [np.nan]}
    )  # fmt: skip
    with pytest.raises(InputError, match="1 patient has no cost"):
        population_from_patients(patients, TARIFF, REVIEW_DAYS)
    with pytest.raises(InputError, match="1 patient has no cost and none can be modelled"):
        population_from_patients(patients, TARIFF, REVIEW_DAYS, day_cost=pd.Series({11: 1.0}))
