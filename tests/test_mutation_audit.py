"""The clinician audit worked by hand, against the survivors of mutation testing
(benchmarks/mutation-cluster.md): every figure of ``summary()``, the per-patient £,
the generic (text) path of ``agreement``, codes outside the superclasses, codes too
far apart for one dense table, the £ priced a block at a time and by the compiled
pass, and the problems' words.

The tariff (as in tests/test_audit.py): cluster 0 £5 a day, 1 £10 a day, 3 £1,000 an
episode (review period 182 days), 11 £3,650 a year (365 days) plus £300 an admitted
day; review periods 0: 182, 1: 84, 3: 182, 11: 365 days.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from pbrkit import audit, group_kernel, income_kernel
from pbrkit.audit import agreement, audit_clusters, patient_income, superclass_of
from pbrkit.errors import MissingTariff

TARIFF = pd.DataFrame(
    {
        "price": [5.0, 10.0, 1000.0, 3650.0],
        "unit": ["per_day", "per_day", "per_episode", "per_year"],
        "admitted_day_price": [np.nan, np.nan, np.nan, 300.0],
    },
    index=pd.Index([0, 1, 3, 11], name="cluster"),
)
REVIEW_DAYS = pd.Series({0: 182.0, 1: 84.0, 3: 182.0, 11: 365.0})
SUPERCLASSES = ("variance", "non-psychotic", "psychosis", "organic", "not assessed")


@pytest.fixture(params=["blocks", "compiled"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The £ priced two patients at a time (the blocks), or by the compiled passes
    (numba), which are otherwise used only from 200,000 patients."""
    if request.param == "blocks":
        monkeypatch.setattr(audit, "PRICE_BLOCK", 2)
        monkeypatch.setattr(income_kernel, "MIN_ROWS", 1 << 62)
        monkeypatch.setattr(group_kernel, "MIN_ROWS", 1 << 62)
    else:
        if not income_kernel.installed():
            pytest.skip("numba (the fast extra) is absent")
        monkeypatch.setattr(income_kernel, "MIN_ROWS", 1)
        monkeypatch.setattr(group_kernel, "MIN_ROWS", 1)
    yield request.param


def _money_case() -> audit.AuditResult:
    # p1: clinician 3 = 1000 × 91/182 = 500;  suggested 1 = 10 × 91 = 910;            −410
    # p2: clinician 3 = 500; suggested 11 = 3650 × 91/365 + 300 × 2 = 910 + 600 = 1510; −1010
    #     (the admitted days count under the suggested cluster too)
    # p3: no days -> cluster 1's period, 84 days: 10 × 84 = 840 both ways;               0
    # p4: no days -> cluster 3's period, 182 days: 1000; suggested 0: 5 × 182 = 910;
    #     blank admitted days are none;                                                  +90
    # p5: no clinician cluster: not audited.
    # p6: clinician 11 = 3650 × 182/365 + 300 × 4 = 1820 + 1200 = 3020; suggested 3 = 1000
    #     (no admitted-day price);                                                       +2020
    return audit_clusters(
        [1, 11, 1, 0, 3, 3],
        [3, 3, 1, 3, np.nan, 11],
        tariff=TARIFF,
        review_days=REVIEW_DAYS,
        days=[91, 91, np.nan, np.nan, 10, 182],
        admitted_days=[0, 2, 0, np.nan, 0, 4],
    )


def test_the_money_at_stake_worked_by_hand(path: str) -> None:
    result = _money_case()
    money = result.money
    assert money is not None
    assert money.index.name == "cluster"
    assert money.index.tolist() == [1, 3, 11]
    assert money.columns.tolist() == [
        "patients",
        "income_clinician",
        "income_suggested",
        "difference",
    ]
    assert money["patients"].dtype == np.int64
    # Cluster 1: p3. Cluster 3: p1, p2, p4: 500 + 500 + 1000 = 2000 against
    # 910 + 1510 + 910 = 3330, −1330. Cluster 11: p6.
    assert money.to_numpy().tolist() == [
        [1, 840, 840, 0],
        [3, 2000, 3330, -1330],
        [1, 3020, 1000, 2020],
    ]
    assert result.money_total == 690  # 0 − 1330 + 2020
    per_patient = result.per_patient
    assert per_patient is not None
    assert per_patient.columns.tolist() == ["audited", "difference"]
    assert per_patient["audited"].tolist() == [True, True, True, True, False, True]
    assert per_patient["difference"].dtype == np.float64
    assert per_patient["difference"].tolist()[:4] == [-410, -1010, 0, 90]
    assert np.isnan(per_patient["difference"].iloc[4])
    assert per_patient["difference"].iloc[5] == 2020
    money_of = result.audited_money
    assert money_of is not None
    assert money_of.clinician.tolist() == [3, 3, 1, 3, 11]
    assert money_of.suggested.tolist() == [1, 11, 1, 0, 3]


