"""``pbrkit compare``: runs or scenarios side by side."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pbrkit.cli import cli
from pbrkit.cli.options import INPUT_PATH, emit, output_options_in


@cli.command()
@click.argument("runs", nargs=-1, required=True, type=INPUT_PATH)
@click.option("--names", default=None, metavar="A,B,…",
              help="The runs' names in the reports, comma-separated [default: folder or "
              "file names].")  # fmt: skip
@click.option("--markdown", is_flag=True,
              help="Print the headline figures as a Markdown table on stdout, and write "
              "no reports.")  # fmt: skip
@output_options_in("compare")
def compare(
    runs: tuple[Path, ...],
    names: str | None,
    markdown: bool,
    out: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    """Compare runs side by side: every headline figure, one column per run, and each
    run's difference from the first.

    RUNS are pbrkit output folders (cost or tender) or tender scenario files (.toml),
    which are run first with their own settings. Writes summary.json, report.xlsx,
    report.html and summary.pdf (a one-page summary); what changed between the runs is
    listed at the top. Runs on different reference sets or data are compared with a
    warning; published runs (--publish) only with other published runs.

    \b
    Example:
      pbrkit example clusters.xlsx
      pbrkit cost clusters.xlsx --out base && pbrkit cost clusters.xlsx --mff 1.05 --out mff
      pbrkit compare base mff
      pbrkit example aqp-fixed-tariff.toml && pbrkit example aqp-accept-all.toml
      pbrkit compare aqp-fixed-tariff.toml aqp-accept-all.toml --markdown
    """
    from pbrkit.workflows.compare import compare_runs

    run = compare_runs(list(runs), names.split(",") if names is not None else None)
    for warning in run.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if markdown:
        sys.stdout.write(run.markdown())
        return
    emit(
        run.summary(),
        run.writers(),
        out=out,
        default=Path.cwd() / "pbrkit-out" / "compare",
        force=force,
        as_json=as_json,
        inputs=list(runs),
    )
