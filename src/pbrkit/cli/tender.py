"""``pbrkit tender`` and ``pbrkit sweep``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import click

from pbrkit.cli import cli
from pbrkit.cli.options import (
    INPUT_PATH,
    default_out,
    emit,
    limit_options,
    limits_from,
    output_options,
    policy_from,
    publish_option,
    reference_option,
)
from pbrkit.cli.uncertainty import add_psa, psa_options, psa_run_options
from pbrkit.tender.sweep import DEFAULT_SWEEP_DRAWS
from pbrkit.workflows.tender import DEFAULT_DRAWS, run_sweep, run_tender

#: Runs with at least this many draws (or grid points) show a progress bar on a terminal.
PROGRESS_FROM: Final = 20

SCENARIO_PATH = click.Path(exists=True, dir_okay=False, path_type=Path)


def _tariff_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--tariff",
        "tariff_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A workbook or CSV with a tariff sheet, replacing the reference prices.",
    )(function)


def _draws_seed(draws_default: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        function = click.option(
            "--seed",
            type=click.IntRange(min=0),
            default=None,
            help="Seed for the simulation [default: the scenario's, else 0].",
        )(function)
        return click.option(
            "--draws",
            type=click.IntRange(min=1, max=1_000_000),
            default=None,
            help="Monte Carlo draws of the bidders' noise "
            f"[default: the scenario's, else {draws_default}].",
        )(function)

    return decorate


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A click progress bar on stderr, opened once the run knows its size.

    Shown only for long runs (:data:`PROGRESS_FROM` draws or grid points or more) and
    only when stderr is a terminal, so scripts and ``--json`` never see it.
    """
    bars: list[Any] = []
    done = 0

    def update(now: int, total: int) -> None:
        nonlocal done
        if not bars:
            show = total >= PROGRESS_FROM and sys.stderr.isatty()
            bar = click.progressbar(length=total, label=label, file=sys.stderr) if show else None
            if bar is not None:
                bar.__enter__()
            bars.append(bar)
        if bars[0] is not None:
            bars[0].update(now - done)
        done = now

    try:
        yield update
    finally:
        if bars and bars[0] is not None:
            bars[0].__exit__(None, None, None)


def _default_out(input_path: Path, command: str) -> Path:
    """``./pbrkit-out/<input stem>-<command>/``: a tender of clusters.xlsx does not land
    in (and is not refused by) the folder ``pbrkit cost clusters.xlsx`` wrote."""
    base = default_out(input_path)
    return base.with_name(f"{base.name}-{command}")


@cli.command()
@click.argument("workbook", type=INPUT_PATH, required=False)
@click.option(
    "--scenario",
    type=SCENARIO_PATH,
    default=None,
    help="A scenario file (TOML) changing the workbook's bidders, lots, NHS costs or tariff.",
)
@_draws_seed(DEFAULT_DRAWS)
@output_options
@reference_option
@_tariff_option
@publish_option
@limit_options
@psa_options
def tender(
    workbook: Path | None,
    scenario: Path | None,
    draws: int | None,
    seed: int | None,
    out: Path | None,
    force: bool,
    as_json: bool,
    reference: str,
    tariff_file: Path | None,
    publish: bool,
    max_rows: int,
    max_unzipped_mb: int,
    **psa: Any,
) -> None:
    """Simulate outside bidders cherry-picking clusters and patients; report the NHS residue.

    WORKBOOK has the cost sheets (`caseload`, optional `tariff`, `packages`,
    `unit_costs`) or a `patients` sheet, and the tender sheets `nhs` (a fixed-cost
    share and shed rate, or cost pools), `bidders` and `lots`; absent tender sheets
    take the defaults in the report's Assumptions sheet. WORKBOOK may be left out
    when --scenario names one.

    \b
    Example:
      pbrkit tender examples/clusters.xlsx
      pbrkit tender examples/clusters.xlsx --draws 1000 --seed 42
      pbrkit tender --scenario examples/scenarios/aqp-fixed-tariff.toml --json
      pbrkit tender examples/clusters.xlsx --psa 1000 --uncertainty examples/uncertainty.csv
    """
    if workbook is None and scenario is None:
        raise click.UsageError("give a WORKBOOK, or a --scenario that names one")
    if psa["psa_samples"] and publish:
        raise click.UsageError("--psa cannot be combined with --publish yet")
    with _progress("Simulating tenders") as progress:
        run = run_tender(
            workbook,
            scenario=scenario,
            draws=draws,
            seed=seed,
            reference=reference,
            tariff_file=tariff_file,
            limits=limits_from(max_rows, max_unzipped_mb),
            progress=progress,
            publish=policy_from(publish),
        )
    summary, writers = run.summary(), run.writers()
    if psa["psa_samples"]:
        summary, writers = add_psa(
            summary,
            writers,
            {
                **psa_run_options(psa),
                "workbook": workbook,
                "scenario": scenario,
                "seed": seed,
                "reference": reference,
                "tariff_file": tariff_file,
                "limits": limits_from(max_rows, max_unzipped_mb),
            },
        )
    inputs = [p for p in (workbook, scenario, tariff_file, psa["uncertainty"]) if p is not None]
    stem_of = scenario if scenario is not None else workbook
    assert stem_of is not None
    emit(
        summary,
        writers,
        out=out or _default_out(stem_of, "tender"),
        force=force,
        as_json=as_json,
        inputs=inputs,
    )


@cli.command()
@click.argument("scenario", type=SCENARIO_PATH)
@click.option(
    "--vary",
    "vary",
    multiple=True,
    required=True,
    metavar="NAME=LO:HI:STEPS",
    help="A parameter and its values: NAME=LO:HI:STEPS or NAME=V1,V2,… "
    "(NAME: nhs.fixed_cost_share, bidders.<name>.<field>, lots.<name>.<field>; "
    "* for every bidder or lot). Once or twice.",
)
@_draws_seed(DEFAULT_SWEEP_DRAWS)
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="Processes to run grid points on [default: one per core]; never changes results.",
)
@output_options
@reference_option
@_tariff_option
@publish_option
@limit_options
def sweep(
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
    """Run a tender scenario over a grid of one or two parameters.

    Writes sweep.csv (one row per grid point: the parameters, the median of every
    residue figure and, with more than one draw, its 5th and 95th percentiles),
    summary.json and report.html (a line chart for one parameter, heat-maps for two).
    Every point uses the same seed, so points differ only by the parameter.

    \b
    Example:
      pbrkit sweep examples/scenarios/probation-style-split.toml \\
        --vary nhs.fixed_cost_share=0.2:0.8:7
      pbrkit sweep examples/scenarios/aqp-fixed-tariff.toml \\
        --vary "bidders.*.info_quality=0:1:6" --vary "bidders.*.hurdle_margin=0:0.2:5"
    """
    if len(vary) > 2:
        raise click.UsageError("--vary may be given once or twice")
    with _progress("Sweeping") as progress:
        run = run_sweep(
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
    inputs = [p for p in (scenario, tariff_file) if p is not None]
    target = out or _default_out(scenario, "sweep")
    emit(run.summary(), run.writers(), out=target, force=force, as_json=as_json, inputs=inputs)
