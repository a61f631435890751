"""Uncertain parameters: paths, fitted distributions (hand-worked), checks and readers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pbrkit.errors import InputError
from pbrkit.io.uncertainty_sheet import read_scenario_uncertainty, read_uncertainty_sheet
from pbrkit.uncertainty.distributions import Z90, fit_marginal
from pbrkit.uncertainty.params import ParameterPath, ParameterRow, check_parameters, parse_path


def test_paths_are_read_with_names_that_hold_dots() -> None:
    assert parse_path("nhs.fixed_cost_share") == ParameterPath("nhs", None, "fixed_cost_share")
    assert parse_path("bidders.St. Mary's.cost_factor") == ParameterPath(
        "bidders", "St. Mary's", "cost_factor"
    )
    assert parse_path("lots.*.cost_sharing") == ParameterPath("lots", "*", "cost_sharing")
    assert str(parse_path("pools.AMHP service.amount")) == "pools.AMHP service.amount"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("nhs.fixed_cost", "no uncertain column 'fixed_cost'"),
        ("bidder.Acme.cost_factor", "paths start with"),
        ("bidders.cost_factor", "bidders.<name or *>.<column>"),
        ("tariff.scale.extra", "write tariff.<column>"),
    ],
)
def test_unknown_paths_say_what_would_do(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=re_escape(says)):
        parse_path(text)


def re_escape(text: str) -> str:
    import re

    return re.escape(text)


def test_normal_from_an_80_percent_interval() -> None:
    # low 0.3, high 0.7: mean (0.3 + 0.7)/2 = 0.5; sd = (0.7 − 0.3)/2.563 = 0.15606.
    normal = fit_marginal("normal", 0.3, 0.7)
    assert normal.frozen.mean() == pytest.approx(0.5)
    assert normal.frozen.std() == pytest.approx(0.4 / 2.563, rel=1e-4)
    doubled = 2 * Z90
    assert doubled == pytest.approx(2.5631, abs=1e-4)
    assert float(normal.ppf(0.1)) == pytest.approx(0.3)
    assert float(normal.ppf(0.9)) == pytest.approx(0.7)


def test_normal_is_truncated_to_the_valid_range() -> None:
    # low 0, high 0.4 for a share: mean 0.2, sd 0.4/2.5631 = 0.15606, and 0 is the
    # untruncated 10th percentile, so 10% of the mass lies below the valid range.
    # Truncated to [0, 1] (above 1 is z = 0.8/0.15606 = 5.1 sd: nothing), the truncated
    # CDF is (Φ(x) − 0.1)/0.9, so its median is where Φ = 0.1 + 0.45 = 0.55:
    # z₀.₅₅ = 0.125661, x = 0.2 + 0.125661 × 0.15606 = 0.219611.
    share = fit_marginal("normal", 0.0, 0.4, lower=0.0, upper=1.0)
    assert share.median == pytest.approx(0.219611, abs=1e-6)
    assert float(share.ppf(0.0)) == pytest.approx(0.0, abs=1e-12)  # at the bound, not below
    assert float(share.cdf(0.0)) == 0.0
    # 0.4 is the untruncated 90th percentile: truncated, (0.9 − 0.1)/0.9 = 0.8889 (the
    # 1.5e-7 of mass above 1, at 5.1 sd, moves it in the seventh decimal).
    assert float(share.cdf(0.4)) == pytest.approx(0.8 / 0.9, abs=1e-6)


def test_uniform_is_widened_so_the_interval_holds_80_percent() -> None:
    # low 2, high 4: width (4 − 2)/0.8 = 2.5 centred on 3, so [1.75, 4.25];
    # P(X ≤ 2) = 0.25/2.5 = 0.1 and P(X ≤ 4) = 2.25/2.5 = 0.9.
    uniform = fit_marginal("uniform", 2.0, 4.0)
    assert float(uniform.ppf(0.0)) == pytest.approx(1.75)
    assert float(uniform.ppf(1.0)) == pytest.approx(4.25)
    assert float(uniform.cdf(2.0)) == pytest.approx(0.1)
    assert float(uniform.cdf(4.0)) == pytest.approx(0.9)


def test_triangular_with_its_mode_puts_low_and_high_at_10_and_90() -> None:
    # Symmetric case low 1, high 3, mode 2: support [2 − w, 2 + w] with
    # F(1) = (w − 1)²/(2w·w) = 0.1 ⇒ w − 1 = √0.2·w ⇒ w = 1/(1 − 0.447214) = 1.809017,
    # so the support is [0.190983, 3.809017].
    tri = fit_marginal("triangular", 1.0, 3.0, mode=2.0)
    assert float(tri.ppf(0.0)) == pytest.approx(0.190983, abs=1e-6)
    assert float(tri.ppf(1.0)) == pytest.approx(3.809017, abs=1e-6)
    skewed = fit_marginal("triangular", 1.0, 3.0, mode=1.2)
    assert float(skewed.cdf(1.0)) == pytest.approx(0.1, abs=1e-9)
    assert float(skewed.cdf(3.0)) == pytest.approx(0.9, abs=1e-9)


def test_beta_and_lognormal_fit_the_10th_and_90th_percentiles() -> None:
    beta = fit_marginal("beta", 0.2, 0.4, lower=0.0, upper=1.0)
    assert float(beta.ppf(0.1)) == pytest.approx(0.2, abs=1e-8)
    assert float(beta.ppf(0.9)) == pytest.approx(0.4, abs=1e-8)
    # low 0.8, high 1.25: μ = (ln 0.8 + ln 1.25)/2 = ln(1)/2 = 0, so the median is 1;
    # σ = (ln 1.25 − ln 0.8)/2.5631 = 0.446287/2.5631 = 0.174120.
    lognormal = fit_marginal("lognormal", 0.8, 1.25, lower=0.0)
    assert lognormal.median == pytest.approx(1.0)
    assert lognormal.frozen.kwds["s"] == pytest.approx(0.174120, abs=1e-6)
    assert float(lognormal.ppf(0.1)) == pytest.approx(0.8)
    assert float(lognormal.ppf(0.9)) == pytest.approx(1.25)


def test_a_beta_far_out_in_its_tail_gives_its_support_end_not_nan() -> None:
    """scipy's beta ppf returns NaN at q = 4.75e-205 for this fit (hypothesis found it)."""
    beta = fit_marginal("beta", 0.6875, 0.99, lower=0.0, upper=1.0, mode=None)
    assert float(beta.ppf(4.752246120154944e-205)) == 0.0
    assert float(beta.ppf(0.1)) == pytest.approx(0.6875)


