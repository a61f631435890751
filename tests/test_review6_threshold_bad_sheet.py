"""``pbrkit threshold`` refuses a bad uncertainty sheet instead of ignoring it (review 6).

Found by adding an ``uncertainty`` sheet to a tender workbook with ``tariff.scale``'s
low (1.05) above its high (0.95) and running ``pbrkit threshold WORKBOOK --param
nhs.fixed_cost_share --figure nhs_surplus_change --target -3500000``: it exited 0 and
reported a break-even of 0.2581 with the sheet's other row (``nhs.shed_rate``, 0.1 to
0.5) left at the nhs sheet's value instead of its median, saying nothing of the sheet.
``pbrkit psa`` on the same workbook exits 2 naming row 2. The threshold treated every
error in reading the parameters as "there is no uncertainty sheet"; now only that is
optional, and a bad row is an input error as it is for every other command.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from pbrkit.cli import cli


def _workbook(tmp_path: Path, *ranges: tuple[str, float, float]) -> Path:
    book = openpyxl.Workbook()
    people = book.active
    assert people is not None
    people.title = "patients"
    people.append(["patient_id", "cluster", "days", "cost"])
    for row in (("p1", 4, 100, 800), ("p2", 4, 200, 1500), ("p3", 11, 365, 3000)):
        people.append(list(row))
    nhs = book.create_sheet("nhs")
    nhs.append(["fixed_cost_share", "shed_rate"])
    nhs.append([0.3, 0.3])
    if ranges:
        sheet = book.create_sheet("uncertainty")
        sheet.append(["parameter", "low", "high"])
        for row in ranges:
            sheet.append(list(row))
    path = tmp_path / "tender.xlsx"
    book.save(path)
    return path


def _threshold(workbook: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        ["threshold", str(workbook), "--param", "nhs.fixed_cost_share", "--figure",
         "nhs_surplus_change", "--workers", "1", "--out", str(out)],
    )  # fmt: skip
    return result.exit_code, result.output


def test_a_bad_row_in_the_workbooks_uncertainty_sheet_is_an_input_error(
    tmp_path: Path,
) -> None:
    workbook = _workbook(tmp_path, ("tariff.scale", 1.05, 0.95), ("nhs.shed_rate", 0.1, 0.5))
    out = tmp_path / "out"
    code, output = _threshold(workbook, out)
    assert code == 2, output
    assert "sheet 'uncertainty', row 2" in output
    assert "low (1.05) is greater than high (0.95)" in output
    assert not out.exists()


def test_without_an_uncertainty_sheet_the_search_still_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = _threshold(_workbook(tmp_path), out)
    assert code == 0, output
    assert (out / "summary.json").exists()


def test_a_patients_csv_is_not_read_as_an_uncertainty_sheet(tmp_path: Path) -> None:
    # A single table is the patients: with no uncertainty table anywhere the search
    # runs with every input as given (and psa says there are no uncertain parameters).
    patients = tmp_path / "patients.csv"
    patients.write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n",
        encoding="utf-8",
    )
    code, output = _threshold(patients, tmp_path / "out")
    assert code == 0, output
    result = CliRunner().invoke(
        cli, ["psa", str(patients), "--samples", "2", "--out", str(tmp_path / "psa")]
    )
    assert result.exit_code == 2, result.output
    assert "no uncertain parameters" in result.output
    assert "no header row" not in result.output
