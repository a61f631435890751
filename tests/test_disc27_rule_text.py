"""summary.json's ``disclosure.rule`` describes the command's own floored figures
(disc27: it said "in a costing" for cluster and tender runs too)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pbrkit.reports.suppression import NHSD_HES_2018


@pytest.mark.parametrize(
    ("command", "says", "not_said"),
    [
        ("cost", ["episodes and £ totals", "admitted days shown beside them"], ["clinicians'"]),
        ("cluster", ["income under the clinicians'", "£ at stake"], ["costing", "episodes",
                                                                      "admitted"]),
        ("tender", ["beside a count of people", "a whole cluster's"], ["costing", "episodes"]),
        ("sweep", [], ["costing", "episodes", "£ totals, less"]),
    ],
)  # fmt: skip
def test_the_rule_names_the_commands_own_figures(
    command: str, says: list[str], not_said: list[str]
) -> None:
    rule = replace(NHSD_HES_2018, command=command).detail
    assert "a day total is hidden" in rule  # every command's
    assert "in a costing" not in rule
    for words in says:
        assert words in rule, words
    for words in not_said:
        assert words not in rule, words


def test_the_closure_is_described_as_it_is_done() -> None:
    # One more small figure beside a total, the total last (30232a2).
    assert "the total only where they would not do" in NHSD_HES_2018.detail
