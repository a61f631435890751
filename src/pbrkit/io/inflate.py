"""A zip entry's deflate stream inflated in fixed-size chunks, its CRC-32 checked.

:mod:`zipfile` inflates with the standard library's zlib and checks each entry's
CRC-32 with ``zlib.crc32``. For the sheet of a 1,048,576-row workbook (about 760 MB
of XML) that is over a second of CPU in the read's safety scan (benchmarks/analysis.md,
"Round 21: the xlsx read"). ISA-L (the ``isal`` package, optional: ``pip install
'pbrkit[fast]'``) inflates and checks the same bytes about four times faster. Deflate
is a format (RFC 1951: one compressed stream has one output) and CRC-32 one function
(ISO 3309), so both backends give the same chunks and the same verdicts; without
``isal`` the standard library is used, as ``PBRKIT_INFLATE=zlib`` forces.

:func:`deflated_chunks` keeps :mod:`zipfile`'s reading of the entry (its local
header checked, its compressed bytes read as stored) and only moves the inflating
and the CRC check here, with zipfile's own exceptions: ``zlib.error`` for a damaged
stream, :class:`zipfile.BadZipFile` for a wrong CRC, ``EOFError`` for a file cut short.
"""

from __future__ import annotations

import importlib.util
import os
import zipfile
import zlib
from collections.abc import Callable, Generator
from typing import Any, Protocol

#: Compressed bytes read at a time (genuine sheet XML inflates 5-30 times as large).
INPUT_BYTES = 1024 * 1024


class _Inflater(Protocol):
    @property
    def eof(self) -> bool: ...
    @property
    def unconsumed_tail(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = ...) -> bytes: ...


def _backend() -> tuple[Callable[[], _Inflater], Callable[[bytes, int], int], type[Exception]]:
    """The raw-deflate inflater, the CRC-32 and the backend's error: ISA-L's when
    installed (and ``PBRKIT_INFLATE`` is not ``zlib``), else the standard library's."""
    if os.environ.get("PBRKIT_INFLATE", "") != "zlib" and importlib.util.find_spec("isal"):
        from isal import isal_zlib

        isal: Any = isal_zlib
        return (lambda: isal.decompressobj(-zlib.MAX_WBITS)), isal.crc32, isal.error
    return (lambda: zlib.decompressobj(-zlib.MAX_WBITS)), zlib.crc32, zlib.error


def backend_name() -> str:
    """Which inflater :func:`deflated_chunks` uses: ``isal`` or ``zlib``."""
    return "zlib" if _backend()[2] is zlib.error else "isal"


def deflated_chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, chunk_bytes: int
) -> Generator[bytes, None, None]:
    """The inflated bytes of deflated entry ``info``, ``chunk_bytes`` at a time (the
    last chunk shorter), as ``archive.open(info).read(chunk_bytes)`` gives them.

    The CRC is checked when the stream ends, before its last chunk is given, as
    zipfile checks it. The caller bounds the size (nothing here stops a bomb early
    but the caller's count of the chunks it is given).

    Raises:
        zlib.error: the deflate stream is damaged.
        zipfile.BadZipFile: the CRC-32 is not the header's.
        EOFError: the file ends before the entry's compressed bytes.
    """
    new_inflater, crc32, error = _backend()
    inflater, crc = new_inflater(), 0
    with archive.open(_as_stored(info)) as raw:
        pending = b""
        while not inflater.eof:
            parts: list[bytes] = []
            need = chunk_bytes
            while need and not inflater.eof:
                more = bool(pending) or bool(pending := raw.read(INPUT_BYTES))
                try:  # without more input, what the inflater still holds
                    out = inflater.decompress(pending, need)
                except error as exc:
                    raise zlib.error(str(exc)) from None
                if not (more or out):
                    break  # the input ends before the stream: the CRC tells
                pending = inflater.unconsumed_tail
                crc = crc32(out, crc)
                parts.append(out)
                need -= len(out)
            chunk = b"".join(parts)
            if inflater.eof or need:
                if crc != info.CRC:
                    raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.orig_filename!r}")
                if chunk:
                    yield chunk
                return
            yield chunk


def _as_stored(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A copy of ``info`` that zipfile reads as stored: its local header checked as
    usual, its compressed bytes given as they are, and no CRC (they are checked
    inflated, here)."""
    probe = zipfile.ZipInfo(info.filename, info.date_time)
    for attribute in ("flag_bits", "compress_size", "header_offset", "_end_offset"):
        if hasattr(info, attribute):
            setattr(probe, attribute, getattr(info, attribute))
    probe.orig_filename = info.orig_filename
    probe.compress_type = zipfile.ZIP_STORED
    probe.file_size = info.compress_size
    return probe
