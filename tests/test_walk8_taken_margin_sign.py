"""A newcomer's walk through the example tender's report (walk 8).

On the example the people taken cost more than their tariff: their margin (income less
cost) is −£1,483,828. The card "Margin lost with the people taken" showed −£1,483,828
while the waterfall's bar of the same name showed +£1.5m, because the bar is the step's
effect on the NHS surplus, minus the margin (docs/methodology.md §6.5: before − margin +
income kept − cost kept − S = after). The same label with opposite signs, unexplained, is
what a finance officer stops at. The card's meaning now says how the two relate.
"""

from __future__ import annotations

from pbrkit.reports.figures import figure


def test_taken_margin_meaning_explains_the_waterfall_sign() -> None:
    meaning = figure("taken_margin").meaning
    # What the figure is ...
    assert "income less cost of the people taken" in meaning
    # ... and why the waterfall's bar of the same name has the opposite sign.
    assert "the waterfall's bar is minus this" in meaning
    assert "raises the NHS surplus" in meaning
