"""Resource limits for reading untrusted spreadsheets, and the zip pre-flight check.

An .xlsx or .ods file is a zip archive. A hostile one can declare a few kilobytes and
inflate to gigabytes (a zip bomb), or hold thousands of entries. calamine has no
bound of its own (reference/ecosystem.md §3.3), so the archive's central directory
is checked *before* any parser touches it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from pbrkit.errors import InputError, Problem, ResourceLimitExceeded

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on what a single input may make pbrkit do.

    The defaults admit a full Excel sheet (1,048,576 rows) of ratings while refusing
    archives that expand far beyond any real workbook. Each is an option on the
    command line (``--max-rows``, ``--max-cells``, ``--max-unzipped-mb``).
    """

    max_uncompressed_bytes: int = 2048 * MIB
    max_entries: int = 10_000
    max_compression_ratio: float = 200.0
    max_rows: int = 11_000_000
    max_cells: int = 250_000_000


DEFAULT_LIMITS = ReadLimits()


def check_zip_archive(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse an xlsx/ods archive that is corrupt, encrypted or would inflate too far.

    Raises:
        InputError: the file is not a readable zip archive, or is password-protected.
        ResourceLimitExceeded: declared sizes, entry count or compression ratio are
            beyond ``limits``.
    """
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(
            Problem(
                f"'{name}' is not a valid spreadsheet: it is not a zip archive "
                "(it may be truncated, corrupt, or a different kind of file renamed)",
                fix="open it in Excel or LibreOffice and save it again as .xlsx",
            )
        ) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read '{name}': {exc.strerror or exc}")) from None

    if _is_encrypted_office_file(infos):
        raise InputError(_encrypted_problem(name))
    if len(infos) > limits.max_entries:
        raise ResourceLimitExceeded(
            Problem(
                f"'{name}' holds {len(infos):,} archive entries, more than the limit of "
                f"{limits.max_entries:,}",
                fix="check the file is a genuine workbook",
            )
        )
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if any(info.flag_bits & 0x1 for info in infos):
        raise InputError(_encrypted_problem(name))
    if total > limits.max_uncompressed_bytes:
        raise ResourceLimitExceeded(
            Problem(
                f"'{name}' would expand to {total / MIB:,.0f} MB, more than the limit of "
                f"{limits.max_uncompressed_bytes / MIB:,.0f} MB",
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


def _is_encrypted_office_file(infos: list[zipfile.ZipInfo]) -> bool:
    names = {info.filename for info in infos}
    return "EncryptedPackage" in names or "EncryptionInfo" in names


def _encrypted_problem(name: str) -> Problem:
    return Problem(
        f"'{name}' is password-protected",
        fix="open it in Excel, remove the password (File > Info > Protect Workbook), "
        "and save a copy",
    )
