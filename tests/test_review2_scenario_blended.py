"""Review 2 (round 13): a scenario's ``payment = "blended"`` with no ``variable_share``.

Found by running ``pbrkit tender --scenario s.toml`` on a scenario whose ``[nhs]`` table
said ``payment = "blended"`` and nothing else: pbrkit stopped with "unexpected failure:
ValidationError ... NhsCostStructure" and exit 1, a traceback-like message naming a
Python class instead of the key to fix. It is bad input, so: exit 2, one problem at
``nhs.variable_share`` saying what to add, nothing written, an existing --out untouched.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pbrkit.cli import cli


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "patients"
    sheet.append(["patient_id", "cluster", "days", "cost"])
    for row in [("P1", 1, 365, 500), ("P2", 1, 365, 1500), ("P3", 2, 365, 3000)]:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.mark.parametrize(
    "nhs",
    [
        '[nhs]\npayment = "blended"\n',
        '[nhs]\npayment = "blended"\n[[nhs.pools]]\npool = "Beds"\namount = 100\nkind = "fixed"\n',
    ],
)
def test_blended_without_variable_share_is_one_problem_at_its_key(tmp_path: Path, nhs: str) -> None:
    _workbook(tmp_path / "w.xlsx")
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'schema_version = 1\nworkbook = "w.xlsx"\n{nhs}', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["tender", "--scenario", str(scenario), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output
    assert "ValidationError" not in result.output
    assert "nhs.variable_share" in result.output
    assert result.output.count("Error") == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
