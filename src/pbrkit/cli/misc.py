"""``pbrkit validate``, ``pbrkit template`` and ``pbrkit reference``."""

from __future__ import annotations

from pathlib import Path

import click

from pbrkit.cli import cli
from pbrkit.cli.options import (
    INPUT_FILE,
    INPUT_PATH,
    limit_options,
    limits_from,
    reference_option,
    refuse_unless_xlsx,
)
from pbrkit.defaults import TEMPLATE_NAMES, VALIDATE_COMMANDS
from pbrkit.errors import InputError, Problem
from pbrkit.io.output import write_outputs


@cli.command()
@click.argument("workbook", type=INPUT_PATH)
@click.option(
    "--for",
    "commands",
    type=click.Choice(VALIDATE_COMMANDS),
    multiple=True,
    help="Check the input as this command reads it (repeatable) [default: every "
    "command the input has sheets for].",
)
@reference_option
@click.option(
    "--tariff",
    "tariff_file",
    type=INPUT_FILE,
    help="A tariff file (CSV or workbook with a tariff sheet), checked as the commands' "
    "--tariff reads it.",
)
@limit_options
def validate(
    workbook: Path,
    commands: tuple[str, ...],
    reference: str,
    tariff_file: Path | None,
    max_rows: int,
    max_unzipped_mb: int,
) -> None:
    """Check an input exactly as the commands read it and list every problem; write nothing.

    Exit code 0 when the input is valid, 2 when it has problems.

    \b
    Example:
      pbrkit example clusters.xlsx
      pbrkit validate clusters.xlsx
      pbrkit validate --for tender clusters.xlsx
      pbrkit validate my-caseload.xlsx --tariff local-prices.csv
    """
    from pbrkit.workflows.validate import validate_workbook

    report = validate_workbook(
        workbook,
        reference=reference,
        limits=limits_from(max_rows, max_unzipped_mb),
        commands=commands,
        tariff_file=tariff_file,
    )
    for line in report:
        click.echo(line)


@cli.command()
@click.option(
    "--kind",
    type=click.Choice(sorted(TEMPLATE_NAMES)),
    default="cost",
    show_default=True,
    help="Which command the workbook is for.",
)
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def template(kind: str, force: bool, out: Path) -> None:
    """Write a blank input workbook with headers, notes and validation.

    \b
    Example:
      pbrkit template --kind cost my-caseload.xlsx
      pbrkit template --kind tender tender-inputs.xlsx
    """
    from pbrkit.io.template import write_template

    refuse_unless_xlsx(out)
    if out.exists() and not force:
        raise InputError(Problem(f"'{out}' already exists"), hint="use --force to replace it")
    write_outputs(out.parent, {out.name: lambda path: write_template(kind, path)}, inputs=[])
    click.echo(f"Wrote {out.absolute()}")  # in full, as every command names what it wrote


@cli.group()
def reference() -> None:
    """List or show the shipped reference sets (tariffs, packages, unit costs, profiles).

    \b
    Example:
      pbrkit reference list
      pbrkit reference show illustrative-2014-15
    """


@reference.command("list")
def reference_list() -> None:
    """List the shipped reference sets with their status.

    \b
    Example:
      pbrkit reference list
    """
    from pbrkit.reference import list_reference_sets, reference_set_label

    for name in list_reference_sets():
        click.echo("\t".join(reference_set_label(name)))


def _table_as_written(folder: Path, table: str, name: str) -> str:
    """A set's table as its file writes it, every cell as text: prices "8.00" and
    "1747.20", not the "8.0" and "1747.2" of the numbers read back (fix9), and codes
    as the set writes them (PSY_COM, not pbrkit's own key 1)."""
    import csv
    import io

    from pbrkit.io.csvfile import read_csv_grid

    file = folder / f"{table}.csv"
    if not file.is_file():
        raise InputError(Problem(f"reference set '{name}' has no {table} table"))
    out = io.StringIO()
    rows = read_csv_grid(file).fillna("").itertuples(index=False)
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@reference.command("show")
@click.argument("name")
@click.option(
    "--table",
    type=click.Choice(["clusters", "tariff", "packages", "unit_costs", "profiles", "sources"]),
    default=None,
    help="Print one table in full as CSV.",
)
def reference_show(name: str, table: str | None) -> None:
    """Describe a reference set, or print one of its tables.

    \b
    Example:
      pbrkit reference show illustrative-2014-15
      pbrkit reference show illustrative-2014-15 --table tariff
    """
    from pbrkit.reference import load_reference_set

    ref = load_reference_set(name)
    if table == "sources":
        click.echo((ref.path / "SOURCES.md").read_text(encoding="utf-8"))
        return
    if table is not None:
        click.echo(_table_as_written(ref.path, table, name), nl=False)
        return
    click.echo(f"{ref.name} — {ref.title}")
    click.echo(f"status: {ref.status.upper()}  (figures are not official unless stated)")
    click.echo(f"folder: {ref.path}")
    click.echo(
        f"clusters: {len(ref.clusters)}; tariff rows: {len(ref.tariff)}; "
        f"package rows: {len(ref.packages)}; unit costs: {len(ref.unit_costs)}; "
        f"profiles: {'yes' if ref.profiles is not None else 'no'}"
    )
    click.echo("Use --table NAME to print a table, or --table sources for SOURCES.md.")
