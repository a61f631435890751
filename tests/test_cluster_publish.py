"""``pbrkit cluster --publish``: counts that add up across the document's blocks.

Four rules the per-command publish code kept and the generic publish must keep through
the document's declarations (docs/methodology.md §7, secondary suppression: a hidden
count must not come back as a whole less its shown parts, nor as the gap between two
counts shown side by side):

1. The variance and "not assessed" rows of the cluster table are the outcome counts
   that put patients there (the same patients).
2. The clinicians' clusters' total + the patients with no cluster recorded = patients
   (and those with none recorded + those the clinicians put in "not assessed" = the
   patients without a clinician's cluster).
3. A cluster's patients with a cost + its patients without one = its paid count (and
   over the run: patients with a cost + without = patients).
4. The headline count of clusters with a CV above the threshold is the count of the
   flags the (published) table shows.

And one count shown in several blocks (the audited patients: headline, coverage,
agreement and money tables) is published once: hidden in one, hidden in all.

Each case is a slice of the shipped example, picked by the cluster the ratings
suggest (exact runs, so the slices' counts are known in advance).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pbrkit.currency import active_currency
from pbrkit.reports.document import Document, Row
from pbrkit.reports.layouts.cluster import outcome_words
from pbrkit.reports.suppression import NHSD_HES_2018, is_suppressed
from pbrkit.workflows.cluster import ClusterRun, run_cluster

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ratings.xlsx"


@pytest.fixture(scope="module")
def example() -> pd.DataFrame:
    """The example's ratings with the cluster its ratings suggest (``suggested``) and
    that cluster's score (``score``), from an exact run with the default options."""
    ratings = pd.read_excel(EXAMPLE, sheet_name="ratings", engine="calamine",
                            dtype={"patient_id": str})  # fmt: skip
    allocations = run_cluster(EXAMPLE).result.allocations.set_index("patient_id")
    return ratings.assign(
        suggested=ratings["patient_id"].map(allocations["suggested_cluster"]),
        score=ratings["patient_id"].map(allocations["score"]),
    )


def slice_of(
    example: pd.DataFrame, sizes: Mapping[int, int], min_score: float = 0.0
) -> pd.DataFrame:
    """The first ``n`` patients the ratings put in each cluster with at least
    ``min_score`` (any score for not assessed), in the example's order."""
    na = active_currency().not_assessed
    parts = [
        example[
            (example["suggested"] == code) & ((example["score"] >= min_score) | (code == na))
        ].head(n)
        for code, n in sizes.items()
    ]
    for (code, n), part in zip(sizes.items(), parts, strict=True):
        assert len(part) == n, f"the example suggests cluster {code} for fewer than {n}"
    return pd.concat(parts).drop(columns=["suggested", "score"])


def published(frame: pd.DataFrame, where: Path) -> tuple[Document, ClusterRun]:
    path = where / "ratings.csv"
    frame.replace({np.nan: None}).to_csv(path, index=False)
    run = run_cluster(path, publish=NHSD_HES_2018)
    return run.document(), run


def row_of(document: Document, table: str, **ids: Any) -> Row:
    return next(r for r in document.table(table).rows
                if all(r.get(k) == v for k, v in ids.items()))  # fmt: skip


def hidden(values: Sequence[Any]) -> int:
    return sum(is_suppressed(v) for v in values)


# ------------------------------------------------- 1. variance and not assessed


def test_the_not_assessed_row_is_hidden_with_its_outcome(
    example: pd.DataFrame, tmp_path: Path
) -> None:
    # Suggested: 3 in cluster 20 (hidden, 1-7), 9 not assessed (99), 30 in each of
    # five clusters. In the cluster column's line (total 162) 3 is hidden alone, so
    # the smallest other count, 99's 9, is hidden too (secondary). The outcome "not
    # assessed" is the same 9 patients: shown (as 10) it gives the hidden 9 back, and
    # with it the hidden 3 (162 − 150 − 9). Hidden with it, its own line (patients =
    # 150 suggested + 0 + 0 variance + 9) has one hidden, so one more is hidden there.
    na = active_currency().not_assessed
    sizes = {20: 3, na: 9, 3: 30, 7: 30, 11: 30, 12: 30, 18: 30}
    document, _ = published(slice_of(example, sizes), tmp_path)
    words = outcome_words()
    cluster_99 = row_of(document, "counts", cluster=na)["suggested"]
    outcome_99 = row_of(document, "outcomes", outcome=words["not_assessed"])["patients"]
    assert is_suppressed(row_of(document, "counts", cluster=20)["suggested"])
    assert is_suppressed(cluster_99)
    assert is_suppressed(outcome_99)
    outcomes = [r["patients"] for r in document.table("outcomes").rows]
    assert hidden(outcomes) >= 2, outcomes
    # The patients with a suggestion (patients − not assessed) cannot give it back either.
    headline = document.headline().values
    assert hidden([headline["patients"], headline["assessed"], outcome_99]) >= 2


