"""hide_floors reads a table's own formula for a column, not only the registry's
(benchmarks/mutation-session21.md, hide_floors mutant 22: no test had a table whose
formula for a column reads a figure its registered formula does not)."""

from __future__ import annotations

from pbrkit.model import MOST_OWN_COST_A_PERSON
from pbrkit.reports.figures import figure
from pbrkit.reports.floors import hide_floors
from pbrkit.reports.formulas import Difference, Formula
from pbrkit.reports.suppression import NHSD_HES_2018, SUPPRESSED
from pbrkit.reports.values import Value

#: Largest rate £396: money base £2,000, h = £1,000.
POLICY = NHSD_HES_2018.for_rates([396.0])
#: The tender's residue table works the taken cost out as cost − residue cost
#: (layouts/tender.py); the registry gives taken_cost no formula.
TABLE: dict[str, Formula] = {"taken_cost": Difference("cost", "residue_cost")}


def _published(residue_cost: float) -> dict[str, Value]:
    # The people left: 10 (f = 8), their own cost at most 366 × £1 = £366 a person, so
    # their cost is shown only while published − 1,000 ≤ 366 × 7 = 2,562.
    row: dict[str, Value] = {"residue_patients": 10, "residue_cost": residue_cost,
                             "taken_patients": 40, "taken_cost": 10_000.0,
                             MOST_OWN_COST_A_PERSON: 366.0}  # fmt: skip
    out = {k: row[k] for k in ("residue_patients", "residue_cost", "taken_patients",
                               "taken_cost")}  # fmt: skip
    keys = ["residue_cost", "taken_cost"]
    hide_floors(out, row, keys, TABLE.get, POLICY)
    return out


def test_a_column_worked_out_by_the_tables_formula_from_a_floored_one_is_hidden() -> None:
    assert figure("taken_cost").formula is None  # only the table's formula ties them
    # Residue cost £4,000: 3,000 > 2,562, hidden; the taken cost beside 40 people (f =
    # 38, 9,000 ≤ 366 × 37 = 13,542) passes its own floor, but is cost − residue cost
    # there: shown with the cost, it gives the residue cost back. Hidden with it.
    out = _published(4_000.0)
    assert out["residue_cost"] is SUPPRESSED and out["taken_cost"] is SUPPRESSED


def test_nothing_floored_hides_nothing() -> None:
    # Residue cost £2,000: 1,000 ≤ 2,562, shown, and the taken cost with it.
    out = _published(2_000.0)
    assert (out["residue_cost"], out["taken_cost"]) == (2_000.0, 10_000.0)
