"""``--weights`` with a band given twice, or a number written with an underscore, is a
usage error (review5, December 2026).

``must=2,must=3`` ran with must = 3 (the last one) without a word, and ``may=1_0`` (Python's
digit separator) was read as 10: a typing slip changed every score.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.workflows.cluster import parse_weights


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("must=2,must=3", "must is given twice"),
        ("must=2,MUST=2", "must is given twice"),
        ("may=1_0", "cannot read 'may=1_0'"),
    ],
)
def test_refused(text: str, said: str) -> None:
    with pytest.raises(InputError) as error:
        parse_weights(text)
    assert said in str(error.value)


def test_one_of_each_band_still_reads() -> None:
    weights = parse_weights("must=3, expected=2,may=0.5,unlikely=-1")
    assert (weights.must, weights.expected, weights.may, weights.unlikely) == (3, 2, 0.5, -1)


def test_the_command_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["example", "ratings.xlsx", str(tmp_path)]).exit_code == 0
    path = tmp_path / "ratings.xlsx"
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cluster", str(path), "--weights", "must=2,must=3", "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "must is given twice" in result.output
    assert not out.exists()
