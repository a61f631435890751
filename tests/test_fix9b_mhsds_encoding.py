"""The MHSDS import's CSV files pass the caseload reader's encoding checks (fix9b, item 5).

Found: `pbrkit import mhsds` read its CSV files with pyarrow and opened the header as
UTF-8, with none of the checks io/csvfile.py makes of a caseload CSV. A file saved as
UTF-16 without a byte-order mark had a header of 'M\\x00H\\x00S...' and was refused for
"column 'UniqClustID' is missing"; a NUL byte in a cell was read into the cell without
a word; a Windows-1252 '£' further down gave "is not UTF-8 text" with no line. Now each
CSV is checked, streamed block by block (the files run to gigabytes), by
io.csvfile.checked_blocks: one problem per file naming it and, where it applies, the line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mhsds_helpers import Y2017, care, write_csv
from pbrkit.errors import InputError
from pbrkit.io.csvfile import checked_blocks
from pbrkit.mhsds import import_mhsds

C803 = "MHS803CareCluster_2018_03.csv"


def _good(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_csv(folder / C803, [care(), care(Person_ID="P2", UniqClustID="RXX2")])


def _refused(folder: Path) -> str:
    with pytest.raises(InputError) as caught:
        import_mhsds(folder, Y2017)
    assert len(caught.value.problems) == 1, caught.value.problems
    return str(caught.value.problems[0])


def test_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = _good(tmp_path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    message = _refused(tmp_path)
    assert C803 in message and "UTF-16" in message and "missing" not in message


def test_utf16_with_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = _good(tmp_path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    message = _refused(tmp_path)
    assert C803 in message and "UTF-16" in message
    assert "CSV UTF-8" in message


def test_a_nul_byte_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = _good(tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"P2", b"P\x002")  # line 3: the second data row
    path.write_bytes(b"\n".join(lines))
    message = _refused(tmp_path)
    assert C803 in message and "NUL (zero) byte on line 3" in message


def test_a_windows_1252_byte_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = _good(tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"RXX2", b"RXX\xa32")  # '£' as Excel's plain CSV writes it
    path.write_bytes(b"\n".join(lines))
    message = _refused(tmp_path)
    assert C803 in message and "not UTF-8" in message and "line 3" in message


def test_a_parquet_file_named_csv_is_named_for_what_it_is(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / C803).write_bytes(b"PAR1" + b"\x00" * 64)
    assert "a Parquet file, not text" in _refused(tmp_path)


def test_a_utf8_file_with_a_byte_order_mark_still_reads(tmp_path: Path) -> None:
    path = _good(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(import_mhsds(tmp_path, Y2017).caseload) == 1


# --- the streamed check itself: blocks smaller than a line, and characters cut in two


def _lines(path: Path, block: int) -> bytes:
    return b"".join(checked_blocks(path, block=block))


def test_blocks_are_the_file_as_written(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    data = "a,b\n£1,é\n" * 50 + "last line without newline £"
    path.write_bytes(data.encode("utf-8"))
    for block in (1, 2, 3, 7, 64, 1 << 20):
        # '£' and 'é' are two bytes each: small blocks cut them in two, and must not
        # take that for a byte that is not UTF-8.
        assert _lines(path, block) == data.encode("utf-8")


def test_a_bad_byte_far_down_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    # 1,000 good lines, then line 1,001 holds 0xA3 (Windows-1252 '£').
    path.write_bytes(b"a,b\n" * 1000 + b"x,\xa31\n" + b"a,b\n" * 10)
    for block in (5, 4096):
        with pytest.raises(InputError) as caught:
            _lines(path, block)
        assert "line 1001" in str(caught.value)
        assert "t.csv" in str(caught.value)


# --- the hint under the problems (found checking the above with the command itself)


def test_a_file_of_bad_text_gets_no_hint_about_column_names(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pbrkit.cli import cli

    path = _good(tmp_path / "x")
    path.write_bytes(path.read_bytes().replace(b"P2", b"P\x002"))
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(cli, ["import", "mhsds", str(path.parent), "--year", "2017/18",
                                      str(out)])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "NUL (zero) byte on line 3" in result.stderr
    assert "--columns" not in result.stderr
    assert "nothing was written" in result.stderr and not out.exists()


def test_a_missing_column_keeps_the_hint_about_column_names(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    rows = [{k: v for k, v in care().items() if k != "UniqClustID"}]
    write_csv(folder / C803, rows)
    with pytest.raises(InputError) as caught:
        import_mhsds(folder, Y2017)
    assert "--columns FILE" in (caught.value.hint or "")
