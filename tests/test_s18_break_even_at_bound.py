"""A figure on the target at a bound of the search meets it there; it is not said to
cross it (fix11, item 3).

`pbrkit threshold examples/clusters.xlsx --param nhs.fixed_cost_share --figure
stranded_fixed_cost` said "Stranded fixed cost (S) crosses £0 at nhs.fixed_cost_share
= 0.0000.": S = f × (the fixed cost of the people taken), so it is exactly £0 at f = 0,
the lower bound, and above £0 at the next value tried (f = 1/8). The search never looks
below the bound, so whether the figure crosses £0 there cannot be told: the report now
says it meets £0 at the lower bound (summary.json ``at_bound: "lower"``, and the
Thresholds table's note). Failed on the old code: the sentence said "crosses" and
summary.json had no ``at_bound``.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.uncertainty_narrative import threshold_sentence
from pbrkit.reports.values import ThresholdObject

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
MEETS = (
    "Stranded fixed cost (S) meets £0 at the lower bound of the range searched, "
    "nhs.fixed_cost_share = 0.0000"
)


def test_a_figure_at_the_target_at_the_lower_bound_meets_it_there(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [
        "threshold", str(CLUSTERS), "--param", "nhs.fixed_cost_share",
        "--figure", "stranded_fixed_cost", "--out", str(out),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    (found,) = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"]
    assert found["value"] == 0.0
    assert found["at_bound"] == "lower"
    assert "crosses £0 at" not in result.output
    assert MEETS in result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert MEETS in html
    assert "crosses £0 at" not in html


def _threshold(value: float, at_bound: str | None) -> ThresholdObject:
    found: ThresholdObject = {
        "parameter": "nhs.fixed_cost_share", "figure": "public_spending_change",
        "target": 0.0, "bounds": [0.2, 0.6], "tolerance": 1e-5, "method": "bracketing",
        "value": value, "steps": False,
    }  # fmt: skip
    return {**found, "at_bound": at_bound} if at_bound else found


def test_the_sentence_at_the_upper_bound() -> None:
    sentence = threshold_sentence(_threshold(0.6, "upper"))
    assert sentence is not None
    assert sentence.startswith(
        "The change in public spending (commissioner and NHS together) meets £0 at the "
        "upper bound of the range searched, nhs.fixed_cost_share = 0.6000: it is £0 "
        "there and not at the next value tried, "
        "so whether it crosses £0 there cannot be told from inside the range (0.2 to 0.6)"
    )


def test_a_crossing_inside_the_range_still_crosses() -> None:
    assert threshold_sentence(_threshold(0.3143, None)) == (
        "The change in public spending (commissioner and NHS together) crosses £0 at "
        "nhs.fixed_cost_share = 0.3143."
    )


def test_the_table_note_says_the_bound_is_met() -> None:
    from pbrkit.reports.layouts.break_even import break_even_tables

    (table,) = break_even_tables([_threshold(0.6, "upper")])
    assert table.note is not None
    assert table.note.endswith("The figure meets the target at the upper bound.")
    (inside,) = break_even_tables([_threshold(0.3143, None)])
    assert inside.note is not None and "meets" not in inside.note


def test_a_crossing_found_at_the_upper_bound_is_not_met_there() -> None:
    # A count of people whose figure crosses between 9 and 10 is reported at 10, the
    # first whole value past the crossing: with 10 the upper bound, it has crossed
    # there (figure 10 − n − 0.5 at n = 10 is −0.5, not 0), not met the target.
    from pbrkit.uncertainty.threshold import SearchUnit, ThresholdSearch, bound_met

    def model(values: dict[str, float], seed: int) -> dict[str, float]:
        return {"figure": 9.5 - round(values["n"])}

    search = ThresholdSearch(model, "n", "figure", (0.0, 10.0), whole=True)  # type: ignore[arg-type]
    unit = SearchUnit({}, 0)
    assert bound_met(search, unit, 10.0) is None
    on_target = ThresholdSearch(model, "n", "figure", (0.0, 10.0), target=-0.5, whole=True)  # type: ignore[arg-type]
    assert bound_met(on_target, unit, 10.0) == "upper"
    assert bound_met(search, unit, 5.0) is None
