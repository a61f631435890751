"""`pbrkit cost --deflator 1.8% --inflation 2.5%` reads as 0.018 and 0.025 (review 6).

Found by a newcomer's reading of `pbrkit cost --help`: `--efficiency 1.1%` is the
example given, so `--deflator 1.8%` was tried next, and refused ("'1.8%' is not a valid
finite number"). --deflator and --inflation now take a percentage as --efficiency does;
a bare number stays a fraction (0.018), and `--deflator 1.8` (180%) is still refused,
now saying to write 1.8% or 0.018.

Hand-worked (README): 1.8% = 0.018 and 2.5% = 0.025 exactly (read as decimals), so the
two runs' summary.json projections are identical: 2028/29 surplus −£9,527,214.53.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = str(ROOT / "examples" / "clusters.xlsx")


def projection(tmp_path: Path, *rates: str) -> list[dict[str, object]]:
    out = tmp_path / "-".join(rates).replace("%", "pc")
    args = ["cost", CLUSTERS, "--years", "5", *rates, "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["options"]["deflator"] == 0.018
    assert summary["options"]["inflation"] == 0.025
    return list(summary["projection"])


def test_percent_and_fraction_give_the_same_projection(tmp_path: Path) -> None:
    percent = projection(tmp_path, "--deflator", "1.8%", "--inflation", "2.5%")
    fraction = projection(tmp_path, "--deflator", "0.018", "--inflation", "0.025")
    assert percent == fraction
    assert round(float(percent[-1]["surplus"]), 2) == -9_527_214.53  # type: ignore[arg-type]


def test_a_bare_number_above_one_is_refused_with_the_two_spellings(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["cost", CLUSTERS, "--deflator", "1.8", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "1.8% or 0.018" in result.stderr
    assert not (tmp_path / "out").exists()
