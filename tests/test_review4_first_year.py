"""``pbrkit cost --first-year`` is read, or refused as a usage error (review4, December 2026).

``--first-year abc`` was an unexpected failure (exit 1, "ValueError: invalid literal for
int()"), and ``--first-year 2024/26`` labelled the projection's years 2024/26, 2025/26,
2026/27 without a word: a label that is not a financial year. NHS financial years run
April to March, so the label is ``YYYY/YY`` with YY the next year.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.cli import cli
from pbrkit.costing import parse_financial_year

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"


@pytest.mark.parametrize(
    "given", ["abc", "2024/26", "24/25", "2024/25/26", "", "2024-2026", "2024/0025"]
)
def test_a_label_that_is_not_a_financial_year_exits_2(given: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(EXAMPLE), "--years", "2", "--first-year", given, "--out", str(out)]
    )
    # Before: "abc" and "" exited 1 (unexpected failure); "2024/26" exited 0.
    assert result.exit_code == 2, result.output
    assert "--first-year" in result.output and "2024/25" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("given", "labels"),
    [
        ("2019/20", ["2019/20", "2020/21"]),
        ("2019-20", ["2019/20", "2020/21"]),  # a hyphen, as many trusts write it
        ("2019/2020", ["2019/20", "2020/21"]),
        ("2099/00", ["2099/00", "2100/01"]),  # the century turns
    ],
)
def test_a_financial_year_labels_the_projection(
    given: str, labels: list[str], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "cost",
            str(EXAMPLE),
            "--years",
            "2",
            "--first-year",
            given,
            "--json",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [y["financial_year"] for y in summary["projection"]] == labels
    assert summary["options"].get("first_year", labels[0]) == labels[0]


@given(start=st.integers(1000, 9998), step=st.integers(-5, 5))
def test_only_the_following_year_makes_a_financial_year(start: int, step: int) -> None:
    # 2024/25 and 2024/2025 name one year; 2024/26 or 2024/24 name none.
    short = f"{start}/{(start + step) % 100:02d}"
    full = f"{start}/{start + step}"
    expected = f"{start}/{(start + 1) % 100:02d}" if step == 1 else None
    assert parse_financial_year(full) == expected
    if step == 1:
        assert parse_financial_year(short) == f"{start}/{(start + 1) % 100:02d}"
    else:
        assert parse_financial_year(short) is None
