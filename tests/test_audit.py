"""Clinician audit: agreement, kappa, confusion and the money at stake (docs/methodology.md §5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pbrkit.audit import SUPERCLASSES, agreement, audit_clusters, superclass_of
from pbrkit.errors import MissingTariff


def from_counts(labels: list[int], counts: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Patients (clinician, suggested) reproducing a confusion table of counts."""
    rows, cols = [], []
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            rows += [labels[i]] * count
            cols += [labels[j]] * count
    return np.array(rows), np.array(cols)


def test_kappa_two_by_two() -> None:
    #             suggested 1  suggested 2 | row
    # clinician 1      20           5      |  25
    # clinician 2      10          15      |  25
    # column           30          20      |  50
    # p_o = (20 + 15) / 50 = 0.7
    # p_e = (25·30 + 25·20) / 50² = 1250 / 2500 = 0.5
    # kappa = (0.7 − 0.5) / (1 − 0.5) = 0.4
    clinician, suggested = from_counts([1, 2], [[20, 5], [10, 15]])
    result = agreement(clinician, suggested)
    assert result.n == 50
    assert result.agreement == pytest.approx(0.7)
    assert result.expected == pytest.approx(0.5)
    assert result.kappa == pytest.approx(0.4)


THREE = ([3, 4, 11], [[6, 2, 0], [1, 5, 1], [1, 0, 4]])


def test_kappa_three_by_three_and_superclasses() -> None:
    #              s3  s4  s11 | row
    # clinician 3   6   2   0  |   8
    # clinician 4   1   5   1  |   7
    # clinician 11  1   0   4  |   5
    # column        8   7   5  |  20
    # p_o = (6 + 5 + 4) / 20 = 0.75
    # p_e = (8·8 + 7·7 + 5·5) / 400 = 138 / 400 = 0.345
    # kappa = (0.75 − 0.345) / (1 − 0.345) = 0.405 / 0.655 = 0.6183...
    clinician, suggested = from_counts(*THREE)
    result = audit_clusters(suggested, clinician)
    assert result.audited == 20
    assert result.agreement == pytest.approx(0.75)
    assert result.cluster.expected == pytest.approx(0.345)
    assert result.kappa == pytest.approx(0.405 / 0.655)
    assert result.cluster.confusion.to_numpy().tolist() == THREE[1]
    assert result.cluster.confusion.index.tolist() == [3, 4, 11]
    # Superclasses: 3 and 4 are non-psychotic, 11 psychosis.
    #                 non-psychotic  psychosis | row
    # non-psychotic   6+2+1+5 = 14   0+1 = 1   |  15
    # psychosis       1+0 = 1        4         |   5
    # p_o = 18 / 20 = 0.9; p_e = (15·15 + 5·5) / 400 = 0.625; kappa = 0.275 / 0.375
    sc = result.superclass
    assert sc.agreement == pytest.approx(0.9)
    assert sc.expected == pytest.approx(0.625)
    assert sc.kappa == pytest.approx(0.275 / 0.375)
    assert sc.confusion.index.tolist() == list(SUPERCLASSES)
    assert sc.confusion.loc["non-psychotic", "psychosis"] == 1
    assert sc.confusion.loc["psychosis", "psychosis"] == 4
    assert sc.confusion.loc["organic"].sum() == 0


def test_biggest_disagreements() -> None:
    clinician, suggested = from_counts(*THREE)
    top = audit_clusters(suggested, clinician, top_n=3).disagreements
    # Off-diagonal cells: 3→4: 2; then 1 each for 4→3, 4→11, 11→3 (ties by code).
    assert top[["clinician_cluster", "suggested_cluster", "patients"]].to_numpy().tolist() == [
        [3, 4, 2],
        [4, 3, 1],
        [4, 11, 1],
    ]
    assert top["share"].tolist() == pytest.approx([2 / 20, 1 / 20, 1 / 20])
    assert top["share_of_clinician_cluster"].tolist() == pytest.approx([2 / 8, 1 / 7, 1 / 7])


def test_who_is_audited() -> None:
    suggested = [1, 1, 99, 3, 3, 0]
    clinician = [1, np.nan, 4, 99, 3, 2]
    result = audit_clusters(suggested, pd.Series(clinician, dtype="Float64"))
    assert result.patients == 6
    assert result.no_clinician_cluster == 2  # blank, and 99 = not assessed by the clinician
    assert result.not_assessed == 1  # the suggestion is 99
    assert result.audited == 3  # (1, 1), (3, 3), (0, 2)
    assert result.agreement == pytest.approx(2 / 3)
    assert result.money is None and result.money_total is None


