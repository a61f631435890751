"""A triangular interval that floats cannot fit is a problem in the sheet, not a crash.

Found by mutation testing distributions.py (mutu, round 14): sweeping narrow intervals
for the triangle's search bracket, a triangle with its mode at low and an interval of
1 to 1.00000001 stopped `pbrkit psa` with "unexpected failure: ZeroDivisionError"
(exit 1). The search starts at d = 1e-9·(high − low) = 1e-17 below low, and
low − d rounds back to low (the spacing of floats near 1 is 2.2e-16), so the mode
equals the triangle's lower end a and b = a + d²/(0.1·(mode − a)) divides by 0.
Intervals spanning hundreds of orders of magnitude (NaN from inf/inf in the search) or
in denormals (a tolerance of 0) leaked scipy's own words ("solver cannot continue",
"xtol too small") as the row's problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.uncertainty.params import ParameterRow, check_parameters

EXAMPLE = Path(__file__).parents[1] / "examples" / "clusters.xlsx"
# fix6: one exists (see test_fix6_triangle_message.py); floats cannot compute it.
NO_TRIANGLE = "a triangular distribution with this mode, 10th and 90th percentile exists but"


@pytest.mark.parametrize(
    ("path", "low", "high", "mode"),
    [
        ("tariff.scale", 1.0, 1.00000001, 1.0),  # ZeroDivisionError before the fix
        ("nhs.shed_rate", 0.5, 0.500000001, 0.5),  # the same at 0.5
        ("pools.x.amount", 1e-300, 1e300, 1.0),  # NaN in the search: scipy's words
        ("tariff.scale", 5e-324, 1e-323, 5e-324),  # a tolerance of 0: scipy's words
    ],
)
def test_a_triangle_floats_cannot_fit_is_one_problem_at_its_row(
    path: str, low: float, high: float, mode: float
) -> None:
    row = ParameterRow(path, low, high, "triangular", mode, row=7)
    with pytest.raises(InputError) as caught:
        check_parameters([row])
    (problem,) = caught.value.problems
    assert problem.message.startswith(f"'{path}': {NO_TRIANGLE}")
    assert (problem.sheet, problem.row) == ("uncertainty", 7)


def test_psa_refuses_the_narrow_triangle_with_exit_2(tmp_path: Path) -> None:
    sheet = tmp_path / "u.csv"
    sheet.write_text(
        "parameter,low,high,distribution,mode,source\n"
        "tariff.scale,1,1.00000001,triangular,1,a narrow guess\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["psa", str(EXAMPLE), "--uncertainty", str(sheet), "--samples", "4"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "unexpected failure" not in result.output
    assert NO_TRIANGLE in result.output
    assert not out.exists() or not any(out.iterdir())
