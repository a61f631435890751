"""Issue 11: ``PsaResult.summary()`` returns a typed object (``PsaRuns``), not
``dict[str, Any]``, so mypy checks what the tests read from it."""

from __future__ import annotations

import typing

from pbrkit.uncertainty.psa import PsaResult
from pbrkit.uncertainty.summaries import PsaRuns


def test_a_psa_summary_has_a_type() -> None:
    returned = typing.get_type_hints(PsaResult.summary)["return"]
    assert returned is PsaRuns
    assert set(PsaRuns.__annotations__) == {
        "samples", "inner", "seed", "parameters", "figures",
        "prob_nhs_surplus_falls", "prob_public_spending_rises",
    }  # fmt: skip
