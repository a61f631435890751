"""``pbrkit import mhsds``: read what trusts hold into a pbrkit input workbook."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import click

from pbrkit.cli import cli
from pbrkit.cli.options import (
    INPUT_FILE,
    INPUT_FOLDER,
    name_prefix_callback,
    refuse_unless_xlsx,
)
from pbrkit.errors import InputError, Problem
from pbrkit.io.output import write_outputs

_FILE = INPUT_FILE


@cli.group("import")
def import_group() -> None:
    """Turn data a trust holds into a pbrkit input workbook.

    \b
    Example:
      pbrkit example mhsds extract
      pbrkit import mhsds extract --year 2017/18 trust.xlsx
    """


@import_group.command("mhsds")
@click.argument("folder", type=INPUT_FOLDER)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", required=True, help="Financial year to count, e.g. 2017/18.")
@click.option("--provider", default=None, help="Keep only this OrgIDProv (ODS code).")
@click.option(
    "--item-codes",
    type=_FILE,
    default=None,
    help="CSV mapping SNOMED CT ids to items (snomed_ct_id, item, status) [default: the "
    "mapping pbrkit ships, mhsds_item_codes.csv of the reference set, whose ids for items "
    "13 and A-E are not confirmed from a primary source].",
)
@click.option(
    "--columns",
    "columns_file",
    type=_FILE,
    default=None,
    help="TOML file mapping your column names to MHSDS ones, e.g. "
    '[MHS803CareCluster] "MyCol" = "UniqClustID".',
)
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a JSON summary to stdout (nothing else there); the workbook is still "
    "written, and named on stderr.",
)
@click.option(
    "--name-prefix",
    default="",
    metavar="PREFIX",
    callback=name_prefix_callback,
    help="Start OUT's file name with PREFIX (trust-a- and t.xlsx give trust-a-t.xlsx).",
)
def mhsds(
    folder: Path,
    out: Path,
    year: str,
    provider: str | None,
    item_codes: Path | None,
    columns_file: Path | None,
    force: bool,
    as_json: bool,
    name_prefix: str,
) -> None:
    """Read MHSDS care-cluster tables (CSV or Parquet) into a caseload workbook.

    FOLDER holds MHS803CareCluster files (required), and MHS801ClusterTool,
    MHS802ClusterAssess (ratings) and MHS501HospProvSpell (admitted days) files,
    one or more per table (monthly submissions), named after their table. OUT.xlsx
    gets sheets caseload, patients, ratings, data_quality (every row left out and
    why), year (the --year counted: cost and tender label their years from it) and
    About (files, sha256, months, rules). Rows it cannot use are left out
    and listed, not refused; it stops (exit 2) when there is no MHS803 file, a file
    named after a table is not CSV or Parquet (a month saved as .xlsx or .ods), a file
    cannot be read or lacks its key columns, no usable cluster period is left, or OUT
    exists (without --force).

    \b
    Example:
      pbrkit example mhsds extract
      pbrkit import mhsds extract --year 2017/18 trust.xlsx
      pbrkit cost trust.xlsx
      pbrkit import mhsds extract/ --year 2019/20 --provider RXX --columns ours.toml t.xlsx
    """
    # Imported here, not at start-up: every other command starts without the importer.
    from pbrkit.mhsds import import_mhsds
    from pbrkit.mhsds.read import find_files
    from pbrkit.mhsds.workbook import write_import_workbook
    from pbrkit.mhsds.year import parse_year

    out = _checked_out(out, name_prefix, force)
    result = import_mhsds(
        folder,
        parse_year(year),
        provider=provider,
        item_codes=item_codes,
        columns=columns_file,
    )
    inputs = [p for paths in find_files(folder).values() for p in paths]
    inputs += [p for p in (item_codes, columns_file) if p is not None]
    write_outputs(
        out.parent, {out.name: lambda path: write_import_workbook(result, path)}, inputs=inputs
    )
    _say_imported(out, result.summary(), as_json)


def _checked_out(out: Path, name_prefix: str, force: bool) -> Path:
    """OUT with its --name-prefix: an .xlsx, not replaced without --force."""
    out = out.with_name(f"{name_prefix}{out.name}")
    refuse_unless_xlsx(out)
    if out.exists() and not force:
        raise InputError(Problem(f"'{out}' already exists"), hint="use --force to replace it")
    return out


def _say_imported(out: Path, summary: dict[str, Any], as_json: bool) -> None:
    """The import's summary: one line (and warnings); under --json the summary is on
    stdout and the line on stderr (stdout is the JSON alone, and the workbook written
    is still named)."""
    from pbrkit.reports.format import plural
    from pbrkit.reports.summary import to_json

    if as_json:
        sys.stdout.write(to_json(summary))
    click.echo(
        f"Wrote {out.absolute()}: {plural(summary['people'], 'person')}, "
        f"{summary['cluster_days']:,} cluster days "
        f"({summary['admitted_days']:,} admitted) in {summary['year']}; "
        f"{plural(summary['rows_left_out'], 'row')} left out (sheet data_quality).",
        err=as_json,
    )
    if summary["service_users"] != summary["people"]:
        # qa22: the import said "241 people" and `pbrkit cost` on its workbook "345
        # service users", with no word on why (methodology §9).
        click.echo(
            f"The caseload holds {summary['service_users']:,} service users, not "
            f"{summary['people']:,}: a person in more than one cluster in the year counts "
            "once in each (pbrkit cost reports that figure)",
            err=as_json,
        )
    # The workbook's year sheet carries the year: cost and tender label it so without
    # --first-year (rev13: a 2017/18 import was reported as 2024/25 unless given).
    click.echo(
        f"Next: pbrkit cost {shlex.quote(str(out))} (it labels the year {summary['year']}, "
        "from the workbook's year sheet)",
        err=as_json,
    )
    for warning in summary["warnings"]:
        click.echo(f"Warning: {warning}", err=True)
