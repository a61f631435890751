"""``pbrkit tender`` refuses the patient rows ``pbrkit cost`` refuses (review 5).

Found with a 9-person toy workbook: a patient with 200 admitted days in 100 cluster
days, and a patient with 0 episodes beside 100 days, were refused by ``pbrkit cost`` and
``pbrkit validate`` (methodology §2: admitted days are part of cluster days; days in a
cluster are days of some episode) but ``pbrkit tender`` ran on them and wrote its
reports (the first counted as a person costing less than their own bed days). The
tender's reader now applies the same per-row checks: exit 2, the sheet, row and column
named, nothing written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

PATIENTS = [
    {"patient_id": pid, "cluster": cluster, "days": 100, "admitted_days": 0, "episodes": 1,
     "cost": cost}
    for pid, cluster, cost in (("a1", 1, 500), ("a2", 1, 800), ("b1", 2, 1000))
]  # fmt: skip
TARIFF = [
    {"cluster": 1, "price": 10, "unit": "per_day"},
    {"cluster": 2, "price": 20, "unit": "per_day"},
]


def _tender(book: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["tender", str(book), "--out", str(out)])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("admitted_days", 200, "admitted days exceed cluster days"),
        ("episodes", 0, "0 episodes beside days in the cluster"),
    ],
)
def test_tender_refuses_what_cost_refuses(
    tmp_workbook: WorkbookFactory, tmp_path: Path, column: str, value: int, words: str
) -> None:
    rows = [dict(p) for p in PATIENTS]
    rows[1][column] = value  # sheet row 3
    book = tmp_workbook({"patients": rows, "tariff": TARIFF})
    for command in ("cost", "tender"):
        out = tmp_path / f"out-{command}"
        result = CliRunner().invoke(cli, [command, str(book), "--out", str(out)])
        assert result.exit_code == 2, (command, result.output)
        assert f"sheet 'patients', row 3, column '{column}': {words}" in result.output, command
        assert "Traceback" not in result.output
        assert not out.exists() or not any(out.iterdir())


def test_clean_rows_still_run(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook({"patients": PATIENTS, "tariff": TARIFF})
    code, output = _tender(book, tmp_path / "out")
    assert code == 0, output
