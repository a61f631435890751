"""A package resource without a unit cost is named where the user can fix it.

Found in review 9a, three ways:

* a workbook with its own ``unit_costs`` sheet and no ``packages`` sheet (the reference
  set's packages) was told "sheet 'packages', column 'resource': package resource has
  no unit cost (found 'cbt_session')": the workbook has no packages sheet, and the row
  missing is one of its unit_costs sheet;
* an own packages sheet with a resource the unit costs lack named no row;
* a package resource written in another case than its unit cost (``Drama_Therapy_Session``
  beside ``drama_therapy_session``) was refused, and the fix given ("add a row for
  'Drama_Therapy_Session' to the unit_costs sheet") would have been refused in turn,
  since unit-cost resources are told apart ignoring case (docs/methodology.md §8).

Hand-worked for the case-insensitive match (cluster 3, reference R = 182, £10 per day):
k = 1 × £35 ÷ 7 + 3 × £75.50 ÷ 365 = 5 + 0.620548 = £5.620548 a community day;
364 days, none admitted: cost = 5.620548 × 364 = £2,045.88, income = 10 × 364 = £3,640.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = [{"cluster": 3, "service_users": 2, "cluster_days": 364}]
TARIFF = [{"cluster": 3, "price": 10, "unit": "per_day"}]
UNIT_COSTS = [
    {"resource": "care_coordination_hour", "unit_cost": 35},
    {"resource": "drama_therapy_session", "unit_cost": 75.5},
    {"resource": "inpatient_bed_day", "unit_cost": 400},
]


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.output


def test_reference_packages_with_own_unit_costs_name_the_unit_costs_sheet(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    book = tmp_workbook({"caseload": CASELOAD, "tariff": TARIFF, "unit_costs": UNIT_COSTS})
    for command in (["validate", str(book)], ["cost", str(book), "--out", str(tmp_path / "o")]):
        code, output = _run(*command)
        assert code == 2, output
        assert "sheet 'packages'" not in output
        assert "sheet 'unit_costs', column 'resource'" in output
        assert "cbt_session" in output and "reference set" in output
        assert "Traceback" not in output
    assert not (tmp_path / "o").exists()


def test_own_package_row_without_a_unit_cost_is_located(
    tmp_workbook: WorkbookFactory,
) -> None:
    packages = [
        {"cluster": 3, "resource": "care_coordination_hour", "quantity": 1, "per": "week"},
        {"cluster": 3, "resource": "drama_therapy_session", "quantity": 3, "per": "year"},
        {"cluster": 3, "resource": "art_class", "quantity": 1, "per": "week"},
    ]
    book = tmp_workbook(
        {"caseload": CASELOAD, "tariff": TARIFF, "packages": packages, "unit_costs": UNIT_COSTS}
    )
    code, output = _run("validate", str(book))
    assert code == 2, output
    assert "sheet 'packages', row 4, column 'resource'" in output
    assert "'art_class'" in output


def test_package_resource_in_another_case_is_refused_at_its_row(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    """One resource written two ways is refused, named at the packages row, as every
    other name that differs only in capitals is (the merge of review 9a, which matched
    it ignoring case, with fix 9b, which refuses it: refusing keeps one rule)."""
    packages = [
        {"cluster": 3, "resource": "Care_Coordination_Hour", "quantity": 1, "per": "week"},
        {"cluster": 3, "resource": "DRAMA_therapy_session", "quantity": 3, "per": "year"},
    ]
    book = tmp_workbook(
        {"caseload": CASELOAD, "tariff": TARIFF, "packages": packages, "unit_costs": UNIT_COSTS}
    )
    code, output = _run("cost", str(book), "--out", str(tmp_path / "o"), "--json")
    assert code == 2, output
    assert "sheet 'packages', row 2, column 'resource'" in output
    assert "sheet 'packages', row 3, column 'resource'" in output
    assert output.count("only in capitals") == 2
    assert "no unit cost" not in output  # matched, so not also reported missing
    assert not (tmp_path / "o").exists()
