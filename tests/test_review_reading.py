"""An independent re-check of how workbooks are read: inputs a user could hand in that
were read without a word, though what they meant was unclear (review, December 2026).

- Two headers that both name one column (``cluster_days`` beside ``Cluster days (excl
  leave)``, which match once the unit in brackets is dropped): the first was read and
  the other ignored, so the run could cost the wrong days.
- A caseload row with half a person (``10.5`` service users): ``pbrkit tender`` refused
  it but ``pbrkit cost`` costed it, and its headline said 16 people for 15.5.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.costing import cost_caseload
from pbrkit.errors import InputError
from pbrkit.io.columns import ColumnMap, using_column_map
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.io.ratings import read_ratings
from pbrkit.reference import ReferenceSet


def read_error(path: Path, ref: ReferenceSet) -> InputError:
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    return caught.value


@pytest.mark.parametrize(
    ("header", "last", "start"),
    [
        # Before: the excluding-leave days in C were costed, the real cluster_days in D ignored.
        (
            ["cluster", "service_users", "Cluster days (excl leave)", "cluster_days"],
            3650,
            "columns C 'Cluster days (excl leave)' and D 'cluster_days' both match 'cluster_days'",
        ),
        # Before: the second cluster column (3) was ignored and the row costed as cluster 1.
        (
            ["cluster", "service_users", "cluster_days", "Cluster"],
            3,
            "columns A 'cluster' and D 'Cluster' both match 'cluster'",
        ),
        # An alias of a column beside the column itself ("Cluster code" is read as cluster).
        (
            ["cluster", "service_users", "cluster_days", "Cluster code"],
            3,
            "columns A 'cluster' and D 'Cluster code' both match 'cluster'",
        ),
    ],
)
def test_two_headers_for_one_column_are_refused(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet, header: list[str], last: int, start: str
) -> None:
    path = tmp_workbook({"caseload": [header, [1, 10, 3000, last]]})
    error = read_error(path, ref)
    assert len(error.problems) == 1, error.problems
    problem = error.problems[0]
    assert (problem.sheet, problem.column) == ("caseload", header[3])
    assert problem.message.startswith(start)
    assert problem.fix is not None and "rename" in problem.fix


def test_a_column_map_chooses_between_two_headers(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # --columns names the header to read outright: the other is then the user's choice
    # to leave, and is kept as an extra column as before.
    header = ["cluster", "service_users", "cluster_days", "Cluster code"]
    path = tmp_workbook({"caseload": [header, [1, 10, 3000, 3]]})
    with using_column_map(ColumnMap({"caseload": {"Cluster code": "cluster"}})):
        inputs, _ = read_cost_inputs(path, ref)
    assert inputs.caseload["cluster"].tolist() == [3]


def test_one_header_with_a_unit_is_still_read(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # The check must not refuse the ordinary case: one header per column.
    header = ["Cluster", "Service users", "Cluster days (days)"]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": [header, [1, 10, 3650]]}), ref)
    assert inputs.caseload["cluster_days"].tolist() == [3650.0]


def test_half_a_person_is_refused_by_cost(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    # Before: 10.5 + 5 = 15.5 people costed, shown as "16 people" by `pbrkit cost`,
    # while `pbrkit tender` on the same workbook refused row 2.
    rows = [
        ["cluster", "service_users", "cluster_days"],
        [1, 10.5, 3650],
        [3, 5, 1825],
    ]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("caseload", 2, "service_users")
    assert problem.value == 10.5
    assert "whole number" in problem.message
    assert problem.fix is not None


def test_half_a_person_exits_2_and_writes_nothing(
    tmp_workbook: WorkbookFactory, tmp_path: Path
) -> None:
    rows = [["cluster", "service_users", "cluster_days"], [1, 10.5, 3650]]
    path = tmp_workbook({"caseload": rows})
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "row 2" in result.output and "service_users" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("unit", "income"),
    [
        # 10 people, 3,650 cluster days in cluster 1 at £1,234.50:
        ("Per Year", 12345.0),  # per year: 1,234.50 × 3,650 ÷ 365 = 12,345.00
        ("per day ", 4505925.0),  # per day: 1,234.50 × 3,650 = 4,505,925.00
        ("PER-DAY", 4505925.0),
    ],
)
def test_a_tariff_unit_in_other_case_or_spacing_is_read(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet, unit: str, income: float
) -> None:
    # Before: "Per Year" and "per day " were refused as "not a valid value".
    sheets = {
        "caseload": [["cluster", "service_users", "cluster_days"], [1, 10, 3650]],
        "tariff": [["cluster", "price", "unit"], [1, "£1,234.50", unit]],
    }
    inputs, _ = read_cost_inputs(tmp_workbook(sheets), ref)
    result = cost_caseload(inputs)
    assert result.totals["income"] == pytest.approx(income, abs=0.005)


def test_a_unit_that_is_no_choice_is_still_refused(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    sheets = {
        "caseload": [["cluster", "service_users", "cluster_days"], [1, 10, 3650]],
        "tariff": [["cluster", "price", "unit"], [1, 10, "daily"]],
    }
    error = read_error(tmp_workbook(sheets), ref)
    assert [(p.row, p.column) for p in error.problems] == [(2, "unit")]


_ITEMS = [*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E"]


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        # Before: the second cluster column (4) was ignored and the audit used 3.
        ("Cluster", "columns T 'cluster' and U 'Cluster' both name 'cluster'"),
        # Before: a second item 7 column was ignored.
        ("HoNOS 7", "columns H '7' and U 'HoNOS 7' both name '7'"),
    ],
)
def test_two_ratings_headers_for_one_column_are_refused(
    tmp_path: Path, extra: str, start: str
) -> None:
    path = tmp_path / "ratings.csv"
    header = ",".join(["patient_id", *_ITEMS, "cluster", extra])
    path.write_text(f"{header}\nP1,{','.join(['2'] * 18)},3,4\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert (problems[0].sheet, problems[0].column) == ("ratings", extra)
    assert problems[0].message.startswith(start)


def test_ratings_with_one_header_per_column_are_read(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    header = ",".join(["Patient ID", *(f"HoNOS {i}" for i in _ITEMS), "Cluster code"])
    path.write_text(f"{header}\nP1,{','.join(['2'] * 18)},3\n", encoding="utf-8")
    ratings = read_ratings(path)
    assert ratings.patients["cluster"].tolist() == [3.0]


def test_a_note_under_the_table_is_one_problem(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # Before: three problems for row 7 ("required value is blank" for cluster,
    # service_users and cluster_days), none saying it looks like a note.
    rows = [
        ["Caseload 2024/25"],
        [],
        ["team", "cluster", "service_users", "cluster_days"],
        ["A", 1, 10, 3650],
        ["B", 3, 5, 1825],
        [],
        ["Source: PAS extract"],
    ]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert len(error.problems) == 1, error.problems
    problem = error.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("caseload", 7, None)
    assert "a note or subtotal" in problem.message
    assert problem.fix is not None and "delete the row" in problem.fix


def test_a_row_missing_one_required_value_is_still_named_by_column(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    rows = [["cluster", "service_users", "cluster_days"], [1, 10, 3650], [3, None, 1825]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert [(p.row, p.column, p.message) for p in error.problems] == [
        (3, "service_users", "required value is blank")
    ]


def test_an_unquoted_thousands_comma_in_a_csv_is_refused(tmp_path: Path, ref: ReferenceSet) -> None:
    # Before: '£1,234.50' unquoted was read as actual_cost £1 (and '234.50' went to a
    # column with no header, only a data-quality note): the row cost £1, not £1,234.50.
    path = tmp_path / "caseload.csv"
    path.write_bytes(
        b"Caseload 2024/25\n"  # a title line above the header is still fine
        b"team,cluster,service_users,cluster_days,actual_cost\n"
        b"North,1,10,3650,\xa31,234.50\n"  # Windows-1252, as Excel's plain CSV writes
        b'South,3,5,1825,"\xa32,000.00"\n'
    )
    error = read_error(path, ref)
    assert [(p.sheet, p.row) for p in error.problems] == [("caseload", 3)]
    assert "more values than the header row (5)" in error.problems[0].message
    assert error.problems[0].fix is not None and '"£1,234.50"' in error.problems[0].fix


def test_a_csv_with_quoted_amounts_and_a_trailing_comma_is_read(
    tmp_path: Path, ref: ReferenceSet
) -> None:
    path = tmp_path / "caseload.csv"
    path.write_text(
        'cluster,service_users,cluster_days,actual_cost\n1,10,3650,"£1,234.50",\n',
        encoding="utf-8",
    )
    inputs, _ = read_cost_inputs(path, ref)
    assert inputs.caseload["actual_cost"].tolist() == [1234.5]


def test_an_unquoted_comma_in_a_ratings_csv_is_refused(tmp_path: Path) -> None:
    # The ratings' own cost column: '£1,200' unquoted was read as £1.
    path = tmp_path / "ratings.csv"
    header = ",".join(["patient_id", *_ITEMS, "cluster", "cost"])
    path.write_text(f"{header}\nP1,{','.join(['2'] * 18)},3,£1,200\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    assert [(p.sheet, p.row) for p in caught.value.problems] == [("ratings", 2)]
