"""pbrkit.io.inflate: the same chunks as zipfile, with either backend, and the same
refusals (a wrong CRC, a damaged stream, a file cut short).

zipfile's ``open(info).read(n)`` is the reference: every chunk the scan sees is
compared with it, byte for byte and size for size, for the standard library's zlib
and for ISA-L (when installed: ``pbrkit[fast]``).
"""

from __future__ import annotations

import importlib.util
import io
import random
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbrkit.errors import InputError
from pbrkit.io import inflate, limits

BACKENDS = ["zlib"] + (["isal"] if importlib.util.find_spec("isal") else [])


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PBRKIT_INFLATE", "zlib" if request.param == "zlib" else "")
    assert inflate.backend_name() == request.param
    return str(request.param)


def _archive(data: bytes, level: int = 6) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        book.writestr("xl/worksheets/sheet1.xml", data)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _zipfile_chunks(archive: zipfile.ZipFile, size: int) -> list[bytes]:
    with archive.open(archive.infolist()[0]) as stream:
        return list(iter(lambda: stream.read(size), b""))


def _data(seed: int, length: int) -> bytes:
    """Runs of one byte (long matches: the inflater holds output after its input is
    used up), repeated phrases and noise, as a sheet's XML mixes them."""
    rng = random.Random(seed)
    parts, total = [], 0
    while total < length:
        kind = rng.randrange(3)
        if kind == 0:
            part = bytes([rng.randrange(256)]) * rng.randrange(1, 300_000)
        elif kind == 1:
            part = b'<c r="A%d"><v>%d</v></c>' % (rng.randrange(10**6), rng.randrange(99))
            part *= rng.randrange(1, 2_000)
        else:
            part = rng.randbytes(rng.randrange(1, 5_000))
        parts.append(part)
        total += len(part)
    return b"".join(parts)[:length]


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    length=st.integers(0, 3_000_000),
    chunk=st.sampled_from([1, 7, 4096, 65_536, 1 << 20, 4 << 20]),
    level=st.sampled_from([0, 1, 6, 9]),
)
def test_same_chunks_as_zipfile(seed: int, length: int, chunk: int, level: int) -> None:
    """Every backend gives zipfile's chunks exactly (sizes and bytes)."""
    archive = _archive(_data(seed, length), level)
    expected = _zipfile_chunks(archive, chunk)
    for name in BACKENDS:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PBRKIT_INFLATE", "zlib" if name == "zlib" else "")
            got = list(inflate.deflated_chunks(archive, archive.infolist()[0], chunk))
        assert got == expected, name


def test_long_match_at_the_end(backend: str) -> None:
    """10 MB of one byte compress to a few kB whose last input byte leaves megabytes of
    output in the inflater: it must still come out, in the same chunks."""
    archive = _archive(b"<row>" + b"a" * 10_000_000, 9)
    got = list(inflate.deflated_chunks(archive, archive.infolist()[0], 4 << 20))
    assert [len(c) for c in got] == [4 << 20, 4 << 20, 10_000_005 - (8 << 20)]
    assert b"".join(got) == b"<row>" + b"a" * 10_000_000


def _broken(tmp_path: Path, data: bytes, change: str) -> Path:
    """A one-sheet zip whose entry's CRC or deflate bytes are spoiled."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", data)
    raw = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).infolist()[0]
    start = 30 + len(info.filename.encode())  # the local header's fixed part and name
    if change == "crc":
        for where in (14, raw.rfind(b"PK\x01\x02") + 16):  # local and central headers
            raw[where] ^= 0xFF
    elif change == "stream":
        raw[start] = 0xFF  # block type 3: reserved, invalid (RFC 1951 3.2.3)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("change", ["crc", "stream"])
def test_damaged_entry_refused_as_corrupt(backend: str, change: str, tmp_path: Path) -> None:
    """A wrong CRC or damaged deflate bytes: the pre-flight's 'truncated or corrupt'."""
    path = _broken(tmp_path, b'<c r="A1"><v>1</v></c>' * 50_000, change)
    with zipfile.ZipFile(path) as archive, pytest.raises(InputError) as raised:
        list(limits.checked_chunks(archive, archive.infolist()[0], path.name))
    assert "truncated or corrupt" in str(raised.value)


def test_crc_error_like_zipfile(backend: str, tmp_path: Path) -> None:
    """The CRC is checked at the stream's end with zipfile's exception and words."""
    path = _broken(tmp_path, b"x" * 100_000, "crc")
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
        with pytest.raises(zipfile.BadZipFile) as ours:
            list(inflate.deflated_chunks(archive, info, 4096))
        with pytest.raises(zipfile.BadZipFile) as theirs:
            _zipfile_chunks(archive, 4096)
    assert str(ours.value) == str(theirs.value)


def test_damaged_stream_is_a_zlib_error(backend: str, tmp_path: Path) -> None:
    """Either backend's complaint about the deflate bytes is a zlib.error, as zipfile's
    is (the pre-flight names it corrupt, not unreadable)."""
    path = _broken(tmp_path, b"y" * 100_000, "stream")
    with zipfile.ZipFile(path) as archive, pytest.raises(zlib.error):
        list(inflate.deflated_chunks(archive, archive.infolist()[0], 4096))
