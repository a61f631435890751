"""What a cell may hold (issue 9 item 6; issue 10 items 2, 3, 4 and 8).

Excel error values, non-finite or out-of-range numbers, percentages in money
columns, over-long text, Total rows and repeated patients: each is either read
exactly right or refused with the cell named, never silently turned into a figure.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import WorkbookFactory
from pbrkit.errors import InputError, ProblemCollector
from pbrkit.io import sheets
from pbrkit.io.inputs import read_cost_inputs, read_sheet
from pbrkit.io.ratings import ITEMS, _repeated_positions, read_ratings
from pbrkit.io.schema import read_table
from pbrkit.io.values import MAX_TEXT_CHARS
from pbrkit.io.workbook import RawSheet, open_workbook
from pbrkit.reference import ReferenceSet

HEADER = ["cluster", "service_users", "cluster_days"]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(",".join(str(c) for c in row) for row in rows) + "\n")
    return path


def read_error(path: Path, ref: ReferenceSet) -> InputError:
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    return caught.value


# --- Excel error values ------------------------------------------------------------


@pytest.mark.parametrize(
    "error", ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "Err:502"]
)
def test_error_value_in_actual_cost_is_refused(
    tmp_path: Path, ref: ReferenceSet, error: str
) -> None:
    # Before: #N/A in actual_cost was read as blank and replaced by the modelled cost.
    book = write_csv(
        tmp_path / "caseload.csv",
        [[*HEADER, "actual_cost"], [1, 10, 300, 5000], [3, 20, 3000, error]],
    )
    caught = read_error(book, ref)
    assert len(caught.problems) == 1
    problem = caught.problems[0]
    assert (problem.row, problem.column) == (3, "actual_cost")
    assert error in problem.message


def test_error_value_in_a_required_column_names_the_error(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # Before: "required value is blank".
    book = tmp_workbook({"caseload": [HEADER, [1, 10, "#DIV/0!"]]})
    caught = read_error(book, ref)
    assert len(caught.problems) == 1
    assert "#DIV/0!" in caught.problems[0].message
    assert "blank" not in caught.problems[0].message


def test_error_value_in_an_extra_column_is_refused(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    book = tmp_workbook({"caseload": [[*HEADER, "team"], [1, 10, 300, "#REF!"]]})
    assert "#REF!" in str(read_error(book, ref))


# --- numbers: finite, in range, never a percentage of money ------------------------


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e308", "1e13"])
def test_non_finite_or_huge_money_is_refused(tmp_path: Path, ref: ReferenceSet, text: str) -> None:
    book = write_csv(tmp_path / "c.csv", [[*HEADER, "actual_cost"], [1, 10, 300, text]])
    caught = read_error(book, ref)
    assert [(p.row, p.column) for p in caught.problems] == [(2, "actual_cost")]


def test_percentage_in_money_is_never_pounds(tmp_path: Path, ref: ReferenceSet) -> None:
    book = write_csv(tmp_path / "c.csv", [[*HEADER, "actual_cost"], [1, 10, 300, "25%"]])
    caught = read_error(book, ref)
    assert "a percentage where an amount or count belongs" in caught.problems[0].message


def test_days_beyond_a_year_a_person_are_refused(tmp_path: Path, ref: ReferenceSet) -> None:
    # 10 people can spend at most 10 × 366 = 3,660 days in a cluster in a year.
    ok = write_csv(tmp_path / "ok.csv", [HEADER, [1, 10, 3660]])
    inputs, _ = read_cost_inputs(ok, ref)
    assert inputs.caseload["cluster_days"].tolist() == [3660.0]
    bad = write_csv(tmp_path / "bad.csv", [HEADER, [1, 10, 3661]])
    caught = read_error(bad, ref)
    assert (caught.problems[0].row, caught.problems[0].column) == (2, "cluster_days")


def test_money_total_beyond_exact_pennies_is_refused(tmp_path: Path, ref: ReferenceSet) -> None:
    # 100 rows of £1e12 (each within the cell limit) add up to £1e14 > 2^53 / 100.
    rows: list[list[object]] = [[*HEADER, "actual_cost"]]
    rows += [[1, 10, 300, 1e12] for _ in range(100)]
    caught = read_error(write_csv(tmp_path / "c.csv", rows), ref)
    assert any("no longer exact" in p.message for p in caught.problems)


@pytest.mark.parametrize("written", ["0.05", "5%", "5 %", " 5% "])
def test_shares_and_margins_accept_percentages(tmp_workbook: WorkbookFactory, written: str) -> None:
    # Before: '5%' was refused for hurdle_margin and accepted for fixed_cost_share.
    book = tmp_workbook(
        {
            "bidders": [["name", "cost_factor", "hurdle_margin"], ["A", 1, written]],
            "nhs": [["fixed_cost_share", "shed_rate"], [written, written]],
            "lots": [["name", "clusters", "price_weight"], ["L", "1-4", written]],
        }
    )
    workbook = open_workbook(book)
    problems = ProblemCollector()
    bidders = read_sheet(workbook, sheets.BIDDERS, problems)
    nhs = read_sheet(workbook, sheets.NHS, problems)
    lots = read_sheet(workbook, sheets.LOTS, problems)
    assert not problems, problems.problems
    assert bidders is not None and nhs is not None and lots is not None
    assert bidders.frame["hurdle_margin"].tolist() == pytest.approx([0.05])
    assert nhs.frame["fixed_cost_share"].tolist() == pytest.approx([0.05])
    assert lots.frame["price_weight"].tolist() == pytest.approx([0.05])


@given(st.integers(min_value=0, max_value=10_000))
def test_percent_and_fraction_agree(basis_points: int) -> None:
    # n basis points written as a percentage (n/100 %) and as a fraction (n/10,000).
    from pbrkit.io import parse

    percent = f"{basis_points / 100}%"
    fraction = str(basis_points / 10_000)
    parsed, bad = parse.parse_number(pd.Series([percent, fraction], dtype=object), percent=True)
    assert not bad.any()
    assert parsed[0] == pytest.approx(parsed[1], abs=1e-15)


# --- Parquet numbers -----------------------------------------------------------------


def write_parquet(path: Path, cost: list[float], days: list[float] | None = None) -> Path:
    n = len(cost)
    table = pa.table(
        {
            "patient_id": [f"p{i}" for i in range(n)],
            "cluster": [3] * n,
            "days": days if days is not None else [300.0] * n,
            "cost": pa.array(cost, type=pa.float64()),
        }
    )
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1e308])
def test_parquet_non_finite_or_huge_cost_is_refused(
    tmp_path: Path, ref: ReferenceSet, bad: float
) -> None:
    # Before: one NaN among 100 costs made the cluster's actual cost £0 (NaN summed away).
    costs = [990.0] * 99 + [bad]
    caught = read_error(write_parquet(tmp_path / "p.parquet", costs), ref)
    assert [(p.row, p.column) for p in caught.problems] == [(101, "cost")]


def test_parquet_null_cost_is_a_blank_not_an_error(tmp_path: Path, ref: ReferenceSet) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(
        pa.table(
            {
                "patient_id": ["a", "b"],
                "cluster": [3, 3],
                "days": [300.0, 200.0],
                "cost": pa.array([1000.0, None], type=pa.float64()),
            }
        ),
        path,
    )
    inputs, notes = read_cost_inputs(path, ref)
    assert np.isnan(inputs.caseload["actual_cost"].iloc[0])  # partly costed: modelled
    assert any(n.check == "cost partly missing" for n in notes)


def test_parquet_days_beyond_a_year_are_refused(tmp_path: Path, ref: ReferenceSet) -> None:
    caught = read_error(write_parquet(tmp_path / "p.parquet", [1.0, 2.0], [300.0, 367.0]), ref)
    assert [(p.row, p.column) for p in caught.problems] == [(3, "days")]


# --- text length --------------------------------------------------------------------


def test_over_long_text_is_refused(tmp_workbook: WorkbookFactory) -> None:
    name = "x" * (MAX_TEXT_CHARS + 1)
    book = tmp_workbook({"bidders": [["name", "cost_factor"], ["ok", 1], [name, 1]]})
    problems = ProblemCollector()
    read_sheet(open_workbook(book), sheets.BIDDERS, problems)
    assert [(p.row, p.column) for p in problems.problems] == [(3, "name")]
    assert "1,001 characters" in problems.problems[0].message


# --- Total rows ----------------------------------------------------------------------


def test_total_row_is_checked_and_skipped(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    # Before: "not a valid cluster code" at the Total row, with the wrong fix.
    rows = [
        [*HEADER, "actual_cost"],
        [1, 10, 300, 1000.25],
        [3, 20, 3000, 2000.50],
        ["Grand Total", 30, 3300, 3000.75],  # 10 + 20, 300 + 3,000, £1,000.25 + £2,000.50
    ]
    inputs, notes = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["cluster"].tolist() == [1, 3]
    assert any("row 4: a Total row" in n.detail for n in notes)


def test_total_row_in_the_team_column(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    rows = [["team", *HEADER], ["N", 1, 10, 300], ["S", 3, 20, 3000], ["TOTAL", None, 30, None]]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["service_users"].tolist() == [10.0, 20.0]


def test_total_row_that_does_not_add_up_is_refused(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # 10 + 20 = 30, not 31; a penny of rounding is allowed (3,000.75 given as 3,000.75).
    rows = [
        [*HEADER, "actual_cost"],
        [1, 10, 300, 1000.25],
        [3, 20, 3000, 2000.50],
        ["Total", 31, 3300, 3000.754],
    ]
    caught = read_error(tmp_workbook({"caseload": rows}), ref)
    assert [(p.row, p.column) for p in caught.problems] == [(4, "service_users")]
    assert "says 31 but the rows above add up to 30" in caught.problems[0].message  # whole people


# --- repeated patients ---------------------------------------------------------------


def test_repeated_patient_in_a_cluster_is_refused(tmp_path: Path, ref: ReferenceSet) -> None:
    rows: list[list[object]] = [["patient_id", "cluster", "days"], ["a", 3, 100]]
    rows += [["b", 3, 100], ["a", 3, 100], ["a", 4, 50]]  # a in 3 twice; a in 4 is fine
    caught = read_error(write_csv(tmp_path / "p.csv", rows), ref)
    assert [(p.row, p.column) for p in caught.problems] == [(4, "patient_id")]


def test_repeated_patient_in_ratings_is_refused(tmp_path: Path) -> None:
    # Before: counted twice in agreement, kappa and £ at stake.
    header = ["patient_id", *ITEMS]
    rows = [header] + [[pid] + [1] * len(ITEMS) for pid in ("a", "b", "a")]
    path = write_csv(tmp_path / "ratings.csv", rows)
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "patient_id")]


@given(st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "ab", "é", "0a"])), max_size=30))
def test_repeated_ids_found_by_arrow_as_by_pandas(ids: list[str | None]) -> None:
    """Arrow's hash of the IDs (used for Arrow text, to keep 10M IDs out of Python
    strings) names the same rows as pandas' ``duplicated``: every repeat after the
    first, blanks never."""
    column = pd.Series(pd.array(ids, dtype="str"))
    assert isinstance(column.array, pd.arrays.ArrowStringArray)  # the Arrow path
    expected = np.flatnonzero(column.duplicated(keep="first") & column.notna())
    assert _repeated_positions(column).tolist() == expected.tolist()
    as_objects = pd.Series(ids, dtype=object)  # the general path gives the same
    assert _repeated_positions(as_objects).tolist() == expected.tolist()


@given(
    st.lists(
        st.tuples(st.integers(1, 1000), st.integers(0, 10_000_000).map(lambda p: p / 100)),
        min_size=1,
        max_size=8,
    ),
    st.integers(-1000, 1000),
)
def test_total_row_property(rows: list[tuple[int, float]], pennies: int) -> None:
    """A Total row equal to the column sums is skipped; one off by 2p or more is refused.

    Costs are whole pennies; the total is the exact sum plus ``pennies`` pence.
    """
    people = sum(r[0] for r in rows)
    cost = round(sum(r[1] for r in rows), 2)
    grid = [[*HEADER, "actual_cost"]]
    grid += [["1", str(n), str(n * 300), f"{c:.2f}"] for n, c in rows]
    grid += [["Total", str(people), str(people * 300), f"{cost + pennies / 100:.2f}"]]
    problems = ProblemCollector()
    table = read_table(RawSheet("caseload", pd.DataFrame(grid)), sheets.CASELOAD, problems)
    assert table is not None
    assert len(table.frame) == len(rows)  # the Total row is never data
    refused = [p for p in problems.problems if "Total row says" in p.message]
    if abs(pennies) >= 2:
        assert [p.column for p in refused] == ["actual_cost"]
    elif pennies == 0:
        assert not refused


def test_ratings_cells_are_bounded_and_errors_named(tmp_path: Path) -> None:
    header = ["patient_id", *ITEMS, "cost"]
    rows = [header, ["a"] + [1] * len(ITEMS) + ["1e308"], ["b", "#N/A"] + [1] * 17 + [10]]
    path = write_csv(tmp_path / "ratings.csv", rows)
    with pytest.raises(InputError) as caught:
        read_ratings(path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert (2, "cost") in found
    assert (3, "1") in found
    assert any("#N/A" in p.message for p in caught.value.problems)


@pytest.mark.parametrize(
    ("value", "share"),
    [("0.05", 0.05), ("5%", 0.05), ("5 %", 0.05), (0.05, 0.05), ("-2.5%", -0.025), ("50", 50.0)],
)
def test_parse_share(value: object, share: float) -> None:
    from pbrkit.io.parse import parse_share

    assert parse_share(value) == pytest.approx(share)


@pytest.mark.parametrize("value", ["nan", "inf", "five", True, "5%%", "#N/A"])
def test_parse_share_refuses(value: object) -> None:
    from pbrkit.io.parse import parse_share

    assert parse_share(value) is None
