"""Hostile review rev8: `pbrkit compare` of two `pbrkit cost --psa` runs of the same
caseload and ranges, one of 1 sample and one of 1,000, said "What differs: no setting",
beside 5th percentiles £480 apart: the number of samples is a setting of the run, and
a reader must see it before reading the difference as anything but sampling.

rev8_inputs.costing: surplus = 5,000 × tariff.scale − 8,000, with tariff.scale uniform
on 0.9 to 1.1 (drawn on 0.875 to 1.125).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from rev8_inputs import costing

SCALE_RANGE = "parameter,low,high,distribution,mode,source\ntariff.scale,0.9,1.1,uniform,,test\n"


def test_the_number_of_psa_samples_is_a_setting(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(SCALE_RANGE, encoding="utf-8")
    source = costing(tmp_path / "caseload")
    outs = []
    for samples in ("1", "40"):
        out = tmp_path / f"psa{samples}"
        args = ["cost", str(source), "--psa", samples, "--uncertainty", str(ranges)]
        result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(str(out))
    result = CliRunner().invoke(cli, ["compare", *outs, "--out", str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "cmp" / "summary.json").read_text(encoding="utf-8"))
    changed = {row["setting"]: row["values"] for row in summary["changed"]}
    assert changed == {"PSA samples (--psa, --samples)": "psa1: 1; psa40: 40"}
    assert "no setting" not in result.output
