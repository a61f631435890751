"""A tender read from a folder of CSVs is told of its files, not sheets (fix4, item 4).

Found running ``pbrkit validate`` and ``pbrkit tender`` on examples/clusters.xlsx's
caseload, nhs, bidders and lots sheets saved as a folder of CSVs (tf/):

- nhs.csv with two rows of fixed_cost_share and shed_rate: "the nhs sheet takes one
  row of fixed_cost_share and shed_rate";
- a patients.csv beside caseload.csv: the tender's note "The patients sheet gives the
  population; the caseload sheet is not used." (written into summary.json and the
  reports);
- 501 bidders: "sheets 'bidders' and 'lots': 501 bidders × 0 lots" and "check the
  bidders and lots sheets";
- validate's summary line "tender sheets read: nhs, bidders, lots";
- nhs.csv with payment = blended and no variable_share column: "Fix: give
  variable_share on the sheet".

Each now names the files (a workbook is told of its sheets as before).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("tender") / "tf"
    made.mkdir()
    sheets = pd.read_excel(EXAMPLE, sheet_name=None, engine="calamine")
    for name in ("caseload", "nhs", "bidders", "lots"):
        sheets[name].to_csv(made / f"{name}.csv", index=False)
    return made


def _copy(folder: Path, tmp_path: Path, **files: str) -> Path:
    copy = tmp_path / "tf"
    shutil.copytree(folder, copy)
    for name, text in files.items():
        (copy / f"{name}.csv").write_text(text, encoding="utf-8")
    return copy


def _run(*args: str | Path, code: int) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_validate_names_the_files_read(folder: Path) -> None:
    out = _run("validate", folder, code=0)
    assert "tender files read: nhs.csv, bidders.csv, lots.csv" in out


def test_two_nhs_rows(folder: Path, tmp_path: Path) -> None:
    copy = _copy(folder, tmp_path, nhs="fixed_cost_share,shed_rate\n0.3,0.5\n0.4,0.5\n")
    out = _run("validate", copy, code=2)
    assert "file 'tf/nhs.csv', row 3: the nhs file takes one row of fixed_cost_share" in out
    assert "sheet" not in out


def test_patients_beside_a_caseload(folder: Path, tmp_path: Path) -> None:
    copy = _copy(folder, tmp_path, patients="patient_id,cluster,cluster_days\nP1,3,100\n")
    _run("tender", copy, "--out", tmp_path / "o", code=0)
    summary = (tmp_path / "o" / "summary.json").read_text(encoding="utf-8")
    assert "The patients file gives the population; the caseload file is not used." in summary
    assert "patients sheet" not in summary


def test_too_many_bidders(folder: Path, tmp_path: Path) -> None:
    # 501 bidders × no lots (counted as one) = 501 pairs, one over the limit of 500.
    rows = "".join(f"b{i},1,0.5,0.1,,1-8\n" for i in range(501))
    bidders = f"name,cost_factor,info_quality,hurdle_margin,capacity,clusters\n{rows}"
    copy = _copy(folder, tmp_path, bidders=bidders)
    (copy / "lots.csv").unlink()
    out = _run("validate", copy, code=2)
    assert "file 'tf/bidders.csv': 501 bidders × 0 lots = 501 bidder-lot pairs" in out
    assert "check file 'tf/bidders.csv' (or the scenario) for runaway rows" in out
    assert "sheet" not in out


def test_a_value_the_row_lacks(folder: Path, tmp_path: Path) -> None:
    # payment = blended needs a variable_share, which nhs.csv has no column for.
    nhs = "fixed_cost_share,shed_rate,payment\n0.3,0.5,blended\n"
    out = _run("validate", _copy(folder, tmp_path, nhs=nhs), code=2)
    assert "file 'tf/nhs.csv', row 2, column 'variable_share'" in out
    assert "Fix: give variable_share in the file: a fraction from 0 to 1" in out
    assert "sheet" not in out
