"""Building the tender population: from patient rows, or synthesised from a caseload."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from pbrkit.errors import InputError, MissingTariff
from pbrkit.pricing import price_activity
from pbrkit.tender import (
    deflate_income,
    population_from_patients,
    synthesise_population,
)
from pbrkit.tender.selection import fit_log_costs
from tender_tariff import REVIEW_DAYS, TARIFF

CASELOAD = pd.DataFrame(
    {
        "cluster": [1, 3, 11, 11],
        "team": ["North", "North", "North", "South"],
        "service_users": [400, 250, 100, 1],
        "cluster_days": [32_000.0, 45_500.0, 34_000.0, 300.0],
        "admitted_days": [0.0, 500.0, 100.0, 0.0],
        "cost": [250_000.0, 900_000.0, 640_000.0, 7_000.0],
    }
)


def test_synthesised_population_matches_the_caseload():
    before = CASELOAD.copy()
    pop = synthesise_population(CASELOAD, TARIFF, REVIEW_DAYS, seed=4)
    assert_frame_equal(CASELOAD, before)
    assert len(pop) == 751
    assert list(pop.columns[:6]) == [
        "patient_id",
        "cluster",
        "days",
        "admitted_days",
        "cost",
        "income",
    ]
    assert pop["patient_id"].iloc[0] == "syn-000001"
    by_row = pop.groupby(["cluster", "team"])
    # Rescaled: each row's people cost exactly its C, and have D/N and A/N days each.
    assert by_row["cost"].sum().to_numpy() == pytest.approx(CASELOAD["cost"].to_numpy())
    assert by_row["days"].sum().to_numpy() == pytest.approx(CASELOAD["cluster_days"].to_numpy())
    assert (pop.loc[pop["cluster"] == 1, "days"] == 80.0).all()
    # Income is §5 pricing of each person's own activity; it adds up to the row's income.
    row_income = price_activity(
        CASELOAD["cluster"],
        CASELOAD["cluster_days"],
        CASELOAD["admitted_days"],
        TARIFF,
        REVIEW_DAYS,
    )
    assert by_row["income"].sum().to_numpy() == pytest.approx(row_income)
    # The single person in South's cluster 11 costs the whole row.
    assert pop.loc[pop["team"] == "South", "cost"].tolist() == pytest.approx([7000.0])


def test_synthesised_costs_are_lognormal_with_the_asked_cv():
    caseload = pd.DataFrame(
        {"cluster": [1], "service_users": [20_000], "cluster_days": [1.6e6], "cost": [2e7]}
    )
    pop = synthesise_population(caseload, TARIFF, REVIEW_DAYS, seed=1, cost_cv=0.8)
    cost = pop["cost"]
    assert cost.mean() == pytest.approx(1000.0)
    assert cost.std() / cost.mean() == pytest.approx(0.8, rel=0.05)
    # Log cost is normal with σ² = ln(1 + cv²).
    assert np.log(cost).std() == pytest.approx(np.sqrt(np.log1p(0.64)), rel=0.02)


def test_synthesis_is_seeded_and_rescaling_is_optional():
    one = synthesise_population(CASELOAD, TARIFF, REVIEW_DAYS, seed=7)
    assert_frame_equal(one, synthesise_population(CASELOAD, TARIFF, REVIEW_DAYS, seed=7))
    assert not one["cost"].equals(
        synthesise_population(CASELOAD, TARIFF, REVIEW_DAYS, seed=8)["cost"]
    )
    raw = synthesise_population(CASELOAD, TARIFF, REVIEW_DAYS, seed=7, rescale=False)
    assert raw["cost"].sum() != pytest.approx(CASELOAD["cost"].sum(), rel=1e-9)
    # Rescaling multiplies a row by one factor: the ranking of patients is untouched.
    same_row = one["team"].eq("North") & one["cluster"].eq(3)
    assert (one.loc[same_row, "cost"].rank() == raw.loc[same_row, "cost"].rank()).all()


def test_cost_cv_column_and_zero_cv():
    caseload = CASELOAD.assign(cost_cv=[0.0, np.nan, 2.0, np.nan])
    pop = synthesise_population(caseload, TARIFF, REVIEW_DAYS, cost_cv=0.5)
    assert pop.loc[pop["cluster"] == 1, "cost"].to_numpy() == pytest.approx(np.full(400, 625.0))


def test_bad_caseload_lists_every_problem():
    bad = CASELOAD.assign(
        service_users=[400, 2.5, 0, 1], cluster_days=[32_000.0, -1.0, 34_000.0, 300.0]
    )
    with pytest.raises(InputError) as error:
        synthesise_population(bad, TARIFF, REVIEW_DAYS)
    text = str(error.value)
    assert "row 3, column 'cluster_days'" in text  # negative days
    assert "row 3, column 'service_users': must be a whole number of people" in text
    assert "row 4, column 'service_users': has cluster days, admitted days or cost" in text
    assert "row 3, column 'admitted_days': admitted days exceed cluster days" in text
    with pytest.raises(InputError, match="column 'cost' is missing"):
        synthesise_population(CASELOAD.drop(columns="cost"), TARIFF, REVIEW_DAYS)


def test_unpriced_cluster_is_never_a_silent_zero():
    caseload = CASELOAD.assign(cluster=[1, 3, 11, 12])
    with pytest.raises(MissingTariff, match="clusters with no price: 12"):
        synthesise_population(caseload, TARIFF, REVIEW_DAYS)


PATIENTS = pd.DataFrame(
    {
        "patient_id": ["007", "008", "009"],
        "cluster": [1, 3, 11],
        "days": [84.0, 182.0, 365.0],
        "admitted_days": [0.0, 10.0, np.nan],
        "cost": [700.0, 3000.0, 4000.0],
        "mha_detained": [False, True, False],
    }
)


def test_population_from_patients_prices_each_patient():
    pop = population_from_patients(PATIENTS, TARIFF, REVIEW_DAYS)
    # 1: 84 days × £10; 3: one episode (182/182) × £2,000 + 10 admitted × £300; 11: a year.
    assert pop["income"].tolist() == pytest.approx([840.0, 5000.0, 5000.0])
    assert pop["patient_id"].tolist() == ["007", "008", "009"]
    assert pop["mha_detained"].tolist() == [False, True, False]
    assert pop["admitted_days"].tolist() == [0.0, 10.0, 0.0]


def test_patient_costs_can_be_modelled_from_packages():
    patients = PATIENTS.assign(cost=[700.0, np.nan, np.nan])
    pop = population_from_patients(
        patients,
        TARIFF,
        REVIEW_DAYS,
        day_cost=pd.Series({1: 5.0, 3: 15.0, 11: 10.0}),
        bed_day_cost=400.0,
    )
    # 3: 15 × (182 − 10) + 400 × 10 = 6,580; 11: 10 × 365 = 3,650.
    assert pop["cost"].tolist() == pytest.approx([700.0, 6580.0, 3650.0])
    with pytest.raises(InputError, match="2 patients have no cost"):
        population_from_patients(patients, TARIFF, REVIEW_DAYS)


def test_bad_patients_are_listed():
    bad = PATIENTS.assign(cost=["700", "lots", -5], days=[84.0, "x", 365.0])
    with pytest.raises(InputError) as error:
        population_from_patients(bad, TARIFF, REVIEW_DAYS)
    located = [(p.row, p.column) for p in error.value.problems]
    assert located == [(3, "days"), (3, "cost"), (4, "cost")]
    with pytest.raises(InputError, match="column 'days' is missing"):
        population_from_patients(PATIENTS.drop(columns="days"), TARIFF, REVIEW_DAYS)


def test_deflator_cuts_income_only():
    pop = population_from_patients(PATIENTS, TARIFF, REVIEW_DAYS)
    cut = deflate_income(pop, 0.1)
    assert cut["income"].tolist() == pytest.approx([756.0, 4500.0, 4500.0])
    assert cut["cost"].equals(pop["cost"])
    assert pop["income"].tolist() == pytest.approx([840.0, 5000.0, 5000.0])


def test_log_cost_fit_standardises_within_clusters():
    cost = np.array([100.0, 1000.0, 0.0, 50.0, 50.0, 0.0])
    cluster = np.array([1, 1, 1, 2, 2, 3])
    fit = fit_log_costs(cost, cluster)
    # Cluster 1: the £0 patient counts as the cheapest (£100): logs ln100, ln1000, ln100.
    logs = np.log([100.0, 1000.0, 100.0])
    assert fit.mu[:3] == pytest.approx(np.full(3, logs.mean()))
    assert fit.z[:3] == pytest.approx((logs - logs.mean()) / logs.std())
    # Cluster 2: no spread, z = 0. Cluster 3: no positive cost at all.
    assert fit.z[3:5].tolist() == [0.0, 0.0]
    assert fit.sigma[5] == 0.0
    assert fit.mu[5] == -np.inf
