"""UTF-16 CSV without a byte-order mark is read as UTF-16; a NUL byte is an error
naming its line (review 8).

Found: a CSV saved as UTF-16LE without a byte-order mark was decoded as UTF-8 and its
zero bytes dropped: right for plain ASCII by accident, but `Nörth – A` (U+2013 is the
bytes 13 20) came out as other characters, and a NUL inside a UTF-8 file (`So\\0uth`)
was silently read as `South`. Now every other byte being zero (and the others never)
reads the file as UTF-16 (LE or BE); a NUL left in any text is refused, naming the line
and the likely cause.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbrkit.cli import cli
from pbrkit.io.csvfile import read_csv_grid

TEXT = "cluster,team,service_users,cluster_days\r\n1,Nörth – A,10,840\r\n3,£South,4,1000\r\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_utf16(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    path.write_bytes(TEXT.encode(encoding))
    grid = read_csv_grid(path)
    assert grid.iloc[1:, 1].tolist() == ["Nörth – A", "£South"]
    assert grid.iloc[1:, 3].tolist() == ["840", "1000"]


def test_a_nul_byte_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    path.write_bytes(b"cluster,team,service_users,cluster_days\n1,North,10,840\n3,So\x00uth,4,9\n")
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "'caseload.csv' holds a NUL (zero) byte on line 3" in result.stderr
    assert "saved as UTF-16 without a byte-order mark?" in result.stderr
    assert "CSV UTF-8" in result.stderr
    assert not (tmp_path / "out").exists()


def test_utf16_cut_in_the_middle_of_a_character_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    path.write_bytes(TEXT.encode("utf-16-le")[:-1])
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "looks like UTF-16 text saved without a byte-order mark" in result.stderr


def test_utf8_windows_1252_and_utf16_with_a_mark_are_read_as_before(tmp_path: Path) -> None:
    for encoding, prefix in (("utf-8", b""), ("cp1252", b""), ("utf-16", b"")):
        path = tmp_path / f"{encoding}.csv"
        text = TEXT.replace("–", "-") if encoding == "cp1252" else TEXT
        path.write_bytes(prefix + text.encode(encoding))
        assert read_csv_grid(path).iloc[2, 1] == "£South", encoding
