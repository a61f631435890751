"""Header matching (issue 9 items 1 and 6; issue 10 item 7): loose but never wrong.

A header matches after Unicode normalisation and ignoring case, spaces, punctuation
and a trailing unit; a header close to an absent column is an error with "did you
mean", never an ignored extra column; ``--columns`` maps a user's own headers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.io.columns import ColumnMap, load_column_map, using_column_map
from pbrkit.io.headers import edit_distance, is_close, normalise_header
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import ReferenceSet

HEADER = ["cluster", "service_users", "cluster_days"]


def read_error(path: Path, ref: ReferenceSet) -> InputError:
    with pytest.raises(InputError) as caught:
        read_cost_inputs(path, ref)
    return caught.value


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Actual Cost (£)", "actualcost"),
        ("Admitted days (days)", "admitteddays"),
        ("Income £", "income"),
        ("Cost GBP", "cost"),
        ("Fixed cost share %", "fixedcostshare"),
        ("ｃｌｕｓｔｅｒ", "cluster"),  # full-width letters (NFKC)
        ("clu\u200bster", "cluster"),  # a zero-width space inside
        ("\ufeffcluster", "cluster"),  # a byte-order mark in front
        ("patient.id", "patientid"),
        ("cluster_days", "clusterdays"),  # a unit word inside a name is kept
        ("(£)", ""),  # only a unit: matches no column
    ],
)
def test_normalise_header(label: str, key: str) -> None:
    assert normalise_header(label) == key


def test_edit_distance_and_closeness() -> None:
    # admited -> admitted: one insertion.
    assert edit_distance("admiteddays", "admitteddays") == 1
    # kitten -> sitting: 3 (the textbook case), capped at limit + 1 = 3 here.
    assert edit_distance("kitten", "sitting", limit=5) == 3
    assert edit_distance("kitten", "sitting", limit=1) == 2
    assert is_close("admiteddays", "admitteddays")
    assert is_close("actualcst", "actualcost")
    assert not is_close("age", "days")  # short names are never guessed at
    assert is_close("teams", "team")  # a plural is one edit
    assert not is_close("gender", "cluster")


def test_misspelt_optional_header_is_an_error(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # Before: 'admited_days' was kept as an extra column and every admitted day read as 0.
    rows = [[*HEADER, "admited_days"], [1, 10, 300, 20]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.sheet == "caseload"
    assert "column D is headed 'admited_days'" in problem.message
    assert "did you mean 'admitted_days'?" in problem.message
    assert problem.fix is not None and "--columns" in problem.fix


@pytest.mark.parametrize("label", ["Actual Cst (£)", "Acutal Cost (£)", "Total cost"])
def test_actual_cost_variants_are_refused(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet, label: str
) -> None:
    # Before: ignored, so the user's real costs were replaced by modelled ones.
    rows = [[*HEADER, label], [1, 10, 300, 5000]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    assert "did you mean 'actual_cost'?" in str(error)


@pytest.mark.parametrize(
    "label", ["Actual Cost (£)", "actual cost £", "ACTUAL-COST", "Actual Cost [GBP]"]
)
def test_unit_and_punctuation_variants_are_read(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet, label: str
) -> None:
    rows = [[*HEADER, label], [1, 10, 300, 5000]]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["actual_cost"].tolist() == [5000.0]


def test_full_width_and_zero_width_headers_are_read_with_a_note(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    # Before: the full-width header was advised "rename 'cluster_days' to 'cluster'" and
    # the zero-width one gave "no header row found".
    rows = [["ｃｌｕｓｔｅｒ", "service\u200b_users", "cluster_days"], [1, 10, 300]]
    inputs, notes = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["service_users"].tolist() == [10.0]
    details = [n.detail for n in notes if n.check == "reading"]
    assert any("column B" in d and "U+200B" in d for d in details), details


def test_cluster_code_header_is_read(tmp_workbook: WorkbookFactory, ref: ReferenceSet) -> None:
    # Before: "rename 'Cluster Days' to 'cluster'", which would have broken the file.
    rows = [["Cluster Code", "Service Users", "Cluster Days"], [1, 10, 300]]
    inputs, _ = read_cost_inputs(tmp_workbook({"caseload": rows}), ref)
    assert inputs.caseload["cluster"].tolist() == [1]


def test_suggestion_never_renames_a_known_column(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    rows = [["Cluster Days", "Service Users", "Grouping"], [300, 10, 1]]
    error = read_error(tmp_workbook({"caseload": rows}), ref)
    text = str(error)
    assert "required column 'cluster' is missing" in text
    assert "'Cluster Days' to" not in text
    assert "add a column headed 'cluster'" in text


def test_traits_are_not_mistaken_for_columns(
    tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    rows = [["patient_id", "cluster", "days", "age", "gender", "ethnicity"], ["p1", 1, 30, 40]]
    inputs, _ = read_cost_inputs(tmp_workbook({"patients": rows}), ref)
    assert inputs.caseload["cluster_days"].tolist() == [30.0]


def test_column_map_reads_own_headers(
    tmp_path: Path, tmp_workbook: WorkbookFactory, ref: ReferenceSet
) -> None:
    rows = [["CC", "Heads", "Days in cluster", "OBD"], [1, 10, 300, 20]]
    book = tmp_workbook({"caseload": rows})
    toml = tmp_path / "columns.toml"
    toml.write_text(
        '[caseload]\nCC = "cluster"\nHeads = "service_users"\n'
        '"Days in cluster" = "cluster_days"\nOBD = "admitted_days"\n',
        encoding="utf-8",
    )
    with using_column_map(load_column_map(toml)):
        inputs, _ = read_cost_inputs(book, ref)
    assert inputs.caseload["admitted_days"].tolist() == [20.0]
    assert inputs.caseload["service_users"].tolist() == [10.0]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[caseloads]\nCC = "cluster"\n', "[caseloads]"),
        ('[caseload]\nCC = "clusters"\n', '[caseload] "CC"'),
        ("[caseload]\nCC = 3\n", '[caseload] "CC"'),
        ("[caseload\n", "not valid TOML"),
    ],
)
def test_column_map_is_checked(tmp_path: Path, text: str, named: str) -> None:
    toml = tmp_path / "columns.toml"
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_column_map(toml)
    assert named in str(caught.value)


def test_columns_option_on_the_command_line(tmp_path: Path, tmp_workbook: WorkbookFactory) -> None:
    rows = [["CC", "service_users", "cluster_days"], [1, 10, 300], [3, 20, 3000]]
    book = tmp_workbook({"caseload": rows})
    toml = tmp_path / "columns.toml"
    toml.write_text('[caseload]\nCC = "cluster"\n', encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli, ["validate", str(book)])
    assert refused.exit_code == 2, refused.output
    valid = runner.invoke(cli, ["validate", "--columns", str(toml), str(book)])
    assert valid.exit_code == 0, valid.output
    out = tmp_path / "out"
    ran = runner.invoke(
        cli, ["cost", "--columns", str(toml), "--out", str(out), "--json", str(book)]
    )
    assert ran.exit_code == 0, ran.output
    assert '"column_map"' in ran.output and '"CC": "cluster"' in ran.output


def test_misspelt_header_fails_validate_with_exit_2(tmp_workbook: WorkbookFactory) -> None:
    # Before: "valid" with a bare "note: admited_days".
    book = tmp_workbook({"caseload": [[*HEADER, "admited_days"], [1, 10, 300, 20]]})
    result = CliRunner().invoke(cli, ["validate", str(book)])
    assert result.exit_code == 2
    assert "did you mean 'admitted_days'?" in result.output


def test_empty_column_map_changes_nothing() -> None:
    assert ColumnMap().for_sheet("caseload") == {}


def test_columns_file_is_never_overwritten(tmp_path: Path, tmp_workbook: WorkbookFactory) -> None:
    # The --columns file is an input: a report of the same name in --out never replaces it.
    book = tmp_workbook({"caseload": [["CC", "service_users", "cluster_days"], [1, 10, 300]]})
    out = tmp_path / "out"
    out.mkdir()
    toml = out / "summary.json"
    text = '[caseload]\nCC = "cluster"\n'
    toml.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["cost", "--columns", str(toml), "--out", str(out), "--force", str(book)]
    )
    assert toml.read_text(encoding="utf-8") == text
    assert result.exit_code == 2, result.output
