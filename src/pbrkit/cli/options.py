"""Options shared by several commands, so each means the same thing everywhere."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pbrkit.defaults import DEFAULT_REFERENCE
from pbrkit.io.limits import MIB, ReadLimits
from pbrkit.io.output import Writer, check_output_folder, write_outputs

# pandas, numpy and matplotlib are imported by the commands that need them, not
# here: `pbrkit --help` starts in a fraction of a second.
if TYPE_CHECKING:
    from pbrkit.reports.suppression import DisclosurePolicy

F = TypeVar("F", bound=Callable[..., Any])

INPUT_PATH = click.Path(exists=True, dir_okay=True, path_type=Path)


def output_options(function: F) -> F:
    """``--out``, ``--force`` and ``--json``."""
    function = click.option(
        "--json", "as_json", is_flag=True, help="Print summary.json to stdout (nothing else)."
    )(function)
    function = click.option(
        "--force", is_flag=True, help="Replace reports in a non-empty --out folder."
    )(function)
    function = click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder for the reports [default: ./pbrkit-out/<input name>/].",
    )(function)
    return function


def reference_option(function: F) -> F:
    """``--reference``: a shipped set's name or a folder of the same shape."""
    return click.option(
        "--reference",
        default=DEFAULT_REFERENCE,
        show_default=True,
        help="Reference set (see `pbrkit reference list`) or a folder of the same shape.",
    )(function)


def publish_option(function: F) -> F:
    """``--publish``: small-number suppression on every output (NHS Digital 2018 rule)."""
    return click.option(
        "--publish",
        is_flag=True,
        help="Apply NHS disclosure control for publication: counts of people 1-7 shown as *, "
        "others rounded to 5, secondary suppression; no patient IDs written.",
    )(function)


def policy_from(publish: bool) -> DisclosurePolicy | None:
    """The disclosure policy for ``--publish`` (None when it is off)."""
    from pbrkit.reports.suppression import NHSD_HES_2018

    return NHSD_HES_2018 if publish else None


def limit_options(function: F) -> F:
    """Bounds on input size (hostile files); raise them for genuine large inputs."""
    defaults = ReadLimits()
    function = click.option(
        "--max-unzipped-mb",
        type=click.IntRange(min=1),
        default=defaults.max_uncompressed_bytes // MIB,
        show_default=True,
        help="Refuse spreadsheets that expand, or CSV/Parquet data, beyond this many MB.",
    )(function)
    function = click.option(
        "--max-rows",
        type=click.IntRange(min=1),
        default=defaults.max_rows,
        show_default=True,
        help="Refuse sheets with more rows than this.",
    )(function)
    return function


def limits_from(max_rows: int, max_unzipped_mb: int) -> ReadLimits:
    """The :class:`ReadLimits` for the limit options' values."""
    return ReadLimits(max_rows=max_rows, max_uncompressed_bytes=max_unzipped_mb * MIB)


def default_out(input_path: Path) -> Path:
    """``./pbrkit-out/<input stem>/`` (DESIGN §2)."""
    return Path.cwd() / "pbrkit-out" / input_path.stem


def emit(
    summary: dict[str, Any],
    writers: dict[str, Writer],
    *,
    out: Path,
    force: bool,
    as_json: bool,
    inputs: list[Path],
    stale: Sequence[str] = (),
) -> None:
    """Write the reports atomically, then print either the JSON or where they went.

    ``stale`` names files to remove from ``out`` once the reports are in place (a
    published run removes an earlier run's patient-level file).
    """
    from pbrkit.reports.summary import to_json

    check_output_folder(out, force=force, inputs=inputs)
    written = write_outputs(out, writers, inputs=inputs, stale=stale)
    if as_json:
        sys.stdout.write(to_json(summary))
    else:
        click.echo(f"Wrote {len(written)} reports to {out}:")
        for path in written:
            click.echo(f"  {path.name}")
