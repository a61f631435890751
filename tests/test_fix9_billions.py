"""Sums of a billion pounds or more read "£44.9bn" (fix9, December 2026).

The short money format (sentences, the terminal's headline, chart labels and ticks)
went no further than millions: a caseload ×1,000 printed "£44,893.3m". It now writes
billions to one decimal, and a sum that rounds up to the next unit is written in it
("£1.0bn", not "£1,000.0m"; "£1.0m", not "£1,000k").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.reports.charts import PoundTicks
from pbrkit.reports.format import money_short

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


def test_billions_to_one_decimal() -> None:
    # 44,893,300,000 / 1e9 = 44.8933 -> 44.9.
    assert money_short(44_893_300_000) == "£44.9bn"
    # 2,500,000,000 / 1e9 = 2.5 exactly.
    assert money_short(-2_500_000_000) == "-£2.5bn"


def test_a_sum_that_rounds_up_is_written_in_the_next_unit() -> None:
    # 999,951,234 / 1e6 = 999.951234 -> 1,000.0m, which is 1.0bn.
    assert money_short(999_951_234) == "£1.0bn"
    # 999,950,000 / 1e6 = 999.95 exactly: one more decimal shows it as it is.
    assert money_short(999_950_000) == "£999.95m"
    # 999,950 / 1e3 = 999.95 -> 1,000k, which is 1.0m.
    assert money_short(999_950) == "£1.0m"
    # Just below: 999,949,999 / 1e6 = 999.949999 -> 999.9m.
    assert money_short(999_949_999) == "£999.9m"


def test_millions_and_thousands_are_unchanged() -> None:
    assert money_short(44_893_300) == "£44.9m"
    assert money_short(12_500) == "£12.5k"  # 12.5 exactly: one more decimal, no rounding
    assert money_short(12_501) == "£13k"  # 12.501 -> 13: not exact at one decimal
    assert money_short(9_999) == "£9,999"


def test_chart_ticks_in_billions() -> None:
    # The largest tick is £60bn: every tick in bn, whole numbers exact.
    labels = PoundTicks().format_ticks([0, 2e10, 4e10, 6e10])
    assert labels == ["£0", "£20bn", "£40bn", "£60bn"]


def test_the_terminal_headline_of_a_caseload_times_1000(tmp_path: Path) -> None:
    caseload = pd.read_excel(EXAMPLE, sheet_name="caseload")
    for column in ("service_users", "cluster_days", "admitted_days", "episodes"):
        if column in caseload:
            caseload[column] = caseload[column] * 1000
    folder = tmp_path / "big"
    folder.mkdir()
    caseload.to_csv(folder / "caseload.csv", index=False)
    result = CliRunner().invoke(cli, ["cost", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    # The example's income is £44.9m (its headline); ×1,000 is £44.9bn.
    assert "Income £44.9bn" in result.output, result.output
