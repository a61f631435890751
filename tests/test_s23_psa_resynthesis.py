"""The PSA's redrawn population is the tender's population at the tender's cost spread
(session 23).

`caseload.cost_cv` in an uncertainty sheet makes every PSA sample draw the population
again at the sampled spread. That redraw must be the tender's own synthesis with one
number changed: the population's child of --seed (methodology §6.1), and admitted
days following cost where the packages and the bed-day cost are known. Before, it
drew from the bare --seed (other people altogether) and shared each row's admitted
days evenly (A/N), so a sample at the caseload's own spread was not the tender the
report's base case shows: the PSA's spread mixed a different model into the
uncertainty it reports.

Here every caseload row has the same spread, 1.0, so redrawing at 1.0 must give back
the tender's population exactly, person by person.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pbrkit.uncertainty.tender_model import tender_model
from pbrkit.workflows.tender import prepare_tender

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _one_spread(tmp_path: Path, cv: float) -> Path:
    """The shipped caseload with every row's cost_cv set to ``cv``."""
    book = openpyxl.load_workbook(EXAMPLES / "clusters.xlsx")
    sheet = book["caseload"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("cost_cv") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value is not None:
            sheet.cell(row, column).value = cv
    path = tmp_path / "one-spread.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("scenario", ["aqp-accept-all.toml", "aqp-fixed-tariff.toml"])
def test_redrawing_at_the_caseloads_own_spread_gives_the_tenders_population(
    tmp_path: Path, scenario: str
) -> None:
    prepared = prepare_tender(
        _one_spread(tmp_path, 1.0), scenario=EXAMPLES / "scenarios" / scenario, seed=7
    )
    model = tender_model(prepared)
    assert model.caseload is not None
    redrawn, _ = model._apply(model.population, model.spec, "caseload.cost_cv", 1.0)
    base = prepared.population
    # the example has admitted days and a bed-day unit cost: they follow cost, unevenly
    assert base["admitted_days"].sum() > 0
    assert base.groupby("cluster")["admitted_days"].nunique().max() > 1
    columns = ["patient_id", "cluster", "days", "admitted_days", "cost", "income"]
    pd.testing.assert_frame_equal(
        redrawn[columns].reset_index(drop=True), base[columns].reset_index(drop=True)
    )


def test_the_headline_at_the_base_spread_is_the_tenders(tmp_path: Path) -> None:
    prepared = prepare_tender(
        _one_spread(tmp_path, 1.0), scenario=EXAMPLES / "scenarios" / "aqp-accept-all.toml"
    )
    model = tender_model(prepared)
    at_base = model({"caseload.cost_cv": 1.0}, seed=3)
    unchanged = model({}, seed=3)
    assert at_base == unchanged
    # a different spread draws other costs: the figures move
    assert model({"caseload.cost_cv": 1.3}, seed=3) != unchanged
    assert np.isfinite(list(at_base.values())).all()
