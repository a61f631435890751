"""``pbrkit tender`` and ``pbrkit sweep``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pbrkit.cli import cli
from pbrkit.cli.levers import levers_from, tender_lever_options
from pbrkit.cli.options import (
    DRAWS,
    INPUT_FILE,
    INPUT_PATH,
    SEED,
    TARIFF_HELP,
    check_last_year,
    default_out,
    first_year_option,
    limit_options,
    limits_of,
    output_options_in,
    policy_from,
    publish_option,
    reference_option,
    run_inputs,
    say_first_year,
    write_reports,
)
from pbrkit.cli.progress import progress_bar, stage
from pbrkit.cli.uncertainty import (
    _executor,
    _executor_options,
    _progress,
    psa_options,
    psa_run_options,
    refuse_without_psa,
)
from pbrkit.defaults import DEFAULT_DRAWS, DEFAULT_FIRST_YEAR, DEFAULT_SWEEP_DRAWS
from pbrkit.io.limits import ReadLimits
from pbrkit.io.output import Writer
from pbrkit.levers import Levers

if TYPE_CHECKING:
    from pbrkit.reports.values import PsaObject, ThresholdObject
    from pbrkit.workflows.tender import TenderRun

SCENARIO_PATH = INPUT_FILE


def _tariff_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--tariff",
        "tariff_file",
        type=INPUT_FILE,
        help=TARIFF_HELP,
    )(function)


def _draws_seed(draws_default: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        function = click.option(
            "--seed",
            type=SEED,
            default=None,
            help="Seed for the simulation, 0 to 2**128 - 1 [default: the scenario's, else 0].",
        )(function)
        return click.option(
            "--draws",
            type=DRAWS,
            default=None,
            help="Monte Carlo draws of the bidders' noise "
            f"[default: the scenario's, else {draws_default}].",
        )(function)

    return decorate


@cli.command()
@click.argument("workbook", type=INPUT_PATH, required=False)
@click.option(
    "--scenario",
    type=SCENARIO_PATH,
    default=None,
    help="A scenario file (TOML) changing the workbook's bidders, lots, NHS costs or tariff.",
)
@click.option(
    "--years",
    type=click.IntRange(1, 50),
    default=None,
    help="Follow the residue for this many years: prices re-based, costs inflated, "
    "contracts re-let as the scenario says (docs/methodology.md §6.7). Default 1.",
)
@first_year_option("the first year")
@click.option(
    "--redraw-population",
    is_flag=True,
    help="With --draws, synthesise a new population for each draw (from the caseload) "
    "instead of one for the whole run.",
)
@_draws_seed(DEFAULT_DRAWS)
@output_options_in("<input name>-tender")
@reference_option
@_tariff_option
@tender_lever_options
@publish_option
@limit_options
@psa_options
def tender(workbook: Path | None, scenario: Path | None, publish: bool, **given: Any) -> None:
    """Simulate outside bidders cherry-picking clusters and patients; report the NHS residue.

    WORKBOOK has the cost sheets (`caseload`, optional `tariff`, `packages`,
    `unit_costs`) or a `patients` sheet, and the tender sheets `nhs` (a fixed-cost
    share and shed rate, or cost pools), `bidders` and `lots`; absent tender sheets
    take the defaults in the report's Assumptions sheet. WORKBOOK may be left out
    when --scenario names one.

    \b
    Example:
      pbrkit example clusters.xlsx
      pbrkit tender clusters.xlsx
      pbrkit tender clusters.xlsx --draws 1000 --seed 42
      pbrkit tender clusters.xlsx --years 5
      pbrkit example aqp-fixed-tariff.toml
      pbrkit tender --scenario aqp-fixed-tariff.toml --json
      pbrkit tender clusters.xlsx --psa 1000 --uncertainty uncertainty.csv
      pbrkit tender clusters.xlsx --tariff-change -5% --years 3 --efficiency 1.1%
    """
    from pbrkit.workflows.tender import run_tender

    refuse_without_psa(given)
    levers = levers_from(given["tariff_changes"], given["cost_changes"])
    if workbook is None and scenario is None:
        raise click.UsageError("give a WORKBOOK, or a --scenario that names one")
    check_last_year(given["first_year"] or DEFAULT_FIRST_YEAR, given["years"] or 1)
    source = _TenderSource(workbook, scenario, given["seed"], given["reference"],
                           given["tariff_file"], limits_of(given), levers)  # fmt: skip
    with progress_bar("Simulating tenders") as progress:
        run = run_tender(
            workbook,
            scenario=scenario,
            draws=given["draws"],
            seed=source.seed,
            reference=source.reference,
            tariff_file=source.tariff_file,
            limits=source.limits,
            progress=progress,
            publish=policy_from(publish),
            years=given["years"],
            redraw_population=given["redraw_population"],
            levers=levers,
            efficiency=given["efficiency"],
            first_year=given["first_year"],
        )
    say_first_year(given["first_year"], run.input_year, "the first year")
    run, parquet = _with_uncertainty(run, source, given, publish)
    _emit_tender(run, parquet, source, given)


@dataclass(frozen=True)
class _TenderSource:
    """What a tender reads: shared by the run, its PSA and its break-even."""

    workbook: Path | None
    scenario: Path | None
    seed: int | None
    reference: str
    tariff_file: Path | None
    limits: ReadLimits
    levers: Levers


def _with_uncertainty(
    run: TenderRun, source: _TenderSource, psa: dict[str, Any], publish: bool
) -> tuple[TenderRun, dict[str, Writer]]:
    """The run with its PSA (and psa.parquet) under ``--psa``; else, unless publishing,
    with the scenario's break-even of the fixed cost share."""
    if psa["psa_samples"]:
        psa_summary, writer = _tender_psa(
            {
                **psa_run_options(psa),
                "workbook": source.workbook,
                "scenario": source.scenario,
                "seed": source.seed,
                "reference": source.reference,
                "tariff_file": source.tariff_file,
                "limits": source.limits,
                "levers": source.levers,
                "publish": policy_from(publish),
            },
        )
        from pbrkit.workflows.provenance import with_input

        # The ranges the PSA rests on are among the run's inputs (rev8).
        accounts = replace(run.accounts, meta=with_input(run.accounts.meta, psa["uncertainty"]))
        return replace(run, psa=psa_summary, accounts=accounts), {"psa.parquet": writer}
    if publish:
        return run, {}
    thresholds = _break_even(
        source.scenario,
        source.workbook,
        source.seed,
        source.reference,
        source.tariff_file,
        source.limits,
        source.levers,
    )
    return replace(run, thresholds=thresholds), {}


