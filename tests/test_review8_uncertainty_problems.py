"""Every bad row of an uncertainty table is reported at once, located where it is (review 8).

Found with an uncertainty sheet of our own in a 300-person workbook (and the same rows
in a CSV and in a scenario's ``[[uncertainty]]``), by ``pbrkit psa``:

- with row 3 low > high and row 4 naming a bidder the workbook does not have
  ('Gamma'), only row 3 was reported; fixed and run again, row 4 came next. The rows
  were checked in two passes (the table's own checks, then the names against the
  tender), and the first pass's problems stopped the second;
- in a scenario, a row naming no bidder was located "sheet 'uncertainty', row 2",
  a sheet the scenario does not have, while a bad interval in the same table was
  "sheet 's.toml [uncertainty]', row 1" (and ``pbrkit cost --psa`` said "sheet
  'uncertainty'" for a scenario-less CSV too, which is the sheet the CSV is read as).

The rows are now checked against the tender (or the costing) in the same pass, and a
row's problems name the table the row came from.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli
from review8_inputs import patients_folder


def _folder(tmp_path: Path) -> Path:
    return patients_folder(tmp_path, bidders="name,cost_factor,capacity\nAlpha,0.9,2\n")


def _error(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    return result.output


def test_a_bad_interval_and_an_unknown_bidder_are_both_reported(tmp_path: Path) -> None:
    table = tmp_path / "u.csv"
    table.write_text(
        "parameter,low,high\nnhs.fixed_cost_share,0.2,0.5\nnhs.shed_rate,0.9,0.5\n"
        "bidders.Gamma.capacity,1,5\n",
        encoding="utf-8",
    )
    said = _error(["psa", str(_folder(tmp_path)), "--uncertainty", str(table), "--samples", "5"])
    assert "row 3, column 'low': 'nhs.shed_rate': low (0.9) is greater than high (0.5)" in said
    assert "row 4, column 'parameter': 'bidders.Gamma.capacity': no bidder called 'Gamma'" in said


def test_threshold_reports_both_too(tmp_path: Path) -> None:
    table = tmp_path / "u.csv"
    table.write_text(
        "parameter,low,high\nbidders.Gamma.capacity,1,5\ntariff.scale,-5,1.1\n",
        encoding="utf-8",
    )
    folder = str(_folder(tmp_path))
    said = _error(["threshold", folder, "--uncertainty", str(table), "--param",
                   "nhs.fixed_cost_share", "--figure", "nhs_surplus_change"])  # fmt: skip
    assert "row 2, column 'parameter': 'bidders.Gamma.capacity': no bidder called 'Gamma'" in said
    assert (
        "row 3, column 'low': 'tariff.scale': the interval -5 to 1.1 is outside the valid range"
        in said
    )


def test_a_scenario_row_is_located_in_the_scenario(tmp_path: Path) -> None:
    _folder(tmp_path)
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        'schema_version = 1\nworkbook = "in"\n'
        '[[uncertainty]]\nparameter = "nhs.shed_rate"\nlow = 0.9\nhigh = 0.3\n'
        '[[uncertainty]]\nparameter = "bidders.Gamma.capacity"\nlow = 1\nhigh = 5\n',
        encoding="utf-8",
    )
    said = _error(["psa", str(scenario), "--samples", "5"])
    assert "sheet 's.toml [uncertainty]', row 1, column 'low': 'nhs.shed_rate'" in said
    assert (
        "sheet 's.toml [uncertainty]', row 2, column 'parameter': 'bidders.Gamma.capacity'" in said
    )
    assert "sheet 'uncertainty'" not in said


def test_cost_psa_reports_a_tender_row_beside_a_bad_interval(
    tmp_workbook: WorkbookFactory,
) -> None:
    book = tmp_workbook({
        "caseload": [{"cluster": 4, "service_users": 10, "cluster_days": 3000}],
        "uncertainty": [{"parameter": "nhs.shed_rate", "low": 0.1, "high": 0.3},
                        {"parameter": "costs.scale", "low": 1.2, "high": 0.9}],
    })  # fmt: skip
    said = _error(["cost", str(book), "--psa", "5"])
    assert "row 2, column 'parameter': 'nhs.shed_rate' is a tender parameter" in said
    assert "row 3, column 'low': 'costs.scale': low (1.2) is greater than high (0.9)" in said
