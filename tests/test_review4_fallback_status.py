"""Reference prices a partial local tariff borrows keep their status (review4, December 2026).

A local tariff pricing cluster 1 only, for a caseload in clusters 1, 11 and 14: 11 and
14 are priced from the illustrative reference set (docs/methodology.md §2). The "Tariff
used" table of report.xlsx listed their prices beside cluster 1's with no basis and no
status, because the borrowed rows took only the local sheet's columns: illustrative
prices looked like the trust's own. They now carry the reference set's basis and
status ("illustrative"); the local row's status stays blank.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli


def _tariff_used(path: Path) -> dict[int, dict[str, object]]:
    sheet = openpyxl.load_workbook(path, data_only=True)["Assumptions"]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Tariff used")
    header = [str(v) for v in rows[start + 1] if v is not None]
    table: dict[int, dict[str, object]] = {}
    for row in rows[start + 2 :]:
        if row[0] is None:
            break
        table[int(row[0])] = dict(zip(header, row, strict=False))
    return table


def test_borrowed_prices_say_illustrative(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    book = tmp_workbook(
        {
            "caseload": [
                {"cluster": 1, "service_users": 10, "cluster_days": 840},
                {"cluster": 11, "service_users": 4, "cluster_days": 1460},
                {"cluster": 14, "service_users": 5, "cluster_days": 280, "admitted_days": 56},
            ],
            "tariff": [{"cluster": 1, "price": 400, "unit": "per_episode"}],
        }
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["cost", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    used = _tariff_used(out / "report.xlsx")
    assert set(used) == {1, 11, 14}
    # Before: no Status column at all (the local sheet has none).
    assert used[11]["Status"] == "illustrative" and used[14]["Status"] == "illustrative"
    assert used[1].get("Status") in (None, "")
    assert used[14]["Price £"] == 700 and used[1]["Price £"] == 400
