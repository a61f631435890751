"""Published, Cohen's kappa and chance agreement are hidden where the agreement is
(rev11 hostile review).

κ = (p_o − p_e) ÷ (1 − p_e), so p_o = p_e + κ × (1 − p_e): with p_e and κ shown, a
hidden agreement comes straight back. Made-up case (clinicians' clusters; every
patient's ratings suggest cluster 1): 40 patients in cluster 1, 40 in 2, 3 in 3 and 40
in 4, so 123 audited, 40 agreeing (p_o = 40 / 123). Published, cluster 3's 3 is
hidden, and cluster 1's 40 with it (secondary suppression in the suggested column):
the diagonal, so the agreement is hidden. The old code still published κ = 0.00 and
p_e = 0.325: p_o = 0.325 + 0.00 × 0.675 = 0.325, × 125 audited (published) = 40.6,
the hidden 40 to within one. These tests failed on the old code.
"""

from __future__ import annotations

import csv

import pytest

from pbrkit.reports.suppression import NHSD_HES_2018, is_suppressed
from pbrkit.workflows.cluster import ClusterRun, run_cluster

ITEMS = [str(i) for i in range(1, 14)] + list("ABCDE")
SIZES = {"1": 40, "2": 40, "3": 3, "4": 40}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> ClusterRun:
    folder = tmp_path_factory.mktemp("kappa")
    grid = folder / "grid.csv"
    grid.write_text("cluster,item,rating,band\n1,1,0,expected\n", encoding="utf-8")
    ratings = folder / "ratings.csv"
    with ratings.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["patient_id", *ITEMS, "cluster"])
        for cluster, size in SIZES.items():
            writer.writerows([f"C{cluster}-{n}", *[0] * 18, cluster] for n in range(size))
    exact = run_cluster(ratings, profiles_file=grid).document().headline().values
    assert exact["agreement"] == pytest.approx(40 / 123)
    return run_cluster(ratings, profiles_file=grid, publish=NHSD_HES_2018)


def test_the_agreement_is_hidden(published: ClusterRun) -> None:
    assert is_suppressed(published.document().headline().values["agreement"])


def test_kappa_and_chance_agreement_hide_with_it(published: ClusterRun) -> None:
    document = published.document()
    values = document.headline().values
    assert is_suppressed(values["kappa"])  # old code: 0.0
    clusters = next(r for r in document.table("agreement").rows if r["level"] == "Clusters")
    assert is_suppressed(clusters["kappa"])
    assert is_suppressed(clusters["expected_agreement"])  # old code: 0.325
    allocation = published.summary()["allocation"]
    assert allocation["kappa"] is None
    assert allocation["expected_agreement"] is None
