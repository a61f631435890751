"""``--publish``: a figure that is a public share of another of its row (the stranded
fixed cost S = f(1 − s)(1 − r) × the cost of the people taken; the cost kept for them,
r × it; the income kept for them, (1 − v) × their tariff income: ``Figure.gives_back``)
is hidden with it, either way, since each gives the other back (docs/methodology.md §7;
disc27 closes the "Still open" item on the stranded fixed cost)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.model import MOST_OWN_COST_A_PERSON, MOST_STRANDED_A_PERSON
from pbrkit.reports.floors import hide_floors, tied
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED
from pbrkit.reports.values import Value

ROOT = Path(__file__).resolve().parents[1]
#: Largest rate £396: money base £2,000, h = £1,000.
POLICY = NHSD_HES_2018.for_rates([396.0])


def test_the_ties_are_registered_both_ways() -> None:
    assert tied("stranded_fixed_cost") == {"taken_cost"}
    assert {"stranded_fixed_cost", "cost_retained_for_taken"} <= tied("taken_cost")
    assert tied("taken_income") >= {"nhs_income_retained"}


def _row(taken_cost: float, stranded: float) -> dict[str, Value]:
    # 10 people taken (f = 8), own cost at most 366 × £1 = £366 a person, f(1 − s)(1 −
    # r) = 0.2: S at most 0.2 × 366 = £73.20 a person.
    return {"taken_patients": 10, "taken_cost": taken_cost, "stranded_fixed_cost": stranded,
            MOST_OWN_COST_A_PERSON: 366.0, MOST_STRANDED_A_PERSON: 73.2}  # fmt: skip


def test_a_floored_taken_cost_hides_its_stranded_cost() -> None:
    # Taken cost £4,000 (published £4,000): 4,000 − 1,000 = 3,000 > 366 × 7 = 2,562,
    # hidden by its floor. S = 0.2 × 4,000 = £800, published £0 (base £2,000): 0 −
    # 1,000 ≤ 73.20 × 7, shown on its own floor; but S ÷ 0.2 is the taken cost
    # (0 ± 1,000 ÷ 0.2: at most £5,000), so it is hidden with it (before: shown).
    row = _row(4_000.0, 800.0)
    out: dict[str, Value] = {"taken_patients": 10, "taken_cost": 4_000.0,
                             "stranded_fixed_cost": 0.0}  # fmt: skip
    hide_floors(out, row, ["stranded_fixed_cost", "taken_cost"], lambda k: None, POLICY)
    assert out["taken_cost"] is SUPPRESSED and out["stranded_fixed_cost"] is SUPPRESSED


def test_a_shown_taken_cost_keeps_its_stranded_cost() -> None:
    # Taken cost £2,500 (published £2,000): 1,000 ≤ 2,562, shown; S = £500 (published
    # £0), shown with it.
    out: dict[str, Value] = {"taken_patients": 10, "taken_cost": 2_000.0,
                             "stranded_fixed_cost": 0.0}  # fmt: skip
    hide_floors(out, _row(2_500.0, 500.0), ["taken_cost", "stranded_fixed_cost"],
                lambda k: None, POLICY)  # fmt: skip
    assert (out["taken_cost"], out["stranded_fixed_cost"]) == (2_000.0, 0.0)


def test_the_shipped_tender_shows_no_share_beside_its_hidden_figure(tmp_path: Path) -> None:
    # pbrkit tender examples/clusters.xlsx --publish: before disc27 the residue table's
    # cluster 99 showed S = £0 and the cost kept £0 beside its hidden taken cost (and,
    # before e42c41b was re-applied, clusters 7, 8, 10, 12, 16-20 showed S of up to
    # £400,000 beside theirs).
    out = tmp_path / "out"
    args = ["tender", str(ROOT / "examples" / "clusters.xlsx"), "--publish", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    pairs = [("taken_cost", "stranded_fixed_cost"), ("taken_cost", "cost_retained_for_taken"),
             ("taken_income", "nhs_income_retained")]  # fmt: skip
    rows = [row for value in summary.values() if isinstance(value, list)
            for row in value if isinstance(row, dict)]  # fmt: skip
    assert rows
    for whole, share in pairs:
        both = [row for row in rows if whole in row and share in row]
        assert all((row[whole] is None) == (row[share] is None) for row in both), (whole, share)
