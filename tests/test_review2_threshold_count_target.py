"""Review 2 (round 13): a break-even of a count of people at a target between two counts.

Found by ``pbrkit threshold W --param bidders.Acme.capacity --figure taken_patients
--target 1.5 --bounds 0:5`` on a 5-person workbook: every report wrote the target as
a count, rounded to 2 ("People taken by bidders jumps past 2 at bidders.Acme.capacity =
2.0000: it steps there ..., so it is never 2 itself"; the Thresholds table's target
cell 2), which is false: at capacity 2 the bidders take exactly 2. A count of people
is whole, so a target between two whole numbers is now refused (exit 2, nothing
written), as a bidder's capacity is; a whole target still runs.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    for row in [("P1", 1, 365, 500), ("P2", 1, 365, 1500), ("P3", 1, 365, 900)]:
        sheet.append(list(row))
    bidders = book.create_sheet("bidders")
    bidders.append(["name", "cost_factor", "info_quality"])
    bidders.append(["Acme", 0.5, 1])
    book.save(path)
    return path


def _run(tmp_path: Path, target: str, out: Path) -> str:
    workbook = _workbook(tmp_path / "w.xlsx")
    args = ["threshold", str(workbook), "--param", "bidders.Acme.capacity", "--figure",
            "taken_patients", "--target", target, "--bounds", "0:5", "--workers", "1",
            "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    return f"{result.exit_code}\n{result.output}"


def test_a_target_between_two_counts_is_refused(tmp_path: Path) -> None:
    said = _run(tmp_path, "1.5", tmp_path / "out")
    assert said.startswith("2\n"), said
    assert "--target 1.5" in said
    assert "whole" in said
    assert not (tmp_path / "out").exists()


def test_a_whole_target_still_runs(tmp_path: Path) -> None:
    said = _run(tmp_path, "2", tmp_path / "out")
    assert said.startswith("0\n"), said
