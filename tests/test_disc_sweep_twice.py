"""``sweep --vary``: each value once, as ``pbrkit explore`` asks (disc, item 4).

Found by review, reproduced before the fix: ``--vary nhs.shed_rate=0.2,0.2`` (or
``0.2:0.2:3``) ran the same point twice and showed it as two rows of the grid, while
explore refuses a value given twice. The sweep now refuses it alike, with explore's
message, in one place (``check_grid``, which both run before reading any input).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.tender import Bidder, Lot, TenderSpec, sweep
from pbrkit.tender.sweep import check_grid

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"
SPEC = TenderSpec(bidders=[Bidder(name="A", cost_factor=0.9)], lots=[Lot(name="L", clusters=[1])])


def test_a_value_given_twice_is_refused() -> None:
    with pytest.raises(InputError) as error:
        check_grid({"nhs.shed_rate": [0.2, 0.2]})
    assert str(error.value.problems[0]) == "--vary nhs.shed_rate: the value 0.2 is given twice"
    with pytest.raises(InputError, match=r"the value 0\.5 is given twice"):
        sweep(None, SPEC, {"nhs.shed_rate": [0.5, 0.1, 0.5]})  # type: ignore[arg-type]


@pytest.mark.parametrize("vary", ["nhs.shed_rate=0.2,0.2", "nhs.shed_rate=0.2:0.2:3"])
def test_sweep_exits_2_and_writes_nothing(tmp_path: Path, vary: str) -> None:
    out = tmp_path / "out"
    args = ["sweep", str(SCENARIO), "--vary", vary, "--draws", "1", "--workers", "1"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "--vary nhs.shed_rate: the value 0.2 is given twice" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
