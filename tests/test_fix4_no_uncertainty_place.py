"""With no uncertain parameters, a CSV input is not told of its "workbook" (fix4, item 4).

Found running ``pbrkit psa`` on examples/clusters.xlsx's sheets saved as a folder of
CSVs (tf/) and on its caseload alone (caseload.csv), and ``pbrkit cost tf --psa 20``:
each said "no uncertain parameters: the workbook has no uncertainty sheet" and
"add an uncertainty sheet", though neither is a workbook; a lone CSV cannot hold one at
all. Now: "folder 'tf' has no uncertainty.csv" (add the file), "'caseload.csv' is one
table, with no uncertainty sheet" (give --uncertainty FILE); a workbook as before.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("psa") / "tf"
    made.mkdir()
    sheets = pd.read_excel(EXAMPLE, sheet_name=None, engine="calamine")
    for name in ("caseload", "nhs", "bidders", "lots"):
        sheets[name].to_csv(made / f"{name}.csv", index=False)
    return made


def _refused(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def test_psa_on_a_folder(folder: Path, tmp_path: Path) -> None:
    out = _refused("psa", folder, "--samples", "10", "--out", tmp_path / "o")
    assert "no uncertain parameters: folder 'tf' has no uncertainty.csv" in out
    assert "add a file uncertainty.csv to folder 'tf'" in out
    assert "workbook" not in out and "sheet" not in out


def test_cost_psa_on_a_folder(folder: Path, tmp_path: Path) -> None:
    out = _refused("cost", folder, "--psa", "20", "--out", tmp_path / "o")
    assert "no uncertain parameters: folder 'tf' has no uncertainty.csv" in out
    assert "workbook" not in out


def test_psa_on_one_csv(folder: Path, tmp_path: Path) -> None:
    out = _refused("psa", folder / "caseload.csv", "--samples", "10", "--out", tmp_path / "o")
    assert "no uncertain parameters: 'caseload.csv' is one table, with no uncertainty sheet" in out
    assert "add an uncertainty sheet" not in out


def test_psa_on_a_workbook(tmp_path: Path) -> None:
    out = _refused("psa", EXAMPLE, "--samples", "10", "--out", tmp_path / "o")
    assert "no uncertain parameters: the workbook has no uncertainty sheet" in out
    assert "add an uncertainty sheet" in out