@given(
    low=st.floats(0.01, 0.9),
    width=st.floats(0.01, 0.5),
    shape=st.sampled_from(["normal", "uniform", "beta", "lognormal", "triangular"]),
    u=st.floats(0.0, 1.0),
)
def test_every_sample_lies_in_the_valid_range(
    low: float, width: float, shape: str, u: float
) -> None:
    high = min(low + width, 0.99)
    marginal = fit_marginal(
        shape,  # type: ignore[arg-type]
        low,
        high,
        lower=0.0,
        upper=1.0,
        mode=(low + high) / 2,
    )
    assert 0.0 <= float(marginal.ppf(u)) <= 1.0


def test_bad_rows_are_each_named() -> None:
    rows = [
        ParameterRow("nhs.fixed_cost_share", 0.3, 0.7, row=2),
        ParameterRow("nhs.fixed_cost", 0.3, 0.7, row=3),
        ParameterRow("nhs.shed_rate", 0.6, 0.2, row=4),
        ParameterRow("bidders.*.info_quality", 0.5, 1.2, row=5),
        ParameterRow("nhs.fixed_cost_share", 0.2, 0.6, row=6),
        ParameterRow("bidders.A.cost_factor", 0.0, 1.2, row=7),
        ParameterRow("tariff.scale", 0.9, 1.1, distribution="gamma", row=8),
        ParameterRow("costs.scale", 0.9, None, row=9),
    ]
    with pytest.raises(InputError) as caught:
        check_parameters(rows)
    text = str(caught.value)
    assert caught.value.exit_code == 2
    assert len(caught.value.problems) == 7
    assert "row 3, column 'parameter': 'nhs.fixed_cost': nhs has no uncertain column" in text
    assert "row 4, column 'low': 'nhs.shed_rate': low (0.6) is greater than high (0.2)" in text
    assert (
        "row 5, column 'high': 'bidders.*.info_quality': the interval 0.5 to 1.2 is outside" in text
    )
    assert "row 6, column 'parameter': 'nhs.fixed_cost_share' is given twice (also row 2)" in text
    assert "row 7, column 'low': 'bidders.A.cost_factor': the interval 0 to 1.2 is outside" in text
    assert "row 8, column 'distribution': distribution 'gamma' is not one of" in text
    assert "row 9, column 'high': high is blank" in text


