"""``pbrkit validate`` gives the missing-price advice once (review4, December 2026).

A workbook read for cost and tender with a cluster that has activity and no price: the
cost check and the tender check both stopped on it, and validate's hint ended "…; add
the missing prices (or run `pbrkit cost --on-missing report` …); or run with
--on-missing report to list unpriced activity instead of stopping": the advice twice,
the second naming an option validate does not have.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).parents[1]


def test_missing_price_advice_once(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(ROOT / "tariffs" / "illustrative-2014-15", folder)
    tariff = folder / "tariff.csv"
    lines = tariff.read_text(encoding="utf-8").splitlines(keepends=True)
    tariff.write_text("".join(x for x in lines if not x.startswith("13,")), "utf-8")
    result = CliRunner().invoke(
        cli, ["validate", str(ROOT / "examples" / "clusters.xlsx"), "--reference", str(folder)]
    )
    assert result.exit_code == 2, result.output
    assert result.output.count("cluster 13 has activity but no price") == 1
    hint = result.output.split("Hint:")[1]
    assert hint.count("--on-missing report") == 1, hint
    assert "pbrkit cost --on-missing report" in hint
