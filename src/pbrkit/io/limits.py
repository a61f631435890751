"""Resource limits for reading untrusted spreadsheets, and the zip pre-flight check.

An .xlsx or .ods file is a zip archive. A hostile one can declare a few kilobytes and
inflate to gigabytes (a zip bomb), hold hundreds of thousands of entries, or declare
small sizes in its headers and inflate far beyond them. calamine has no bound of its
own and trusts none of those headers (SECURITY.md; measured: a part
that declares 435 bytes and inflates to 1 GB is read whole). So before any parser
touches an archive, :func:`check_zip_archive` checks the declared entry count
(before Python's :mod:`zipfile` reads the central directory), the declared sizes and
compression ratio, and then inflates every entry as a stream, counting real bytes,
so that nothing later can inflate further than was checked. A sheet's XML, which the
sheet scan streams anyway, may be left to that scan: :func:`checked_chunks` makes the
same checks in the scan's single pass (:class:`StreamedLater`). SECURITY.md lists
every limit and the test that exercises it.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pbrkit.errors import (
    NOTHING_WRITTEN,
    TABLE_SUFFIXES,
    InputError,
    Problem,
    ResourceLimitExceeded,
)
from pbrkit.io import inflate

MIB = 1024 * 1024

#: Bytes inflated per read while streaming an archive entry.
CHUNK_BYTES = 4 * MIB
#: How much of an XML part's start is searched for entity declarations (the prolog).
PROLOG_BYTES = 64 * 1024
#: Compression methods that Excel and LibreOffice write: stored and deflate.
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_ENTITY_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)
#: What zipfile and zlib raise on damaged archives (struct/Value/Overflow errors come
#: from headers with impossible fields).
_CORRUPT = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OverflowError, struct.error)


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on what a single input may make pbrkit do.

    The defaults admit a full Excel sheet (1,048,576 rows) of ratings while refusing
    archives that expand far beyond any real workbook. ``--max-rows`` and
    ``--max-unzipped-mb`` set two of them on the command line; the rest are fixed
    here and in SECURITY.md.

    ``max_uncompressed_bytes`` also caps the size of a CSV file. ``max_cells`` bounds
    the grid a sheet spans (rows x columns, empty cells included): calamine allocates
    the whole grid, so a 1 KB sheet with cells at A1 and XFD1048576 would otherwise
    ask for 17 billion cells.

    ``max_ods_cells`` is the same bound for all the tables of an .ods together, and
    lower: calamine reads every table of an .ods when it opens the file, expanding
    repeated cells (``number-rows-repeated``) at about 130 bytes each, so an 880-byte
    file repeating one value over 49M cells took 25 s and 4.6 GB. At 4M cells (160,000
    rows of 25 columns) an .ods reads in under 700 MB; larger tables belong in .xlsx,
    CSV or Parquet.
    """

    max_uncompressed_bytes: int = 2048 * MIB
    max_entries: int = 10_000
    max_compression_ratio: float = 200.0
    max_rows: int = 11_000_000
    max_cells: int = 50_000_000
    max_ods_cells: int = 4_000_000
    max_columns: int = 16_384


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True)
class StreamedLater:
    """Parts whose inflate check a caller's own streamed scan will make instead.

    A worksheet part that the sheet scan streams anyway is checked inside that scan's
    single pass (:func:`checked_chunks`), so the pre-flight does not inflate it a
    second time. ``reads`` are the parts ``choose`` reads (the workbook and its
    relationships): they are checked in full first. ``choose`` names the parts to
    leave; a name written twice in the archive is never left (every copy is
    checked here, whichever one a parser picks).
    """

    reads: tuple[str, ...]
    choose: Callable[[zipfile.ZipFile], Collection[str]]


