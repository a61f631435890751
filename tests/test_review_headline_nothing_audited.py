"""An independent re-check of the printed headline of ``pbrkit cluster`` (review 12,
December 2026).

Found by importing an MHSDS extract of my own whose one rated person had 13 of 18 items
unknown, then running ``pbrkit cluster trust.xlsx``: no patient was audited, the report
said "No patient has both a clinician's cluster and a suggestion to compare." and gave
no £ at stake sentence, but the terminal went on to say "Paying for the clinicians'
clusters costs the same as for the suggested ones": an equality over nobody. A ratings
file with no clinicians' clusters at all printed the same. The £ at stake is Σ Δ over
the audited patients (docs/methodology.md §5.4): with no audited patient there is
nothing to compare, so the line is left out, as the reports leave it out.
"""

from __future__ import annotations

from typing import Any

import pytest

from pbrkit.cli.headline import cluster_headline


def summary(**allocation: Any) -> dict[str, Any]:
    base = {"patients": 2, "assessed": 0, "audited": 0, "no_clinician_cluster": 0}
    base.update(agreement=None, kappa=None, money_at_stake=0.0)
    return {"allocation": base | allocation}


@pytest.mark.parametrize(
    "allocation",
    [
        {},  # both patients have a clinician's cluster; neither is assessed
        {"assessed": 2, "no_clinician_cluster": 2},  # no clinicians' clusters at all
    ],
)
def test_no_audited_patient_no_money_line(allocation: dict[str, Any]) -> None:
    lines = cluster_headline(summary(**allocation))
    assert len(lines) == 2, lines
    assert not any("costs the same" in line for line in lines)


def test_an_audit_with_equal_money_still_says_so() -> None:
    # 3 audited patients, each suggested the cluster the clinician gave: Δ = 0 each,
    # Σ Δ = £0 over real patients, which the line reports as before.
    lines = cluster_headline(
        summary(assessed=3, audited=3, agreement=1.0, kappa=1.0, patients=3, money_at_stake=0.0)
    )
    same = "Paying for the clinicians' clusters costs the same as for the suggested ones"
    assert lines[2] == same


def test_published_hidden_count_keeps_the_published_money() -> None:
    # --publish hid the count audited (None): the £ at stake, when published, still shows.
    lines = cluster_headline(summary(assessed=9, audited=None, money_at_stake=120_000.0))
    assert lines[2].startswith("Paying for the clinicians' clusters costs £120k more")
