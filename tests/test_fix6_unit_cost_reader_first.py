"""A package resource with no unit cost is refused by the readers, at its row (fix6).

The last stop found costing.py's "package resource has no unit cost" looked
unreachable. For `pbrkit cost` and `validate` it is: the reader
(io.resources.match_resources) names the package row first, with the file to add the
unit cost to. But `pbrkit tender` on patient rows read the resources only for
differences in capitals (an unpriced resource matters only for a patient without a
cost of their own), so a patient needing a modelled cost reached costing's message:
no row, and "add a row for 'unknown' to the unit_costs sheet" in a folder of CSVs,
which has files. The tender's reader now names it as cost's does when some patient's
cost must be modelled. costing.package_cost_per_day keeps its check for library
callers that build CostInputs themselves (tests/test_costing.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

PACKAGES = "cluster,resource,quantity,per\n1,unknown,1,day\n"
UNIT_COSTS = "resource,unit_cost\ncc_hour,35\ninpatient_bed_day,400\n"
AT_ROW = (
    "file 'tp/packages.csv', row 2, column 'resource': package resource has no unit cost "
    "(found 'unknown'); expected a resource listed in the unit costs. Fix: add a row for "
    "'unknown' to file 'tp/unit_costs.csv', or correct the resource's name"
)


def _folder(tmp_path: Path, patients: str) -> Path:
    folder = tmp_path / "tp"
    folder.mkdir()
    (folder / "patients.csv").write_text(patients, encoding="utf-8")
    (folder / "packages.csv").write_text(PACKAGES, encoding="utf-8")
    (folder / "unit_costs.csv").write_text(UNIT_COSTS, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", ["tender", "cost", "validate"])
def test_a_patient_without_a_cost_is_refused_at_the_package_row(
    tmp_path: Path, command: str
) -> None:
    folder = _folder(tmp_path, "patient_id,cluster,days\na,1,100\n")
    out = tmp_path / "out"
    args = [command, str(folder)] + ([] if command == "validate" else ["--out", str(out)])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert AT_ROW in text, text
    assert "the unit_costs sheet" not in text
    assert "nothing was written" in text
    assert not out.exists()


def test_patients_with_their_own_costs_need_no_unit_cost(tmp_path: Path) -> None:
    # Every patient's cost is given: no package is costed, so the tender runs (as before).
    folder = _folder(tmp_path, "patient_id,cluster,days,cost\na,1,100,5000\n")
    result = CliRunner().invoke(cli, ["tender", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
