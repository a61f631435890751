"""`pbrkit cost --publish` on a small caseload printed "4 care clusters, * service, –
cluster days" (rev13): the hidden count of service users lost the last word of its noun
("service users" split on spaces kept "service"), and the hidden day total printed as
"–", the sign for a figure that is absent, where every other hidden figure on the
terminal is "*" (the module's own rule, and the reports').

Found on an MHSDS import of 6 people (7 service users, 1,110 cluster days, all hidden
under --publish). Expected: "4 care clusters, * service users, * cluster days".
"""

from __future__ import annotations

from typing import Any

from pbrkit.cli.headline import cost_headline


def published(**totals: Any) -> dict[str, Any]:
    return {
        "totals": {
            "income": None, "cost": None, "surplus": None, "cross_subsidy": 0.0,
            "loss": 0.0, "service_users": None, "cluster_days": None, **totals,
        },
        "clusters": [{}] * 4,
        "disclosure": {"money_rounding_base": 50_000.0},
    }  # fmt: skip


def test_hidden_service_users_and_days_keep_their_words() -> None:
    assert cost_headline(published())[0] == "4 care clusters, * service users, * cluster days"


def test_hidden_days_in_a_resource_group_run() -> None:
    summary = published(service_users=25.0)
    summary["reference"] = {"codes": "resource group"}
    assert cost_headline(summary)[0] == "4 resource groups, 25 service users, * resource group days"


def test_shown_figures_are_unchanged() -> None:
    # 7 service users and 1,110 days: the unpublished run's line, word for word.
    line = cost_headline(published(service_users=7.0, cluster_days=1110.0))[0]
    assert line == "4 care clusters, 7 service users, 1,110 cluster days"
