"""`pbrkit.clustering` worked by hand: the `ClusterResult` of seven patients (mutclu).

Written against the survivors of mutmut's run over `src/pbrkit/clustering.py`
(benchmarks/mutation-cluster.md, "clustering.py"). Every figure is worked out in the
comments from the rules of docs/methodology.md §5 (allocation §5.2, agreement §5.3, £ at
stake §5.4, homogeneity §5.5).

The grid has two clusters: item 1 rated 0 *must* be cluster 1 (+2), item 1 rated 2 is
*expected* in cluster 2 (+2); item 2 rated 0 *must* be cluster 2 (+2, and item 2 rated
above 0 rules cluster 2 out). Every other item scores 0. The tariff pays cluster c
£(10c + 1) a day, so cluster 0 £1, 1 £11, 2 £21, 3 £31; a patient without days is priced
for one review period of the clinician's cluster (§5.4): 84 days for cluster 1, 105 for
2, 182 for 3 (the reference set's review periods).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pbrkit import clustering, group_kernel
from pbrkit.clustering import (
    ClusterOptions,
    ClusterResult,
    cluster_ratings,
    money_by_cell,
    patients_per_code,
)
from pbrkit.errors import InputError, MissingTariff
from pbrkit.model import QualityNote
from pbrkit.workflows import cluster as workflow
from pbrkit.workflows.cluster import run_cluster

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
GRID = "cluster,item,rating,band\n1,1,0,must\n2,1,2,expected\n2,2,0,must\n"
PRICED = [0, *range(1, 9), *range(10, 22)]

# patient, item 1, item 2, clinician's cluster, cost, trait
PATIENTS: list[tuple[str, str, str, str, str, str]] = [
    # item 1 = 0: cluster 1 scores 2, cluster 2 scores 2 (item 2) → tied, 1 (lower code).
    ("P1", "0", "0", "1", "100", "yes"),
    # item 1 = 2: cluster 1 ruled out (must 0), cluster 2 scores 2 + 2 → suggested 2.
    ("P2", "2", "0", "3", "200", "no"),
    # item 1 = 1: cluster 1 ruled out, cluster 2 scores 0 + 2 → suggested 2 at 2.
    ("P3", "1", "0", "2", "300", "yes"),
    # items 1, 2 and 3 unknown (9): more than 2 unknown → 99, not assessed.
    ("P4", "9", "9", "2", "400", ""),
    # suggested 2 (as P2), no clinician's cluster: not audited, not in either RIV.
    ("P5", "2", "0", "", "5000", "no"),
    # suggested 2 (as P2), clinician 1.
    ("P6", "2", "0", "1", "600", "yes"),
    # item 1 = 1 rules out 1, item 2 = 1 rules out 2: every cluster ruled out → 0.
    ("P7", "1", "1", "2", "", "no"),
]


def _write(
    tmp_path: Path,
    rows: list[tuple[str, ...]],
    *,
    cluster: bool = True,
    cost: bool = True,
    extra: dict[str, list[str]] | None = None,
) -> Path:
    extra = extra or {}
    header = ["patient_id", *ITEMS] + ["cluster"] * cluster + ["cost"] * cost + ["homeless"]
    lines = [",".join([*header, *extra])]
    for i, (pid, item1, item2, clinician, money, trait) in enumerate(rows):
        item3 = "9" if item1 == "9" else "0"
        cells = [pid, item1, item2, item3, *["0"] * 15]
        cells += [clinician] * cluster + [money] * cost + [trait]
        cells += [column[i] for column in extra.values()]
        lines.append(",".join(cells))
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "grid.csv").write_text(GRID, encoding="utf-8")
    # £(10c + 1) a day, and £(100c + 50) an admitted day on top (§2).
    prices = "".join(f"{c},{10 * c + 1},per_day,{100 * c + 50}\n" for c in PRICED)
    header = "cluster,price,unit,admitted_day_price\n"
    (tmp_path / "tariff.csv").write_text(header + prices, encoding="utf-8")
    return path


def _result(tmp_path: Path, **kwargs: Any) -> ClusterResult:
    options = kwargs.pop("options", ClusterOptions())
    path = _write(tmp_path, PATIENTS, **kwargs)
    run = run_cluster(
        path,
        profiles_file=tmp_path / "grid.csv",
        tariff_file=tmp_path / "tariff.csv",
        options=options,
    )
    return run.result


def _by_pair(cells: pd.DataFrame) -> dict[tuple[int, int], tuple[int, float]]:
    """Each disagreement cell's patients and £, by (clinician's, suggested) cluster."""
    return {
        (int(row.clinician_cluster), int(row.suggested_cluster)): (row.patients, row.money)
        for row in cells.itertuples()
    }


def test_outcomes_counts_and_names(tmp_path: Path) -> None:
    result = _result(tmp_path)
    # §5.2: P1, P2, P3, P5, P6 suggested; P7 ruled out of both (variance 0); P4 has 3
    # unknown items (more than 2): 99.
    assert result.outcomes == {
        "suggested": 5,
        "variance_below_min_score": 0,
        "variance_ruled_out": 1,
        "not_assessed": 1,
    }
    assert list(result.outcomes) == list(clustering.OUTCOME_NAMES.values())
    assert result.patients == 7
    assert result.assessed == 7 - 1
    counts = result.counts
    # Suggested: 0 ← P7; 1 ← P1; 2 ← P2, P3, P5, P6; 99 ← P4.
    # Clinicians': 1 ← P1, P6; 2 ← P3, P4, P7; 3 ← P2; P5 blank (not counted).
    assert counts.index.name == "cluster"
    assert counts.index.dtype == np.int64
    assert counts.index.tolist() == [0, 1, 2, 3, 99]
    assert counts.columns.tolist() == ["name", "superclass", "suggested", "clinician"]
    assert counts["suggested"].tolist() == [1, 1, 4, 0, 1]
    assert counts["clinician"].tolist() == [0, 2, 3, 1, 0]
    assert counts["suggested"].dtype == counts["clinician"].dtype == np.int64
    assert counts["name"].tolist() == [result.cluster_names[c] for c in [0, 1, 2, 3, 99]]
    assert counts["name"].tolist()[1] == "Common Mental Health Problems (Low Severity)"
    assert counts["superclass"].tolist() == [
        "variance",
        "non-psychotic",
        "non-psychotic",
        "non-psychotic",
        "not assessed",
    ]
    # Sums of the columns: 7 suggested (everyone), 6 clinicians' (P5 is blank).
    assert result.count_totals == {"suggested": 7.0, "clinician": 6.0}


def test_money_at_stake_by_cell_and_side(tmp_path: Path) -> None:
    result = _result(tmp_path)
    # Audited (§5.3): a clinician's cluster and a suggestion other than 99: P1, P2, P3,
    # P6, P7 (P4 is 99, P5 has no clinician's cluster).
    # §5.4, each priced for one review period of the clinician's cluster:
    #   P1 1 v 1: 11 × 84 − 11 × 84 = 0
    #   P2 3 v 2: 31 × 182 − 21 × 182 = 5,642 − 3,822 = +1,820
    #   P3 2 v 2: 0
    #   P6 1 v 2: 11 × 84 − 21 × 84 = 924 − 1,764 = −840
    #   P7 2 v 0: 21 × 105 − 1 × 105 = 2,205 − 105 = +2,100
    assert result.money_above == 1_820.0 + 2_100.0
    assert result.money_below == -840.0
    # Income under the clinicians' clusters: 924 + 5,642 + 2,205 + 924 + 2,205 = 11,900;
    # under the suggestions: 924 + 3,822 + 2,205 + 1,764 + 105 = 8,820.
    assert result.income_totals == {"income_clinician": 11_900.0, "income_suggested": 8_820.0}
    cells = result.disagreements
    assert cells is not None
    assert _by_pair(cells) == {(3, 2): (1, 1_820.0), (1, 2): (1, -840.0), (2, 0): (1, 2_100.0)}
    assert len(result.top_disagreements()) == 3
    assert len(result.top_disagreements(2)) == 2
    assert result.homogeneity_basis == "clinician"
    assert result.audit is not None and result.audit.cluster.n == 5


def test_riv_of_the_suggestions_over_the_costs_paid_for(tmp_path: Path) -> None:
    result = _result(tmp_path)
    # §5.5: the same costs as the clinicians' clusters: a cost and a clinician's
    # cluster: P1 100, P2 200, P3 300, P4 400, P6 600 (P5 has no clinician's cluster,
    # P7 no cost). By the suggestions: 1 {100}, 2 {200, 300, 600}, 99 {400}.
    # Mean 1,600 / 5 = 320; SST = 220² + 120² + 20² + 80² + 280² = 148,000.
    # Cluster 2's mean 1,100 / 3: SSW = (3·200 − 1100)² + (900 − 1100)² + (1800 − 1100)²
    # all ÷ 9 = (250,000 + 40,000 + 490,000) / 9 = 260,000 / 3.
    # RIV = 1 − (260,000 / 3) / 148,000 = 1 − 65/111 = 46/111.
    assert result.riv_suggested == pytest.approx(46 / 111, rel=1e-12)
    homogeneity = result.homogeneity
    assert homogeneity is not None
    # The clusters paid for are the clinicians' (§5.5): 1 {P1 100, P6 600}, 2 {P3 300,
    # P4 400}, 3 {P2 200}; P5 (no cluster) and P7 (no cost) are left out.
    assert homogeneity.patients == 5 and homogeneity.missing_cost == 2
    assert homogeneity.cv_threshold == 1.0
    clusters = homogeneity.clusters
    assert clusters.index.tolist() == [1, 2, 3]
    assert clusters["n"].tolist() == [2, 2, 1]
    assert clusters["mean"].tolist() == [350.0, 350.0, 200.0]
    # Priced with the run's tariff, one review period each: cluster 1 £11 × 84 = £924,
    # cluster 2 £21 × 105 = £2,205, cluster 3 £31 × 182 = £5,642.
    assert clusters["mean_income"].tolist() == [924.0, 2_205.0, 5_642.0]
    assert clusters["profit_per_person"].tolist() == [574.0, 1_855.0, 5_442.0]
    assert homogeneity.traits is not None
    assert set(homogeneity.traits["trait"]) == {"homeless"}


def test_the_cv_threshold_is_the_options(tmp_path: Path) -> None:
    # Cluster 1's costs 100 and 600: mean 350, SD = 500 / √2 = 353.55, CV = 1.0102;
    # cluster 2's 300 and 400: SD 70.71, CV 0.202. A threshold of 0.5 flags cluster 1
    # alone, as the default 1.0 does; 0.2 flags both.
    result = _result(tmp_path, options=ClusterOptions(cv_threshold=0.2))
    assert result.homogeneity is not None
    assert result.homogeneity.cv_threshold == 0.2
    assert result.homogeneity.clusters["high_cv"].tolist()[:2] == [True, True]


def test_the_allocations_table_carries_the_traits_as_text(tmp_path: Path) -> None:
    result = _result(tmp_path)
    table = result.allocations
    assert table["patient_id"].tolist() == [p[0] for p in PATIENTS]
    assert table["suggested_cluster"].tolist() == [1, 2, 2, 99, 2, 2, 0]
    homeless = [None if pd.isna(v) else v for v in table["homeless"]]
    assert homeless == ["yes", "no", "yes", None, "no", "yes", "no"]
    assert table["cluster"].tolist()[:4] == [1, 3, 2, 2]
    assert pd.isna(table["cluster"].iloc[4])


def test_without_clinicians_clusters_the_suggestions_are_measured(tmp_path: Path) -> None:
    result = _result(tmp_path, cluster=False)
    assert result.audit is None and result.disagreements is None
    assert result.money_above is None and result.money_below is None
    assert result.income_totals == {}
    assert result.top_disagreements().empty
    assert result.homogeneity_basis == "suggested"
    assert result.counts.columns.tolist() == ["name", "superclass", "suggested"]
    assert result.count_totals == {"suggested": 7.0}
    # Every patient with a cost now (P7 has none): 1 {100}, 2 {200, 300, 5000, 600},
    # 99 {400}. Mean 6,600 / 6 = 1,100; SST = 1000² + 900² + 800² + 700² + 3900² + 500²
    # = 1,000,000 + 810,000 + 640,000 + 490,000 + 15,210,000 + 250,000 = 18,400,000.
    # Cluster 2's mean 6,100 / 4 = 1,525: SSW = 1325² + 1225² + 3475² + 925²
    # = 1,755,625 + 1,500,625 + 12,075,625 + 855,625 = 16,187,500.
    # RIV = 1 − 16,187,500 / 18,400,000 = 2,212,500 / 18,400,000 = 177/1472.
    assert result.riv_suggested == pytest.approx(177 / 1472, rel=1e-12)


def test_a_cluster_column_blank_in_every_row_is_no_audit(tmp_path: Path) -> None:
    rows = [(*p[:3], "", *p[4:]) for p in PATIENTS]
    path = _write(tmp_path, rows)
    result = run_cluster(
        path, profiles_file=tmp_path / "grid.csv", tariff_file=tmp_path / "tariff.csv"
    ).result
    assert result.audit is None and result.disagreements is None
    assert result.homogeneity_basis == "suggested"
    assert "clinician" not in result.counts.columns
    assert result.riv_suggested == pytest.approx(177 / 1472, rel=1e-12)  # as above


def test_without_costs_nothing_is_measured(tmp_path: Path) -> None:
    result = _result(tmp_path, cost=False)
    assert result.homogeneity is None and result.homogeneity_basis is None
    assert result.riv_suggested is None
    assert result.money_above == 1_820.0 + 2_100.0  # the audit does not need costs


def test_min_score_makes_variance_below_it(tmp_path: Path) -> None:
    # min_score 3: P1's and P3's best scores are 2, below 3 → variance (§5.2);
    # P2, P5, P6 score 4 and stay suggested.
    result = _result(tmp_path, options=ClusterOptions(min_score=3.0))
    assert result.outcomes["variance_below_min_score"] == 2
    assert result.outcomes["suggested"] == 3
    assert result.options.min_score == 3.0


def _inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the workflow hands to cluster_ratings for the six patients."""
    seen: dict[str, Any] = {}

    def record(ratings: Any, allocation: Any, **kwargs: Any) -> ClusterResult:
        seen.update(ratings=ratings, allocation=allocation, **kwargs)
        return cluster_ratings(ratings, allocation, **kwargs)

    monkeypatch.setattr(workflow, "cluster_ratings", record)
    _result(tmp_path)
    return seen


