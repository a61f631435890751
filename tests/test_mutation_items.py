"""Tests written against mutmut on ``pbrkit.mhsds.items`` (mutrest): the item-codes
file, each person's latest assessment, the rated items and the ``ratings`` sheet,
called directly on hand-built tables so that one mutant's tests take a second (the
end-to-end ratings tests, ``test_mhsds_handmade.py``, take half a minute).

Day numbers count from 1970-01-01: 1 April 2017 is day 17,257 (``test_mutation_year``),
so 1 June 2017 is 17,257 + 30 + 31 = 17,318, 1 September 2017 is 17,318 + 30 + 31 + 31
= 17,410, and 31 March 2018 is 17,257 + 365 − 1 = 17,621 (2017/18 has 365 days).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pbrkit.errors import InputError, Problem
from pbrkit.io.ratings import ITEMS
from pbrkit.mhsds.clean import KEY, PERSON
from pbrkit.mhsds.items import (
    ItemCodes,
    item_scores,
    latest_assessments,
    load_item_codes,
    ratings_sheet,
    shipped_item_codes,
)
from pbrkit.mhsds.quality import FILE, RECORD, QualityLog
from pbrkit.mhsds.year import FinancialYear

TOOL, ASSESS = "MHS801ClusterTool", "MHS802ClusterAssess"
UNCONFIRMED = "items 13/A-E from ids whose item assignment is unconfirmed"


def _table(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Rows as the reader gives them: Arrow text (an empty cell blank), each in file
    ``a.csv`` with its record number counted from 1."""
    frame = pd.DataFrame(rows).replace("", None).astype(pd.StringDtype("pyarrow"))
    frame[FILE] = pd.Categorical(["a.csv"] * len(frame), categories=["a.csv"])
    frame[RECORD] = np.arange(1, len(frame) + 1)
    return frame


def _log(log: QualityLog) -> list[tuple[object, ...]]:
    return [tuple(row) for row in log.frame().itertuples(index=False)]


def _codes() -> ItemCodes:
    """Three ids: items 1 and 2 of HoNOS (confirmed), item 13 (unconfirmed)."""
    frame = pd.DataFrame(
        {
            "snomed_ct_id": ["101", "102", "113"],
            "item": ["1", "2", "13"],
            "scale": ["HoNOS", "HoNOS", "clustering tool"],
            "status": ["confirmed", "confirmed", "unconfirmed"],
        }
    )
    return ItemCodes("codes.csv", frame)


# --- the item-codes file -------------------------------------------------------------


def test_unconfirmed_items_are_listed_in_item_order() -> None:
    # The file lists B before 13; the items come back in ITEMS order (1-13, A-E).
    frame = pd.DataFrame(
        {"snomed_ct_id": ["1", "2", "3"], "item": ["B", "2", "13"],
         "status": ["unconfirmed", "confirmed", "unconfirmed"]}
    )  # fmt: skip
    assert ItemCodes("x.csv", frame).unconfirmed_items() == ["13", "B"]


def test_the_shipped_mapping_is_read_and_its_unconfirmed_items_named() -> None:
    assert shipped_item_codes().parts[-3:] == (
        "tariffs",
        "illustrative-2014-15",
        "mhsds_item_codes.csv",
    )
    codes = load_item_codes()
    # 30 ids: 12 HoNOS, 12 HoNOS 65+, and 13, A-E of the clustering tool (unconfirmed).
    assert codes.source == "mhsds_item_codes.csv"
    assert len(codes.frame) == 30
    assert codes.unconfirmed_items() == ["13", "A", "B", "C", "D", "E"]
    # The scale column is read, not left blank.
    assert codes.frame["scale"].value_counts().to_dict() == {
        "HoNOS": 12,
        "HoNOS 65+": 12,
        "clustering tool": 6,
    }


