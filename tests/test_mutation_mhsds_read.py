"""Direct tests of ``pbrkit.mhsds.read`` on hand-built folders (mutation round mutimp2).

Each test writes a few tiny files and calls the reader's functions, checking what is
read (every cell as trimmed text, NULL blank) and every problem whole (message,
expected, fix, hint), so that a mutant of the reader changes a checked value.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mhsds_helpers import care, write_csv
from pbrkit.errors import InputError, Problem
from pbrkit.mhsds import read
from pbrkit.mhsds.quality import FILE, RECORD

C803 = "MHS803CareCluster"
C501 = "MHS501HospProvSpell"


def _problems(error: pytest.ExceptionInfo[InputError]) -> list[Problem]:
    return list(error.value.problems)


def test_files_are_found_per_table_sorted_by_name_in_any_capitals(tmp_path: Path) -> None:
    write_csv(tmp_path / "mhs803carecluster_2017_05.CSV", [care()])
    write_csv(tmp_path / "MHS803CareCluster_2017_04.csv", [care()])
    write_csv(tmp_path / "notes.csv", [care()])  # no table name: not read, said
    write_csv(tmp_path / "MHS501HospProvSpell.Parquet", [care()])  # suffix in capitals
    (tmp_path / "MHS803CareCluster_2017_06.xlsx").write_text("x")  # another format
    (tmp_path / "~$MHS803CareCluster.xlsx").write_text("x")  # Excel's lock file
    (tmp_path / ".MHS803CareCluster.txt").write_text("x")  # hidden
    (tmp_path / "MHS801ClusterTool_dir.csv").mkdir()  # a folder is not a file
    found = read.find_files(tmp_path)
    assert list(found) == [C803, "MHS801ClusterTool", "MHS802ClusterAssess", C501]
    assert [p.name for p in found[C803]] == [
        "MHS803CareCluster_2017_04.csv",
        "mhs803carecluster_2017_05.CSV",
    ]
    assert found["MHS801ClusterTool"] == []
    assert [p.name for p in found[C501]] == ["MHS501HospProvSpell.Parquet"]
    assert read.unmatched_files(tmp_path) == ("notes.csv",)
    assert read.other_format_files(tmp_path) == ("MHS803CareCluster_2017_06.xlsx",)


def test_unmatched_and_other_formats_skip_folders_and_sort(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("a\n")
    (tmp_path / "a.PARQUET").write_text("a\n")
    (tmp_path / "z.csv").mkdir()  # a folder named like a file: not listed
    (tmp_path / "MHS803CareCluster.zip").write_text("x")
    (tmp_path / "MHS501HospProvSpell.csv.gz").write_text("x")
    (tmp_path / "MHS801ClusterTool.xlsx").mkdir()
    (tmp_path / "other.xlsx").write_text("x")  # no table name: not the import's
    assert read.unmatched_files(tmp_path) == ("a.PARQUET", "b.csv")
    assert read.other_format_files(tmp_path) == (
        "MHS501HospProvSpell.csv.gz",
        "MHS803CareCluster.zip",
    )


def test_a_path_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "MHS803CareCluster.csv", [care()])
    with pytest.raises(InputError) as error:
        read.find_files(path)
    assert _problems(error) == [
        Problem(
            f"'{path}' is not a folder of MHSDS files",
            fix="give the folder that holds the MHSDS files (CSV or Parquet)",
        )
    ]
    assert error.value.hint == "nothing was written"  # left21: every refusal has a Hint


def test_a_folder_without_mhs803_is_refused_with_the_naming_hint(tmp_path: Path) -> None:
    write_csv(tmp_path / "MHS501HospProvSpell.csv", [care()])
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    assert _problems(error) == [Problem(f"no MHS803CareCluster file in '{tmp_path}'")]
    assert error.value.hint == (
        "name each file after its table, e.g. MHS803CareCluster_2017_04.csv (CSV or Parquet)"
    )


def test_cells_are_trimmed_text_and_each_file_numbers_its_records(tmp_path: Path) -> None:
    # Two files of MHS803: the first (by name) has two rows, the second one.
    write_csv(
        tmp_path / "MHS803CareCluster_1.csv",
        [
            care(Person_ID=" 007 ", UniqMonthID="1417", EndDateCareClust="NULL"),
            care(Person_ID="", UniqMonthID="1416", LocalPatientId=" nUlL ", MHS803UniqID="2"),
        ],
    )
    write_csv(tmp_path / "MHS803CareCluster_2.csv", [care(UniqMonthID="1416", Extra="x")])
    extract = read.read_extract(tmp_path, {})
    frame = extract.tables[C803]
    assert list(frame["Person_ID"]) == ["007", pd.NA, "P1"]  # leading zeros kept, trimmed
    assert list(frame["LocalPatientId"]) == [pd.NA, pd.NA, pd.NA]  # NULL in any case
    assert list(frame["EndDateCareClust"]) == [pd.NA, pd.NA, pd.NA]
    assert frame["Person_ID"].dtype == pd.StringDtype("pyarrow")
    assert "Extra" not in frame.columns  # only the columns pbrkit reads
    assert list(frame[FILE]) == ["MHS803CareCluster_1.csv"] * 2 + ["MHS803CareCluster_2.csv"]
    assert list(frame[FILE].cat.categories) == [
        "MHS803CareCluster_1.csv",
        "MHS803CareCluster_2.csv",
    ]
    assert list(frame[RECORD]) == [1, 2, 1]  # record 1 is the first row after the header
    first, second = extract.files
    assert (first.table, first.rows, first.months) == (C803, 2, (1416, 1417))
    assert (second.path.name, second.rows, second.months) == ("MHS803CareCluster_2.csv", 1, (1416,))
    data = (tmp_path / "MHS803CareCluster_1.csv").read_bytes()
    assert first.sha256 == hashlib.sha256(data).hexdigest()
    assert extract.skipped == ()


def test_months_leave_out_blank_and_repeated_ids(tmp_path: Path) -> None:
    rows = [care(UniqMonthID=m) for m in ("1418", "", "1416", "1418", "NULL")]
    write_csv(tmp_path / "MHS803CareCluster.csv", rows)
    (source,) = read.read_extract(tmp_path, {}).files
    assert source.months == (1416, 1418)
    assert all(type(m) is int for m in source.months)


def test_parquet_values_become_text(tmp_path: Path) -> None:
    # A typed Parquet file: a timestamp date is ISO text (its time dropped), a float
    # column with a fraction stays as Arrow writes it (3.0 as "3"), an integer id stays
    # digits.
    table = pa.table(
        {
            "UniqMonthID": pa.array([1416.0, None], pa.float64()),
            "AMHCareClustCodeFin": pa.array([3.0, 3.5], pa.float64()),
            "StartDateCareClust": pa.array(
                [pd.Timestamp("2017-04-01 10:30"), pd.Timestamp("2017-12-31")],
                pa.timestamp("us"),
            ),
            "EndDateCareClust": pa.array(["  ", "null"]),
            "UniqClustID": pa.array([12, 13], pa.int64()),
        }
    )
    pq.write_table(table, tmp_path / "MHS803CareCluster.PARQUET")
    frame = read.read_extract(tmp_path, {}).tables[C803]
    assert list(frame["UniqMonthID"]) == ["1416", pd.NA]
    assert list(frame["AMHCareClustCodeFin"]) == ["3", "3.5"]
    assert list(frame["StartDateCareClust"]) == ["2017-04-01", "2017-12-31"]
    assert list(frame["EndDateCareClust"]) == [pd.NA, pd.NA]
    assert list(frame["UniqClustID"]) == ["12", "13"]
    assert list(frame[RECORD]) == [1, 2]


def test_whole_floats_of_a_parquet_column_are_whole_numbers(tmp_path: Path) -> None:
    # pandas writes a whole-number column with a blank as floats: 3.0 is read as "3".
    table = pa.table(
        {
            "UniqMonthID": pa.array([1416.0, 1417.0]),
            "AMHCareClustCodeFin": pa.array([3.0, None]),
            "StartDateCareClust": ["2017-04-01", "2017-04-01"],
            "EndDateCareClust": [None, None],
            "ClustId": ["1", "2"],
        }
    )
    pq.write_table(table, tmp_path / "MHS803CareCluster.parquet")
    frame = read.read_extract(tmp_path, {}).tables[C803]
    assert list(frame["AMHCareClustCodeFin"]) == ["3", pd.NA]
    assert list(frame["UniqMonthID"]) == ["1416", "1417"]


def test_a_column_mapping_renames_before_reading(tmp_path: Path) -> None:
    row = care()
    row["Cluster"] = row.pop("AMHCareClustCodeFin")
    write_csv(tmp_path / "MHS803CareCluster.csv", [row])
    mapping = {C803: {"Cluster": "AMHCareClustCodeFin"}}
    frame = read.read_extract(tmp_path, mapping).tables[C803]
    assert list(frame["AMHCareClustCodeFin"]) == ["03"]
    assert "Cluster" not in frame.columns


def test_each_missing_column_is_one_problem_with_the_columns_hint(tmp_path: Path) -> None:
    row = care()
    del row["StartDateCareClust"], row["EndDateCareClust"]
    write_csv(tmp_path / "MHS803CareCluster.csv", [row])
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    assert _problems(error) == [
        Problem(
            f"MHS803CareCluster.csv: column '{column}' is missing",
            expected="the MHSDS MHS803CareCluster columns",
            fix="add it, or map your own name to it with --columns ([MHS803CareCluster])",
        )
        for column in ("StartDateCareClust", "EndDateCareClust")
    ]
    assert error.value.hint == (
        "map your own column names with --columns FILE (see `pbrkit import mhsds --help`)"
    )


def test_no_record_key_is_one_problem(tmp_path: Path) -> None:
    write_csv(tmp_path / "MHS803CareCluster.csv", [care()])
    spell = {
        "UniqMonthID": "1416",
        "StartDateHospProvSpell": "2017-04-01",
        "DischDateHospProvSpell": "",
    }
    write_csv(tmp_path / "MHS501HospProvSpell.csv", [spell])
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    keys = "'UniqHospProvSpellID', 'UniqHospProvSpellNum', 'HospProvSpellID'"
    assert _problems(error) == [
        Problem(
            f"MHS501HospProvSpell.csv: no record key column (one of {keys})",
            fix="add one, or map your own name to it with --columns ([MHS501HospProvSpell])",
        )
    ]
    assert "--columns" in str(error.value.hint)


def test_a_file_problem_not_about_columns_gets_the_folder_hint(tmp_path: Path) -> None:
    write_csv(tmp_path / "MHS803CareCluster_1.csv", [care()])
    (tmp_path / "MHS803CareCluster_2.csv").write_text("")  # empty: no header row
    (tmp_path / "MHS803CareCluster_3.csv").write_text("a;b;c\n1;2;3\n")
    (tmp_path / "MHS803CareCluster_4.csv").write_text("a\tb\n1\t2\n")
    (tmp_path / "MHS803CareCluster_5.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    fix = "save it as CSV with commas (or as Parquet)"
    problems = _problems(error)
    assert problems[:3] == [
        Problem(
            "MHS803CareCluster_2.csv: is empty (no header row)",
            expected="the table's header row, then one record per line",
            fix="export the month's table again (a month with no records keeps its header "
            "row), or take the file out of the folder",
        ),
        Problem("MHS803CareCluster_3.csv: is separated by semicolons, not commas", fix=fix),
        Problem("MHS803CareCluster_4.csv: is separated by tabs, not commas", fix=fix),
    ]
    assert len(problems) == 4
    # The reader's own words follow, not "None".
    assert problems[3] == Problem(
        "MHS803CareCluster_5.parquet: cannot be read: Parquet magic bytes not found in "
        "footer. Either the file is corrupted or this is not a parquet file."
    )
    assert error.value.hint == f"correct the files named in '{tmp_path.name}'; nothing was written"


def test_a_one_column_file_without_separators_is_read(tmp_path: Path) -> None:
    # One column and no ';' or tab: not another separator (then a column is missing).
    (tmp_path / "MHS803CareCluster.csv").write_text("UniqMonthID\n1416\n")
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    assert [p.message for p in _problems(error)] == [
        f"MHS803CareCluster.csv: column '{c}' is missing"
        for c in ("AMHCareClustCodeFin", "StartDateCareClust", "EndDateCareClust")
    ]


def test_a_header_of_several_columns_holding_a_semicolon_is_not_another_separator() -> None:
    assert read._other_separator(["a;b", "c"]) is None
    assert read._other_separator(["a;b\tc"]) == "semicolons"
    assert read._other_separator(["a\tb"]) == "tabs"
    assert read._other_separator(["ab"]) is None


def test_text_that_is_not_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "MHS803CareCluster.csv"
    fix = "save it as 'CSV UTF-8' (Excel: Save As, CSV UTF-8), or as Parquet"
    expected = Problem("MHS803CareCluster.csv: is not UTF-8 text", fix=fix)
    error = UnicodeDecodeError("utf-8", b"\xe9", 0, 1, "invalid")
    assert read._unreadable(path, error) == expected
    assert read._unreadable(path, OSError("CSV parse error: invalid UTF8 data")) == expected
    assert read._unreadable(path, OSError("no such file")) == Problem(
        "MHS803CareCluster.csv: cannot be read: no such file"
    )


def test_a_parquet_header_is_its_schema_in_any_capitals(tmp_path: Path) -> None:
    path = tmp_path / "t.PaRqUeT"
    pq.write_table(pa.table({"b": [1], "a": ["x"]}), path)
    assert read._header(path) == ["b", "a"]
    csv_path = tmp_path / "t.csv"
    csv_path.write_bytes(b"\xef\xbb\xbfPerson_ID,x\r\n1,2\r\n")  # a byte-order mark dropped
    assert read._header(csv_path) == ["Person_ID", "x"]
    (tmp_path / "e.csv").write_text("")
    assert read._header(tmp_path / "e.csv") == []


def test_a_csv_is_read_as_text_only_in_the_columns_asked(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n007,,x\n1.50, 2 ,y\n")
    table = read._read_arrow(path, ["a", "b"])
    assert table.column_names == ["a", "b"]
    assert table.column("a").to_pylist() == ["007", "1.50"]
    assert table.column("b").to_pylist() == ["", " 2 "]  # blank stays "" until _text


def test_text_of_a_column() -> None:
    assert read._text(pa.chunked_array([[" a ", "", "Null", "NULLs", None]])).tolist() == [
        "a",
        pd.NA,
        pd.NA,
        "NULLs",
        pd.NA,
    ]
    assert read._text(pa.chunked_array([[1.0, None]])).tolist() == ["1", pd.NA]
    assert read._text(pa.chunked_array([[1.0, 2.5]])).tolist() == ["1", "2.5"]
    # A whole float goes through int64 first: 1e16 as text would be "1e+16", an id
    # that is no whole number (read as blank later), not 10000000000000000.
    assert read._text(pa.chunked_array([[1e16, None]])).tolist() == ["10000000000000000", pd.NA]
    # Arrow's float text of a fraction column keeps the big value's exponent.
    assert read._text(pa.chunked_array([[1e16, 0.5]])).tolist() == ["1e+16", "0.5"]
    assert read._text(pa.chunked_array([[True, False]])).tolist() == ["true", "false"]


def test_a_file_that_vanishes_is_one_problem(tmp_path: Path) -> None:
    # A broken symbolic link: listed as a file name, not readable (OSError).
    link = tmp_path / "MHS803CareCluster_2.csv"
    problems_before = read.ProblemCollector()
    link.symlink_to(tmp_path / "gone.csv")
    got = read._read_file(link, C803, {}, problems_before, [link.name])
    assert got is None
    (problem,) = problems_before.problems
    assert problem.message.startswith("MHS803CareCluster_2.csv: cannot be read: ")
    assert "No such file or directory" in problem.message  # the error itself, not "None"


def test_a_csv_row_longer_than_its_header_is_one_problem(tmp_path: Path) -> None:
    # The header reads; pyarrow then refuses the row of 6 fields under 5 names.
    (tmp_path / "MHS803CareCluster.csv").write_text(
        "UniqMonthID,AMHCareClustCodeFin,StartDateCareClust,EndDateCareClust,UniqClustID\n"
        "1416,03,2017-04-01,,A\n1416,03,2017-04-01,,A,extra\n"
    )
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    assert _problems(error) == [
        Problem(
            "MHS803CareCluster.csv: cannot be read: CSV parse error: Expected 5 columns, "
            "got 6: 1416,03,2017-04-01,,A,extra"
        )
    ]
    assert error.value.hint == f"correct the files named in '{tmp_path.name}'; nothing was written"


def test_a_parquet_file_is_hashed_whole_and_read_in_the_columns_used(tmp_path: Path) -> None:
    # A Parquet file with a column pbrkit does not read (Notes): it is not read, and the
    # file's sha256 is of all its bytes.
    table = pa.table(
        {
            "UniqMonthID": ["1416", "1417"],
            "Notes": ["x", "y"],
            "AMHCareClustCodeFin": ["03", "04"],
            "StartDateCareClust": ["2017-04-01", "2017-04-01"],
            "EndDateCareClust": [None, None],
            "ClustId": ["1", "2"],
        }
    )
    path = tmp_path / "MHS803CareCluster.parquet"
    pq.write_table(table, path)
    extract = read.read_extract(tmp_path, {})
    frame = extract.tables[C803]
    assert "Notes" not in frame.columns
    assert list(frame["AMHCareClustCodeFin"]) == ["03", "04"]
    (source,) = extract.files
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (source.rows, source.months) == (2, (1416, 1417))


def test_a_tables_files_make_one_frame_numbered_from_0(tmp_path: Path) -> None:
    # Two files of 2 and 1 rows: one frame of rows 0, 1, 2 (rows of two files must not
    # share an index label: the import aligns columns on it).
    write_csv(tmp_path / "MHS803CareCluster_1.csv", [care(), care(UniqClustID="RXX2")])
    write_csv(tmp_path / "MHS803CareCluster_2.csv", [care(UniqClustID="RXX3")])
    frame = read.read_extract(tmp_path, {}).tables[C803]
    assert frame.index.tolist() == [0, 1, 2]
    assert frame["UniqClustID"].tolist() == ["RXX1", "RXX2", "RXX3"]


def test_a_quoted_header_name_with_a_line_break_is_read(tmp_path: Path) -> None:
    # Excel writes a header cell with a line break quoted: "Person\r\nID" squashes to
    # personid, so it is Person_ID; pyarrow must be asked for the name as written.
    (tmp_path / "MHS803CareCluster.csv").write_bytes(
        b'UniqMonthID,"Person\r\nID",AMHCareClustCodeFin,StartDateCareClust,'
        b"EndDateCareClust,UniqClustID\r\n1416,P7,03,2017-04-01,,A\r\n"
    )
    frame = read.read_extract(tmp_path, {}).tables[C803]
    assert frame["Person_ID"].tolist() == ["P7"]


def test_a_line_longer_than_arrows_block_says_so(tmp_path: Path) -> None:
    # rev13: a hostile (or wrong) file with one 3 MB line was refused as "cannot be
    # read: straddling object straddles two block boundaries (try to increase block
    # size?)", pyarrow's words, with nothing a user can do. An MHSDS row is a few
    # hundred bytes; the message now says what is wrong with the file and what to check.
    (tmp_path / "MHS803CareCluster.csv").write_text(
        "UniqMonthID,AMHCareClustCodeFin,StartDateCareClust,EndDateCareClust,UniqClustID\n"
        f"1416,03,2017-04-01,,{'A' * 3_000_000}\n1416,03,2017-04-01,,B\n"
    )
    with pytest.raises(InputError) as error:
        read.read_extract(tmp_path, {})
    assert _problems(error) == [
        Problem(
            "MHS803CareCluster.csv: has a line of over a megabyte, too long to read; an "
            "MHSDS row is a few hundred bytes",
            expected="one record of the table per line",
            fix="check that it is an MHSDS extract saved as CSV (not another file renamed, "
            "and not a CSV whose quotes are unbalanced)",
        )
    ]