def check_zip_archive(
    path: Path, limits: ReadLimits = DEFAULT_LIMITS, *, later: StreamedLater | None = None
) -> tuple[zipfile.ZipInfo, ...]:
    """Refuse an xlsx/ods archive that is corrupt, encrypted or would inflate too far.

    Every entry's header is checked; every entry is inflated once (streamed, in
    :data:`CHUNK_BYTES` pieces) to prove that its real size is what its header
    declares and its CRC is right, and XML parts are refused if they declare entities
    (a DTD: "billion laughs") -- except the parts ``later`` leaves, which are
    returned: the caller must pass each through :func:`checked_chunks` before any
    parser reads the archive.

    Raises:
        InputError: the file is not a readable zip archive, is corrupt, encrypted,
            uses an unusual compression method, or declares XML entities.
        ResourceLimitExceeded: declared or real sizes, entry count or compression
            ratio are beyond ``limits``.
    """
    name = path.name
    declared_entries = _declared_entry_count(path)
    if declared_entries is not None and declared_entries > limits.max_entries:
        raise _too_many_entries(name, declared_entries, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_declared(name, infos, limits)
            left = _left_for_later(archive, infos, name, later)
            first = later.reads if later is not None else ()
            for info in infos:
                if info not in left and info.filename not in first:
                    _check_entry(archive, info, name)
    except _CORRUPT as exc:
        raise InputError(_corrupt_problem(name, exc)) from None
    except OSError as exc:
        raise InputError(_unreadable_problem(name, exc)) from None
    return tuple(info for info in infos if info in left)


def _left_for_later(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, later: StreamedLater | None
) -> list[zipfile.ZipInfo]:
    """Check the parts ``later.choose`` reads, then say which parts it leaves."""
    if later is None:
        return []
    copies = Counter(info.filename for info in infos)
    for info in infos:
        if info.filename in later.reads:
            _check_entry(archive, info, name)
    chosen = set(later.choose(archive))
    return [
        info
        for info in infos
        if info.filename in chosen
        and copies[info.filename] == 1
        and info.filename not in later.reads
    ]


def _declared_entry_count(path: Path) -> int | None:
    """The entry count in the end-of-central-directory record, read without zipfile.

    :mod:`zipfile` builds one object per central-directory entry before anyone can
    count them, so a bomb of a million empty entries would cost memory and time.
    Returns None when there is no record (zipfile then reports the corruption).
    """
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            start = max(0, size - (22 + 0xFFFF))
            handle.seek(start)
            tail = handle.read()
    except OSError:
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    count = int(struct.unpack_from("<H", tail, at + 10)[0])
    locator = at - 20
    if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        (zip64_offset,) = struct.unpack_from("<Q", tail, locator + 8)
        try:
            with path.open("rb") as handle:
                handle.seek(zip64_offset)
                record = handle.read(56)
        except (OSError, ValueError):
            return count
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            return int(struct.unpack_from("<Q", record, 32)[0])
    return count


def _check_declared(name: str, infos: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    if _is_encrypted_office_file(infos) or any(info.flag_bits & 0x1 for info in infos):
        raise InputError(_encrypted_problem(name))
    if len(infos) > limits.max_entries:
        raise _too_many_entries(name, len(infos), limits)
    unusual = sorted({info.compress_type for info in infos} - _METHODS)
    if unusual:
        raise InputError(
            Problem(
                f"'{name}' uses zip compression method {unusual[0]}, which Excel and "
                "LibreOffice never write",
                fix="open it in Excel or LibreOffice and save it again",
            )
        )
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise ResourceLimitExceeded(
            Problem(
                f"'{name}' would expand to {total / MIB:,.0f} MB, more than the limit of "
                f"{limits.max_uncompressed_bytes / MIB:,.0f} MB (a zip bomb, or a very "
                "large workbook)",
                fix="raise the limit with --max-unzipped-mb if the file is genuine",
            )
        )
    # Genuine sheet XML compresses 5-30x; a ratio in the hundreds is a bomb.
    # Only judge the ratio on archives large enough for it to mean something.
    if total > 10 * MIB and packed > 0 and total / packed > limits.max_compression_ratio:
        raise ResourceLimitExceeded(
            Problem(
                f"'{name}' is compressed {total / packed:,.0f}:1, beyond the limit of "
                f"{limits.max_compression_ratio:,.0f}:1 (a sign of a zip bomb)",
                fix="check where the file came from; re-save it in Excel if it is genuine",
            )
        )


def _check_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    for _chunk in checked_chunks(archive, info, name):
        pass


def checked_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """Inflate one entry as a stream: real size within the declared one, no entities.

    The pre-flight's check of one part, yielding the part's bytes as it goes, so that
    a scan that streams the part anyway makes the check in the same pass. Every
    refusal (and its message) is the pre-flight's; the size and entity checks at the
    end run only once the stream is read to its end.

    :mod:`zipfile` stops reading at the declared size, so the entry is opened with
    a copy of its header that allows one chunk more: a part that inflates past its
    declared size is caught after at most one chunk, whatever it would grow to
    (before zipfile's own CRC check at the end of the allowance could fire).

    Raises:
        InputError: the part is corrupt or declares XML entities.
        ResourceLimitExceeded: it inflates beyond its declared size.
    """
    seen = 0
    head = b""
    with _guarded(name):
        chunks = _inflated(archive, info)
    with closing(chunks):
        while True:
            with _guarded(name):
                chunk = next(chunks, b"")
            if not chunk:
                break
            seen += len(chunk)
            if seen > info.file_size:
                raise ResourceLimitExceeded(
                    Problem(
                        f"'{name}': part '{info.filename}' inflates beyond the "
                        f"{info.file_size:,} bytes its header declares (a corrupt or "
                        "crafted archive, e.g. a disguised zip bomb)",
                        fix="check where the file came from; re-save it in Excel if genuine",
                    )
                )
            if len(head) < PROLOG_BYTES:
                head += chunk[: PROLOG_BYTES - len(head)]
            yield chunk
    if seen != info.file_size:
        short = zipfile.BadZipFile(f"part '{info.filename}' is shorter than its header declares")
        raise InputError(_corrupt_problem(name, short))
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and _ENTITY_RE.search(head):
        raise InputError(
            Problem(
                f"'{name}': part '{info.filename}' declares XML entities (a DTD), the "
                "device of 'billion laughs' attacks; genuine spreadsheets never do",
                fix="check where the file came from; re-save it in Excel if genuine",
            )
        )


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Generator[bytes, None, None]:
    """The entry's bytes in :data:`CHUNK_BYTES` chunks: a deflated one through
    :func:`pbrkit.io.inflate.deflated_chunks` (ISA-L when installed), a stored one
    through zipfile (with :func:`_allowance`)."""
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return inflate.deflated_chunks(archive, info, CHUNK_BYTES)
    return _stored_chunks(archive.open(_allowance(info)))


def _stored_chunks(stream: IO[bytes]) -> Generator[bytes, None, None]:
    with stream:
        while chunk := stream.read(CHUNK_BYTES):
            yield chunk


def _allowance(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A copy of ``info`` whose declared size allows one chunk more."""
    probe = zipfile.ZipInfo(info.filename, info.date_time)
    for attribute in (
        "compress_type",
        "flag_bits",
        "CRC",
        "compress_size",
        "header_offset",
        "_end_offset",  # Python >= 3.12: zipfile's own overlapping-entry check
    ):
        if hasattr(info, attribute):
            setattr(probe, attribute, getattr(info, attribute))
    probe.file_size = info.file_size + CHUNK_BYTES + 1
    return probe


@contextmanager
def _guarded(name: str) -> Iterator[None]:
    """What zipfile and zlib raise on a damaged part, as the pre-flight's messages."""
    try:
        yield
    except _CORRUPT as exc:
        raise InputError(_corrupt_problem(name, exc)) from None
    except OSError as exc:
        raise InputError(_unreadable_problem(name, exc)) from None


def _unreadable_problem(name: str, exc: OSError) -> Problem:
    return Problem(f"cannot read '{name}': {exc.strerror or exc}")


def _too_many_entries(name: str, count: int, limits: ReadLimits) -> ResourceLimitExceeded:
    return ResourceLimitExceeded(
        Problem(
            f"'{name}' holds {count:,} archive entries, more than the limit of "
            f"{limits.max_entries:,} (a real workbook has a few dozen)",
            fix="check the file is a genuine workbook",
        )
    )


def _corrupt_problem(name: str, exc: BaseException) -> Problem:
    detail = str(exc).strip().splitlines()
    reason = detail[0][:160] if detail else type(exc).__name__
    return Problem(
        f"'{name}' is not a valid spreadsheet: the zip archive is truncated or corrupt ({reason})",
        fix="open it in Excel or LibreOffice and save it again as .xlsx, or ask for a fresh copy",
    )


def _is_encrypted_office_file(infos: list[zipfile.ZipInfo]) -> bool:
    names = {info.filename for info in infos}
    return "EncryptedPackage" in names or "EncryptionInfo" in names


def _encrypted_problem(name: str) -> Problem:
    return Problem(
        f"'{name}' is password-protected",
        fix="open it in Excel, remove the password (File > Info > Protect Workbook), "
        "and save a copy",
    )


# --- bounds on what a run may be asked to do (options and scenario files) -------------

#: Most Monte Carlo draws one run may ask for, on the command line or in a scenario.
MAX_DRAWS = 1_000_000
#: Seeds are whole numbers 0 <= seed < 2**128: numpy's PCG64 generator holds 128 bits
#: of state, so every seed in this range gives its own, exactly reproducible stream.
SEED_LIMIT = 2**128
#: Most bidder-lot pairs one tender may have: the simulator holds a bid per pair for
#: every patient, so 30,000 bidders on one lot would need gigabytes. Real tenders have
#: a few bidders and a few lots.
MAX_BIDDER_LOTS = 500
#: Largest scenario file read, in bytes (a real one is a few kilobytes).
MAX_SCENARIO_BYTES = 1 * MIB
#: Largest magnitude of any number in a scenario file: above any £ amount a mental-health
#: tender can involve (£1,000 trillion), and far inside a float's range, so sums of
#: such numbers stay finite.
MAX_SCENARIO_NUMBER = 1e15


def check_bidder_lots(
    bidders: int,
    lots: int,
    where: str = "the tender",
    rows: str = "the bidders and lots sheets (or the scenario)",
) -> None:
    """Refuse more than :data:`MAX_BIDDER_LOTS` bidder-lot pairs (no lots counts as one).
    ``where`` locates the message; ``rows`` is where the hint sends the user to look
    (the sheets or CSV files that hold the bidders and lots).

    Raises:
        InputError: naming the counts and the limit.
    """
    pairs = bidders * max(1, lots)
    if pairs > MAX_BIDDER_LOTS:
        raise InputError(
            Problem(
                f"{where}: {bidders:,} bidders × {lots:,} lots = {pairs:,} bidder-lot "
                f"pairs, more than the limit of {MAX_BIDDER_LOTS:,}"
            ),
            hint=f"real tenders have a few bidders and lots; check {rows} for runaway rows",
        )


def check_regular_file(path: Path, role: str, *, readable: bool = True) -> None:
    """Refuse ``path`` unless it is a regular file (checked before it is opened).

    A FIFO would block a read for ever, and a device such as ``/dev/zero`` never ends;
    a symbolic link is judged by what it points to.

    Raises:
        InputError: ``path`` is missing, unreadable, or not a regular file.
    """
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except OSError as exc:
        raise InputError(
            Problem(f"{role} '{path}' cannot be read: {exc.strerror or exc}"),
            hint=NOTHING_WRITTEN,
        ) from None
    if not stat.S_ISREG(mode):
        raise InputError(
            Problem(
                f"{role} '{path}' is {_kind(mode)}, not a regular file",
                fix="give the path of an ordinary file (a copy, not a pipe, device or socket)",
            ),
            hint=NOTHING_WRITTEN,
        )
    # Said before it is opened, in the words of the other refusals (a chmod 000 file
    # was an open() error deep in a reader); root reads it anyway, so access() says.
    if readable and not os.access(path, os.R_OK):
        raise InputError(
            Problem(
                f"{role} '{path}' cannot be read: you have no permission to read it",
                fix="give yourself read permission (chmod u+r), or give a copy you can read",
            ),
            hint=NOTHING_WRITTEN,
        )


def check_input_path(path: Path, role: str) -> None:
    """:func:`check_regular_file`, or for a folder (of CSVs), for every file in it.

    Sub-folders are skipped: pbrkit reads only the files directly in an input folder.
    """
    try:
        is_folder = path.is_dir()
        entries = sorted(path.iterdir()) if is_folder else []
    except OSError as exc:
        raise InputError(
            Problem(f"{role} '{path}' cannot be read: {exc.strerror or exc}"),
            hint=NOTHING_WRITTEN,
        ) from None
    if not is_folder:
        check_regular_file(path, role)
        return
    for entry in entries:
        if not entry.is_dir():
            # Only a file pbrkit may read must be readable: a notes.txt of the user's own
            # that they may not read is no input (a FIFO of any name is refused, as before).
            read = entry.suffix.lower() in (*TABLE_SUFFIXES, ".json", ".toml")
            check_regular_file(entry, f"{role}: file", readable=read)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
