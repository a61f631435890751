"""Published, a cluster whose CV flag is hidden is never counted as "not above the
threshold" (rev11 hostile review).

Made-up case (clinicians' clusters; costs in £):
  cluster 1: 40 patients, 100, 110, ..., 490 (CV 0.40)
  cluster 2: 40 patients, 36 at 10 and 4 at 20,000 (CV 3.02)
  cluster 3: 3 patients, 10, 10 and 5,000 (CV 1.72)
  cluster 4: 40 patients, 200, 201, ..., 239 (CV 0.05)
Exact: clusters 2 and 3 have a CV above 1 ("2 of 4 clusters"). Published, cluster 3
(3 patients) is hidden, and cluster 1 with it (secondary suppression), so their flags
are '*'. The old code still counted them as "no": headline 1, findings "1 of 4
clusters have a CV above 1", summary.json high_cv false for cluster 3 and
high_cv_clusters [2], although cluster 3's CV is 1.72. Now the headline is hidden
when any flag is, the findings count only the clusters whose flag is published, and
summary.json says null for a hidden flag. These tests failed on the old code.
"""

from __future__ import annotations

import csv

import pytest

from pbrkit.reports.document import Document, Findings
from pbrkit.reports.suppression import NHSD_HES_2018, is_suppressed
from pbrkit.workflows.cluster import ClusterRun, run_cluster

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")


def costs() -> dict[str, list[float]]:
    return {
        "1": [100 + 10 * i for i in range(40)],
        "2": [10.0] * 36 + [20_000.0] * 4,
        "3": [10.0, 10.0, 5_000.0],
        "4": [200 + i for i in range(40)],
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> ClusterRun:
    folder = tmp_path_factory.mktemp("cv")
    grid = folder / "grid.csv"
    grid.write_text("cluster,item,rating,band\n1,1,0,expected\n", encoding="utf-8")
    ratings = folder / "ratings.csv"
    with ratings.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient_id", *ITEMS, "cluster", "cost"])
        for cluster, values in costs().items():
            for n, cost in enumerate(values):
                writer.writerow([f"C{cluster}-{n}", *[0] * 18, cluster, cost])
    exact = run_cluster(ratings, profiles_file=grid).document()
    assert exact.headline().values["high_cv_clusters"] == 2  # clusters 2 and 3
    return run_cluster(ratings, profiles_file=grid, publish=NHSD_HES_2018)


def findings(document: Document) -> str:
    block = next(b for s in document.sections for b in s.blocks if isinstance(b, Findings))
    return " ".join(block.sentences)


def test_the_published_flags_hide_cluster_3(published: ClusterRun) -> None:
    rows = {r["cluster"]: r for r in published.document().table("homogeneity").rows}
    assert is_suppressed(rows[3]["high_cv"])
    assert rows[2]["high_cv"] == "yes"


def test_the_headline_is_hidden_when_a_flag_is(published: ClusterRun) -> None:
    value = published.document().headline().values["high_cv_clusters"]
    assert is_suppressed(value)  # old code: 1, though cluster 3's CV is 1.72


def test_the_findings_count_only_the_published_flags(published: ClusterRun) -> None:
    text = findings(published.document())
    assert "1 of 4 clusters" not in text  # old code's words
    assert "1 of the 2 clusters whose CV is published has a CV above 1" in text


def test_summary_json_says_null_for_a_hidden_flag(published: ClusterRun) -> None:
    homogeneity = published.summary()["allocation"]["homogeneity"]
    flags = {c["cluster"]: c["high_cv"] for c in homogeneity["clusters"]}
    assert flags[3] is None  # old code: False
    assert flags[2] is True
    assert homogeneity["high_cv_clusters"] is None  # old code: [2]
