"""Under --publish a loss that rounds to £0 is still counted, and the findings say so.

Found in review 6: the shipped example's published findings said "8 clusters lose
money" beside a chart of 7 red bars, since cluster 10's loss rounds to £0.
"""

from __future__ import annotations

from pathlib import Path

from pbrkit.reports.document import Findings
from pbrkit.reports.suppression import NHSD_HES_2018
from pbrkit.workflows.cost import run_cost

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def _findings(path: Path, *, publish: bool) -> str:
    document = run_cost(path, publish=NHSD_HES_2018 if publish else None).document()
    blocks = [b for s in document.sections for b in s.blocks if isinstance(b, Findings)]
    return " ".join(sentence for block in blocks for sentence in block.sentences)


def test_a_loss_rounded_to_zero_is_named() -> None:
    plain = run_cost(EXAMPLE).result
    # Cluster 10 loses money, but less than half the £50,000 base (5 × the largest
    # price, £8,030, rounded up): published, its surplus is £0.
    assert -25_000 < plain.clusters.loc[10, "surplus"] < 0
    published = _findings(EXAMPLE, publish=True)
    assert "8 clusters lose money" in published
    assert "Cluster 10 loses less than £25k, so its loss shows as £0 once rounded." in published


def test_unpublished_findings_do_not_mention_rounding() -> None:
    assert "once rounded" not in _findings(EXAMPLE, publish=False)


def test_a_deficit_is_a_positive_share_of_income() -> None:
    # "a deficit of £1.6m (-3.5% of income)" said the sign twice (review 7b): the word
    # carries it. £46,452,064.27 − £44,893,257.40 = £1,558,806.87 of deficit, and
    # £1,558,806.87 ÷ £44,893,257.40 = 0.0347, shown as 3.5%.
    findings = _findings(EXAMPLE, publish=False)
    assert "a deficit of £1.6m (3.5% of income)." in findings
    assert "(-3.5% of income)" not in findings