def test_a_missing_price_names_where_the_tariff_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _inputs(tmp_path, monkeypatch)
    tariff = seen["tariff"].drop(index=3)  # P2's clinician's cluster unpriced
    common = {"tariff": tariff, "clusters": seen["clusters"]}
    # audit.py: "cluster 3 has audited patients but no price or review period in {where}";
    # without a tariff_where or a source the place is "the tariff".
    with pytest.raises(MissingTariff, match="period in the tariff"):
        cluster_ratings(seen["ratings"], seen["allocation"], **common)
    with pytest.raises(MissingTariff, match=re.escape("period in prices.csv")):
        cluster_ratings(
            seen["ratings"], seen["allocation"], sources={"tariff": "prices.csv"}, **common
        )
    with pytest.raises(MissingTariff, match="period in sheet 'tariff'"):
        cluster_ratings(
            seen["ratings"],
            seen["allocation"],
            sources={"tariff": "prices.csv"},
            tariff_where="sheet 'tariff'",
            **common,
        )


def test_sources_and_options_are_carried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _inputs(tmp_path, monkeypatch)
    result = cluster_ratings(
        seen["ratings"], seen["allocation"], tariff=seen["tariff"], clusters=seen["clusters"]
    )
    assert result.sources == {}
    assert result.profiles_illustrative is True
    assert result.options == clustering.DEFAULT_CLUSTER_OPTIONS
    assert result.notes == seen["ratings"].notes
    sources = {"tariff": "prices.csv", "profiles": "grid.csv"}
    result = cluster_ratings(
        seen["ratings"],
        seen["allocation"],
        tariff=seen["tariff"],
        clusters=seen["clusters"],
        sources=sources,
        profiles_illustrative=False,
    )
    assert result.sources == sources and result.sources is not sources
    assert result.profiles_illustrative is False