def test_kappa_undefined_when_everything_is_one_cluster() -> None:
    result = agreement([5, 5, 5], [5, 5, 5])
    assert result.agreement == 1.0
    assert np.isnan(result.kappa)


def test_no_one_audited() -> None:
    result = audit_clusters([99, 99], [1, 2])
    assert result.audited == 0
    assert np.isnan(result.agreement) and np.isnan(result.kappa)
    assert result.disagreements.empty


def test_superclass_of() -> None:
    labels = superclass_of([0, 1, 8, 9, 10, 17, 18, 21, 22, 99, np.nan])
    assert labels.tolist() == [
        "variance",
        "non-psychotic",
        "non-psychotic",
        None,
        "psychosis",
        "psychosis",
        "organic",
        "organic",
        None,
        "not assessed",
        None,
    ]


TARIFF = pd.DataFrame(
    {
        "price": [5.0, 10.0, 1000.0, 3650.0],
        "unit": ["per_day", "per_day", "per_episode", "per_year"],
        "admitted_day_price": [np.nan, np.nan, np.nan, 300.0],
    },
    index=pd.Index([0, 1, 3, 11], name="cluster"),
)
REVIEW_DAYS = pd.Series({0: 182.0, 1: 84.0, 3: 182.0, 11: 365.0})


def test_money_at_stake() -> None:
    suggested = [1, 3, 1, 0, 3, 99]
    clinician = [3, 11, 1, 3, np.nan, 1]
    days = [91, 91, np.nan, np.nan, 10, 10]
    admitted = [0, 2, 0, np.nan, 0, 0]
    result = audit_clusters(
        suggested,
        clinician,
        tariff=TARIFF,
        review_days=REVIEW_DAYS,
        days=days,
        admitted_days=admitted,
    )
    # p1: clinician 3 = 1000 × 91/182 = 500;            suggested 1 = 10 × 91 = 910;  −410
    # p2: clinician 11 = 3650 × 91/365 + 300 × 2 = 1510; suggested 3 = 1000 × 91/182 = 500; +1010
    # p3: no days -> one review period of cluster 1 (84): 10 × 84 = 840 both ways;        0
    # p4: no days -> 182 days (cluster 3's period): 1000 × 1 = 1000; suggested 0: 5 × 182 = 910; +90
    # p5 has no clinician cluster, p6 is not assessed: neither is priced.
    per_patient = result.per_patient
    assert per_patient is not None
    assert per_patient["difference"].tolist()[:4] == pytest.approx([-410, 1010, 0, 90])
    assert per_patient["difference"].iloc[4:].isna().all()
    money = result.money
    assert money is not None
    assert money.index.tolist() == [1, 3, 11]
    assert money.loc[3].tolist() == pytest.approx([2, 1500, 1820, -320])
    assert money.loc[11, "difference"] == pytest.approx(1010)
    assert result.money_total == pytest.approx(690)
    assert result.summary()["money_at_stake"] == pytest.approx(690)


def test_money_without_days_uses_review_periods() -> None:
    result = audit_clusters([3], [11], tariff=TARIFF, review_days=REVIEW_DAYS)
    # 365 days (cluster 11's period): clinician 3650; suggested 3: 1000 × 365/182.
    assert result.money_total == pytest.approx(3650 - 1000 * 365 / 182)


def test_unpriced_cluster_is_an_error_not_a_zero() -> None:
    with pytest.raises(MissingTariff) as error:
        audit_clusters([5, 1], [1, 7], tariff=TARIFF, review_days=REVIEW_DAYS)
    assert [p.value for p in error.value.problems] == [5, 7]


def test_inputs_are_not_changed() -> None:
    suggested = np.array([1, 3, 1])
    clinician = pd.Series([3.0, 11.0, np.nan])
    days = pd.Series([91.0, np.nan, 3.0])
    audit_clusters(suggested, clinician, tariff=TARIFF, review_days=REVIEW_DAYS, days=days)
    assert suggested.tolist() == [1, 3, 1]
    assert clinician.isna().tolist() == [False, False, True]
    assert days.isna().tolist() == [False, True, False]