def _emit_tender(
    run: TenderRun, parquet: dict[str, Writer], source: _TenderSource, given: dict[str, Any]
) -> None:
    """Write the tender's outputs, by default to a folder named after the scenario, else
    the workbook."""
    inputs = run_inputs(
        source.workbook,
        source.tariff_file,
        given["uncertainty"],
        scenario=source.scenario,
        reference=source.reference,
    )
    stem_of = source.scenario if source.scenario is not None else source.workbook
    assert stem_of is not None
    write_reports(run, given, default=default_out(stem_of, "tender"), inputs=inputs, more=parquet)


def _break_even(
    scenario: Path | None,
    workbook: Path | None,
    seed: int | None,
    reference: str,
    tariff_file: Path | None,
    limits: ReadLimits,
    levers: Levers,
) -> Sequence[ThresholdObject] | None:
    """The scenario's break-even of the fixed cost share, if it has an uncertainty table."""
    if scenario is None:
        return None
    from pbrkit.workflows.uncertainty import scenario_break_even

    with stage("Finding the break-even of the fixed cost share"):
        return scenario_break_even(
            scenario,
            workbook,
            seed=seed,
            reference=reference,
            tariff_file=tariff_file,
            limits=limits,
            levers=levers,
        )


def _tender_psa(options: dict[str, Any]) -> tuple[PsaObject, Writer]:
    """Run the tender's PSA: summary.json's ``psa`` object (which the tender's
    summary.json, report.xlsx and report.html then lead with) and the writer of
    psa.parquet, every run (both published under ``--publish``, see
    :func:`pbrkit.reports.publishing.publish`). ``options``: the keyword arguments of
    :func:`~pbrkit.workflows.uncertainty.run_uncertainty`, plus ``workers``,
    ``executor_kind`` and ``scheduler``."""
    from pbrkit.workflows.uncertainty import run_uncertainty

    options = dict(options)
    executor = _executor(
        options.pop("workers"), options.pop("executor_kind"), options.pop("scheduler")
    )
    with _progress() as progress:
        run = run_uncertainty(
            executor=executor, progress=progress, samples_option="--psa", **options
        )
    # The published object (hidden figures SUPPRESSED under --publish): the tender's
    # summary.json turns them to null and lists them, as for its own figures.
    return run.published(), run.write_parquet


@cli.command()
@click.argument("scenario", type=SCENARIO_PATH)
@click.option(
    "--vary",
    "vary",
    multiple=True,
    required=True,
    metavar="NAME=LO:HI:STEPS",
    help="A parameter and its values: NAME=LO:HI:STEPS or NAME=V1,V2,… "
    "(NAME: nhs.fixed_cost_share, nhs.shed_rate, nhs.variable_share, "
    "bidders.<name>.<field>, lots.<name>.<field>; * for every bidder or lot; the fields "
    "are in docs/scenarios.md). Once or twice.",
)
@_draws_seed(DEFAULT_SWEEP_DRAWS)
@_executor_options
@output_options_in("<scenario name>-sweep")
@reference_option
@_tariff_option
@publish_option
@limit_options
def sweep(scenario: Path, vary: tuple[str, ...], tariff_file: Path | None, **given: Any) -> None:
    """Run a tender scenario over a grid of one or two parameters.

    Writes sweep.csv (one row per grid point: the parameters, the median of every
    residue figure and, with more than one draw, its 5th and 95th percentiles),
    summary.json, report.xlsx (the grid, and a sheet per headline figure: first
    parameter down, second across, shaded and charted), report.html (the same grids as
    heat-maps) and summary.pdf (a one-page summary). Every point uses the same seed, so
    points differ only by the parameter. Points run on --workers local processes or,
    with --executor dask, on a Dask cluster; neither changes a figure.

    \b
    Example:
      pbrkit example probation-style-split.toml
      pbrkit sweep probation-style-split.toml \\
        --vary nhs.fixed_cost_share=0.2:0.8:7
      pbrkit example aqp-fixed-tariff.toml
      pbrkit sweep aqp-fixed-tariff.toml \\
        --vary "bidders.*.info_quality=0:1:6" --vary "bidders.*.hurdle_margin=0:0.2:5"
    """
    from pbrkit.workflows.tender import run_sweep

    if len(vary) > 2:
        raise click.UsageError("--vary may be given once or twice")
    with progress_bar("Sweeping") as progress:
        run = run_sweep(
            scenario,
            list(vary),
            draws=given["draws"],
            seed=given["seed"],
            executor=_executor(given["workers"], given["executor_kind"], given["scheduler"]),
            reference=given["reference"],
            tariff_file=tariff_file,
            limits=limits_of(given),
            progress=progress,
            publish=policy_from(given["publish"]),
        )
    inputs = run_inputs(tariff_file, scenario=scenario, reference=given["reference"])
    write_reports(run, given, default=default_out(scenario, "sweep"), inputs=inputs)
