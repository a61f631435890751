"""Wording (fixleft item 7).

1. `pbrkit sweep`'s Grid sheet had two columns headed "Change in public spending £":
   ``public_spending_change`` (commissioner's cost change − NHS surplus change) and
   ``public_cost_change``, the same figure with rounding noise under half a penny set to
   £0, which the tender's Summary sheet works out as −(commissioner's saving) − (change
   in NHS surplus), the public-sector account. Two headers alike let a reader (or a
   lookup by header) take one for the other; the registry now labels them apart.
2. `pbrkit compare` printed "(o2 − o1: £0)" where nothing changed: it now says so in
   words ("o2 the same as o1"), and for published runs, whose £ are rounded, "to the
   nearest £50k".
"""

from __future__ import annotations

from typing import Any

from pbrkit.cli.headline import headline
from pbrkit.reports.figures import figure
from pbrkit.reports.layouts.sweep import HTML_COLUMNS


def test_the_two_public_spending_figures_have_distinct_labels() -> None:
    spending, account = figure("public_spending_change"), figure("public_cost_change")
    assert spending.label != account.label
    assert spending.header != account.header
    assert "public spending" in account.label.lower()


def test_sweep_columns_have_distinct_headers() -> None:
    from pbrkit.tender.metrics import FIGURES

    keys = [*FIGURES, "commissioner_saving", "public_cost_change", *HTML_COLUMNS]
    headers = {figure(k).header: k for k in dict.fromkeys(keys)}
    assert len(headers) == len(dict.fromkeys(keys))


def _summary(difference: float, base: float | None = None) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "command": "pbrkit compare",
        "runs": [{"name": "o1"}, {"name": "o2"}],
        "changed": [{"setting": "Projection years (--years)", "values": "o1: 1; o2: 3"}],
        "warnings": [],
        "headline": [{"figure": "nhs_surplus_change", "label": "Change in NHS surplus",
                      "values": {"o1": -13_450_000.0, "o2": -13_450_000.0 + difference},
                      "difference": {"o2": difference}}],
    }  # fmt: skip
    if base:
        # As compare writes it since rev12 (c1af345): each run's own money base.
        summary["disclosure"] = {"money_rounding_bases": {"o1": base, "o2": base}}
    return summary


def test_compare_says_plainly_when_nothing_changed() -> None:
    line = headline(_summary(0.0))[-1]
    # The published -£13,450,000 is shown as published (-£13.45m), not rounded again.
    assert line == "  Change in NHS surplus: o1 -£13.45m; o2 -£13.45m (o2 the same as o1)"


def test_compare_says_published_runs_agree_to_the_rounding() -> None:
    # Each published total is within half its run's base (£25k) of the truth, so two
    # shown alike are within £25k + £25k = £50k of each other, not "the same".
    line = headline(_summary(0.0, 50_000))[-1]
    assert line.endswith("(o2 within £50k of o1)")


def test_compare_still_gives_a_real_difference() -> None:
    line = headline(_summary(2_244_662.87))[-1]
    assert line.endswith("(o2 − o1: £2.2m)")
