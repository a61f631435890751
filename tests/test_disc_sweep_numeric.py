"""``sweep --vary``: numbers only for numeric settings (disc, item 3).

Found by review, reproduced before the fix:

* ``--vary lots.X.accept_all=0,1`` ran: pydantic read 0.0 and 1.0 as no and yes, and
  the grid showed them as the numbers 0 and 1 on a numeric axis; ``--vary
  bidders.X.clusters=1,2`` ran the bidder on cluster 1 alone and then cluster 2 alone
  (read as sets of one cluster, not as "clusters 1 and 2"). docs/scenarios.md: a sweep
  varies the numeric keys. A number for a key that takes none is now refused, one
  problem naming the path, the value, the numeric keys and how to fix it; words
  (``accept_all=no,yes``, ``clusters=1-4,5-8``) are read as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.tender import Bidder, Lot, TenderSpec, set_parameter

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "scenarios" / "aqp-fixed-tariff.toml"
SPEC = TenderSpec(
    bidders=[Bidder(name="A", cost_factor=0.9)],
    lots=[Lot(name="L", clusters=[1, 2])],
)


def _problem(path: str, value: object) -> str:
    with pytest.raises(InputError) as error:
        set_parameter(SPEC, path, value)
    return str(error.value.problems[0])


def test_a_number_for_a_yes_no_setting_is_refused() -> None:
    assert _problem("lots.L.accept_all", 1.0) == (
        "lots.L.accept_all: accept_all is not a numeric setting, so a sweep cannot set it to "
        "a number (found 1.0); expected numbers only for price_weight, cost_sharing. Fix: "
        "vary a yes/no setting by its words: lots.L.accept_all=no,yes"
    )
    assert "bidders.*.screening=no,yes" in _problem("bidders.*.screening", 0.0)


def test_a_number_for_clusters_is_refused() -> None:
    message = _problem("bidders.A.clusters", 1.0)
    assert message.startswith("bidders.A.clusters: clusters is not a numeric setting")
    assert "bidders.A.clusters=1-4,5-8" in message
    assert "cost_factor, info_quality, hurdle_margin, capacity" in message


def test_words_and_numeric_settings_still_work() -> None:
    assert set_parameter(SPEC, "lots.L.accept_all", "yes").lot("L").accept_all
    assert set_parameter(SPEC, "lots.L.accept_all", True).lot("L").accept_all
    assert set_parameter(SPEC, "bidders.A.clusters", "2-2").bidder("A").clusters == {2}
    assert set_parameter(SPEC, "bidders.A.capacity", 3.0).bidder("A").capacity == 3
    assert set_parameter(SPEC, "nhs.shed_rate", 0.1).nhs.shed_rate == 0.1


@pytest.mark.parametrize(
    ("vary", "words"),
    [
        ("lots.*.accept_all=0,1", "accept_all is not a numeric setting"),
        ("bidders.*.clusters=1,2", "clusters is not a numeric setting"),
    ],
)
def test_sweep_exits_2_and_writes_nothing(tmp_path: Path, vary: str, words: str) -> None:
    out = tmp_path / "out"
    args = ["sweep", str(SCENARIO), "--vary", vary, "--draws", "1", "--workers", "1"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists()