def test_shares_may_be_written_as_percentages() -> None:
    (param,) = check_parameters([ParameterRow("nhs.shed_rate", "10%", "40 %", row=2)])
    assert (param.low, param.high, param.distribution) == (0.1, 0.4, "normal")


def test_the_sheet_is_read_from_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "uncertainty.csv"
    path.write_text(
        "parameter,low,high,distribution,mode,source\n"
        "nhs.fixed_cost_share,0.3,0.7,,,Transforming Rehabilitation\n"
        "tariff.scale,0.9,1.1,triangular,1.0,\n",
        encoding="utf-8",
    )
    first, second = read_uncertainty_sheet(path)
    assert (first.name, first.source, first.row) == (
        "nhs.fixed_cost_share",
        "Transforming Rehabilitation",
        2,
    )
    assert (second.distribution, second.mode) == ("triangular", 1.0)


def test_a_bad_sheet_row_names_its_spreadsheet_row(tmp_workbook: object) -> None:
    path = tmp_workbook(  # type: ignore[operator]
        {
            "uncertainty": [
                ["Ranges for the example"],
                ["parameter", "low", "high"],
                ["nhs.shed_rate", 0.1, 0.4],
                ["nhs.shed_rate", 0.3, "lots"],
            ]
        }
    )
    with pytest.raises(InputError, match="sheet 'uncertainty', row 4, column 'high'"):
        read_uncertainty_sheet(path)


def test_scenario_tables_in_both_shapes(tmp_path: Path) -> None:
    rows = tmp_path / "rows.toml"
    rows.write_text(
        '[[uncertainty]]\nparameter = "nhs.shed_rate"\nlow = 0.1\nhigh = 0.4\nsource = "guess"\n',
        encoding="utf-8",
    )
    table = tmp_path / "table.toml"
    table.write_text(
        '[uncertainty]\n"costs.scale" = {low = 0.9, high = 1.2, distribution = "lognormal"}\n',
        encoding="utf-8",
    )
    (from_rows,) = read_scenario_uncertainty(rows)
    (from_table,) = read_scenario_uncertainty(table)
    assert (from_rows.name, from_rows.source) == ("nhs.shed_rate", "guess")
    assert (from_table.name, from_table.distribution) == ("costs.scale", "lognormal")
    assert math.isclose(from_table.median, math.sqrt(0.9 * 1.2))


def test_scenario_rows_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[uncertainty]]\nparameter = "nhs.shed_rate"\nlow = 0.1\nhigh = 0.4\n'
        '[[uncertainty]]\nparameter = "nhs.shed_rate"\nlow = 0.5\nhigh = 0.1\n',
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=r"bad.toml \[uncertainty\]', row 2, column 'low': 'nhs.shed_rate'"
    ):
        read_scenario_uncertainty(path)
