"""A missing price's fix text says where this input can take the price (fix4, item 2).

Found running ``pbrkit cost`` with a copy of the shipped reference set that has no price
for cluster 3, on a caseload with 2 people in cluster 3: every input was told "Fix: add
a price for cluster 3 (a tariff sheet in the workbook, or --tariff FILE)". A lone CSV
has no workbook to add a sheet to; a folder of CSVs adds a file tariff.csv; an input
that has a tariff already (its own sheet or file, or --tariff) needs a row in it. The
fix text is now made where the input is read (io.inputs), which knows which it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n3,2,364\n"
OTHER_PRICE = "cluster,price,unit\n4,100,per_day\n"


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """The shipped reference set without cluster 3's price."""
    folder = tmp_path / "ref"
    folder.mkdir()
    source = Path(__file__).parents[1] / "tariffs" / "illustrative-2014-15"
    for file in source.iterdir():
        text = file.read_text(encoding="utf-8")
        if file.name == "tariff.csv":
            text = "".join(line for line in text.splitlines(True) if not line.startswith("3,"))
        (folder / file.name).write_text(text, encoding="utf-8")
    return folder


def _fix(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, ["validate", *map(str, args)])
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "cluster 3 has activity but no price" in out
    return out.split("Fix: ")[1].split(" Hint:")[0]


def test_a_lone_csv(tmp_path: Path, reference: Path) -> None:
    (tmp_path / "c.csv").write_text(CASELOAD, encoding="utf-8")
    fix = _fix(tmp_path / "c.csv", "--reference", reference)
    assert fix == (
        "add a price for cluster 3 (with --tariff FILE, a table with columns cluster, "
        "price, unit), correct this row's cluster, or leave its activity out"
    )


