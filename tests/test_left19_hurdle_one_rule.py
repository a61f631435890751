"""A hurdle margin above 1 (100%) is refused everywhere a bidder's margin is given.

The bidders sheet refuses one since walk 9 (a "10" meant as 10% ran as 1,000% and that
bidder took no one: a screening bidder's predicted profit on a patient is below its
price, methodology §6.3). A scenario's ``[[bidders]]``, the uncertainty table's
``bidders.X.hurdle_margin`` and ``sweep --vary bidders.*.hurdle_margin=...`` accepted
one (the model allowed anything above -1). All four now keep the sheet's limits (above
-100%, at most 100%) and say what the number would be as a percentage.

Hand-worked: 10 read as a fraction is 10 x 100 = 1,000%, the fraction meant 10 / 100 =
0.1; 12 is 1,200% and 0.12. Nothing is written (exit 2).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

EXAMPLES = Path(__file__).parents[1] / "examples"
BOOK = EXAMPLES / "clusters.xlsx"


def _scenario(tmp_path: Path, hurdle: str) -> Path:
    shutil.copy(BOOK, tmp_path / "clusters.xlsx")
    path = tmp_path / "s.toml"
    path.write_text(
        'schema_version = 1\nworkbook = "clusters.xlsx"\n\n[[bidders]]\n'
        f'name = "Meridian"\ncost_factor = 0.9\nhurdle_margin = {hurdle}\n',
        encoding="utf-8",
    )
    return path


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stderr


def test_a_scenario_bidder_with_a_hurdle_of_10_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stderr = _run(["tender", "--scenario", str(_scenario(tmp_path, "10")), "--out", str(out)])
    assert code == 2, stderr
    assert "bidders[0].hurdle_margin" in stderr
    assert "10 is 1,000%" in stderr
    assert "if you meant 10%, write 0.1" in stderr
    assert not out.exists()


def test_a_scenario_hurdle_of_1_and_of_minus_a_half_are_read(tmp_path: Path) -> None:
    # At most 100%, inclusive, as on the sheet; a negative margin above -100% is a margin.
    for hurdle in ("1", "-0.5"):
        out = tmp_path / f"out{hurdle}"
        scenario = str(_scenario(tmp_path, hurdle))
        code, stderr = _run(["tender", "--scenario", scenario, "--out", str(out)])
        assert code == 0, (hurdle, stderr)


def test_a_swept_hurdle_of_10_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    scenario = _scenario(tmp_path, "0.05")
    code, stderr = _run(
        [
            "sweep",
            str(scenario),
            "--vary",
            "bidders.*.hurdle_margin=0:10:2",
            "--draws",
            "2",
            "--out",
            str(out),
        ]
    )
    assert code == 2, stderr
    assert "10 is 1,000%" in stderr
    assert "if you meant 10%, write 0.1" in stderr
    assert not out.exists()


def test_an_uncertain_hurdle_of_2_to_12_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "u.csv"
    table.write_text("parameter,low,high\nbidders.*.hurdle_margin,2,12\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stderr = _run(
        ["tender", str(BOOK), "--psa", "2", "--uncertainty", str(table), "--out", str(out)]
    )
    assert code == 2, stderr
    assert "at most 1" in stderr
    assert "12 is 1,200%" in stderr
    assert "if you meant 12%, write 0.12" in stderr
    assert not out.exists()


def test_a_threshold_over_the_hurdle_asks_for_bounds_inside_its_range(tmp_path: Path) -> None:
    # With an upper limit (1) the search would run over the valid range, from -1, which
    # the margin may not be (greater than -1): --bounds is asked for, as for a parameter
    # with no upper limit, and nothing is written.
    out = tmp_path / "out"
    args = ["threshold", str(BOOK), "--param", "bidders.*.hurdle_margin"]
    code, stderr = _run(
        [*args, "--figure", "taken_patients", "--target", "5000", "--out", str(out)]
    )
    assert code == 2, stderr
    assert "--param bidders.*.hurdle_margin must be greater than -1, at most 1" in stderr
    assert "give --bounds LO:HI" in stderr
    assert "(found -1.0)" not in stderr
    assert not out.exists()
