"""qa22: a PSA figure hidden under --publish said "in some runs it is about 1 to 7 people".

Found on `pbrkit psa one_row.xlsx --publish` (50 people, bidders taking 1 to 7 in some
runs): the terminal said "The change in the NHS provider's surplus is not published: in
some runs it is about 1 to 7 people", which reads as a £ figure being "about 1 to 7
people". It is hidden because a count of the people it concerns is hidden in some run,
whether for being 1 to 7 or by the line rule (docs/uncertainty.md, "Publishing a PSA").
"""

from __future__ import annotations

import json
from pathlib import Path

from pbrkit.cli.headline import headline
from pbrkit.reports.uncertainty_narrative import HIDDEN_BECAUSE

GOLDEN = Path(__file__).parent / "golden" / "psa-publish" / "summary.json"


def test_the_reason_names_the_count_not_the_figure() -> None:
    summary = json.loads(GOLDEN.read_text(encoding="utf-8"))
    figures = summary["psa"]["figures"]
    figures["nhs_surplus_change"] = dict.fromkeys(figures["nhs_surplus_change"])
    summary["psa"]["prob_nhs_surplus_falls"] = None
    summary["psa"]["prob_public_spending_rises"] = None
    line = headline(summary)[1].strip()
    assert line == f"The change in the NHS provider's surplus is not published: {HIDDEN_BECAUSE}."
    assert "it is about 1 to 7 people" not in line
    assert "a count of the people it concerns is hidden" in line
    assert "or a count that would give such a one away" in line  # the line rule
