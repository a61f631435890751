"""``pbrkit sweep``'s document: the grid table, a sheet per headline figure, report.xlsx."""

from __future__ import annotations

import pytest

from pbrkit.reports.figures import Unit, figure
from pbrkit.tender import FIGURES


@pytest.mark.parametrize("key", FIGURES)
def test_each_percentile_column_is_a_figure_like_its_base(key: str) -> None:
    base = figure(key)
    for suffix in ("p5", "p95"):
        fig = figure(f"{key}_{suffix}")
        assert (fig.unit, fig.about, fig.signed) == (base.unit, base.about, base.signed)
        assert fig.label == f"{base.label} {suffix}"


def test_percentiles_of_counts_of_people_are_counts_of_people() -> None:
    # so --publish rounds and hides them as counts (docs/methodology.md §7)
    assert figure("taken_patients_p5").unit is Unit.PEOPLE
    assert figure("residue_patients_p95").unit is Unit.PEOPLE
    assert figure("nhs_surplus_change_p95").about == ("taken_patients", "residue_patients")
