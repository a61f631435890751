"""A pipe-separated CSV (as database and warehouse exports write) is read (review 7).

Found saving the caseload of examples/clusters.xlsx as a CSV separated by `|`: the
reader sniffs commas, semicolons and tabs only, so `pbrkit cost` said "no header row
found; expected a row of column names including cluster, service_users,
cluster_days. Fix: put the column names in the first row", though they were there.
Pipes are now sniffed too, and the figures equal those of the comma-separated file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def folder(path: Path, delimiter: str) -> Path:
    rows = openpyxl.load_workbook(EXAMPLE)["caseload"].iter_rows(values_only=True)
    path.mkdir()
    with (path / "caseload.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def totals(source: Path, out: Path) -> dict[str, float]:
    result = CliRunner().invoke(cli, ["cost", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return dict(json.loads((out / "summary.json").read_text())["totals"])


def test_a_pipe_separated_csv_is_read_like_a_comma_separated_one(tmp_path: Path) -> None:
    commas = totals(folder(tmp_path / "commas", ","), tmp_path / "a")
    pipes = totals(folder(tmp_path / "pipes", "|"), tmp_path / "b")
    assert pipes == commas
    assert pipes["service_users"] == 10_231  # the example's people, as `pbrkit cost` says
