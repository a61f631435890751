"""Tests written against the survivors of mutation testing explore's published cluster
counts (mut19, benchmarks/mutation-cluster.md): ``reports.explore.publish_cluster_residue``
and its helpers ``_cluster_lines`` and ``_hide_hidden_totals``.

docs/methodology.md §7: counts of people from 1 to the policy's threshold are hidden,
others rounded to its base; a line (a total and its parts) with exactly one hidden count
hides a second.
"""

from __future__ import annotations

import pandas as pd

from pbrkit.reports.explore import publish_cluster_residue
from pbrkit.reports.suppression import SUPPRESSED, DisclosurePolicy
from pbrkit.tender.sweep import CLUSTER_COLUMNS
from test_rev12_explore_cluster_lines import grid as _grid  # one grid point, as rev12 builds it


def test_the_counts_follow_the_policy_given() -> None:
    # A policy hiding 1 to 10 and rounding to 10 (not NHS Digital's 1-7 and 5).
    # Cluster 1: 100 people, 91 taken, 9 left; cluster 2: 100, 50, 50.
    # Under it, 9 left is hidden (1-10), and with it 91 taken (cluster 1's line) and,
    # the clusters' left in all (9 + 50 = 59 → 60) being a line, cluster 2's 50 left;
    # under NHS Digital's rule 9 would be shown as 10 (to the nearest 5).
    policy = DisclosurePolicy(threshold=10, rounding_base=10)
    out = publish_cluster_residue(_grid({1: (100, 91, 9), 2: (100, 50, 50)}), policy).iloc[0]
    assert out["cluster.1.residue_patients"] is SUPPRESSED
    assert out["cluster.1.taken_patients"] is SUPPRESSED
    # 100 people in each cluster: a multiple of 10, shown as it is
    assert out["cluster.1.patients"] == 100 and out["cluster.2.patients"] == 100


def test_the_people_in_all_are_the_total_of_the_clusters_people() -> None:
    # Clusters 1: 13 people (6 taken, 7 left); 2: 7 (4, 3); 3: 39 (27, 12). 59 in all.
    # 7, 6, 4 and 3 are 1-7: hidden. Cluster 2's line (7*, 4*, 3*) and cluster 1's
    # (13, 6*, 7*) have two or more hidden; the taken in all (37: 6*, 4*, 27) and left
    # in all (22: 7*, 3*, 12) too. The people in all, 59 = 13 + 7* + 39, has one hidden,
    # so a second goes: cluster 1's 13 (else 60 − 40 − 15 gives cluster 2's 7 back
    # within the rounding). Cluster 3 is shown, rounded to 5: 39 → 40, 27 → 25, 12 → 10.
    # (Were the people in all not the line's total, 39 would be read as the total of 13
    # and 7 and cluster 3 hidden for nothing.)
    out = publish_cluster_residue(
        _grid({1: (13, 6, 7), 2: (7, 4, 3), 3: (39, 27, 12)}), DisclosurePolicy()
    ).iloc[0]
    assert [out[f"cluster.3.{n}"] for n in CLUSTER_COLUMNS] == [40, 25, 10, 0.0]
    assert out["cluster.1.patients"] is SUPPRESSED
    assert out["cluster.2.patients"] is SUPPRESSED


def test_a_grid_indexed_from_elsewhere_keeps_its_counts() -> None:
    # A grid whose rows are labelled 5 and 6 (a slice of a larger one): each point's
    # counts stay on its row. Cluster 1: 100 people, 50 then 60 taken, 50 then 40 left;
    # all multiples of 5 and over 7: shown as they are.
    grid = pd.concat([_grid({1: (100, 50, 50)}), _grid({1: (100, 60, 40)})], ignore_index=True)
    grid.index = pd.Index([5, 6])
    out = publish_cluster_residue(grid, DisclosurePolicy())
    assert list(out["cluster.1.patients"]) == [100, 100]
    assert list(out["cluster.1.taken_patients"]) == [50, 60]
    assert list(out["cluster.1.residue_patients"]) == [50, 40]


def test_without_the_headline_counts_the_clusters_sum_stands_in() -> None:
    # The grid of the test above without its headline's taken and left columns: the
    # clusters' own sums (6 + 4 + 27 = 37 taken, 7 + 3 + 12 = 22 left) stand in for
    # them, so every cluster is published as above.
    grid = _grid({1: (13, 6, 7), 2: (7, 4, 3), 3: (39, 27, 12)})
    out = publish_cluster_residue(
        grid.drop(columns=["taken_patients", "residue_patients"]), DisclosurePolicy()
    ).iloc[0]
    assert [out[f"cluster.3.{n}"] for n in CLUSTER_COLUMNS] == [40, 25, 10, 0.0]
    assert out["cluster.1.patients"] is SUPPRESSED
    assert out["cluster.2.patients"] is SUPPRESSED