def test_a_code_beyond_the_compiled_tables_is_priced_all_the_same(path: str) -> None:
    # Cluster 2000 (past the compiled pass's 1,024 codes): £2 a day, period 100 days.
    tariff = pd.concat([TARIFF, pd.DataFrame({"price": [2.0], "unit": ["per_day"]}, index=[2000])])
    review = pd.concat([REVIEW_DAYS, pd.Series({2000: 100.0})])
    # Clinician 2000, suggested 3, 50 days: 2 × 50 = 100 against 1000 × 50/182.
    one = audit_clusters([3], [2000], tariff=tariff, review_days=review, days=[50])
    assert one.money_total == pytest.approx(100 - 1000 * 50 / 182, rel=1e-15)
    # The other way round: 1000 × 50/182 − 100.
    other = audit_clusters([2000], [3], tariff=tariff, review_days=review, days=[50])
    assert other.money_total == pytest.approx(1000 * 50 / 182 - 100, rel=1e-15)
    # No days: each code's own period (100 and 182 days), or the period of another.
    assert patient_income([2000, 3], tariff, review).tolist() == [200, 1000]
    income = patient_income([3], tariff, review, period_clusters=[2000])
    assert income.tolist() == pytest.approx([1000 * 100 / 182], rel=1e-15)


def test_blank_admitted_days_are_none_and_days_may_be_nullable(path: str) -> None:
    # Cluster 11 for a year: 3650, and no admitted days when the cell is blank.
    days = pd.Series([365, 182, None], dtype="Float64")
    admitted = pd.Series([None, 2, 1], dtype="Float64")
    income = patient_income([11, 11, 11], TARIFF, REVIEW_DAYS, days=days, admitted_days=admitted)
    # 3650; 3650 × 182/365 + 600 = 2420; a blank day count is a period: 3650 + 300.
    assert income.tolist() == [3650, 2420, 3950]
    with pytest.raises(ValueError, match=r"^expected 3 values, got \(2,\)$"):
        patient_income([11, 11, 11], TARIFF, REVIEW_DAYS, days=[1, 2])


def test_summary_gives_every_headline_figure() -> None:
    # Clinician 3, 3, 4, 4 against suggested 3, 4, 4, 11; one blank, one suggested 99.
    #            s3  s4  s11 | row
    # c3          1   1   0  |  2
    # c4          0   1   1  |  2
    # col         1   2   1  |  4
    # p_o = 2/4 = 0.5; p_e = (2·1 + 2·2 + 0·1)/16 = 6/16 = 0.375; κ = 0.125/0.625 = 0.2
    # Superclasses: non-psychotic 3 of 4 (rows 4, cols 3 + psychosis 1):
    # p_o = 3/4; p_e = (4·3 + 0·1)/16 = 0.75; κ = 0/0.25 = 0
    result = audit_clusters([3, 4, 4, 11, 2, 99], [3, 3, 4, 4, np.nan, 4])
    assert result.summary() == {
        "patients": 6,
        "audited": 4,
        "no_clinician_cluster": 1,
        "not_assessed": 1,
        "agreement": 0.5,
        "kappa": pytest.approx(0.2),
        "superclass_agreement": 0.75,
        "superclass_kappa": 0.0,
        "money_at_stake": None,
    }


def test_agreement_of_labels_by_hand() -> None:
    #            b     a   | row      (order given: b first)
    # b         20    10   |  30
    # a          5    15   |  20
    # col       25    25   |  50
    # p_o = 35/50 = 0.7; p_e = (30·25 + 20·25)/2500 = 0.5 (Σ row² would be 0.52);
    # κ = 0.2/0.5 = 0.4
    rows = ["b"] * 30 + ["a"] * 20
    columns = ["b"] * 20 + ["a"] * 10 + ["b"] * 5 + ["a"] * 15
    result = agreement(rows, columns, order=("b", "a"))
    assert (result.n, result.agreement, result.expected) == (50, 0.7, 0.5)
    assert result.kappa == pytest.approx(0.4)
    assert result.confusion.index.name == "clinician"
    assert result.confusion.columns.name == "suggested"
    assert result.confusion.to_numpy().tolist() == [[20, 10], [5, 15]]
    assert result.confusion.dtypes.tolist() == [np.int64, np.int64]
    # The same counts as integer codes: the same figures, the same kind of table.
    codes = agreement([2 if r == "b" else 1 for r in rows], [2 if c == "b" else 1 for c in columns])
    assert (codes.n, codes.agreement, codes.expected) == (50, 0.7, 0.5)
    assert codes.confusion.index.name == "clinician"
    assert codes.confusion.columns.name == "suggested"
    assert codes.confusion.dtypes.tolist() == [np.int64, np.int64]
    assert codes.confusion.to_numpy().tolist() == [[15, 5], [10, 20]]