def test_an_item_codes_file_is_tidied_as_it_is_read(tmp_path: Path) -> None:
    # A byte-order mark, spaces round every value, an item '010' (10) and ' a ' (A),
    # a status ' Confirmed ', and no scale column (every scale then blank).
    path = tmp_path / "codes.csv"
    path.write_text(
        "snomed_ct_id,item,status\n 123 , 010 , Confirmed \n456, a ,UNconfirmed\n",
        encoding="utf-8-sig",
    )
    codes = load_item_codes(path)
    assert codes.source == "codes.csv"
    assert codes.frame.to_dict("list") == {
        "snomed_ct_id": ["123", "456"],
        "item": ["10", "A"],
        "status": ["confirmed", "unconfirmed"],
        "scale": ["", ""],
    }


def test_blank_cells_of_an_item_codes_file_stay_blank_text(tmp_path: Path) -> None:
    # A blank scale is '' (not NaN, which would read 'NA' or 'null' as blank too): the
    # ratings sheet joins the scales' names as text. A scale written 'NA' is a name.
    path = tmp_path / "codes.csv"
    path.write_text(
        "snomed_ct_id,item,scale,status\n123,1,,confirmed\n456,2,NA,confirmed\n",
        encoding="utf-8",
    )
    assert load_item_codes(path).frame["scale"].tolist() == ["", "NA"]


