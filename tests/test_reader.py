"""Reading input workbooks (methodology §8): spellings, money, IDs, headers, located problems,
and every container (xlsx, a folder of CSVs, ods, xlsx re-saved by LibreOffice)."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from conftest import WorkbookFactory, write_xlsx
from pbrkit.costing import CostInputs
from pbrkit.errors import InputError, Problem, ProblemCollector
from pbrkit.io import parse, sheets
from pbrkit.io.inputs import read_cost_inputs, read_sheet
from pbrkit.io.workbook import open_workbook
from pbrkit.reference import ReferenceSet

HEADER = ["cluster", "service_users", "cluster_days"]


def read_error(path: Path, ref: ReferenceSet) -> InputError:
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    return caught.value


def located(error: InputError) -> set[tuple[str | None, int | None, str | None]]:
    return {(p.sheet, p.row, p.column) for p in error.problems}


def only(error: InputError, row: int, column: str) -> Problem:
    found = [p for p in error.problems if p.row == row and p.column == column]
    assert len(found) == 1, error
    return found[0]


# --- cluster codes ---------------------------------------------------------------------

SPELLINGS_OF_1 = ["1", "01", "1.0", "C1", "C01", "Cluster 1", "cluster_01", "MHCC01", "MHCC 1"]


@pytest.mark.parametrize("text", SPELLINGS_OF_1)
def test_parse_cluster_spellings(text: str) -> None:
    codes, bad = parse.parse_cluster(pd.Series([text], dtype=object))
    assert codes.tolist() == [1.0]
    assert not bad.any()


def test_cluster_spellings_in_a_sheet(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    # The same spellings in cells, plus 1 as a number cell and 1.0 as a float cell.
    cells: list[Any] = [*SPELLINGS_OF_1, 1, 1.0]
    rows = [HEADER] + [[c, 1, 10] for c in cells]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["cluster"].tolist() == [1] * len(cells)
    # Other codes keep their value: 0, 99, 21 spelt in three ways.
    rows = [HEADER, ["0", 1, 10], ["C99", 1, 10], ["MHCC21", 1, 10], ["Cluster 10", 1, 10]]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}, name="b.xlsx"), ref)
    assert inputs.caseload["cluster"].tolist() == [0, 99, 21, 10]


def test_bad_cluster_codes_are_located(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    rows = [
        HEADER,
        [3, 1, 10],
        [9, 1, 10],
        [22, 1, 10],
        [-1, 1, 10],
        ["abc", 1, 10],
        ["1.5", 1, 10],
    ]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    # Header is row 1, so the data rows are 2..7; row 2 (cluster 3) is fine.
    assert located(error) == {("caseload", r, "cluster") for r in (3, 4, 5, 6, 7)}
    text = str(error)
    for row, value in ((3, "'9'"), (4, "'22'"), (5, "'-1'"), (6, "'abc'"), (7, "'1.5'")):
        assert f"sheet 'caseload', row {row}, column 'cluster'" in text
        assert f"(found {value})" in text
    assert "not used" in only(error, 3, "cluster").message
    assert "not used" not in only(error, 4, "cluster").message
    assert "not a valid cluster code" in only(error, 6, "cluster").message


# --- money and IDs ---------------------------------------------------------------------


def test_parse_money_written_as_text() -> None:
    values = pd.Series(["£1,234.50", "1,234", "(1,234)", " £ 12,500.00 ", "GBP 7", None, "ten"])
    numbers, bad = parse.parse_number(values)
    assert numbers[:5].tolist() == [1234.5, 1234.0, -1234.0, 12500.0, 7.0]
    assert np.isnan(numbers[5]) and not bad[5]  # blank: missing, not bad
    assert bad.tolist() == [False, False, False, False, False, False, True]


def test_money_text_in_a_sheet(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    rows = [
        [*HEADER, "actual_cost"],
        [1, 1, 10, "£1,234.50"],
        [2, 1, 10, "1,234"],
        [3, 1, 10, 99.5],
        [4, 1, 10, None],
    ]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["actual_cost"].tolist()[:3] == [1234.5, 1234.0, 99.5]
    assert np.isnan(inputs.caseload["actual_cost"].iloc[3])


def test_bracketed_negative_money_is_out_of_range_for_a_cost(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # "(1,234)" parses as −1,234; a cost cannot be negative (docs/methodology.md §8 money ≥ 0).
    rows = [[*HEADER, "actual_cost"], [1, 1, 10, "(1,234)"]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert "out of range" in only(error, 2, "actual_cost").message


@pytest.mark.parametrize("container", ["xlsx", "csv"])
def test_ids_keep_leading_zeros(tmp_path: Path, container: str) -> None:
    rows = [["patient_id", "cluster"], ["007", 3], ["0012345", 4], ["A-01", 5]]
    if container == "xlsx":
        path = write_xlsx(tmp_path / "p.xlsx", {"patients": rows})
    else:
        path = tmp_path / "patients.csv"
        path.write_text("\n".join(",".join(str(v) for v in r) for r in rows) + "\n")
    problems = ProblemCollector()
    table = read_sheet(open_workbook(path, default_sheet="patients"), sheets.PATIENTS, problems)
    assert not problems
    assert table is not None
    assert table.frame["patient_id"].tolist() == ["007", "0012345", "A-01"]


# --- headers and names -----------------------------------------------------------------


def test_header_below_a_title_block(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    rows = [
        ["Caseload 2024/25 — Anytown Mental Health Trust"],
        ["Prepared by finance, not validated"],
        [],
        HEADER,
        [3, 10, 1000],
        [4, 20, 2000],
    ]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["cluster"].tolist() == [3, 4]
    assert inputs.caseload["cluster_days"].tolist() == [1000.0, 2000.0]
    # Row numbers are those Excel shows: header on row 4, data on rows 5 and 6.
    assert inputs.caseload["row"].tolist() == [5, 6]
    # ... so a bad cell below a title block is reported at its Excel row.
    rows[5] = [4, "many", 2000]
    error = read_error(tmp_workbook({"caseload": rows}, name="bad.xlsx"), ref)
    assert located(error) == {("caseload", 6, "service_users")}


def test_sheet_and_column_names_match_loosely(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    book = tmp_workbook(
        {
            "Case Load": [
                ["CLUSTER", "Service Users", "cluster days", "Admitted_Days"],
                [14, 3, 60, 6],
            ],
            "TARIFF": [
                ["Cluster", "PRICE", "Unit", "admitted day price"],
                [14, 100, "Per_Episode", 50],
            ],
            # Own unit costs replace the reference set's, so they price every resource
            # of its packages (review 9a: a missing one is refused when read).
            "Unit Costs": [
                ["Resource", "Unit_Cost"],
                *[
                    [name, 400 if name == "inpatient_bed_day" else float(cost)]
                    for name, cost in zip(
                        ref.unit_costs["resource"], ref.unit_costs["unit_cost"], strict=True
                    )
                ],
            ],
        }
    )
    inputs, _ = read_cost_inputs(book, ref)
    c = inputs.caseload.iloc[0]
    assert (c["cluster"], c["service_users"], c["cluster_days"], c["admitted_days"]) == (
        14, 3.0, 60.0, 6.0,
    )  # fmt: skip
    assert inputs.tariff.loc[14].tolist() == [100.0, "per_episode", 50.0]
    assert inputs.unit_costs.loc["inpatient_bed_day", "unit_cost"] == 400.0
    assert inputs.sources["caseload"] == "sheet 'Case Load' of input.xlsx"
    assert inputs.sources["tariff"].startswith("sheet ")
    assert inputs.sources["packages"].startswith("reference set ")


def test_misspelt_header_gets_a_did_you_mean(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    rows = [["cluster", "Servce Users", "cluster_days"], [1, 2, 30]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert "required column 'service_users' is missing" in problem.message
    assert "did you mean 'service_users'?" in problem.message
    assert problem.fix is not None
    assert problem.fix.startswith("rename column B 'Servce Users' to 'service_users'")


def test_missing_sheet_is_named(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    error = read_error(tmp_workbook({"Sheet1": [HEADER, [1, 1, 1]]}), ref)
    assert "sheet 'caseload' is missing (sheets found: 'Sheet1')" in str(error)


# --- every problem at once -------------------------------------------------------------


def test_every_problem_reported_at_once(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    book = tmp_workbook(
        {
            "caseload": [
                ["cluster", "service_users", "cluster_days", "actual_cost"],  # row 1
                [1, 10, 100, None],  # row 2: fine
                [9, 10, 100, None],  # row 3: cluster 9
                [2, "ten", 100, None],  # row 4: service_users not a number
                [3, 10, -5, "£x"],  # row 5: negative days, bad money
                [4, 10, 100, None],  # row 6: fine
                ["abc", 10, "lots", None],  # row 7: cluster and days
            ],
            "tariff": [
                ["cluster", "price", "unit"],  # row 1
                [1, 357, "per_episode"],  # row 2: fine
                [2, "free", "per_week"],  # row 3: price and unit
            ],
        }
    )
    error = read_error(book, ref)
    assert located(error) == {
        ("caseload", 3, "cluster"),
        ("caseload", 4, "service_users"),
        ("caseload", 5, "cluster_days"),
        ("caseload", 5, "actual_cost"),
        ("caseload", 7, "cluster"),
        ("caseload", 7, "cluster_days"),
        ("tariff", 3, "price"),
        ("tariff", 3, "unit"),
    }
    assert str(error).startswith("8 problems found:")
    assert "nothing was written" in (error.hint or "")
    assert "out of range" in only(error, 5, "cluster_days").message
    assert "'per_week'" in str(only(error, 3, "unit"))


def test_many_bad_cells_in_a_column_are_summarised(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # 25 bad cells on rows 2..26: 20 listed one by one, then one line for the other 5.
    rows = [HEADER] + [[1, "x", 10] for _ in range(25)]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert [p.row for p in error.problems[:20]] == list(range(2, 22))
    assert "5 more cells in this column are not valid (up to row 26)" in str(error.problems[20])
    assert len(error.problems) == 21


def test_date_where_a_number_belongs(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    rows = [HEADER, [1, datetime.datetime(2024, 4, 1), 100], [2, 10, datetime.date(2024, 5, 2)]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert located(error) == {("caseload", 2, "service_users"), ("caseload", 3, "cluster_days")}
    for problem in error.problems:
        assert "date" in problem.message
        assert "date" in (problem.fix or "")


def test_admitted_days_above_cluster_days(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    rows = [[*HEADER, "admitted_days"], [1, 5, 100, 100], [2, 5, 30, 31], [3, 5, 30, None]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    # Row 2 (equal) is fine; row 3 has 31 admitted days of 30 cluster days.
    assert located(error) == {("caseload", 3, "admitted_days")}
    problem = error.problems[0]
    assert "admitted days exceed cluster days" in problem.message
    assert problem.value == 31.0
    assert problem.expected == "at most 30"


# --- containers: CSV folders, ods, LibreOffice xlsx --------------------------------------

# One input, written in every container; numbers stored as numbers in the xlsx.
BOOK: dict[str, list[list[Any]]] = {
    "caseload": [
        ["team", "cluster", "service_users", "cluster_days", "admitted_days", "episodes",
         "actual_cost"],
        ["Équipe Café – Nord", "C14", 12, 336.5, 40, None, None],
        ["007", 14, 3, 84, 0, 4, "£1,234.50"],
        ["£ team", "MHCC03", 20, 3640, 0, None, 2500.25],
    ],
    "tariff": [
        ["cluster", "price", "unit", "admitted_day_price"],
        [14, "£700.00", "per_episode", 345],
        [3, 1747.2, "per_episode", None],
    ],
    "packages": [
        ["cluster", "resource", "quantity", "per"],
        [14, "crisis_contact", 14, "episode"],
        [3, "care_coordination_hour", 0.5, "week"],
    ],
    "unit_costs": [
        ["resource", "unit_cost"],
        ["crisis_contact", 97.5],
        ["care_coordination_hour", "£32.00"],
        ["inpatient_bed_day", 361.9],
    ],
}  # fmt: skip


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def write_csv_folder(folder: Path, encoding: str, delimiter: str) -> Path:
    folder.mkdir()
    for name, rows in BOOK.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerows([[_cell_text(v) for v in row] for row in rows])
        (folder / f"{name}.csv").write_bytes(buffer.getvalue().encode(encoding))
    return folder


def assert_same_inputs(a: CostInputs, b: CostInputs) -> None:
    for name in ("caseload", "tariff", "packages", "unit_costs"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


@pytest.fixture
def from_xlsx(tmp_path: Path, ref: ReferenceSet) -> CostInputs:
    inputs, _ = read_cost_inputs(write_xlsx(tmp_path / "book.xlsx", BOOK), ref)
    return inputs


def test_book_reads_as_written(from_xlsx: CostInputs) -> None:
    c = from_xlsx.caseload
    assert c["team"].tolist() == ["Équipe Café – Nord", "007", "£ team"]
    assert c["cluster"].tolist() == [14, 14, 3]
    assert c["cluster_days"].tolist() == [336.5, 84.0, 3640.0]
    assert c["episodes"].tolist()[1] == 4.0
    assert c["actual_cost"].tolist()[1:] == [1234.5, 2500.25]
    assert from_xlsx.tariff["price"].to_dict() == {14: 700.0, 3: 1747.2}
    assert from_xlsx.unit_costs["unit_cost"].to_dict() == {
        "crisis_contact": 97.5,
        "care_coordination_hour": 32.0,
        "inpatient_bed_day": 361.9,
    }


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8-sig", ","),  # Excel "CSV UTF-8": byte-order mark
        ("utf-8-sig", ";"),  # ... from a continental locale
        ("utf-8", ";"),
        ("cp1252", ","),  # Excel's plain "CSV": Windows-1252 (£, é, – are single bytes)
        ("cp1252", ";"),
        ("utf-8", "\t"),
    ],
)
def test_csv_folder_reads_like_the_xlsx(
    tmp_path: Path, ref: ReferenceSet, from_xlsx: CostInputs, encoding: str, delimiter: str
) -> None:
    folder = write_csv_folder(tmp_path / "csvs", encoding, delimiter)
    if encoding == "cp1252":
        assert b"\xa3" in (folder / "tariff.csv").read_bytes()  # really not UTF-8
    inputs, _ = read_cost_inputs(folder, ref)
    assert_same_inputs(inputs, from_xlsx)


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot make .ods test files")
    return found


def libreoffice_convert(source: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert with LibreOffice, using a private profile so parallel runs do not clash."""
    outdir.mkdir()
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = outdir / f"{source.stem}.{fmt}"
    assert converted.is_file(), f"LibreOffice did not write {converted}"
    return converted


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["ods", "xlsx"])
def test_libreoffice_files_read_like_the_xlsx(
    tmp_path: Path, ref: ReferenceSet, from_xlsx: CostInputs, fmt: str
) -> None:
    source = tmp_path / "book.xlsx"  # written by the from_xlsx fixture
    converted = libreoffice_convert(source, fmt, tmp_path / "lo", tmp_path / "profile")
    if fmt == "xlsx":
        assert converted.read_bytes() != source.read_bytes()  # really re-saved
    inputs, _ = read_cost_inputs(converted, ref)
    assert_same_inputs(inputs, from_xlsx)