def test_a_folder_of_csvs(tmp_path: Path, reference: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    fix = _fix(folder, "--reference", reference)
    assert fix == (
        "add a price for cluster 3 (a file tariff.csv in folder 'book', or --tariff FILE), "
        "correct this row's cluster, or leave its activity out"
    )
    (folder / "tariff.csv").write_text(OTHER_PRICE, encoding="utf-8")
    fix = _fix(folder, "--reference", reference)
    assert fix == (
        "add a price for cluster 3 to file 'book/tariff.csv', "
        "correct this row's cluster, or leave its activity out"
    )


def test_a_tariff_file(tmp_path: Path, reference: Path) -> None:
    (tmp_path / "c.csv").write_text(CASELOAD, encoding="utf-8")
    (tmp_path / "t.csv").write_text(OTHER_PRICE, encoding="utf-8")
    fix = _fix(tmp_path / "c.csv", "--reference", reference, "--tariff", tmp_path / "t.csv")
    assert fix == (
        "add a price for cluster 3 to file 't.csv', correct this row's cluster, "
        "or leave its activity out"
    )


def test_a_workbook(tmp_workbook: WorkbookFactory, reference: Path) -> None:
    row = {"cluster": 3, "service_users": 2, "cluster_days": 364}
    fix = _fix(tmp_workbook({"caseload": [row]}), "--reference", reference)
    assert fix == (
        "add a price for cluster 3 (a tariff sheet in the workbook, or --tariff FILE), "
        "correct this row's cluster, or leave its activity out"
    )
    price = {"cluster": 4, "price": 100, "unit": "per_day"}
    fix = _fix(
        tmp_workbook({"caseload": [row], "tariff": [price]}, "b.xlsx"), "--reference", reference
    )
    assert fix == (
        "add a price for cluster 3 to sheet 'tariff' of b.xlsx, correct this row's cluster, "
        "or leave its activity out"
    )


# --- fix6 ----------------------------------------------------------------------
# A missing price's fix text is one instruction, and names a tariff with no rows (fix6).
#
# Found at the last stop (fix4's leftovers): a folder whose tariff.csv has headers and no
# rows counts as having no tariff (README, Input sheets: a blank template's sheet), so
# the fix said "add a price for cluster 3 (a file tariff.csv in folder 'fold', or
# --tariff FILE)": add a file that is there. And validate's hint said "correct
# fold/caseload.csv" (where the problem sits) and then "add the missing prices": two
# instructions. The fix now names the empty tariff and says it has no rows, offers
# correcting the row's cluster beside adding the price, and validate's hint no longer
# tells the user to correct a file when every problem is a missing price.

NO_ROWS = "cluster,price,unit\n"


def _run(command: str, *args: str | Path) -> str:
    result = CliRunner().invoke(cli, [command, *map(str, args)])
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert out.count("cluster 3 has activity but no price") == 1, out
    return out


def _fix_in(out: str) -> str:
    return out.split("Fix: ")[1].split(" Hint:")[0]


def _fold(tmp_path: Path, caseload: str, tariff: str | None = None) -> Path:
    """A folder of CSVs 'fold': caseload.csv, and tariff.csv when given."""
    folder = tmp_path / "fold"
    folder.mkdir()
    (folder / "caseload.csv").write_text(caseload, encoding="utf-8")
    if tariff is not None:
        (folder / "tariff.csv").write_text(tariff, encoding="utf-8")
    return folder


def test_a_folder_whose_tariff_has_no_rows(tmp_path: Path, reference: Path) -> None:
    folder = _fold(tmp_path, CASELOAD, NO_ROWS)
    for command in ("validate", "cost", "tender"):
        out = _run(command, folder, "--reference", reference)
        assert _fix_in(out) == (
            "add a price for cluster 3 to file 'fold/tariff.csv' (it has headers and no "
            "rows, so it was not used), correct this row's cluster, or leave its activity out"
        ), command
        assert "(a file tariff.csv in folder" not in out
        # One instruction: the hint gives the reason and the other command, not a
        # second "add the missing prices" beside "correct this row's cluster".
        assert "add the missing prices" not in out
    assert out.split("Hint: ")[1] == (
        "every patient the tender simulates needs a price; `pbrkit cost --on-missing "
        "report` costs the rest and lists the unpriced activity"
    )


def test_a_workbook_whose_tariff_sheet_has_no_rows(
    tmp_workbook: WorkbookFactory, reference: Path
) -> None:
    row = {"cluster": 3, "service_users": 2, "cluster_days": 364}
    book = tmp_workbook({"caseload": [row], "tariff": [["cluster", "price", "unit"]]}, "b.xlsx")
    out = _run("cost", book, "--reference", reference)
    assert _fix_in(out) == (
        "add a price for cluster 3 to sheet 'tariff' of b.xlsx (it has headers and no "
        "rows, so it was not used), correct this row's cluster, or leave its activity out"
    )


def test_validate_hint_does_not_say_correct_the_caseload(tmp_path: Path, reference: Path) -> None:
    folder = _fold(tmp_path, CASELOAD)
    out = _run("validate", folder, "--reference", reference)
    assert _fix_in(out) == (
        "add a price for cluster 3 (a file tariff.csv in folder 'fold', or --tariff FILE), "
        "correct this row's cluster, or leave its activity out"
    )
    assert out.split("Hint: ")[1] == (
        "nothing was written; to cost the rest and list the unpriced activity, run "
        "`pbrkit cost --on-missing report`"
    )


def test_validate_still_names_the_file_of_another_problem(tmp_path: Path, reference: Path) -> None:
    # Row 3's service_users is text: a problem to correct in caseload.csv, beside the
    # missing price of row 2.
    folder = _fold(tmp_path, CASELOAD + "4,lots,10\n")
    result = CliRunner().invoke(cli, ["validate", str(folder), "--reference", str(reference)])
    assert result.exit_code == 2, result.output
    out = " ".join(result.output.split())
    assert "Hint: correct fold/caseload.csv; nothing was written" in out, out