def test_money_above_and_below_split_at_zero(tmp_path: Path) -> None:
    # §5.4: above = Σ of positive Δ, below = Σ of negative Δ; Δ of ±50p count, 0 adds
    # nothing. Differences 0.5, −0.5, 2, −3, 0: above 2.5, below −3.5.
    result = _result(tmp_path)
    assert result.audit is not None and result.audit.audited_money is not None
    money = replace(result.audit.audited_money, difference=np.array([0.5, -0.5, 2.0, -3.0, 0.0]))
    changed = replace(result, audit=replace(result.audit, audited_money=money))
    assert changed.money_above == 2.5
    assert changed.money_below == -3.5


def test_money_by_cell_of_nobody_is_empty() -> None:
    empty = np.array([], dtype=np.int16)
    got = money_by_cell(empty, empty, np.array([], dtype=np.float64))
    assert got.empty
    assert got.index.nlevels == 2
    assert got.dtype == np.float64  # £, as for any other caseload


def test_money_by_cell_of_negative_and_high_codes() -> None:
    # low = min(−3, 0) = −3; width = max(5, 99) − (−3) + 1 = 103: keys
    # (c + 3)·103 + (s + 3): (−3, 99) → 102, (5, 0) → 827, (5, 0) → 827.
    got = money_by_cell(
        np.array([-3, 5, 5], np.int64), np.array([99, 0, 0], np.int64), np.array([1.5, 2.0, 4.0])
    )
    assert list(got.index) == [(-3, 99), (5, 0)]
    assert got.tolist() == [1.5, 6.0]


