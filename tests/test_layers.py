"""Work moved between layers (docs/architecture.md) gives the same figures as before.

io reads and never computes: a tender on a ``patients`` sheet used to have the
package cost per day k and the bed-day cost b worked out while reading
(io/tender_inputs.py called costing); the workflow now works them out from the tables
io read. These tests pin the figures of that path by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.io.tender_inputs import read_tender_inputs
from pbrkit.reference import ReferenceSet
from pbrkit.workflows.tender import bed_day_cost_of, build_population

# Cluster 1's own package: 2 care-coordinator hours a week at £35 an hour, so
# k = 2 × 35 / 7 = £10 a community day; an inpatient bed day costs b = £400.
PACKAGES = [{"cluster": 1, "resource": "cc_hour", "quantity": 2, "per": "week"}]
UNIT_COSTS = [
    {"resource": "cc_hour", "unit_cost": 35},
    {"resource": "inpatient_bed_day", "unit_cost": 400},
]


def _patients_book(make: Callable[..., Path], patients: list[dict[str, object]]) -> Path:
    return make(
        {"patients": patients, "packages": PACKAGES, "unit_costs": UNIT_COSTS},
        name="patients.xlsx",
    )


def test_patients_without_a_cost_are_costed_from_the_workbooks_packages(
    tmp_workbook: Callable[..., Path], ref: ReferenceSet
) -> None:
    patients: list[dict[str, object]] = [
        {"patient_id": "a", "cluster": 1, "days": 100, "admitted_days": 10},
        {"patient_id": "b", "cluster": 1, "days": 70, "admitted_days": 0},
        {"patient_id": "c", "cluster": 1, "days": 50, "admitted_days": 0, "cost": 1234},
    ]
    inputs = read_tender_inputs(_patients_book(tmp_workbook, patients), ref)
    population = build_population(inputs, seed=0).set_index("patient_id")
    # a: k·(D − A) + b·A = 10 × (100 − 10) + 400 × 10 = 900 + 4,000 = 4,900
    assert population.loc["a", "cost"] == pytest.approx(4_900, rel=1e-12)
    # b: 10 × 70 = 700 (no admitted days)
    assert population.loc["b", "cost"] == pytest.approx(700, rel=1e-12)
    # c: the cost given is used as it stands
    assert population.loc["c", "cost"] == 1234
    assert bed_day_cost_of(inputs) == 400


def test_patients_need_a_cost_when_the_packages_cannot_be_costed(
    tmp_workbook: Callable[..., Path], ref: ReferenceSet
) -> None:
    # No unit cost for the package's resource: k cannot be worked out, which is an
    # error only because a patient has no cost of their own.
    book = tmp_workbook(
        {
            "patients": [{"patient_id": "a", "cluster": 1, "days": 100}],
            "packages": [{"cluster": 1, "resource": "unknown", "quantity": 1, "per": "day"}],
            "unit_costs": UNIT_COSTS,
        },
        name="patients.xlsx",
    )
    # The reason is named at its row (fixleft found "1 patients have no cost ... or supply
    # packages and unit costs" when both were supplied), by the reader, as `pbrkit cost`
    # names it (fix6: it came from the costing, without the row).
    with pytest.raises(InputError, match="package resource has no unit cost") as caught:
        read_tender_inputs(book, ref)
    assert "sheet 'packages', row 2, column 'resource'" in str(caught.value)
    assert "unknown" in str(caught.value)
    assert "have no cost" not in str(caught.value)


# --- the tariff's precedence: one rule for cost, tender and cluster --------------------
# --tariff, else the input's own tariff sheet (or its aliases "tariffs", "prices"),
# else the reference set's. Before this was one function, cost and cluster named an
# aliased sheet 'tariff', cluster worded a repeated price its own way, and cost
# refused a run over a broken tariff sheet that --tariff had replaced.

RATING_ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]
PAYABLE = [0, *range(1, 9), *range(10, 22)]


def _prices(price: float) -> list[dict[str, object]]:
    return [{"cluster": c, "price": price, "unit": "per_day"} for c in PAYABLE]


def _inputs(make: Callable[..., Path], **sheets: object) -> dict[str, Path]:
    """One input per command, each with ``sheets`` beside its own data."""
    ratings = [{"patient_id": "A1", **dict.fromkeys(RATING_ITEMS, 1), "cluster": 4}]
    return {
        "cost": make(
            {"caseload": [{"cluster": 4, "service_users": 10, "cluster_days": 900}], **sheets},
            name="caseload.xlsx",
        ),
        "tender": make(
            {"patients": [{"patient_id": "p", "cluster": 4, "days": 90, "cost": 50}], **sheets},
            name="patients.xlsx",
        ),
        "cluster": make({"ratings": ratings, **sheets}, name="ratings.xlsx"),
    }


def _tariff_and_source(
    command: str, path: Path, ref: ReferenceSet, tariff_file: Path | None = None
) -> tuple[float, str]:
    """Cluster 4's price and the tariff's stated source, as ``command`` reads them."""
    from pbrkit.io.inputs import read_cost_inputs
    from pbrkit.workflows.cluster import run_cluster

    if command == "cost":
        inputs, _ = read_cost_inputs(path, ref, tariff_file=tariff_file)
        tariff, source = inputs.tariff, inputs.sources["tariff"]
    elif command == "tender":
        tender = read_tender_inputs(path, ref, tariff_file=tariff_file)
        assert tender.prices is not None
        tariff, source = tender.prices.tariff, tender.table_sources["tariff"]
    else:
        run = run_cluster(path, tariff_file=tariff_file)
        return float("nan"), str(run.meta.options["tariff"])
    return float(tariff.loc[4, "price"]), source


@pytest.mark.parametrize("command", ["cost", "tender", "cluster"])
def test_an_aliased_tariff_sheet_is_named_as_it_is(
    command: str, tmp_workbook: Callable[..., Path], ref: ReferenceSet
) -> None:
    path = _inputs(tmp_workbook, prices=_prices(12.5))[command]
    price, source = _tariff_and_source(command, path, ref)
    assert source == f"sheet 'prices' of {path.name}"  # was "sheet 'tariff' of …"
    if command != "cluster":
        assert price == 12.5


@pytest.mark.parametrize("command", ["cost", "tender", "cluster"])
def test_tariff_file_beats_the_sheet_which_beats_the_reference(
    command: str, tmp_workbook: Callable[..., Path], tmp_path: Path, ref: ReferenceSet
) -> None:
    reference_price = float(ref.tariff.loc[4, "price"])
    bare = _inputs(tmp_workbook)[command]
    assert _tariff_and_source(command, bare, ref)[1] == f"reference set {ref.label()}"
    if command != "cluster":
        assert _tariff_and_source(command, bare, ref)[0] == reference_price
    own = _inputs(tmp_workbook, tariff=_prices(12.5))[command]
    assert _tariff_and_source(command, own, ref)[1] == f"sheet 'tariff' of {own.name}"
    given = tmp_path / "local.csv"
    given.write_text(
        "cluster,price,unit\n" + "".join(f"{c},7.25,per_day\n" for c in PAYABLE), "utf-8"
    )
    price, source = _tariff_and_source(command, own, ref, tariff_file=given)
    assert source == "local.csv"
    if command != "cluster":
        assert price == 7.25


@pytest.mark.parametrize("command", ["cost", "tender", "cluster"])
def test_a_cluster_priced_twice_is_one_problem_worded_alike(
    command: str, tmp_workbook: Callable[..., Path], ref: ReferenceSet
) -> None:
    twice = [*_prices(10.0), {"cluster": 3, "price": 11.0, "unit": "per_day"}]
    path = _inputs(tmp_workbook, tariff=twice)[command]
    with pytest.raises(InputError) as caught:
        _tariff_and_source(command, path, ref)
    # Row 23: the header, 21 payable clusters, then the repeat; cluster 3 is first on
    # row 5 (header, clusters 0, 1, 2, then 3).
    assert [str(p) for p in caught.value.problems] == [
        "sheet 'tariff', row 23, column 'cluster': cluster 3 appears more than once "
        "(first on row 5). Fix: keep one price per cluster"
    ]


def test_a_broken_tariff_sheet_replaced_by_tariff_file_is_not_read(
    tmp_workbook: Callable[..., Path], tmp_path: Path, ref: ReferenceSet
) -> None:
    broken = [{"cluster": 4, "price": "ten", "unit": "per_day"}]
    path = _inputs(tmp_workbook, tariff=broken)["cost"]
    given = tmp_path / "local.csv"
    given.write_text("cluster,price,unit\n4,7.25,per_day\n", "utf-8")
    assert _tariff_and_source("cost", path, ref, tariff_file=given) == (7.25, "local.csv")
