"""The hand-made extract in tests/data/mhsds-handmade/ imports to its README's hand calculation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from mhsds_helpers import Y2017, caseload_of, reasons
from pbrkit.cli import cli
from pbrkit.mhsds import import_mhsds
from pbrkit.mhsds.importer import MhsdsImport

HANDMADE = Path(__file__).parent / "data" / "mhsds-handmade"


@pytest.fixture(scope="module")
def result() -> MhsdsImport:
    return import_mhsds(HANDMADE, Y2017)


def test_caseload_equals_the_hand_calculation(result: MhsdsImport) -> None:
    # README "Expected caseload": (service_users, cluster_days, episodes, admitted_days).
    assert caseload_of(result) == {
        0: (1, 1, 1, 0),
        1: (1, 52, 1, 0),  # Q: 21 (10-30 April) + 31 (May), the Refresh's end date
        3: (2, 186, 2, 7),  # A 2 + C 184; spell S1 gives C 7 admitted days
        4: (1, 92, 1, 0),  # K: 30 + 31 + 31
        7: (1, 2, 1, 2),  # J clipped at 2018-04-01; open spell S4 from 25 March
        11: (1, 363, 1, 0),  # B: 2017-04-03 → open
        12: (1, 324, 2, 10),  # D 145 + E 179; union of S2 and S3: 4 + 6
        15: (1, 28, 1, 0),  # O: MHS803UniqID 5002 beats 5001
    }
    assert result.summary()["people"] == 8  # 0001 is in clusters 3 and 11
    assert result.summary()["cluster_days"] == 1048


def test_every_row_left_out_is_counted(result: MhsdsImport) -> None:
    got = reasons(result)
    duplicate = "duplicate: an older or repeated submission of a record (the latest is kept)"
    assert got[duplicate] == 6 + 1  # MHS803: B, B, C, N, O, Q; MHS802: item 1 of B (October)
    assert got["cluster 09 (should not be used)"] == 2  # F, N (latest row)
    assert got["cluster not 00-21"] == 1  # G
    assert got["end before start"] == 1  # H
    assert got["unknown person (no Person_ID or LocalPatientId)"] == 1  # M
    assert got["no day in 2017/18"] == 1  # I (spell S5 has days in the year)
    assert got["overlapping periods for one person (the later one is left out)"] == 1  # L
    assert got["unknown item code"] == 1  # HoNOS-ABI id
    assert got["score out of range (not 0-4)"] == 1  # item 5 scored 7


def test_ratings_are_the_latest_assessment_in_the_year(result: MhsdsImport) -> None:
    assert result.ratings is not None
    rows = result.ratings.set_index("patient_id")
    assert list(rows.index) == ["0001", "local:RXX:00731"]
    first = rows.loc["0001"]
    assert (first["cluster"], first["assessed_on"]) == (11, "2017-04-03")
    assert [first[i] for i in ("1", "2", "3", "4", "13", "A")] == [3, 0, 1, 2, 4, 1]
    assert pd.isna(first["5"])  # scored 7: out of range
    assert "unconfirmed" in first["item_mapping"]
    second = rows.loc["local:RXX:00731"]
    assert (second["cluster"], second["assessed_on"]) == (12, "2017-10-02")
    assert (second["1"], second["7"], second["honos_version"]) == (2, 3, "HoNOS 65+")


def test_cli_writes_the_workbook_and_cost_cluster_tender_run_on_it(tmp_path: Path) -> None:
    runner = CliRunner()
    book = tmp_path / "trust.xlsx"
    done = runner.invoke(cli, ["import", "mhsds", str(HANDMADE), "--year", "2017/18", str(book)])
    assert done.exit_code == 0, done.output
    assert "8 people, 1,048 cluster days (19 admitted)" in done.output
    sheets = pd.read_excel(book, sheet_name=None, engine="calamine")
    assert list(sheets) == ["caseload", "patients", "ratings", "data_quality", "year", "About"]
    about = sheets["About"].to_string()
    assert "NOT confirmed" in about and "sha256" in about
    for command in (["cost"], ["cluster"], ["tender"]):
        out = tmp_path / command[0]
        ran = runner.invoke(cli, [*command, str(book), "--out", str(out)])
        assert ran.exit_code == 0, (command, ran.output)
        assert (out / "report.xlsx").is_file()
