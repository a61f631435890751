"""A fix text names the file a folder of CSVs holds, not a sheet (fix3, item 2).

Found after fix2 located every problem in a CSV by its file: the fix texts still sent
the user to sheets. A folder of CSVs whose packages.csv names a resource its
unit_costs.csv lacks was told "Fix: add a row for 'art_class' to sheet 'unit_costs'";
one with no unit_costs.csv "add a unit_costs sheet with a row for …"; one whose own
unit_costs.csv lacks a resource the reference set's packages use "add a row for
'cbt_session' to this sheet, or give a packages sheet of your own"; a resource in other
capitals "differs from 'care_coordination_hour' on row 2 of sheet 'unit_costs'". Each
now names the file ("file 'book/unit_costs.csv'", "this file", "a file unit_costs.csv
in folder 'book'"); a workbook's fix texts still name its sheets.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n3,2,364\n"
PACKAGES = "cluster,resource,quantity,per\n3,care_coordination_hour,1,week\n3,art_class,1,week\n"
UNIT_COSTS = "resource,unit_cost\ncare_coordination_hour,35\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    for name, text in {"caseload": CASELOAD, **files}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _refused(path: Path) -> str:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_a_package_resource_the_folders_unit_costs_lack(tmp_path: Path) -> None:
    out = _refused(_folder(tmp_path, packages=PACKAGES, unit_costs=UNIT_COSTS))
    assert "file 'book/packages.csv', row 3, column 'resource'" in out
    assert "Fix: add a row for 'art_class' to file 'book/unit_costs.csv'," in out
    assert "sheet" not in out


def test_a_folder_without_unit_costs(tmp_path: Path) -> None:
    out = _refused(_folder(tmp_path, packages=PACKAGES))
    assert "Fix: add a file unit_costs.csv in folder 'book' with a row for 'art_class'" in out
    assert "sheet" not in out


def test_own_unit_costs_beside_the_reference_packages(tmp_path: Path) -> None:
    out = _refused(_folder(tmp_path, unit_costs=UNIT_COSTS))
    assert "file 'book/unit_costs.csv', column 'resource'" in out
    assert (
        "Fix: add a row for 'cbt_session' to this file, or give a file packages.csv of "
        "your own in folder 'book'"
    ) in out
    assert "sheet" not in out


def test_a_resource_in_other_capitals(tmp_path: Path) -> None:
    packages = "cluster,resource,quantity,per\n3,Care_Coordination_Hour,1,week\n"
    out = _refused(_folder(tmp_path, packages=packages, unit_costs=UNIT_COSTS))
    assert "on row 2 of file 'book/unit_costs.csv' only in capitals" in out
    assert "sheet" not in out


def test_a_workbook_is_told_its_sheets(tmp_workbook: WorkbookFactory) -> None:
    def rows(text: str) -> list[dict[str, object]]:
        header, *lines = text.splitlines()
        return [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines]

    book = tmp_workbook(
        {
            "caseload": rows(CASELOAD),
            "packages": rows(PACKAGES),
            "unit_costs": rows(UNIT_COSTS),
        }
    )
    out = _refused(book)
    assert "Fix: add a row for 'art_class' to sheet 'unit_costs'," in out
    book = tmp_workbook({"caseload": rows(CASELOAD), "unit_costs": rows(UNIT_COSTS)}, "b.xlsx")
    out = _refused(book)
    assert "to this sheet, or give a packages sheet of your own" in out