def test_patients_per_code_of_nobody_and_of_wide_codes() -> None:
    assert patients_per_code(np.array([], dtype=np.float64)).empty
    # 70,000 is past the dense count (2**16): counted by np.unique, with −2.
    got = patients_per_code(np.array([70_000, -2, 70_000, 5], dtype=np.int64))
    assert got.sort_index().to_dict() == {-2: 1, 5: 1, 70_000: 2}


def test_a_trait_not_held_as_codes_is_its_values() -> None:
    # The reader hands traits over as categoricals; any other column is taken as it is.
    values = pd.Series(["a", None, "b"], dtype=object)
    assert list(clustering._trait_text(values)) == ["a", None, "b"]


def test_days_and_admitted_days_are_priced(tmp_path: Path) -> None:
    # §5.4 with §2's income P × D + admitted-day price × A (D blank: one review period
    # of the clinician's cluster; A blank: 0). Days given for P2 and P6, admitted days
    # for P2 and P7:
    #   P2 3 v 2, D 10, A 2: (31 × 10 + 350 × 2) − (21 × 10 + 250 × 2) = 1,010 − 710 = +300
    #   P6 1 v 2, D 20:      11 × 20 − 21 × 20 = 220 − 420 = −200
    #   P7 2 v 0, D 105, A 1: (21 × 105 + 250) − (1 × 105 + 50) = 2,455 − 155 = +2,300
    days = ["", "10", "", "", "", "20", ""]
    admitted = ["", "2", "", "", "", "", "1"]
    path = _write(tmp_path, PATIENTS, extra={"days": days, "admitted_days": admitted})
    result = run_cluster(
        path, profiles_file=tmp_path / "grid.csv", tariff_file=tmp_path / "tariff.csv"
    ).result
    assert result.money_above == 300.0 + 2_300.0
    assert result.money_below == -200.0
    cells = result.disagreements
    assert cells is not None
    assert _by_pair(cells) == {(3, 2): (1, 300.0), (1, 2): (1, -200.0), (2, 0): (1, 2_300.0)}