def test_every_problem_of_an_item_codes_file_is_named(tmp_path: Path) -> None:
    # Row 2 is fine; row 3's id is not digits and its item 'F' none; row 4 repeats row
    # 2's id (once spaces are stripped) and has item '0' (no item once zeros go); row 5
    # has a blank id, and item 'X1' (only zeros are stripped from the front).
    path = tmp_path / "codes.csv"
    path.write_text(
        "snomed_ct_id,item,scale,status\n123,1,HoNOS,confirmed\n12x,F,HoNOS,confirmed\n"
        " 123,0,HoNOS,confirmed\n,X1,HoNOS,confirmed\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_item_codes(path)
    assert caught.value.problems == (
        Problem("not a SNOMED CT id", file="codes.csv", row=3, column="snomed_ct_id",
                value="12x"),
        Problem("not a SNOMED CT id", file="codes.csv", row=5, column="snomed_ct_id",
                value=""),
        Problem("not an item", file="codes.csv", row=3, column="item", value="F",
                expected="1-13 or A-E"),
        Problem("not an item", file="codes.csv", row=4, column="item", value="",
                expected="1-13 or A-E"),
        Problem("not an item", file="codes.csv", row=5, column="item", value="X1",
                expected="1-13 or A-E"),
        Problem("id listed twice", file="codes.csv", row=4, column="snomed_ct_id",
                value="123"),
    )  # fmt: skip
    assert caught.value.hint == "correct the item codes file; nothing was written"


def test_each_missing_column_of_an_item_codes_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("item,label\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_item_codes(path)
    assert caught.value.problems == (
        Problem("column 'snomed_ct_id' is missing", file="codes.csv"),
        Problem("column 'status' is missing", file="codes.csv"),
    )
    assert caught.value.hint == "columns: snomed_ct_id, item, scale, label, status, source"


def test_an_unreadable_item_codes_file_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    with pytest.raises(InputError) as caught:
        load_item_codes(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith(f"cannot read item codes '{path}': ")
    # Latin-1 text that is not UTF-8 is unreadable too, not a crash.
    path.write_bytes(b"snomed_ct_id,item,status\n1,1,conf\xe9rm\xe9\n")
    with pytest.raises(InputError, match="cannot read item codes"):
        load_item_codes(path)


# --- each person's latest assessment -------------------------------------------------


def _tool(key: str, person: str, date: str) -> dict[str, str]:
    return {KEY: key, "OrgIDProv": "RXX", "Person_ID": person, "LocalPatientId": "",
            "AssToolCompDate": date}  # fmt: skip


def test_each_persons_latest_assessment_in_the_year_is_chosen() -> None:
    tool = _table(
        [
            _tool("K1", "P1", "2017-05-01"),
            _tool("K2", "P1", "2017-09-01"),  # P1's latest
            _tool("K4", "P2", "2017-06-01"),  # a tie on the date: the higher key, K4
            _tool("K3", "P2", "2017-06-01"),
            _tool("K5", "", "2017-06-01"),  # nobody
            _tool("K6", "P4", ""),  # no date
            _tool("K7", "P4", "2017-02-30"),  # not a date
            _tool("K8", "P5", "2018-04-01"),  # the day after the year
            _tool("K9", "P5", "2017-04-01"),  # the year's first day: P5's latest
            _tool("KA", "P6", "2017-03-31"),  # the day before the year
            _tool("KB", "P7", "2018-03-31"),  # the year's last day
        ]
    )
    log = QualityLog()
    chosen = latest_assessments(tool, FinancialYear(2017), log)
    assert list(chosen.columns) == [KEY, PERSON, "date", FILE, RECORD]
    assert chosen[[KEY, PERSON, "date", RECORD]].to_dict("list") == {
        KEY: ["K2", "K4", "K9", "KB"],
        PERSON: ["P1", "P2", "P5", "P7"],
        "date": [17410.0, 17318.0, 17257.0, 17621.0],
        RECORD: [2, 3, 9, 11],
    }
    assert chosen.index.tolist() == [1, 2, 8, 10]
    assert _log(log) == [
        (TOOL, "unknown person (no Person_ID or LocalPatientId)", "yes", 1, "a.csv record 5", ""),
        (TOOL, "assessment date blank or not a date", "yes", 2,
         "a.csv record 6; a.csv record 7", ""),
        (TOOL, "assessment not in 2017/18", "yes", 2, "a.csv record 8; a.csv record 10",
         "informational"),
        (TOOL, "not the person's latest assessment in 2017/18", "yes", 2,
         "a.csv record 1; a.csv record 4", "informational"),
    ]  # fmt: skip


def test_a_local_id_makes_a_person_of_an_assessment() -> None:
    tool = _table(
        [
            {**_tool("K1", "", "2017-05-01"), "LocalPatientId": "L1"},
            {**_tool("K2", "", "2017-06-01"), "LocalPatientId": "L1"},
        ]
    )
    chosen = latest_assessments(tool, FinancialYear(2017), QualityLog())
    assert chosen[[KEY, PERSON]].to_dict("list") == {KEY: ["K2"], PERSON: ["local:RXX:L1"]}


# --- the rated items -----------------------------------------------------------------


def _item(key: str, code: str, score: str) -> dict[str, str]:
    return {KEY: key, "CodedAssToolType": code, "PersScore": score}


def test_each_rated_item_is_read_or_left_out_for_its_reason() -> None:
    assess = _table(
        [
            _item("K1", "101", "3"),  # item 1, 3
            _item("K1", "102.0", "04"),  # a number's '.0' dropped: item 2, 4
            _item("K1", "1.01E+2", "1"),  # digits lost
            _item("K1", "1.02e2", "1"),  # digits lost
            _item("K2", "999", "1"),  # unknown
            _item("K2", "", "1"),  # blank: unknown (not the last distinct id, 113)
            _item("K2", "113", ""),  # not rated
            _item("K2", "113", "5"),  # out of range
            _item("K2", "113", "x"),  # out of range
            _item("K2", "113", "0"),  # item 13, 0 (unconfirmed)
            _item("K3", "102", "2"),  # item 2, 2
        ]
    )
    log = QualityLog()
    scores = item_scores(assess, _codes(), log)
    assert scores.index.tolist() == [0, 1, 9, 10]
    assert scores.to_dict("list") == {
        KEY: ["K1", "K1", "K2", "K3"],
        "item": ["1", "2", "13", "2"],
        "score": [3, 4, 0, 2],
        "status": ["confirmed", "confirmed", "unconfirmed", "confirmed"],
        "scale": ["HoNOS", "HoNOS", "clustering tool", "HoNOS"],
    }
    assert scores["score"].dtype == np.int64
    assert _log(log) == [
        (ASSESS, "item code in scientific notation (digits lost)", "yes", 2,
         "a.csv record 3; a.csv record 4", "save the ids as text, not numbers"),
        (ASSESS, "unknown item code", "yes", 2, "a.csv record 5; a.csv record 6",
         "not in codes.csv (other scales such as HoNOS-ABI and HoNOSCA are not "
         "clustering-tool items)"),
        (ASSESS, "score blank (item not rated)", "yes", 1, "a.csv record 7", ""),
        (ASSESS, "score out of range (not 0-4)", "yes", 2, "a.csv record 8; a.csv record 9",
         ""),
    ]  # fmt: skip


def test_rated_items_with_nothing_left_out_log_nothing() -> None:
    log = QualityLog()
    scores = item_scores(_table([_item("K1", "113", "4")]), _codes(), log)
    assert scores[["item", "score"]].to_dict("list") == {"item": ["13"], "score": [4]}
    assert log.entries == []


# --- the ratings sheet ---------------------------------------------------------------


def _scores(rows: list[tuple[str, str, int, str, str]]) -> pd.DataFrame:
    key, item, score, scale, status = (list(c) for c in zip(*rows, strict=True))
    return pd.DataFrame({KEY: key, "item": item, "score": np.array(score, dtype=np.int64),
                         "status": status, "scale": scale})  # fmt: skip


def _ratings() -> tuple[pd.DataFrame, QualityLog]:
    """P2 (K2), P1 (K1), P3 (K3), P4 (K4) chosen in that order; their items below."""
    chosen = pd.DataFrame(
        {KEY: ["K2", "K1", "K3", "K4"], PERSON: ["P2", "P1", "P3", "P4"],
         "date": [17410.0, 17257.0, 17318.0, 17621.0],
         FILE: ["t.csv"] * 4, RECORD: [1, 2, 3, 4]},
        index=[10, 11, 12, 13],
    )  # fmt: skip
    ok, no = "confirmed", "unconfirmed"
    scores = _scores(
        [
            ("K1", "1", 2, "HoNOS", ok),
            ("K1", "12", 0, "HoNOS 65+", ok),
            ("K1", "1", 4, "HoNOS", ok),  # item 1 again, another score: not known
            ("K9", "3", 1, "HoNOS", ok),  # not a chosen assessment
            ("K2", "A", 3, "clustering tool", no),
            ("K2", "13", 1, "clustering tool", no),
            ("K2", "5", 2, "HoNOS", ok),
            ("K4", "2", 3, "HoNOS", ok),
        ]
    )
    assess = _table([{KEY: key} for key in scores[KEY]])  # records 1-8, as scores' rows
    clinician = pd.Series([3, 11], index=["K1", "K2"])  # K4's cluster unknown
    log = QualityLog()
    return ratings_sheet(chosen, scores, clinician, assess, log), log


def test_the_ratings_sheet_has_each_persons_latest_items() -> None:
    sheet, _ = _ratings()
    assert list(sheet.columns) == [
        "patient_id", "cluster", "assessed_on", *ITEMS, "honos_version", "item_mapping"
    ]  # fmt: skip
    assert sheet.index.tolist() == [0, 1, 2]
    assert sheet["patient_id"].tolist() == ["P1", "P2", "P4"]  # sorted; P3 has no item
    # The clinician's cluster (float64 here, NaN for K4's unknown one; the workbook
    # writes whole numbers).
    assert sheet["cluster"].iloc[:2].tolist() == [3, 11]
    assert sheet["cluster"].isna().tolist() == [False, False, True]
    assert sheet["assessed_on"].tolist() == ["2017-04-01", "2017-09-01", "2018-03-31"]
    rated = {
        person: {item: row[item] for item in ITEMS if not pd.isna(row[item])}
        for person, row in zip(sheet["patient_id"], sheet.to_dict("records"), strict=True)
    }
    assert rated == {
        "P1": {"12": 0},  # item 1 rated 2 and 4: blank
        "P2": {"5": 2, "13": 1, "A": 3},
        "P4": {"2": 3},
    }
    assert all(sheet[item].dtype == "Int64" for item in ITEMS)
    # Each assessment's scales, sorted and joined: 'HoNOS' < 'HoNOS 65+' < 'clustering
    # tool' (capitals first); the note for P2 alone, whose A and 13 are unconfirmed.
    # P1's HoNOS item 1 is left out (two scores), so its one item is HoNOS 65+'s.
    assert sheet["honos_version"].tolist() == [
        "HoNOS 65+",
        "HoNOS + clustering tool",
        "HoNOS",
    ]
    assert sheet["item_mapping"].tolist() == ["", UNCONFIRMED, ""]


def test_the_ratings_sheet_logs_every_item_not_used_and_every_caution() -> None:
    _, log = _ratings()
    assert _log(log) == [
        (ASSESS, "item of an assessment not used (not a person's latest in the year, or no "
         "matching MHS801 row)", "yes", 1, "a.csv record 4", "informational"),
        (ASSESS, "item rated twice in one assessment with different scores (both left "
         "out: not known)", "yes", 2, "a.csv record 1; a.csv record 3", ""),
        (ASSESS, "rated item read through an UNCONFIRMED id → item assignment (items 13, A-E)",
         "no: kept", 2, "a.csv record 5; a.csv record 6",
         "the ratings are used; replace the mapping with --item-codes FILE"),
        (TOOL, "latest assessment has no usable rated item (MHS802): no ratings row for the "
         "person", "yes", 1, "t.csv record 3",
         "its MHS802 rows are missing or were left out for the reasons listed"),
    ]  # fmt: skip
    assert log.total() == 4  # 1 + 2 + 1; the caution's 2 rows are kept


def test_scale_names_for_three_scales_in_every_combination() -> None:
    # Scales factorised in order of appearance: clustering tool (bit 0), HoNOS (bit 1),
    # HoNOS 65+ (bit 2); K1 has bits 0 and 2 (5), K2 bit 1 (2), K3 all three (7).
    chosen = pd.DataFrame(
        {KEY: ["K1", "K2", "K3"], PERSON: ["P1", "P2", "P3"], "date": [17257.0] * 3,
         FILE: ["t.csv"] * 3, RECORD: [1, 2, 3]}
    )  # fmt: skip
    ok = "confirmed"
    scores = _scores(
        [
            ("K1", "13", 1, "clustering tool", ok),
            ("K2", "1", 1, "HoNOS", ok),
            ("K1", "2", 1, "HoNOS 65+", ok),
            ("K3", "3", 1, "HoNOS", ok),
            ("K3", "4", 1, "HoNOS 65+", ok),
            ("K3", "B", 1, "clustering tool", ok),
        ]
    )
    assess = _table([{KEY: key} for key in scores[KEY]])
    sheet = ratings_sheet(chosen, scores, pd.Series(dtype=np.int64), assess, QualityLog())
    assert sheet["honos_version"].tolist() == [
        "HoNOS 65+ + clustering tool",
        "HoNOS",
        "HoNOS + HoNOS 65+ + clustering tool",
    ]
    assert sheet["item_mapping"].tolist() == ["", "", ""]
    assert sheet["cluster"].isna().all()


def test_no_usable_item_at_all_gives_an_empty_ratings_sheet() -> None:
    # One chosen assessment (K1) whose only item belongs to another (K9): no
    # assessment has an item, so no scale combination either; no row, one entry each.
    chosen = pd.DataFrame(
        {KEY: ["K1"], PERSON: ["P1"], "date": [17257.0], FILE: ["t.csv"], RECORD: [1]}
    )
    scores = _scores([("K9", "1", 2, "HoNOS", "confirmed")])
    assess = _table([{KEY: "K9"}])
    log = QualityLog()
    sheet = ratings_sheet(chosen, scores, pd.Series({"K1": 4}), assess, log)
    assert sheet.empty
    assert list(sheet.columns) == [
        "patient_id", "cluster", "assessed_on", *ITEMS, "honos_version", "item_mapping"
    ]  # fmt: skip
    assert [(e.reason.split(" (")[0], e.rows) for e in log.entries] == [
        ("item of an assessment not used", 1),
        ("latest assessment has no usable rated item", 1),
    ]
