"""The £0-package note names where the packages and unit costs were read (fix4, item 2).

Found costing a folder of CSVs (caseload.csv, packages.csv with quantity 0 for cluster
1): the Data quality note said "check quantity on the packages sheet and unit_cost on
the unit_costs sheet", though the folder has files, not sheets, and the unit costs came
from the reference set (there is no unit_costs anything in the input). The note now
names each table as the reports' sources do: "check quantity in file
'book/packages.csv' and unit_cost in reference set illustrative-2014-15
(illustrative)"; a workbook's, "in sheet 'packages' of input.xlsx".

Arithmetic as tests/test_review_zero_package_cost.py: cluster 1's package is 0 IAPT
sessions an episode, so k = 0 × £40 ÷ 84 = £0 and its 420 community days cost £0.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n1,5,420\n"
PACKAGES = "cluster,resource,quantity,per\n1,iapt_session,0,episode\n"
REFERENCE = "reference set illustrative-2014-15 (illustrative)"


def _valid(path: Path) -> str:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_a_folder_of_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    (folder / "packages.csv").write_text(PACKAGES, encoding="utf-8")
    out = _valid(folder)
    assert "cluster 1: every care package row costs £0" in out
    assert f"(check quantity in file 'book/packages.csv' and unit_cost in {REFERENCE})" in out
    assert "sheet" not in out


def test_a_workbook(tmp_workbook: WorkbookFactory) -> None:
    package = {"cluster": 1, "resource": "iapt_session", "quantity": 0, "per": "episode"}
    unit = {"resource": "iapt_session", "unit_cost": 40}
    book = tmp_workbook(
        {
            "caseload": [{"cluster": 1, "service_users": 5, "cluster_days": 420}],
            "packages": [package],
            "unit_costs": [unit],
        }
    )
    out = _valid(book)
    assert (
        "(check quantity in sheet 'packages' of input.xlsx and unit_cost in sheet "
        "'unit_costs' of input.xlsx)" in out
    )
