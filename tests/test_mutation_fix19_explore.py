"""Tests written against the survivors of mutation testing explore's published cluster
counts (mut19, benchmarks/mutation-cluster.md): ``reports.explore.publish_cluster_residue``
and its helpers ``_cluster_lines`` and ``_hide_hidden_totals``.

docs/methodology.md §7: counts of people from 1 to the policy's threshold are hidden,
others rounded to its base; a line (a total and its parts) with exactly one hidden count
hides a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pbrkit.reports.explore import publish_cluster_residue
from pbrkit.reports.suppression import SUPPRESSED, DisclosurePolicy
from pbrkit.tender.sweep import CLUSTER_COLUMNS


def _grid(clusters: dict[int, tuple[float, float, float]]) -> pd.DataFrame:
    """One grid point: each cluster's (people, taken, left), a residue cost gap of 0,
    and the headline's people taken and left in all."""
    columns: dict[str, object] = {"p": [1.0]}
    columns["taken_patients"] = [sum(c[1] for c in clusters.values())]
    columns["residue_patients"] = [sum(c[2] for c in clusters.values())]
    for code, values in clusters.items():
        for name, value in zip(CLUSTER_COLUMNS, (*values, 0.0), strict=True):
            columns[f"cluster.{code}.{name}"] = np.array([value])
    return pd.DataFrame(columns)


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
