"""``pbrkit cluster``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pbrkit.cli import cli
from pbrkit.cli.options import (
    ALLOCATION_FILES,
    INPUT_FILE,
    INPUT_PATH,
    TARIFF_HELP,
    FiniteFloat,
    bounded_weights,
    default_out,
    limit_options,
    limits_of,
    output_options_in,
    policy_from,
    publish_option,
    reference_option,
    run_inputs,
    write_reports,
)
from pbrkit.cli.progress import stage
from pbrkit.workflows.collector import full_collections_held

if TYPE_CHECKING:
    from pbrkit.clustering import ClusterOptions
    from pbrkit.workflows.cluster import ClusterRun

FILE = INPUT_FILE


@cli.command()
@click.argument("ratings", type=INPUT_PATH)
@output_options_in("<input name>-cluster")
@reference_option
@click.option(
    "--profiles",
    "profiles_file",
    type=FILE,
    help="Your own allocation grid (cluster, item, rating, band) as CSV/xlsx [default: the "
    "reference set's grid, pbrkit's own illustration, not the official Clustering Booklet "
    "grid].",
)
@click.option(
    "--tariff",
    "tariff_file",
    type=FILE,
    help="The prices of the £ at stake. " + TARIFF_HELP,
)
@click.option(
    "--min-score",
    type=FiniteFloat(min=-100_000, max=100_000),
    default=0.0,
    show_default=True,
    help="A best score below this gives the variance cluster (no profile fits).",
)
@click.option(
    "--weights",
    default="must=2,expected=2,may=1,unlikely=-2",
    show_default=True,
    help="Score per band of the grid.",
)
@click.option(
    "--max-unknown",
    type=click.IntRange(0, 18),
    default=2,
    show_default=True,
    help="More unknown items (blank or 9) than this gives the not-assessed cluster.",
)
@click.option(
    "--cv-threshold",
    type=FiniteFloat(min=0, max=1000),
    default=1.0,
    show_default=True,
    help="Flag clusters whose cost CV (SD ÷ mean) is above this.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "parquet", "xlsx"]),
    default="csv",
    show_default=True,
    help="Format of the per-patient allocations file: parquet for large runs, xlsx for "
    "a spreadsheet (one sheet: up to 1,048,575 patients).",
)
@publish_option
@limit_options
@full_collections_held()  # benchmarks/results.md, "Round 18 (fixed cost)"
def cluster(
    ratings: Path,
    profiles_file: Path | None,
    tariff_file: Path | None,
    publish: bool,
    **given: Any,
) -> None:
    """Suggest a care cluster per patient from MHCT ratings; audit the clinicians' clusters.

    RATINGS is an .xlsx/.ods with a `ratings` sheet, or a CSV/Parquet file: patient_id,
    MHCT items 1-13 and A-E (0-4; blank or 9 = unknown), and optionally the clinician's
    `cluster`, `days`, `admitted_days`, `cost` and traits such as `age`. Writes
    allocations.csv (the only file with patient IDs; cells starting with = + - @ get a
    leading ' so spreadsheets never run them; --format parquet or xlsx writes it as
    allocations.parquet or allocations.xlsx, every value as read), report.xlsx,
    report.html, summary.json and summary.pdf (a one-page summary).

    \b
    Example:
      pbrkit example ratings.xlsx
      pbrkit cluster ratings.xlsx
      pbrkit cluster ratings.parquet --format parquet --tariff local-prices.csv --json
      pbrkit cluster ratings.xlsx --profiles booklet-grid.csv --min-score 10
      pbrkit cluster ratings.xlsx --format xlsx
      pbrkit cluster ratings.xlsx --publish --out to-publish/

    With --publish, no allocations file is written (patient IDs are never published)
    and every count of people in the reports is suppressed or rounded.
    """
    options = _cluster_options(given)  # a bad --weights is refused before reading
    with stage(f"Reading and allocating {ratings.name}"):
        run = _run_located(
            ratings,
            reference=given["reference"],
            profiles_file=profiles_file,
            tariff_file=tariff_file,
            options=options,
            output_format=given["output_format"],
            limits=limits_of(given),
            progress=lambda message: click.echo(message, err=True),
            publish=policy_from(publish),
        )
    inputs = run_inputs(ratings, tariff_file, profiles_file, reference=given["reference"])
    if publish:
        click.echo(
            f"--publish: allocations.{given['output_format']} is not written (it holds "
            "patient IDs); "
            "counts of people are suppressed or rounded in every report.",
            err=True,
        )
    stale = ALLOCATION_FILES if publish else ()
    write_reports(run, given, default=default_out(ratings, "cluster"), inputs=inputs, stale=stale)


def _cluster_options(given: dict[str, Any]) -> ClusterOptions:
    """The allocation's options from the command's (--weights checked)."""
    from pbrkit.clustering import ClusterOptions

    return ClusterOptions(
        weights=bounded_weights(given["weights"]),
        min_score=given["min_score"],
        max_unknown=given["max_unknown"],
        cv_threshold=given["cv_threshold"],
    )


def _run_located(ratings: Path, *, profiles_file: Path | None, **options: Any) -> ClusterRun:
    """``run_cluster``, a CSV input's problems naming its file, not a sheet (the ratings'
    and the --profiles grid's each their own)."""
    from pbrkit.io.workbook import naming_files
    from pbrkit.workflows.cluster import run_cluster

    with (
        naming_files(ratings, only=("ratings",)),
        naming_files(profiles_file, only=("profiles",)),
    ):
        return run_cluster(ratings, profiles_file=profiles_file, **options)
