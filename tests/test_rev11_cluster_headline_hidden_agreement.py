"""The terminal never says "nothing to audit" when the agreement is hidden but the
patients audited are shown (rev11 hostile review).

Published, a run of 123 audited patients (shown as 125) whose patients agreeing are
hidden to protect a small cluster (tests/test_rev11_published_kappa.py's case) printed
"No patient is both assessed and given a clinician's cluster: nothing to audit",
beside "125 of them assessed" and a £ at stake of £100k: the agreement is hidden, not
absent. Failed on the old code.
"""

from __future__ import annotations

from pbrkit.cli.headline import cluster_headline


def test_a_hidden_agreement_of_audited_patients_is_said_hidden() -> None:
    allocation = {"patients": 125, "assessed": 125, "audited": 125, "no_clinician_cluster": 0}
    allocation |= {"agreement": None, "kappa": None, "money_at_stake": 100_000.0}
    lines = cluster_headline({"allocation": allocation})
    assert lines[1] == (
        "Agreement not published (the patients agreeing are hidden to protect a small count)"
    )


def test_no_patient_audited_is_still_nothing_to_audit() -> None:
    allocation = {"patients": 9, "assessed": 0, "audited": 0, "no_clinician_cluster": 0}
    allocation |= {"agreement": None, "kappa": None, "money_at_stake": 0.0}
    lines = cluster_headline({"allocation": allocation})
    assert lines[1] == (
        "No patient is both assessed and given a clinician's cluster: nothing to audit"
    )
