"""Work moved between layers (docs/architecture.md) gives the same figures as before.

io reads and never computes: a tender on a ``patients`` sheet used to have the
package cost per day k and the bed-day cost b worked out while reading
(io/tender_inputs.py called costing); the workflow now works them out from the tables
io read. These tests pin the figures of that path by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.io.tender_inputs import read_tender_inputs
from pbrkit.reference import ReferenceSet
from pbrkit.workflows.tender import bed_day_cost_of, build_population

# Cluster 1's own package: 2 care-coordinator hours a week at £35 an hour, so
# k = 2 × 35 / 7 = £10 a community day; an inpatient bed day costs b = £400.
PACKAGES = [{"cluster": 1, "resource": "cc_hour", "quantity": 2, "per": "week"}]
UNIT_COSTS = [
    {"resource": "cc_hour", "unit_cost": 35},
    {"resource": "inpatient_bed_day", "unit_cost": 400},
]


def _patients_book(make: Callable[..., Path], patients: list[dict[str, object]]) -> Path:
    return make(
        {"patients": patients, "packages": PACKAGES, "unit_costs": UNIT_COSTS},
        name="patients.xlsx",
    )


def test_patients_without_a_cost_are_costed_from_the_workbooks_packages(
    tmp_workbook: Callable[..., Path], ref: ReferenceSet
) -> None:
    patients: list[dict[str, object]] = [
        {"patient_id": "a", "cluster": 1, "days": 100, "admitted_days": 10},
        {"patient_id": "b", "cluster": 1, "days": 70, "admitted_days": 0},
        {"patient_id": "c", "cluster": 1, "days": 50, "admitted_days": 0, "cost": 1234},
    ]
    inputs = read_tender_inputs(_patients_book(tmp_workbook, patients), ref)
    population = build_population(inputs, seed=0).set_index("patient_id")
    # a: k·(D − A) + b·A = 10 × (100 − 10) + 400 × 10 = 900 + 4,000 = 4,900
    assert population.loc["a", "cost"] == pytest.approx(4_900, rel=1e-12)
    # b: 10 × 70 = 700 (no admitted days)
    assert population.loc["b", "cost"] == pytest.approx(700, rel=1e-12)
    # c: the cost given is used as it stands
    assert population.loc["c", "cost"] == 1234
    assert bed_day_cost_of(inputs) == 400


def test_patients_need_a_cost_when_the_packages_cannot_be_costed(
    tmp_workbook: Callable[..., Path], ref: ReferenceSet
) -> None:
    # No unit cost for the package's resource: k cannot be worked out, which is an
    # error only because a patient has no cost of their own.
    book = tmp_workbook(
        {
            "patients": [{"patient_id": "a", "cluster": 1, "days": 100}],
            "packages": [{"cluster": 1, "resource": "unknown", "quantity": 1, "per": "day"}],
            "unit_costs": UNIT_COSTS,
        },
        name="patients.xlsx",
    )
    inputs = read_tender_inputs(book, ref)
    with pytest.raises(InputError, match="1 patients have no cost"):
        build_population(inputs, seed=0)
