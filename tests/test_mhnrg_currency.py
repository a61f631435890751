"""A second currency: the illustrative resource-group set runs cost and tender end to end.

``tariffs/illustrative-mhnrg`` has text codes, priced per person-year (income = price ×
days ÷ 365), and no allocation grid. ``examples/mhnrg.xlsx`` (made by
``examples/make_mhnrg.py``) has one row per code, with days in multiples of 73 so every
income is whole pounds. Unit costs (copied from illustrative-2014-15):
care_coordination_hour £32, psychiatrist_hour £106, psychology_hour £41,
crisis_contact £97.50, memory_assessment £220, home_care_visit £30,
inpatient_bed_day £361.90.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from conftest import write_xlsx
from pbrkit.cli import cli
from pbrkit.currency import using_currency
from pbrkit.errors import InputError
from pbrkit.io.parse import parse_cluster, parse_cluster_list
from pbrkit.reference import load_reference_set

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "mhnrg.xlsx"
SET = "illustrative-mhnrg"
ORDER = [
    "PSY_COM",
    "PSY_INP",
    "PSY_CRI",
    "MA_COM",
    "MA_INP",
    "MA_CRI",
    "NC_COM",
    "NC_INP",
    "NC_CRI",
]


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def cost_summary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("cost")
    result = invoke("cost", EXAMPLE, "--reference", SET, "--out", out, "--force")
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return summary


# Hand-worked, code by code: income = price × days ÷ 365; cost = k × days with
# k = Σ quantity × unit cost ÷ period days (day 1, week 7, year 365).
HAND: dict[str, tuple[float, float]] = {
    # 6570 × 2555 / 365 = 6570 × 7 = 45,990;  k = (2 × 32 + 0.25 × 106) / 7 = 90.5 / 7,
    # cost = 90.5 / 7 × 2555 = 90.5 × 365 = 33,032.50
    "PSY_COM": (45_990.00, 33_032.50),
    # 146000 × 365 / 365 = 146,000;  k = 361.90 a day, cost = 361.90 × 365 = 132,093.50
    "PSY_INP": (146_000.00, 132_093.50),
    # 43800 × 73 / 365 = 43800 × 0.2 = 8,760;  cost = 97.50 × 73 = 7,117.50
    "PSY_CRI": (8_760.00, 7_117.50),
    # 2920 × 5110 / 365 = 2920 × 14 = 40,880;  cost = 41 / 7 × 5110 = 41 × 730 = 29,930
    "MA_COM": (40_880.00, 29_930.00),
    # 135050 × 146 / 365 = 135050 × 0.4 = 54,020;  cost = 361.90 × 146 = 52,837.40
    "MA_INP": (54_020.00, 52_837.40),
    # 36500 × 0.2 = 7,300;  cost = 97.50 × 73 = 7,117.50
    "MA_CRI": (7_300.00, 7_117.50),
    # 3650 × 2555 / 365 = 3650 × 7 = 25,550;  k = 220 / 365 + 30 / 7,
    # cost = 220 × 7 + 30 × 365 = 1,540 + 10,950 = 12,490
    "NC_COM": (25_550.00, 12_490.00),
    # 153300 × 219 / 365 = 153300 × 0.6 = 91,980;  cost = 361.90 × 219 = 79,256.10
    "NC_INP": (91_980.00, 79_256.10),
    # 40150 × 0.2 = 8,030;  cost = 97.50 × 73 = 7,117.50
    "NC_CRI": (8_030.00, 7_117.50),
}


def test_cost_per_code_matches_the_hand_working(cost_summary: dict[str, Any]) -> None:
    rows = {row["cluster"]: row for row in cost_summary["clusters"]}
    assert list(rows) == ORDER  # the set's row order, codes as written
    for code, (income, cost) in HAND.items():
        assert rows[code]["income"] == pytest.approx(income, abs=0.005), code
        assert rows[code]["cost"] == pytest.approx(cost, abs=0.005), code


def test_cost_totals_and_superclasses(cost_summary: dict[str, Any]) -> None:
    totals = cost_summary["totals"]
    # income 45,990 + 146,000 + 8,760 + 40,880 + 54,020 + 7,300 + 25,550 + 91,980 + 8,030
    assert totals["income"] == pytest.approx(428_510.00, abs=0.005)
    # cost 33,032.50 + 132,093.50 + 7,117.50 + 29,930 + 52,837.40 + 7,117.50 + 12,490
    #      + 79,256.10 + 7,117.50
    assert totals["cost"] == pytest.approx(360_992.00, abs=0.005)
    # people 12 + 3 + 5 + 20 + 2 + 4 + 8 + 1 + 2
    assert totals["service_users"] == 57
    supers = {row["superclass"]: row for row in cost_summary["superclasses"]}
    assert list(supers) == ["psychosis and bipolar", "mood and anxiety", "neurocognitive"]
    # psychosis: 45,990 + 146,000 + 8,760
    assert supers["psychosis and bipolar"]["income"] == pytest.approx(200_750.00, abs=0.005)
    assert cost_summary["reference"]["name"] == SET
    assert cost_summary["reference"]["status"] == "illustrative"


def test_cost_reports_show_the_codes_and_the_illustrative_label(tmp_path: Path) -> None:
    result = invoke("cost", EXAMPLE, "--reference", SET, "--out", tmp_path, "--force")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report.html").read_text()
    assert "PSY_COM" in html and "ILLUSTRATIVE" in html
    sheet = pd.read_excel(tmp_path / "report.xlsx", sheet_name="Clusters", engine="calamine")
    assert sheet["Cluster"].head(len(ORDER)).tolist() == ORDER


def test_tender_runs_end_to_end_with_text_codes(tmp_path: Path) -> None:
    result = invoke("tender", EXAMPLE, "--reference", SET, "--out", tmp_path, "--force")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text())
    lots = {lot["name"]: set(lot["clusters"]) for lot in summary["tender"]["lots"]}
    assert lots == {
        "Community": {"PSY_COM", "MA_COM", "NC_COM"},
        "Crisis": {"PSY_CRI", "MA_CRI", "NC_CRI"},
    }
    by_code = {row["cluster"]: row for row in summary["residue_by_cluster"]}
    assert set(by_code) == set(ORDER)
    # Inpatient codes are in no lot: nobody takes anyone from them.
    for code in ("PSY_INP", "MA_INP", "NC_INP"):
        assert by_code[code]["taken_patients"] == 0
    # Taken plus left equals everyone, code by code (people are conserved).
    for row in by_code.values():
        assert row["taken_patients"] + row["residue_patients"] == row["service_users"]
    # The tender's population costs what pbrkit cost says: £360,992 (see above).
    clusters = summary["clusters"]
    assert sum(c["cost"] for c in clusters) == pytest.approx(360_992.00, abs=0.01)
    assert "PSY_COM" in (tmp_path / "report.html").read_text()


def test_tender_publish_runs(tmp_path: Path) -> None:
    result = invoke(
        "tender", EXAMPLE, "--reference", SET, "--out", tmp_path, "--force", "--publish"
    )
    assert result.exit_code == 0, result.output


def test_cluster_says_allocation_is_for_care_clusters_only(tmp_path: Path) -> None:
    ratings = ROOT / "examples" / "ratings.xlsx"
    out = tmp_path / "out"
    result = invoke("cluster", ratings, "--reference", SET, "--out", out)
    assert result.exit_code == 2
    assert "works only for care clusters" in result.stderr
    assert "--reference illustrative-2014-15" in result.stderr
    assert not out.exists()  # nothing written


# --- reading text codes ------------------------------------------------------------------


def test_text_codes_their_spellings_and_bad_ones() -> None:
    currency = load_reference_set(SET).currency
    with using_currency(currency):
        keys, bad = parse_cluster(
            pd.Series(["PSY_COM", " psy_com ", "psychosis community", "NC_CRI", "C3", "9", None])
        )
    # Keys are row numbers: PSY_COM is row 1, NC_CRI row 9; C3 and 9 are not codes here.
    assert keys[:4].tolist() == [1.0, 1.0, 1.0, 9.0]
    assert bad.tolist() == [False, False, False, False, True, True, False]
    assert [currency.code_of(k) for k in (1, 9)] == ["PSY_COM", "NC_CRI"]


def test_a_numeric_column_is_never_a_text_code() -> None:
    with using_currency(load_reference_set(SET).currency):
        keys, bad = parse_cluster(pd.Series([1.0, 2.0]))
    assert pd.isna(keys).all()
    assert bad.tolist() == [True, True]


def test_code_lists_in_text() -> None:
    with using_currency(load_reference_set(SET).currency):
        assert parse_cluster_list("PSY_COM, nc_cri") == frozenset({1, 9})
        assert parse_cluster_list("all") == frozenset(range(1, 10))
        assert parse_cluster_list("PSY_COM, C3") is None


def test_a_bad_code_in_the_caseload_names_the_set_s_codes(tmp_path: Path) -> None:

    book = write_xlsx(
        tmp_path / "in.xlsx",
        {
            "caseload": [
                {"cluster": "PSY_COM", "service_users": 1, "cluster_days": 10},
                {"cluster": "C3", "service_users": 1, "cluster_days": 10},
            ]
        },
    )
    result = invoke("cost", book, "--reference", SET, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "row 3, column 'cluster'" in result.stderr
    assert "not a valid resource group code" in result.stderr
    assert "PSY_COM, PSY_INP" in result.stderr
    assert not (tmp_path / "out").exists()


# --- the set's own checks -------------------------------------------------------------------


def _copy_set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    for file in (ROOT / "tariffs" / SET).iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    return folder


def test_a_repeated_code_an_unknown_superclass_and_role_are_each_named(tmp_path: Path) -> None:
    folder = _copy_set(tmp_path)
    csv = folder / "clusters.csv"
    lines = csv.read_text().splitlines()
    lines[2] = lines[1]  # row 3 repeats PSY_COM
    lines[4] = lines[4].replace("mood and anxiety", "moods", 1)  # row 5
    lines[6] = lines[6].replace(",365,,", ",365,sometimes,", 1)  # row 7
    csv.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        load_reference_set(folder)
    problems = [(p.row, p.column, p.message) for p in caught.value.problems]
    assert (3, "code", "repeated code") in problems
    assert (5, "superclass", "unknown superclass") in problems
    assert (7, "role", "unknown role") in problems


def test_the_example_script_remakes_the_workbook(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_mhnrg", ROOT / "examples" / "make_mhnrg.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.main(tmp_path)
    for name in ("caseload", "nhs", "bidders", "lots", "About"):
        fresh = pd.read_excel(made, sheet_name=name, engine="calamine", header=None)
        shipped = pd.read_excel(EXAMPLE, sheet_name=name, engine="calamine", header=None)
        pd.testing.assert_frame_equal(fresh, shipped)


def test_a_code_too_large_for_the_per_code_tables_is_refused(tmp_path: Path) -> None:
    folder = _copy_set(tmp_path)
    toml = folder / "set.toml"
    toml.write_text(toml.read_text().replace('code_kind = "text"', 'code_kind = "integer"'))
    csv = folder / "clusters.csv"
    # Integer codes index dense per-code tables (keys 0-99): 100 and "PSY_COM" are refused.
    lines = csv.read_text().splitlines()
    lines[1] = "100" + lines[1][len("PSY_COM") :]
    csv.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        load_reference_set(folder)
    rows = {p.row for p in caught.value.problems if p.column == "code"}
    assert {2, 3, 10} <= rows  # 100 on row 2; text codes on rows 3-10
