"""A break-even of a bidder's capacity is a whole number of people (review 8).

Found running ``pbrkit threshold A.xlsx --param "bidders.Alpha Care.capacity" --figure
nhs_surplus_change --target -170000 --bounds 0:200`` on our own 300-person workbook:
it said the change "crosses -£170k at bidders.Alpha Care.capacity = 144.5000". A
capacity is rounded to whole people before the tender runs (docs/uncertainty.md §1),
so the figure steps between 144 (−£169,943, not crossed) and 145 (−£170,171,
crossed); 144.5 is the step's edge, not a capacity: ``pbrkit tender`` refuses a
scenario with ``capacity = 144.5``, so the answer could not be checked. The search
now reports the first whole capacity at which the figure has crossed.

Below: six people; the one bidder (θ = 0.9, ρ = 1, hurdle 0.1) wants three of them
(p5, p1, p3: test_review5_figure_meanings), so it takes min(capacity, 3). Taken
crosses 1.5 between capacity 1 (1 taken) and 2 (2 taken): the break-even is 2.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

PATIENTS = [
    ["patient_id", "cluster", "days", "admitted_days", "cost"],
    ["p1", 1, 100, 0, 1000],
    ["p2", 1, 100, 0, 3000],
    ["p3", 2, 200, 0, 2000],
    ["p4", 2, 50, 0, 4000],
    ["p5", 3, 300, 0, 1500],
    ["p6", 3, 10, 0, 500],
]


def test_a_capacity_break_even_is_whole(tmp_workbook: WorkbookFactory) -> None:
    path = tmp_workbook(
        {
            "patients": PATIENTS,
            "tariff": [["cluster", "price", "unit"], [1, 15, "per_day"], [2, 12, "per_day"],
                       [3, 8, "per_day"]],
            "nhs": [["fixed_cost_share", "shed_rate"], [0.4, 0.5]],
            "bidders": [["name", "cost_factor", "info_quality", "hurdle_margin", "capacity"],
                        ["Solo", 0.9, 1, 0.1, 2]],
        }
    )  # fmt: skip
    result = CliRunner().invoke(
        cli, ["threshold", str(path), "--param", "bidders.Solo.capacity", "--figure",
              "taken_patients", "--target", "1.5", "--bounds", "0:5", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (threshold,) = json.loads(result.stdout)["thresholds"]
    assert threshold["value"] == 2
