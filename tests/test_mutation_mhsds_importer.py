"""Direct tests of ``pbrkit.mhsds.importer`` (mutation round mutimp2).

Financial year 2017/18 is UniqMonthID 1405 (April 2017: 12 × (2017 − 1900) + 1) to
1416 (March 2018); day counts are End exclusive, an open End counting to 1 April 2018.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mhsds_helpers import Y2017, care, caseload_of, reasons, run, spell, write_csv
from pbrkit.errors import InputError, Problem
from pbrkit.mhsds import importer
from pbrkit.mhsds.clean import KEY
from pbrkit.mhsds.quality import LeftOut, QualityLog
from pbrkit.mhsds.read import SourceFile
from pbrkit.mhsds.year import FinancialYear

C803 = "MHS803CareCluster_2017_04.csv"
TEXT = pd.StringDtype("pyarrow")


def _source(table: str, *months: int) -> SourceFile:
    return SourceFile(Path(f"{table}.csv"), table, 1, "0" * 64, months)


def test_the_summary_of_an_import(tmp_path: Path) -> None:
    # P1: cluster 03 open from 1 April 2017 (365 days), in hospital 1 April to 11 April
    # (10 days, discharge exclusive). P2: cluster 04 from 1 Feb 2018 to 1 March 2018
    # (28 days). P3 in cluster 09: left out (1 row).
    rows = [
        care(),
        care(
            Person_ID="P2",
            UniqClustID="RXX2",
            AMHCareClustCodeFin="04",
            StartDateCareClust="2018-02-01",
            EndDateCareClust="2018-03-01",
        ),
        care(Person_ID="P3", UniqClustID="RXX3", AMHCareClustCodeFin="09"),
    ]
    spells = [spell(DischDateHospProvSpell="2017-04-11")]
    result = run(tmp_path, {C803: rows, "MHS501HospProvSpell.csv": spells})
    assert caseload_of(result) == {3: (1, 365, 1, 10), 4: (1, 28, 1, 0)}
    summary = result.summary()
    assert summary == {
        "year": "2017/18",
        "provider": None,
        "files": 2,
        "people": 2,
        "service_users": 2,
        "cluster_days": 365 + 28,
        "episodes": 2,
        "admitted_days": 10,
        "rated_people": 0,
        "rows_left_out": 1,
        "warnings": list(result.warnings),
    }
    assert all(
        type(v) is int for k, v in summary.items() if k not in ("year", "provider", "warnings")
    )
    assert result.ratings is None
    assert (result.folder, result.year, result.provider) == (tmp_path, Y2017, None)
    assert [f.path.name for f in result.files] == [
        C803,
        "MHS501HospProvSpell.csv",
    ]  # tables in order


def test_without_spells_no_day_is_admitted(tmp_path: Path) -> None:
    result = run(tmp_path, {C803: [care()]})
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_a_year_without_mhs803_submissions_is_refused_naming_the_years() -> None:
    # 1404 is March 2017 (2016/17), 1417 April 2018 (2018/19); 1405-1416 is 2017/18.
    files = (
        _source("MHS803CareCluster", 1403, 1404),
        _source("MHS803CareCluster", 1417),
        _source("MHS501HospProvSpell", 1405),  # a spell's month is not a submission
    )
    with pytest.raises(InputError) as error:
        importer._refuse_year_without_submissions(files, Y2017)
    assert list(error.value.problems) == [
        Problem(
            "no MHS803CareCluster submission for any month of 2017/18: nothing in the "
            "extract says who was in which cluster then (its MHS803CareCluster files "
            "cover 2016/17 (2 months), 2018/19 (1 month))",
            fix="give --year 2016/17 (the year the files cover most), or add 2017/18's "
            "MHS803CareCluster files",
        )
    ]
    assert error.value.hint == "nothing was written"


def test_a_tie_on_months_names_the_earlier_year_and_no_month_is_said() -> None:
    files = (_source("MHS803CareCluster", 1417), _source("MHS803CareCluster", 1404))
    with pytest.raises(InputError) as error:
        importer._refuse_year_without_submissions(files, Y2017)
    assert error.value.problems[0].fix is not None
    assert error.value.problems[0].fix.startswith("give --year 2016/17 ")
    with pytest.raises(InputError) as none:
        importer._refuse_year_without_submissions((), Y2017)
    # rev13: files with a header and no row cover no year, so no --year is offered
    # (it said "give --year YYYY/YY (the year the files cover most)").
    assert none.value.problems[0].message.endswith("MHS803CareCluster files hold no rows)")
    assert none.value.problems[0].fix == "add 2017/18's MHS803CareCluster files"


@pytest.mark.parametrize("month", [1405, 1416])
def test_the_first_and_last_month_of_the_year_are_submissions(month: int) -> None:
    importer._refuse_year_without_submissions((_source("MHS803CareCluster", month),), Y2017)


def _care_frame(*providers: str | None) -> pd.DataFrame:
    return pd.DataFrame({"OrgIDProv": pd.array(list(providers), dtype=TEXT)})


def test_an_unknown_provider_lists_the_codes_held() -> None:
    care_frame = _care_frame("RXY", " RXX ", None, "RXY", "")
    with pytest.raises(InputError) as error:
        importer._refuse_unknown_provider(care_frame, "RAA")
    assert list(error.value.problems) == [
        Problem(
            "--provider RAA matches no row of the MHS803CareCluster files (column OrgIDProv "
            "holds RXX, RXY)",
            fix="give one of these codes to --provider, or leave --provider out to import "
            "every provider",
        )
    ]
    assert error.value.hint == "nothing was written"
    importer._refuse_unknown_provider(care_frame, " rxx ")  # stripped, any capitals
    importer._refuse_unknown_provider(care_frame, None)
    importer._refuse_unknown_provider(pd.DataFrame({"x": [1]}), "RAA")  # no column


def test_more_than_20_providers_are_capped_and_none_is_no_code() -> None:
    # 22 codes R00..R21: the first 20 (R00..R19) shown, "and 2 more".
    care_frame = _care_frame(*[f"R{n:02d}" for n in range(21, -1, -1)])
    with pytest.raises(InputError) as error:
        importer._refuse_unknown_provider(care_frame, "RAA")
    shown = ", ".join(f"R{n:02d}" for n in range(20))
    assert f"holds {shown} and 2 more)" in error.value.problems[0].message
    exactly = _care_frame(*[f"R{n:02d}" for n in range(20)])
    with pytest.raises(InputError) as twenty:
        importer._refuse_unknown_provider(exactly, "RAA")
    assert twenty.value.problems[0].message.endswith(f"holds {shown})")
    with pytest.raises(InputError) as blank:
        importer._refuse_unknown_provider(_care_frame(None, " "), "RAA")
    assert blank.value.problems[0].message.endswith("(column OrgIDProv holds no code)")


def _frame(**columns: list[str | None]) -> pd.DataFrame:
    frame = pd.DataFrame({k: pd.array(v, dtype=TEXT) for k, v in columns.items()})
    n = len(frame)
    return frame.assign(
        UniqMonthID=pd.array(["1405"] * n, dtype=TEXT),
        _file=pd.Categorical(["f.csv"] * n),
        _record=range(1, n + 1),
    )


def test_other_providers_rows_are_left_out_and_logged() -> None:
    # Rows of RXX (in other capitals and spaces kept: ' rxx' is another code, as read
    # text is trimmed), of RYY and with no provider: the last two are left out.
    frame = _frame(OrgIDProv=["rxx", "RYY", None], UniqClustID=["A", "B", "C"])
    log = QualityLog()
    kept = importer._deduplicated("MHS803CareCluster", frame, " RXX ", log)
    assert kept["UniqClustID"].tolist() == ["A"]
    (entry,) = log.entries
    assert (entry.table, entry.reason, entry.rows) == (
        "MHS803CareCluster",
        "another provider (--provider  RXX )",
        2,
    )


def test_a_provider_option_needs_the_provider_column() -> None:
    with pytest.raises(InputError) as error:
        importer._deduplicated("MHS501HospProvSpell", _frame(X=["1"]), "RXX", QualityLog())
    assert list(error.value.problems) == [
        Problem("--provider needs column 'OrgIDProv' in the MHS501HospProvSpell files")
    ]


def test_record_keys_of_each_table() -> None:
    # Clusters: UniqClustID, else provider + ClustId (blank provider: ClustId alone).
    clusters = _frame(
        UniqClustID=["U1", None, None],
        OrgIDProv=["RXX", "RXX", None],
        ClustId=["9", "7", "8"],
    )
    keys = importer._deduplicated("MHS803CareCluster", clusters, None, QualityLog())[KEY]
    assert keys.tolist() == ["U1", "RXX7", "8"]
    # Spells: UniqHospProvSpellID, else UniqHospProvSpellNum, else provider + spell id.
    spells = _frame(
        UniqHospProvSpellID=["S1", None, None, None],
        UniqHospProvSpellNum=["N0", "N2", None, None],
        OrgIDProv=["RXX", "RXX", "RXX", None],
        HospProvSpellID=["9", "9", "3", "4"],
    )
    keys = importer._deduplicated("MHS501HospProvSpell", spells, None, QualityLog())[KEY]
    assert keys.tolist() == ["S1", "N2", "RXX3", "4"]


def test_rated_items_are_one_per_key_and_item() -> None:
    # Two items of one assessment are two records; the same item twice is one (the
    # higher row id wins).
    frame = _frame(
        UniqClustID=["A", "A", "A"],
        CodedAssToolType=["1", "2", "1"],
        MHS802UniqID=["1", "2", "3"],
    )
    log = QualityLog()
    kept = importer._deduplicated("MHS802ClusterAssess", frame, None, log)
    assert sorted(kept["MHS802UniqID"].tolist()) == ["2", "3"]
    assert [(e.table, e.rows) for e in log.entries] == [("MHS802ClusterAssess", 1)]


def test_local_ids_come_from_the_tool_by_key() -> None:
    care_frame = pd.DataFrame(
        {
            KEY: ["A", "B", "C"],
            "LocalPatientId": pd.array(["OWN", None, None], dtype=TEXT),
        }
    )
    tool = pd.DataFrame(
        {KEY: ["A", "B", "C"], "LocalPatientId": pd.array(["T1", "T2", None], dtype=TEXT)}
    )
    filled = importer._local_ids_from_tool(care_frame, tool)
    assert filled["LocalPatientId"].tolist() == ["OWN", "T2", pd.NA]
    assert filled["LocalPatientId"].dtype == TEXT
    # MHS803 without the column takes it whole from MHS801.
    filled = importer._local_ids_from_tool(care_frame.drop(columns="LocalPatientId"), tool)
    assert filled["LocalPatientId"].tolist() == ["T1", "T2", pd.NA]
    assert importer._local_ids_from_tool(care_frame, None) is care_frame
    assert importer._local_ids_from_tool(care_frame, tool.drop(columns="LocalPatientId")) is (
        care_frame
    )


def test_nothing_left_lists_each_reason() -> None:
    log = QualityLog()
    frame = _frame(X=["1", "2", "3"])
    log.leave_out("MHS803CareCluster", "cluster 09", frame, pd.Series([True, True, False]))
    problems = importer._nothing_left(log, Y2017)
    assert problems == [
        Problem("no usable cluster period with a day in 2017/18 is left"),
        Problem(
            f"MHS803CareCluster: 2 row(s) left out: cluster 09 (e.g. {log.entries[0].examples})"
        ),
    ]
    assert log.entries[0].examples
    # An entry without examples (rows kept with a caution can have none): no "(e.g. )".
    bare = QualityLog([LeftOut("MHS803CareCluster", "cluster 09", 1_234, "")])
    assert importer._nothing_left(bare, Y2017)[1:] == [
        Problem("MHS803CareCluster: 1,234 row(s) left out: cluster 09")
    ]


def test_nothing_usable_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        run(tmp_path, {C803: [care(AMHCareClustCodeFin="09")]})
    assert error.value.problems[0] == Problem(
        "no usable cluster period with a day in 2017/18 is left"
    )
    assert error.value.hint == "see the reasons above; nothing was written"


def test_skipped_files_name_the_first_five() -> None:
    assert importer._skipped(()) == []
    names = tuple(f"f{n}.csv" for n in range(1, 8))
    assert importer._first_five(names) == "f1.csv, f2.csv, f3.csv, f4.csv, f5.csv and 2 more"
    assert importer._first_five(names[:5]) == "f1.csv, f2.csv, f3.csv, f4.csv, f5.csv"
    # Six names: the sixth is counted, not dropped without a word.
    assert importer._first_five(names[:6]).endswith("f5.csv and 1 more")
    assert importer._skipped(names[:1]) == [
        "1 CSV/Parquet file(s) not read, their names holding no MHSDS table name "
        "(MHS803CareCluster, MHS801ClusterTool, MHS802ClusterAssess, MHS501HospProvSpell): "
        "f1.csv"
    ]
    many = tuple(f"f{n}.csv" for n in range(1005))
    assert importer._first_five(many).endswith(" and 1,000 more")
    assert importer._skipped(many)[0].startswith("1,005 CSV/Parquet")


def test_a_month_first_column_is_named_once_per_column() -> None:
    tables = {
        "MHS803CareCluster": pd.DataFrame(
            {
                "StartDateCareClust": pd.array(["12/25/2017", "01/04/2017"], dtype=TEXT),
                "EndDateCareClust": pd.array(["01/05/2017", None], dtype=TEXT),
                "AMHCareClustCodeFin": pd.array(["12/25/2017", None], dtype=TEXT),
            }
        ),
        "MHS501HospProvSpell": pd.DataFrame(
            {"DischDateHospProvSpell": pd.array(["10/31/2017"], dtype=TEXT)}
        ),
    }
    assert importer._month_first(tables) == [
        f"{table} column {name} holds dates written month first (e.g. {example}, which is "
        "no day-first date): its dates were read day first (03/04/2017 is 3 April), so "
        "others may be wrong; export dates as yyyy-mm-dd, or set Excel's region to English "
        "(United Kingdom)"
        for table, name, example in (
            ("MHS803CareCluster", "StartDateCareClust", "12/25/2017"),
            ("MHS501HospProvSpell", "DischDateHospProvSpell", "10/31/2017"),
        )
    ]


def test_warnings_name_missing_months_and_v6_rows() -> None:
    # MHS803 has every month but June 2017 (1407) and March 2018 (1416); a spell file's
    # month does not count. 1,200 MHS803 rows from April 2024 (UniqMonthID 1489) or
    # later, and spells from then, which MHSDS v6.0 kept: not warned.
    months = [m for m in range(1405, 1417) if m not in (1407, 1416)]
    files = (_source("MHS803CareCluster", *months), _source("MHS501HospProvSpell", 1407))
    late = ["1488"] + ["1489"] * 1199 + ["1500"]
    tables = {
        "MHS803CareCluster": pd.DataFrame({"UniqMonthID": pd.array(late, dtype=TEXT)}),
        "MHS501HospProvSpell": pd.DataFrame({"UniqMonthID": pd.array(["1489"], dtype=TEXT)}),
    }
    assert importer.FIRST_V6_MONTH == 1489  # 12 × (2024 − 1900) + 1
    assert importer._warnings(files, tables, Y2017) == [
        "no MHS803CareCluster submission for 2 month(s) of 2017/18: Jun 2017, Mar 2018. "
        + importer.MISSING_MONTH_EFFECT,
        "1,200 MHS803CareCluster row(s) from April 2024 or later, when MHSDS v6.0 retired "
        "the cluster tables: check where they came from",
    ]
    full = (_source("MHS803CareCluster", *range(1405, 1417)),)
    assert importer._warnings(full, {}, Y2017) == []


def test_the_import_gathers_every_warning(tmp_path: Path) -> None:
    write_csv(tmp_path / "notes.csv", [{"a": "1"}])
    # (A table's file saved as .xlsx is refused since left21, no longer a warning.)
    # P2's start, 25 December written month first, is left out as not a date.
    rows = [
        care(UniqMonthID="1405"),
        care(
            UniqMonthID="1405", Person_ID="P2", UniqClustID="RXX2", StartDateCareClust="12/25/2017"
        ),
    ]
    result = run(tmp_path, {C803: rows})
    assert [w.split(" ")[:3] for w in result.warnings] == [
        ["no", "MHS803CareCluster", "submission"],
        ["1", "CSV/Parquet", "file(s)"],
        ["MHS803CareCluster", "column", "StartDateCareClust"],
    ]


def test_a_provider_option_filters_before_duplicates(tmp_path: Path) -> None:
    # One record RXX1 submitted by RXX (cluster 03) and, later, by RYY (cluster 04):
    # with --provider RXX, RYY's row is left out first, so RXX's row is kept.
    rows = [care(), care(OrgIDProv="RYY", UniqSubmissionID="300", AMHCareClustCodeFin="04")]
    result = run(tmp_path, {C803: rows}, provider="RXX")
    assert caseload_of(result) == {3: (1, 365, 1, 0)}
    assert reasons(result) == {"another provider (--provider RXX)": 1}
    assert result.provider == "RXX"


def test_a_column_map_file_is_used(tmp_path: Path) -> None:
    row = care()
    row["Cluster"] = row.pop("AMHCareClustCodeFin")
    (tmp_path / "map.toml").write_text('[MHS803CareCluster]\n"Cluster" = "AMHCareClustCodeFin"\n')
    result = run(tmp_path / "x", {C803: [row]}, columns=tmp_path / "map.toml")
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def test_other_years_use_their_own_bounds(tmp_path: Path) -> None:
    # 2018/19: months 1417-1428; an open period from 1 April 2018 has 365 days.
    folder = tmp_path / "e"
    folder.mkdir()
    write_csv(folder / C803, [care(UniqMonthID="1417", StartDateCareClust="2018-04-01")])
    result = importer.import_mhsds(folder, FinancialYear(2018))
    assert caseload_of(result) == {3: (1, 365, 1, 0)}


def _tool(key: str, day: str, uid: str) -> dict[str, str]:
    return {"UniqMonthID": "1410", "UniqSubmissionID": "1", "OrgIDProv": "RXX",
            "Person_ID": "P1", "UniqClustID": key, "AssToolCompDate": day,
            "MHS801UniqID": uid}  # fmt: skip


def _item(code: str, score: str, uid: str) -> dict[str, str]:
    return {"UniqMonthID": "1410", "UniqSubmissionID": "1", "OrgIDProv": "RXX",
            "UniqClustID": "RXX1", "CodedAssToolType": code, "PersScore": score,
            "MHS802UniqID": uid}  # fmt: skip


def test_ratings_come_from_the_tool_and_items_with_the_item_codes_given(tmp_path: Path) -> None:
    # An --item-codes file mapping id 111 to HoNOS item 1; the shipped id of item 2
    # (979651000000100) is then unknown. P1 was assessed on 1 June (RXX0) and 1 July
    # 2017 (RXX1): the July one is the latest; its item 1 scores 2.
    codes = tmp_path / "codes.csv"
    codes.write_text(
        "snomed_ct_id,item,scale,label,status,source\n111,1,HoNOS,aggression,confirmed,test\n"
    )
    files = {
        "MHS803CareCluster.csv": [care()],
        "MHS801ClusterTool.csv": [
            _tool("RXX0", "2017-06-01", "0"),
            _tool("RXX1", "2017-07-01", "1"),
        ],
        "MHS802ClusterAssess.csv": [_item("111", "2", "1"), _item("979651000000100", "3", "2")],
    }
    result = run(tmp_path / "x", files, item_codes=codes)
    assert result.item_codes.source == "codes.csv"
    assert result.ratings is not None
    assert result.ratings[["patient_id", "cluster", "assessed_on", "1", "2"]].to_dict("list") == {
        "patient_id": ["P1"],
        "cluster": [3],  # the clinician's cluster of MHS803 row RXX1
        "assessed_on": ["2017-07-01"],
        "1": [2],
        "2": [None],  # not rated: its id is unknown
    }
    assert [(e.table, e.reason, e.rows) for e in result.quality.entries] == [
        ("MHS801ClusterTool", "not the person's latest assessment in 2017/18", 1),
        ("MHS802ClusterAssess", "unknown item code", 1),
    ]
    assert result.summary()["rated_people"] == 1


@pytest.mark.parametrize("table", ["MHS801ClusterTool.csv", "MHS802ClusterAssess.csv"])
def test_no_ratings_without_both_tool_and_items(tmp_path: Path, table: str) -> None:
    rows = _tool("RXX1", "2017-07-01", "1") if "801" in table else _item("111", "2", "1")
    result = run(tmp_path, {C803: [care()], table: [rows]})
    assert result.ratings is None
    assert result.summary()["rated_people"] == 0
