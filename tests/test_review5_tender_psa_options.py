"""``pbrkit tender`` refuses PSA options given without ``--psa`` (review 5).

Found running ``pbrkit tender toy.xlsx --uncertainty u.csv`` and ``pbrkit tender toy.xlsx
--inner 3``: both ran, wrote reports with no PSA in them and said nothing, so a user who
forgot ``--psa N`` reads a single run as if its ranges had been analysed. ``pbrkit cost``
already refuses ``--uncertainty`` without ``--psa``; the tender now does too, and
``--inner`` likewise: exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

PATIENTS = [
    {"patient_id": "a1", "cluster": 1, "days": 100, "cost": 500},
    {"patient_id": "a2", "cluster": 1, "days": 100, "cost": 1500},
]
TARIFF = [{"cluster": 1, "price": 10, "unit": "per_day"}]


@pytest.mark.parametrize(
    ("option", "needs"), [("--uncertainty", "--uncertainty"), ("--inner", "--inner")]
)
def test_psa_options_need_psa(
    tmp_workbook: WorkbookFactory, tmp_path: Path, option: str, needs: str
) -> None:
    book = tmp_workbook({"patients": PATIENTS, "tariff": TARIFF})
    table = tmp_path / "u.csv"
    table.write_text("parameter,low,high\nnhs.fixed_cost_share,0.3,0.7\n", "utf-8")
    value = str(table) if option == "--uncertainty" else "3"
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["tender", str(book), option, value, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{needs} needs --psa N" in result.output
    assert not out.exists()