def test_the_variance_row_is_hidden_with_its_outcome(example: pd.DataFrame, tmp_path: Path) -> None:
    # A minimum score of 33: 9 patients whose best score is below it fall to variance
    # (cluster 0); 3 suggested cluster 20 (hidden, 1-7) and 30 each of five clusters
    # score 33 or more. In the cluster column (total 162) 3 is hidden alone, so the
    # smallest other count, variance's 9, is hidden too. The outcome "best score below
    # the minimum" is the same 9 patients: shown (as 10) it gives them back.
    from pbrkit.clustering import ClusterOptions

    low = example[(example["score"] < 33) & example["suggested"].between(1, 21)].head(9)
    assert len(low) == 9
    high = slice_of(example, {20: 3, 3: 30, 7: 30, 11: 30, 12: 30, 18: 30}, min_score=33)
    path = tmp_path / "ratings.csv"
    frame = pd.concat([low.drop(columns=["suggested", "score"]), high])
    frame.replace({np.nan: None}).to_csv(path, index=False)
    run = run_cluster(path, publish=NHSD_HES_2018, options=ClusterOptions(min_score=33))
    document = run.document()
    words = outcome_words()
    variance = row_of(document, "counts", cluster=active_currency().variance)["suggested"]
    below = row_of(document, "outcomes", outcome=words["variance_below_min_score"])["patients"]
    assert is_suppressed(row_of(document, "counts", cluster=20)["suggested"])
    assert is_suppressed(variance)
    assert is_suppressed(below)


# ---------------------------------------------------- 2. no cluster recorded


def test_a_few_patients_without_a_clinicians_cluster_hide_the_clinicians_total(
    example: pd.DataFrame, tmp_path: Path
) -> None:
    # 120 patients, 3 with the clinician's cluster left blank: the clinicians' total
    # is 117. Shown as 115 beside patients 120, it gives 120 − 115 = 5 ± 5 and, with
    # the rounding of 117 known to the reader as 115-119, pins the blank ones to 1-5:
    # a small count worked back. Blank + clinicians' total = patients is a line, so
    # the hidden 3 hides the clinicians' total too.
    frame = slice_of(example, {3: 60, 11: 60})
    frame.loc[frame.index[:3], "cluster"] = None
    document, _ = published(frame, tmp_path)
    headline = document.headline().values
    assert headline["patients"] == 120
    assert is_suppressed(headline["clinician"])
    assert is_suppressed(document.table("counts").total["clinician"])  # type: ignore[index]


# ------------------------------------------------------ 3. missing costs


def test_a_clusters_patients_with_a_cost_and_its_paid_count_hide_the_gap(
    example: pd.DataFrame, tmp_path: Path
) -> None:
    # Three patients of one clinician's cluster have no cost: the cluster is paid for
    # n of them and has a cost for n − 3. Side by side (Patients by cluster, and
    # Homogeneity) the two counts give the 3 back, so one of them is hidden; over the
    # run, patients − patients with a cost = 3, so one of those goes too.
    frame = slice_of(example, {3: 80, 11: 80, 12: 40})
    paid = frame["cluster"].value_counts()
    code = int(paid[paid >= 30].index[0])
    costless = frame.index[frame["cluster"] == code][:3]
    frame.loc[costless, "cost"] = None
    document, _ = published(frame, tmp_path)
    paid_count = row_of(document, "counts", cluster=code)["clinician"]
    with_cost = row_of(document, "homogeneity", cluster=code)["cost_patients"]
    assert hidden([paid_count, with_cost]) >= 1, (paid_count, with_cost)
    headline = document.headline().values
    assert is_suppressed(headline["missing_cost"])
    assert hidden([headline["patients"], headline["cost_patients"]]) >= 1
    total = document.table("homogeneity").total
    assert total is not None
    assert is_suppressed(total["cost_patients"]) or not is_suppressed(headline["cost_patients"])
    if is_suppressed(headline["cost_patients"]):
        assert is_suppressed(total["cost_patients"])  # the same count, shown twice


# -------------------------------------------------- 4. clusters with a high CV


def headline_cell(path: Path) -> Any:
    sheet = openpyxl.load_workbook(path)["Summary"]
    return next(row[1].value for row in sheet.iter_rows()
                if row[0].value == "Clusters with a CV above the threshold")  # fmt: skip


def flags(document: Document) -> int:
    return sum(r.get("high_cv") == "yes" for r in document.table("homogeneity").rows)


