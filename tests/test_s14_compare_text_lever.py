"""`pbrkit compare` names a what-if lever on a text code as the set writes it.

Found by fix5 (round 14): a run on a reference set with text codes and
``--tariff-change PSY_CRI=10%`` records ``{"cluster": "PSY_CRI"}`` in summary.json's
``what_if``, and compare's settings table called it "cluster PSY_CRI", a resource group
named as a care cluster. Care-cluster levers keep their wording ("cluster 13").
"""

from __future__ import annotations

from typing import Any

from pbrkit.workflows.compare import settings_of


def summary(what_if: list[dict[str, Any]]) -> dict[str, Any]:
    reference = {"name": "illustrative-mhnrg", "status": "illustrative"}
    return {"reference": reference, "pbrkit_version": "0", "inputs": [], "what_if": what_if}


def test_a_text_code_lever_is_named_as_written() -> None:
    lever = {"lever": "tariff_change", "cluster": "PSY_CRI", "change": 0.1}
    settings = settings_of(summary([lever]))
    # +10%: 0.1 × 100 = 10, shown with its sign.
    assert settings["What-if: tariff change (PSY_CRI)"] == "+10%"
    assert not any("cluster PSY_CRI" in key for key in settings)


def test_care_cluster_and_all_code_levers_keep_their_words() -> None:
    levers = [
        {"lever": "tariff_change", "cluster": 13, "change": -0.05},
        {"lever": "cost_change", "cluster": None, "change": 0.02},
    ]
    settings = settings_of(summary(levers))
    assert settings["What-if: tariff change (cluster 13)"] == "-5%"
    assert settings["What-if: cost change (every cluster)"] == "+2%"
