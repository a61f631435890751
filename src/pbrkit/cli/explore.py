"""``pbrkit explore``: one HTML page with a slider per parameter over a sweep's grid."""

from __future__ import annotations

from pathlib import Path

import click

from pbrkit.cli import cli
from pbrkit.cli.options import (
    default_out,
    emit,
    limit_options,
    limits_from,
    output_options_in,
    policy_from,
    publish_option,
    reference_option,
    run_inputs,
)
from pbrkit.cli.progress import progress_bar
from pbrkit.cli.tender import SCENARIO_PATH, _draws_seed, _tariff_option
from pbrkit.defaults import DEFAULT_SWEEP_DRAWS


@cli.command()
@click.argument("scenario", type=SCENARIO_PATH)
@click.option(
    "--vary",
    "vary",
    multiple=True,
    required=True,
    metavar="NAME=LO:HI:STEPS",
    help="A parameter and its values, as for pbrkit sweep: NAME=LO:HI:STEPS or "
    "NAME=V1,V2,… (NAME: nhs.fixed_cost_share, nhs.shed_rate, nhs.variable_share, "
    "bidders.<name>.<field>, lots.<name>.<field>; * for every bidder or lot; the fields "
    "are in docs/scenarios.md). One to three times.",
)
@_draws_seed(DEFAULT_SWEEP_DRAWS)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="Processes to run grid points on [default: one per core]; never changes results.",
)
@output_options_in("<scenario name>-explore")
@reference_option
@_tariff_option
@publish_option
@limit_options
def explore(
    scenario: Path,
    vary: tuple[str, ...],
    draws: int | None,
    seed: int | None,
    workers: int | None,
    out: Path | None,
    force: bool,
    as_json: bool,
    reference: str,
    tariff_file: Path | None,
    publish: bool,
    max_rows: int,
    max_unzipped_mb: int,
) -> None:
    """Write explore.html: a page anyone can open to explore a tender scenario.

    The scenario is run at every point of the grid (as pbrkit sweep does, up to three
    parameters); the page has a slider per parameter and shows, for the chosen point,
    the headline figures, the NHS surplus waterfall, the residue per cluster and the
    assumptions. It needs no network and no software but a browser; its address
    (#parameter=value…) opens it at the chosen point. summary.json holds the grid.

    \b
    Example:
      pbrkit example aqp-fixed-tariff.toml
      pbrkit explore aqp-fixed-tariff.toml --draws 20 \\
        --vary nhs.fixed_cost_share=0.2:0.8:7 --vary "bidders.*.info_quality=0:1:6"
    """
    from pbrkit.workflows.explore import MOST_PARAMETERS, run_explore

    if len(vary) > MOST_PARAMETERS:
        raise click.UsageError(f"--vary may be given one to {MOST_PARAMETERS} times")
    with progress_bar("Exploring") as progress:
        run = run_explore(
            scenario,
            list(vary),
            draws=draws,
            seed=seed,
            workers=workers,
            reference=reference,
            tariff_file=tariff_file,
            limits=limits_from(max_rows, max_unzipped_mb),
            progress=progress,
            publish=policy_from(publish),
        )
    emit(
        run.summary(),
        run.writers(),
        out=out,
        default=default_out(scenario, "explore"),
        force=force,
        as_json=as_json,
        inputs=run_inputs(tariff_file, scenario=scenario, reference=reference),
    )
