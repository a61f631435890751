"""Hostile review rev8: `pbrkit cost --psa N --uncertainty FILE` and `pbrkit tender --psa N
--uncertainty FILE` left FILE out of summary.json's `inputs` (and the reports' Run
record), though the PSA's intervals come from it: nobody could tell from a report
which ranges it rests on, and `pbrkit compare` of two such runs on other ranges said
"no setting" differs. `pbrkit psa` lists it; so must they.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli
from rev8_inputs import costing, tender_of_12

#: tariff.scale uniform on 0.9-1.1: the surplus is 5,000 × scale − 8,000.
SCALE_RANGE = "parameter,low,high,distribution,mode,source\ntariff.scale,0.9,1.1,uniform,,test\n"


def _summary(out: Path) -> dict[str, object]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _listed(summary: dict[str, object], path: Path) -> bool:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    inputs = summary["inputs"]
    assert isinstance(inputs, list)
    return any(Path(i["path"]).name == path.name and i["sha256"] == digest for i in inputs)


def test_a_costing_psa_lists_its_ranges(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(SCALE_RANGE, encoding="utf-8")
    source = costing(tmp_path / "caseload")
    out = tmp_path / "out"
    args = ["cost", str(source), "--psa", "20", "--uncertainty", str(ranges), "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert _listed(_summary(out), ranges)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "ranges.csv" in html


def test_a_tender_psa_lists_its_ranges(tmp_path: Path) -> None:
    ranges = tmp_path / "ranges.csv"
    ranges.write_text(
        "parameter,low,high,distribution,mode,source\nnhs.fixed_cost_share,0.2,0.6,uniform,,test\n",
        encoding="utf-8",
    )
    source = tender_of_12(tmp_path / "tender")
    out = tmp_path / "out"
    args = ["tender", str(source), "--psa", "20", "--uncertainty", str(ranges)]
    result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _listed(_summary(out), ranges)


def test_compare_tells_two_costing_psas_on_other_ranges_apart(tmp_path: Path) -> None:
    source = costing(tmp_path / "caseload")
    outs = []
    for name, high in (("narrow", "1.1"), ("wide", "1.3")):
        ranges = tmp_path / name / "ranges.csv"
        ranges.parent.mkdir()
        ranges.write_text(SCALE_RANGE.replace("1.1,", f"{high},"), encoding="utf-8")
        out = tmp_path / f"out-{name}"
        args = ["cost", str(source), "--psa", "20", "--uncertainty", str(ranges)]
        result = CliRunner().invoke(cli, [*args, "--workers", "1", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(str(out))
    result = CliRunner().invoke(cli, ["compare", *outs, "--out", str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    changed = [row["setting"] for row in _summary(tmp_path / "cmp")["changed"]]  # type: ignore[union-attr]
    assert "Input ranges.csv (SHA-256)" in changed
