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
reaches 2 between capacity 1 (1 taken) and 2 (2 taken): the break-even is 2. (The
target was 1.5 until a count's target had to be whole: review 2, round 13.)
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from test_review5_figure_meanings import SHEETS


def test_a_capacity_break_even_is_whole(tmp_workbook: WorkbookFactory) -> None:
    path = tmp_workbook(SHEETS)
    result = CliRunner().invoke(
        cli, ["threshold", str(path), "--param", "bidders.Solo.capacity", "--figure",
              "taken_patients", "--target", "2", "--bounds", "0:5", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (threshold,) = json.loads(result.stdout)["thresholds"]
    assert threshold["value"] == 2
