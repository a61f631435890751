"""`validate` on ratings says which clusters a partial tariff leaves to the reference
set (fix2, item 6).

Found with a --tariff CSV pricing clusters 0-6 only: `pbrkit cluster` completes it
from the reference set and lists the clusters borrowed, but `pbrkit validate` said
only "tariff: pt.csv", so a user checking before the run was not told that most prices
would be the reference set's (illustrative ones, here). `validate` does not allocate,
so it cannot know the suggested clusters: it names every cluster the tariff leaves out
that the reference set prices ("7-21, 99" here: 9, not used, has no price and does not
break the run, as every code list pbrkit writes), saying any the run prices takes the
reference price.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "tariffs" / "illustrative-2014-15"
RATINGS = ROOT / "examples" / "ratings.xlsx"


def _validate(*args: str) -> str:
    done = CliRunner().invoke(cli, ["validate", *args])
    assert done.exit_code == 0, done.output
    return done.output


def test_a_partial_tariff_names_the_clusters_left_to_the_reference(tmp_path: Path) -> None:
    lines = (SET / "tariff.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "pt.csv").write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")  # 0-6
    out = _validate(str(RATINGS), "--tariff", str(tmp_path / "pt.csv"))
    assert (
        "    tariff: pt.csv; no price for clusters 7-21, 99: any of them the run prices "
        "(a clinician's or a suggested cluster) takes reference set illustrative-2014-15 "
        "(illustrative)'s price" in out
    )


def test_a_whole_tariff_or_the_reference_says_nothing_more(tmp_path: Path) -> None:
    assert "no price for" not in _validate(str(RATINGS))
    out = _validate(str(RATINGS), "--tariff", str(SET / "tariff.csv"))
    assert "    tariff: tariff.csv\n" in out
