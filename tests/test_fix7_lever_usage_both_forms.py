"""A lever's usage example names both forms of a code, 13=10% and PSY_CRI=10% (fix7,
item 6).

A bad value (``--tariff-change PSY_CRI=abc``) is read with the command line, before
``--reference`` loads, so its fix cannot know the set's codes: it said only "e.g.
--tariff-change 13=10%", wrong for a set with text codes. The fix now names both forms,
as --help does; a bad code, read against the set, still lists the set's own codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
MHNRG = ROOT / "examples" / "mhnrg.xlsx"


def _cost(tmp_path: Path, *args: str) -> Result:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["cost", str(MHNRG), "--reference", "illustrative-mhnrg", "--out", str(out), *args]
    )
    assert result.exit_code == 2, result.output
    assert not out.exists()
    return result


@pytest.mark.parametrize(
    ("option", "example"),
    [("--tariff-change", "--tariff-change PSY_CRI=10%"),
     ("--cost-change", "--cost-change PSY_CRI=8%")],
)  # fmt: skip
def test_a_bad_value_names_the_text_code_form(tmp_path: Path, option: str, example: str) -> None:
    text = " ".join(_cost(tmp_path, option, "PSY_CRI=abc").output.split())
    assert "cannot read 'abc'" in text
    assert example in text, text


def test_a_bad_code_lists_the_sets_codes(tmp_path: Path) -> None:
    text = " ".join(_cost(tmp_path, "--tariff-change", "13=10%").output.split())
    assert "PSY_COM, PSY_INP, PSY_CRI, MA_COM, MA_INP, MA_CRI, NC_COM, NC_INP or NC_CRI" in text
    assert "e.g. --tariff-change PSY_COM=10%" in text