def test_the_high_cv_headline_counts_the_published_flags(tmp_path: Path) -> None:
    # On the example 14 clusters have a CV above 1.0. Published, each cluster's mean is
    # its total cost, rounded to the money base (£50,000), over its rounded count, and
    # the CV (SD ÷ mean) follows. Cluster 19: 83 patients at a mean of £3,412.57 cost
    # £283,243, published as £300,000 over 85 patients = £3,529.41, so its CV falls
    # from 0.989 to 0.989 × 3,412.57 / 3,529.41 = 0.956. Cluster 14: 23 patients at
    # £7,420.12 cost £170,663, published as £150,000 over 25 = £6,000, so its CV rises
    # from 1.058 to 1.058 × 7,420.12 / 6,000 = 1.309. 14 are still flagged; the
    # headline says what the table shows (and a COUNTIF over the flags in Excel).
    exact = run_cluster(EXAMPLE)
    assert exact.document().headline().values["high_cv_clusters"] == 14
    assert flags(exact.document()) == 14
    run = run_cluster(EXAMPLE, publish=NHSD_HES_2018)
    document = run.document()
    rows = {r["cluster"]: r for r in document.table("homogeneity").rows}
    assert rows[19]["cost_mean"] == pytest.approx(300_000 / 85)
    assert rows[19]["cost_cv"] == pytest.approx(0.956, abs=5e-4)
    assert rows[14]["cost_mean"] == pytest.approx(150_000 / 25)
    assert rows[14]["cost_cv"] == pytest.approx(1.309, abs=5e-4)
    assert flags(document) == 14
    assert document.headline().values["high_cv_clusters"] == 14
    run.writers()["report.xlsx"](tmp_path / "report.xlsx")
    run.writers()["report.html"](tmp_path / "report.html")
    exact.writers()["report.xlsx"](tmp_path / "exact.xlsx")
    # The exact workbook counts the flags with a formula; a published one holds values
    # only (docs/methodology.md §7), the count of the flags it shows.
    assert headline_cell(tmp_path / "exact.xlsx").startswith("=COUNTIF(")
    assert headline_cell(tmp_path / "report.xlsx") == 14
    html = (tmp_path / "report.html").read_text("utf-8")
    kpi = re.search(r'data-figure="high_cv_clusters">([^<]*)<', html)
    assert kpi is not None and kpi.group(1).strip() == "14", kpi
    homogeneity = run.summary()["allocation"]["homogeneity"]
    assert len(homogeneity["high_cv_clusters"]) == 14


# ------------------------------- the same count shown in several blocks


def test_the_audited_patients_are_one_count_wherever_they_are_shown(
    example: pd.DataFrame, tmp_path: Path
) -> None:
    # 100 patients, 3 with no clinician's cluster, none not assessed: 97 audited.
    # "Who the audit compares" (100 = 97 + 3 + 0) hides the 3 (1-7) and so the 97 with
    # it (the smallest other count shown). The headline's Patients audited, the
    # agreement table's and the money table's total are the same 97: shown as 95 they
    # would give 100 − 95 = the hidden 3 (± rounding) back, so they are hidden too.
    frame = slice_of(example, {3: 50, 11: 50})
    frame.loc[frame.index[:3], "cluster"] = None
    document, _ = published(frame, tmp_path)
    coverage = [r["patients"] for r in document.table("coverage").rows]
    assert is_suppressed(coverage[0]) and is_suppressed(coverage[1]), coverage
    assert is_suppressed(document.headline().values["audited"])
    assert all(is_suppressed(r["audited"]) for r in document.table("agreement").rows)
    money = document.table("money").total
    assert money is not None and is_suppressed(money["clinician_cluster_patients"])


def test_the_patients_with_no_cluster_recorded_are_not_the_gap_of_two_shown_counts(
    example: pd.DataFrame, tmp_path: Path
) -> None:
    # 120 patients: 3 with the clinician's cluster blank, 20 with it not assessed (99).
    # Patients without a clinician's cluster = 3 + 20 = 23 (shown as 25) and the cluster
    # table's 99 row of the clinicians' clusters = 20 (shown as 20) would give the 3
    # blank ones back (25 − 20 = 5 ± 4), so one of the two is hidden with them.
    na = active_currency().not_assessed
    frame = slice_of(example, {3: 60, 11: 60})
    frame.loc[frame.index[:3], "cluster"] = None
    frame.loc[frame.index[3:23], "cluster"] = na
    document, _ = published(frame, tmp_path)
    without = document.headline().values["no_clinician_cluster"]
    row_99 = row_of(document, "counts", cluster=na)["clinician"]
    assert hidden([without, row_99]) >= 1, (without, row_99)
