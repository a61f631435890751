"""Every ``--vary`` refusal of ``pbrkit sweep`` and ``pbrkit explore`` ends with a hint.

Left by the previous reviews: a bad range (``0.2:0.8``, ``0.2:0.8:x``), STEPS of 0 or 1,
a number that is not finite, an unknown field or bidder, a value outside its key's
range and a cost share on a competitive lot were refused with an error and no "Hint:"
line, while a word for a number or an unknown group had one. Each refusal is run as a
user runs it, and must exit 2, write nothing, and say how to go on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FIXED = str(ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml")
SPLIT = str(ROOT / "examples" / "scenarios" / "probation-style-split.toml")

REFUSED = [
    (FIXED, ["nhs.fixed_cost_share=0.2:0.8"]),  # no STEPS
    (FIXED, ["nhs.fixed_cost_share=0.2:0.8:x"]),  # STEPS not a number
    (FIXED, ["nhs.fixed_cost_share=0.2:0.8:3.5"]),  # STEPS not whole
    (FIXED, ["nhs.fixed_cost_share=0.2:0.8:0"]),  # STEPS of 0
    (FIXED, ["nhs.fixed_cost_share=0.2:0.8:1"]),  # one step, two ends
    (FIXED, ["nhs.fixed_cost_share=0:1:20000"]),  # more values than a sweep's points
    (FIXED, ["nhs.fixed_cost_share=inf"]),  # not finite
    (FIXED, ["nhs.nope=0.2:0.8:3"]),  # unknown field
    (FIXED, ["bidders.Nobody.cost_factor=1,2"]),  # unknown bidder
    (FIXED, ["nhs.fixed_cost_share=0.2:1.8:3"]),  # 1.8 outside 0-1
    (FIXED, ["bidders.*.hurdle_margin=-3,0"]),  # below a hurdle's lower limit
    (FIXED, ["nhs.fixed_cost_share=0.2,0.5", "nhs.fixed_cost_share=0.3,0.6"]),  # twice
    (SPLIT, ["lots.*.cost_sharing=0:0.4:3"]),  # a share on a competitive lot
]


@pytest.mark.parametrize("command", ["sweep", "explore"])
@pytest.mark.parametrize(("scenario", "vary"), REFUSED, ids=[" ".join(v) for _, v in REFUSED])
def test_every_vary_refusal_carries_a_hint(
    command: str, scenario: str, vary: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = [command, scenario, *(a for v in vary for a in ("--vary", v)), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ")
    assert [line for line in lines if line.startswith("Hint: ")], result.stderr
    assert not out.exists()
