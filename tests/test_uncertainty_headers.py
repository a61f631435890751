"""An uncertainty table whose column names another column in other words is refused.

A 'reasoning' column where pbrkit reads 'source' used to be dropped without a word,
so every interval was reported unsourced (found in review 6); 'lower'/'upper' for
'low'/'high' are named the same way rather than reported as missing columns only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.io.uncertainty_sheet import read_uncertainty_sheet


def _csv(tmp_path: Path, header: str, row: str) -> Path:
    path = tmp_path / "uncertainty.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def test_a_reasoning_column_is_named_as_the_source(tmp_path: Path) -> None:
    path = _csv(tmp_path, "parameter,low,high,reasoning", "nhs.fixed_cost_share,0.15,0.5,NAO 2017")
    with pytest.raises(InputError) as raised:
        read_uncertainty_sheet(path)
    text = str(raised.value)
    assert "column D is headed 'reasoning', which may mean 'source'" in text
    assert "rename column D 'reasoning' to 'source'" in text


def test_lower_and_upper_are_named_as_low_and_high(tmp_path: Path) -> None:
    path = _csv(tmp_path, "parameter,lower,upper", "nhs.fixed_cost_share,0.15,0.5")
    with pytest.raises(InputError) as raised:
        read_uncertainty_sheet(path)
    text = str(raised.value)
    assert "required column 'low' is missing; column B is headed 'lower'" in text
    assert "required column 'high' is missing; column C is headed 'upper'" in text


def test_a_source_column_beside_a_notes_column_reads(tmp_path: Path) -> None:
    # Once 'source' is there, another column is the user's own and is left alone.
    path = _csv(
        tmp_path,
        "parameter,low,high,source,reasoning",
        "nhs.fixed_cost_share,0.15,0.5,NAO 2017,my own working",
    )
    (parameter,) = read_uncertainty_sheet(path)
    assert parameter.source == "NAO 2017"
    assert (parameter.low, parameter.high) == (0.15, 0.5)
