"""`pbrkit cluster`'s terminal lines say which way the money goes, and a poor kappa
reads cleanly (review 6).

Found running `pbrkit cluster trust.xlsx` on the imported MHSDS example, as
examples/README.md says to: the terminal read "kappa -0.01 (poor (no better than
chance))" and "Tariff income at stake in the disagreements: -£284k", a minus sign the
reader has to decode (the report says "paying for the clinicians' clusters costs £284k
less than paying for the clusters the ratings suggest"). The line now says it in words,
as the report does, and the band reads "poor: no better than chance".

Hand-worked: money_at_stake = income at the clinicians' clusters − income at the
suggested ones; −284,310 → "£284k less"; 369,488.15 → "£369k more" (money_short rounds
to £1k from £10k).
"""

from __future__ import annotations

from typing import Any

from pbrkit.cli.headline import cluster_headline


def summary(money: float, kappa: float) -> dict[str, Any]:
    return {
        "allocation": {
            "patients": 183,
            "assessed": 183,
            "audited": 182,
            "no_clinician_cluster": 1,
            "agreement": 0.027,
            "kappa": kappa,
            "money_at_stake": money,
        }
    }


def test_less_is_said_in_words() -> None:
    lines = cluster_headline(summary(-284_310.0, -0.01))
    assert lines[1] == (
        "Clinicians' clusters agree with the suggestions for 2.7%; "
        "kappa -0.01 (poor: no better than chance)"
    )
    assert lines[2] == (
        "Paying for the clinicians' clusters costs £284k less than for the suggested ones"
    )


def test_more_is_said_in_words() -> None:
    lines = cluster_headline(summary(369_488.15, 0.34))
    assert lines[2] == (
        "Paying for the clinicians' clusters costs £369k more than for the suggested ones"
    )


def test_no_difference() -> None:
    lines = cluster_headline(summary(0.0, 0.34))
    assert (
        lines[2] == "Paying for the clinicians' clusters costs the same as for the suggested ones"
    )
