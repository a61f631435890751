"""A problem in an --item-codes CSV names the file, not a sheet (fix3, item 3).

Found by giving `pbrkit import mhsds` an --item-codes CSV with a bad item and no
status column: the rows were located as "sheet 'codes.csv', row 2, column 'item'" (a
CSV has no sheets; every other CSV's problems say "file 'codes.csv', row 2") and a
missing column as "codes.csv: column 'status' is missing". Both now name the file as
every CSV input's problems do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pbrkit.errors import InputError
from pbrkit.mhsds.items import load_item_codes


def _refused(tmp_path: Path, text: str) -> str:
    (tmp_path / "codes.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_item_codes(tmp_path / "codes.csv")
    return str(caught.value)


def test_a_bad_row(tmp_path: Path) -> None:
    out = _refused(tmp_path, "snomed_ct_id,item,status\n12x,F,confirmed\n")
    assert "file 'codes.csv', row 2, column 'item': not an item (found 'F')" in out
    assert "file 'codes.csv', row 2, column 'snomed_ct_id': not a SNOMED CT id" in out
    assert "sheet" not in out


def test_a_missing_column(tmp_path: Path) -> None:
    out = _refused(tmp_path, "snomed_ct_id,item\n123,1\n")
    assert out == "file 'codes.csv': column 'status' is missing"