def test_agreement_keeps_the_order_given_and_puts_the_rest_after_it() -> None:
    # Order (z, w): w never occurs but has its row; 1 and "a" are not in the order and
    # follow it sorted as text ("1" before "a"), whatever their type.
    rows = np.array([1, "a", "z"], dtype=object)
    columns = np.array(["a", "a", "z"], dtype=object)
    result = agreement(rows, columns, order=("z", "w"))
    assert result.confusion.index.tolist() == ["z", "w", 1, "a"]
    assert result.confusion.columns.tolist() == ["z", "w", 1, "a"]
    # p_o = 2/3; rows z 1, 1 1, a 1; columns z 1, a 2: p_e = (1 + 0 + 2)/9 = 1/3;
    # κ = (2/3 − 1/3)/(2/3) = 0.5
    assert result.agreement == pytest.approx(2 / 3)
    assert result.expected == pytest.approx(1 / 3)
    assert result.kappa == pytest.approx(0.5)
    # Integer codes in an order of their own: the order is kept.
    ordered = agreement([1, 2], [1, 2], order=(2, 1, 3))
    assert ordered.confusion.index.tolist() == [2, 1, 3]
    assert ordered.confusion.to_numpy().tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]
    # No two labels in common: every label still has its row.
    apart = agreement(["a", "a"], ["b", "b"])
    assert apart.confusion.to_numpy().tolist() == [[0, 2], [0, 0]]
    assert (apart.agreement, apart.expected, apart.kappa) == (0.0, 0.0, 0.0)


def test_agreement_of_one_label_and_of_nobody() -> None:
    # Everybody "a": p_o = p_e = 1, κ undefined (0/0), not an error.
    one = agreement(["a", "a"], ["a", "a"])
    assert (one.n, one.agreement, one.expected) == (2, 1.0, 1.0)
    assert np.isnan(one.kappa)
    nobody = agreement([], [], order=("a", "b"))
    assert nobody.n == 0
    assert np.isnan(nobody.agreement) and np.isnan(nobody.expected) and np.isnan(nobody.kappa)
    assert nobody.confusion.to_numpy().tolist() == [[0, 0], [0, 0]]
    with pytest.raises(ValueError, match=r"^rows and columns must have equal length$"):
        agreement([1, 2], [1])
    with pytest.raises(ValueError, match=r"^rows and columns must have equal length$"):
        agreement(["a", "b"], ["a"])


def test_agreement_of_mixed_number_types() -> None:
    # Codes 1.5 and 2.0 against 1 and 2: categories 1, 1.5, 2 (2.0 is 2); one agrees.
    result = agreement(np.array([1.5, 2.0]), np.array([1, 2]))
    assert result.confusion.index.tolist() == [1, 1.5, 2]
    assert result.agreement == 0.5
    other = agreement(np.array([1, 2]), np.array([1.5, 2.0]))
    assert other.agreement == 0.5


def test_codes_too_far_apart_for_one_dense_table() -> None:
    # 0 and 5000 span 5,001 codes: counted through the distinct values instead.
    #          s0  s5000 | row
    # c0        1    0   |  1
    # c5000     1    1   |  2
    # col       2    1   |  3
    # p_o = 2/3; p_e = (1·2 + 2·1)/9 = 4/9; κ = (2/3 − 4/9)/(5/9) = 0.4
    result = agreement(np.array([0, 5000, 5000]), np.array([0, 0, 5000]))
    assert result.confusion.index.tolist() == [0, 5000]
    assert result.confusion.to_numpy().tolist() == [[1, 0], [1, 1]]
    assert result.agreement == pytest.approx(2 / 3)
    assert result.expected == pytest.approx(4 / 9)
    assert result.kappa == pytest.approx(0.4)
    # Codes 600 and 700 (a span of 101 from 600): the same figures as 0 and 100.
    high = agreement(np.array([600, 700, 700]), np.array([600, 600, 700]))
    assert high.confusion.index.tolist() == [600, 700]
    assert high.kappa == pytest.approx(0.4)


def test_superclass_of_codes_outside_the_set() -> None:
    labels = superclass_of([-1, 3.5, 100, 1e6, np.inf, -np.inf, 99])
    assert labels.tolist() == [None, None, None, None, None, None, "not assessed"]
    nullable = superclass_of(pd.array([3, None, 12], dtype="Int64"))
    assert nullable.tolist() == ["non-psychotic", None, "psychosis"]


