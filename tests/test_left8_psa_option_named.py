"""A PSA's run limit names the option the user typed (left8, item 7).

``pbrkit psa book --samples 1000000 --inner 2`` was refused with "… lower --samples
(--psa) or --inner", and ``pbrkit tender book --psa 1000000 --inner 2`` with the same
words: each command has one of the two options. The limit (1,000,000 runs) is the same;
the message now names ``--samples`` for ``pbrkit psa`` and ``--psa`` for ``tender`` and
``cost``. This test failed on the old code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.uncertainty.params import ParameterRow, check_parameters
from pbrkit.uncertainty.psa import run_psa


def _book(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "patients.csv").write_text(
        "patient_id,cluster,days,cost\np1,4,100,800\np2,11,365,3000\n", encoding="utf-8"
    )
    ranges = tmp_path / "u.csv"
    ranges.write_text("parameter,low,high\ntariff.scale,0.9,1.1\n", encoding="utf-8")
    return folder, ranges


@pytest.mark.parametrize(("command", "option"), [("psa", "--samples"), ("tender", "--psa")])
def test_the_run_limit_names_the_option_given(tmp_path: Path, command: str, option: str) -> None:
    folder, ranges = _book(tmp_path)
    out = tmp_path / "out"
    # 1,000,000 samples × 2 draws = 2,000,000 runs, over the 1,000,000 a PSA may have.
    args = [command, str(folder), option, "1000000", "--inner", "2",
            "--uncertainty", str(ranges), "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    text = " ".join(result.output.split())
    assert "is 2,000,000 runs" in text
    assert f"lower {option} or --inner" in text
    other = "--psa" if option == "--samples" else "--samples"
    assert other not in text


def test_a_library_caller_names_its_own_option() -> None:
    params = check_parameters([ParameterRow("tariff.scale", 0.9, 1.1, row=2)])
    with pytest.raises(InputError) as caught:
        run_psa(None, params, samples=0, samples_option="samples")  # type: ignore[arg-type]
    assert str(caught.value.problems[0]).startswith("samples must be a whole number")