def test_every_disagreement_is_kept_with_its_money(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workbook lists every off-diagonal cell, not the reports' top ten: one patient
    # in each of the 21 × 20 = 420 cells (c, s), c ≠ s, of the priced codes.
    seen = _inputs(tmp_path, monkeypatch)
    pairs = [(c, s) for c in PRICED for s in PRICED if c != s]
    patients = pd.DataFrame({"patient_id": [f"P{i}" for i in range(len(pairs))]})
    clinician = pd.Series([float(c) for c, _ in pairs])
    allocation = SimpleNamespace(suggested=np.array([s for _, s in pairs], dtype=np.int64))
    review_days = seen["clusters"]["review_days"]
    audit, cells = clustering._audit(
        patients, allocation, clinician, seen["tariff"], review_days, "the tariff"
    )
    assert audit is not None and cells is not None
    assert len(cells) == 420
    # Cell (21, 0): one review period of cluster 21 (182 days) × (£211 − £1) = £38,220.
    at = cells[(cells["clinician_cluster"] == 21) & (cells["suggested_cluster"] == 0)]
    assert at["money"].tolist() == [182 * 210.0]


def test_a_patients_frame_with_any_index_is_measured_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clusters paid for are put beside the patients' own rows, whatever their index.
    seen = _inputs(tmp_path, monkeypatch)
    ratings = seen["ratings"]
    moved = replace(ratings, patients=ratings.patients.set_axis(range(10, 17)))
    common = {"tariff": seen["tariff"], "clusters": seen["clusters"]}
    before = cluster_ratings(ratings, seen["allocation"], **common)
    after = cluster_ratings(moved, seen["allocation"], **common)
    assert before.homogeneity is not None and after.homogeneity is not None
    pd.testing.assert_frame_equal(after.homogeneity.clusters, before.homogeneity.clusters)
    assert after.homogeneity.patients == 5


def test_the_readers_notes_are_carried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _inputs(tmp_path, monkeypatch)
    notes = (QualityNote("hidden_rows", "2 rows are hidden in the sheet"),)
    ratings = replace(seen["ratings"], notes=notes)
    result = cluster_ratings(
        ratings, seen["allocation"], tariff=seen["tariff"], clusters=seen["clusters"]
    )
    assert result.notes == notes


def test_a_bad_cost_is_located_in_the_extracts_own_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader refuses a negative cost itself; an extract built another way is refused
    # by the cost measures, at the extract's sheet and spreadsheet row (P3: rows 12-18
    # given, so row 14), never a row counted from 2.
    seen = _inputs(tmp_path, monkeypatch)
    ratings = seen["ratings"]
    patients = ratings.patients.copy()
    patients.loc[2, "cost"] = -5.0
    moved = replace(ratings, patients=patients, sheet="extract", rows=np.arange(12, 19))
    with pytest.raises(InputError) as refused:
        cluster_ratings(moved, seen["allocation"], tariff=seen["tariff"], clusters=seen["clusters"])
    (problem,) = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("extract", 14, "cost")
    assert problem.message == "cost is negative"


def test_clinicians_clusters_as_nullable_integers_count_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader gives float codes with NaN for a blank; an extract whose codes are
    # pandas' nullable integers (Parquet, a library caller) counts the same patients:
    # clinicians' 1 ← 2, 2 ← 3, 3 ← 1 (P5's <NA> is no one's).
    seen = _inputs(tmp_path, monkeypatch)
    ratings = seen["ratings"]
    patients = ratings.patients.copy()
    patients["cluster"] = patients["cluster"].astype("Int64")
    result = cluster_ratings(
        replace(ratings, patients=patients),
        seen["allocation"],
        tariff=seen["tariff"],
        clusters=seen["clusters"],
    )
    assert result.counts["clinician"].tolist() == [0, 2, 3, 1, 0]
    assert result.money_above == 1_820.0 + 2_100.0


def test_money_by_cell_through_the_compiled_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # From 200,000 patients the folded keys are summed by the compiled pass: here from 1.
    pytest.importorskip("numba")
    monkeypatch.setattr(group_kernel, "MIN_ROWS", 1)
    # low 0, width 12, key c·12 + s: (3, 1) → 37 twice (−410 + 0.1), (11, 3) → 135,
    # (3, 0) → 36.
    clinician = np.array([3, 11, 3, 3], np.int16)
    suggested = np.array([1, 3, 0, 1], np.int16)
    assert group_kernel.compiled(np.array([37, 135, 36, 37], np.int32))
    got = money_by_cell(clinician, suggested, np.array([-410.0, 1010.0, 90.0, 0.1]))
    assert list(got.index) == [(3, 0), (3, 1), (11, 3)]
    assert got.tolist() == [90.0, -410.0 + 0.1, 1010.0]


def test_a_code_outside_the_reference_set_is_counted_without_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # P4 (not assessed, so not audited or priced) given clinician's cluster 25, which
    # the reference set does not list: counted, its name left empty.
    seen = _inputs(tmp_path, monkeypatch)
    ratings = seen["ratings"]
    patients = ratings.patients.copy()
    patients.loc[3, "cluster"] = 25.0
    result = cluster_ratings(
        replace(ratings, patients=patients),
        seen["allocation"],
        tariff=seen["tariff"],
        clusters=seen["clusters"],
    )
    counts = result.counts
    assert counts.index.tolist() == [0, 1, 2, 3, 25, 99]
    assert counts.loc[25, "name"] == ""
    assert counts.loc[25, "clinician"] == 1 and counts.loc[2, "clinician"] == 2


def test_money_by_cell_without_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    # numba is an optional extra: without it (the passes load as None) every cell is
    # summed by pandas, from any number of patients. Cells as in the compiled example.
    monkeypatch.setattr(group_kernel, "MIN_ROWS", 1)
    monkeypatch.setattr(group_kernel, "_passes", lambda: None)
    clinician = np.array([3, 11, 3, 3], np.int16)
    suggested = np.array([1, 3, 0, 1], np.int16)
    got = money_by_cell(clinician, suggested, np.array([-410.0, 1010.0, 90.0, 0.1]))
    assert list(got.index) == [(3, 0), (3, 1), (11, 3)]
    assert got.tolist() == [90.0, -410.0 + 0.1, 1010.0]