def test_superclass_agreement_with_codes_outside_every_superclass() -> None:
    # Clinician 0 (variance) and 100 (no superclass) against suggested 0 and 3:
    # categories are the superclasses then "None".
    result = audit_clusters([0, 3], [0, 100])
    confusion = result.superclass.confusion
    assert confusion.index.tolist() == [*SUPERCLASSES, "None"]
    assert confusion.loc["variance", "variance"] == 1
    assert confusion.loc["None", "non-psychotic"] == 1
    # Only the suggestion outside: "None" is listed too.
    other = audit_clusters([100], [3]).superclass.confusion
    assert other.index.tolist() == [*SUPERCLASSES, "None"]
    assert other.loc["non-psychotic", "None"] == 1
    # A negative code is outside every superclass, not the last one.
    negative = audit_clusters([-1], [-1]).superclass.confusion
    assert negative.loc["None", "None"] == 1
    assert negative.to_numpy().sum() == 1


def test_nobody_audited_still_lists_every_superclass() -> None:
    result = audit_clusters([99, 3], [1, np.nan])
    assert result.audited == 0
    assert result.superclass.confusion.index.tolist() == list(SUPERCLASSES)
    assert result.superclass.n == 0


def test_audited_codes_are_int16_only_when_they_fit() -> None:
    def codes(clusters: list[int]) -> np.ndarray:
        money = audit_clusters(
            clusters,
            clusters,
            tariff=pd.DataFrame(
                {"price": [1.0] * len(clusters), "unit": ["per_day"] * len(clusters)},
                index=clusters,
            ),
            review_days=pd.Series(1.0, index=clusters),
        ).audited_money
        assert money is not None
        return money.clinician

    assert codes([0, 32767]).dtype == np.int16
    assert codes([-1, 3]).dtype == np.int64
    assert codes([3, 40000]).dtype == np.int64
    assert codes([3, 40000]).tolist() == [3, 40000]


def test_the_disagreements_table_and_its_default_length() -> None:
    # 13 clusters, each patient put one cluster up: 13 off-diagonal cells of 1.
    clinician = list(range(1, 14))
    suggested = [c + 1 for c in clinician]
    top = audit_clusters(suggested, clinician).disagreements
    assert len(top) == 10
    assert top.columns.tolist() == [
        "clinician_cluster",
        "suggested_cluster",
        "patients",
        "share",
        "share_of_clinician_cluster",
    ]
    assert top["clinician_cluster"].tolist() == list(range(1, 11))
    assert top.index.tolist() == list(range(10))


def test_the_problems_in_words() -> None:
    with pytest.raises(ValueError, match=r"^review_days is needed to price activity$"):
        audit_clusters([1], [1], tariff=TARIFF)
    message = "^suggested and clinician must be 1-D and of equal length$"
    with pytest.raises(ValueError, match=message):
        audit_clusters([1, 2], [1])


def test_a_cluster_is_priced_only_with_a_price_a_unit_and_a_review_period() -> None:
    tariff = pd.DataFrame(
        {"price": [np.nan, 5.0, 5.0, 5.0], "unit": ["per_day", "per_visit", "per_day", "per_day"]},
        index=[1, 2, 3, 4],
    )
    review = pd.Series({1: 10.0, 2: 10.0, 3: np.nan, 4: 10.0})
    # 1: no price; 2: a unit the tariff does not know; 3: no review period; 4 is fine.
    with pytest.raises(MissingTariff) as error:
        audit_clusters([4, 4, 4], [1, 2, 3], tariff=tariff, review_days=review)
    problems = error.value.problems
    assert [p.value for p in problems] == [1, 2, 3]
    assert problems[0].message == (
        "cluster 1 has audited patients but no price or review period in the tariff"
    )
    assert problems[0].fix == "add a tariff row (and a review period) for cluster 1"
    assert error.value.hint == "The £ at stake prices every audited patient under both clusters."
    with pytest.raises(MissingTariff) as named:
        audit_clusters([4], [1], tariff=tariff, review_days=review, tariff_where="tariffs/2026.csv")
    assert named.value.problems[0].message.endswith("in tariffs/2026.csv")


def test_the_module_names_its_reference_codes() -> None:
    assert audit.NOT_ASSESSED == 99
    assert audit.SUPERCLASSES == SUPERCLASSES
    with pytest.raises(AttributeError, match=r"^module 'pbrkit.audit' has no attribute 'nothing'$"):
        _ = audit.nothing
