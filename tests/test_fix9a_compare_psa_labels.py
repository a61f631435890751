"""compare's PSA rows say what the PSA reports say, from one place (fix9a, defect 3).

Found by an earlier review: ``pbrkit compare`` labelled its PSA rows "…: p5",
"…: Median" and "…: p95" (the registry's labels of ``p5``/``p50``/``p95``), while the
PSA's own reports call the same statistics "5th percentile", "Median" and "95th
percentile" (the Uncertainty sheet's rows, a second list of strings in
layouts/uncertainty.py; tender --psa's lines, a third; the headline's "…, 5th
percentile", a fourth). What the PSA reports (docs/methodology.md §6.9, docs/
uncertainty.md): each figure's mean and its 5th, 50th and 95th percentiles over the
runs. The registry's labels now say so, and every other list reads them.
"""

from __future__ import annotations

import pytest

from pbrkit.reports.figures import figure, label_of
from pbrkit.reports.layouts import tender_psa, uncertainty
from pbrkit.reports.layouts.compare import PSA_STATS, Run, psa_comparison
from pbrkit.reports.registry_psa import PERCENTILE_WORDS

WORDS = {"mean": "Mean", "p5": "5th percentile", "p50": "Median", "p95": "95th percentile"}


@pytest.mark.parametrize("stat", list(WORDS))
def test_the_registry_names_each_statistic_as_the_psa_report_does(stat: str) -> None:
    assert figure(stat).label == WORDS[stat]
    assert uncertainty.STATISTICS[stat] == WORDS[stat]  # the Uncertainty sheet's rows
    words = {k: w for k, w, _ in tender_psa.STATISTICS}
    assert words[stat] == WORDS[stat].lower()  # tender --psa's "…: 5th percentile"


def test_the_headline_words_are_the_registry_labels() -> None:
    assert dict(PERCENTILE_WORDS) == {s: label_of(s).lower() for s in ("p5", "p50", "p95")}


def test_compare_rows_use_the_same_words() -> None:
    psa = {"figures": {"surplus": {"mean": 1.0, "p5": -100.0, "p50": 10.0, "p95": 90.0}}}
    block = psa_comparison([Run("a", {"psa": psa}), Run("b", {"psa": psa})])
    assert block is not None
    labels = [row.label for row in block.rows]
    assert labels == [f"The surplus in the input year: {WORDS[s]}" for s in PSA_STATS]
