"""``pbrkit threshold --samples N`` searches at all N samples, not the first 100 (review 6).

Found by running ``pbrkit threshold pat.xlsx --uncertainty u.csv --param
nhs.fixed_cost_share --figure nhs_surplus_change --target -3500000 --samples 150``:
summary.json said ``"samples": 100``. The 150 PSA samples were all run, then the
search was repeated at only the first 100 of them: the cap that keeps ``pbrkit psa``'s
automatic break-even to "up to 100 of its samples" (docs/uncertainty.md §5) also cut
short the break-even the user asked for by name, whose help says "PSA samples at which
to repeat the search". The cap now applies to the automatic search only.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "tender"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n"
        "p4,11,365,9000\np5,4,300,400\n",
        encoding="utf-8",
    )
    ranges = tmp_path / "uncertainty.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    return folder, ranges


def test_every_sample_asked_for_is_searched(tmp_path: Path) -> None:
    folder, ranges = _inputs(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["threshold", str(folder), "--uncertainty", str(ranges), "--param",
         "nhs.fixed_cost_share", "--figure", "nhs_surplus_change", "--samples", "101",
         "--workers", "1", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads((out / "summary.json").read_text(encoding="utf-8"))["thresholds"][0]
    assert found["psa"]["samples"] == 101


def test_samples_with_no_other_uncertain_parameter_are_refused(tmp_path: Path) -> None:
    # The table's only parameter is the one solved for: there is nothing to sample, and
    # --samples 150 used to be dropped without a word (exit 0, no range).
    folder, _ = _inputs(tmp_path)
    only = tmp_path / "only.csv"
    only.write_text("parameter,low,high\nnhs.fixed_cost_share,0.2,0.6\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["threshold", str(folder), "--uncertainty", str(only), "--param",
         "nhs.fixed_cost_share", "--figure", "nhs_surplus_change", "--target", "-3500000",
         "--samples", "150", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--samples 150 asks for the break-even's range" in result.output
    assert "none besides nhs.fixed_cost_share" in result.output
    assert not out.exists()
