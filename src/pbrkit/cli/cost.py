"""``pbrkit cost``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pbrkit.cli import cli
from pbrkit.cli.levers import lever_options, levers_from
from pbrkit.cli.options import (
    INPUT_FILE,
    INPUT_PATH,
    TARIFF_HELP,
    FiniteFloat,
    FiniteRate,
    check_last_year,
    default_out,
    first_year_option,
    limit_options,
    limits_of,
    output_options,
    policy_from,
    publish_option,
    reference_option,
    run_inputs,
    say_first_year,
    write_reports,
)
from pbrkit.cli.progress import stage
from pbrkit.cli.uncertainty import (
    _executor,
    _progress,
    costing_psa_options,
    refuse_without_psa,
)
from pbrkit.defaults import DEFAULT_FIRST_YEAR

if TYPE_CHECKING:
    from pbrkit.costing import CostingOptions
    from pbrkit.levers import Change
    from pbrkit.reports.values import CostPsaObject
    from pbrkit.workflows.cost import CostRun


@cli.command()
@click.argument("workbook", type=INPUT_PATH)
@output_options
@reference_option
@click.option(
    "--tariff",
    "tariff_file",
    type=INPUT_FILE,
    help=TARIFF_HELP,
)
@click.option(
    "--mff",
    type=FiniteFloat(min=0, max=10, min_open=True),
    default=1.0,
    show_default=True,
    help="Market-forces factor applied to all income.",
)
@click.option(
    "--years",
    type=click.IntRange(min=1, max=50),
    default=1,
    show_default=True,
    help="Years to project (year 0 is the input year).",
)
@click.option(
    "--deflator",
    type=FiniteRate(min=0, max=1),
    default=0.0,
    show_default=True,
    help="Tariff efficiency deflator per year, e.g. 1.8% or 0.018.",
)
@click.option(
    "--inflation",
    type=FiniteRate(min=-0.5, max=1),
    default=0.0,
    show_default=True,
    help="Cost inflation per year, e.g. 2.5% or 0.025.",
)
@click.option(
    "--on-missing",
    type=click.Choice(["raise", "report"]),
    default="raise",
    show_default=True,
    help="A cluster with activity and no price: stop (raise) or list it as unpriced (report).",
)
@first_year_option("year 0")
@lever_options
@publish_option
@limit_options
@costing_psa_options
def cost(
    workbook: Path,
    reference: str,
    tariff_file: Path | None,
    tariff_changes: tuple[Change, ...],
    cost_changes: tuple[Change, ...],
    publish: bool,
    **given: Any,
) -> None:
    """Cost a caseload: income, cost and surplus per care cluster, and the cross-subsidy.

    WORKBOOK is an .xlsx/.xlsm/.ods file or a folder of CSVs with a `caseload` sheet
    (cluster, service_users, cluster_days; optional admitted_days, episodes,
    actual_cost, team). Instead of a caseload, a `patients` sheet or a CSV/Parquet
    patient table (patient_id, cluster, days; optional admitted_days, episodes, cost) is summed
    per cluster. Sheets `tariff`, `packages` and `unit_costs` are optional: the
    reference set supplies any that are missing.

    \b
    Example:
      pbrkit example clusters.xlsx
      pbrkit cost clusters.xlsx
      pbrkit cost clusters.xlsx --years 5 --deflator 0.018 --inflation 0.025
      pbrkit cost caseload.xlsx --tariff local-prices.csv --on-missing report --json
      pbrkit cost clusters.xlsx --publish --out to-publish/
      pbrkit cost clusters.xlsx --years 5 --psa 1000 --uncertainty ranges.csv
      pbrkit cost clusters.xlsx --tariff-change 5% --tariff-change 13=10% --cost-change -2%
    """
    from pbrkit.workflows.cost import run_cost
    from pbrkit.workflows.provenance import with_input

    _check_psa(given, publish)
    with stage(f"Costing {workbook.name}"):
        run = run_cost(
            workbook,
            reference=reference,
            tariff_file=tariff_file,
            options=_costing_options(given),
            limits=limits_of(given),
            publish=policy_from(publish),
            levers=levers_from(tariff_changes, cost_changes),
        )
    _checked_input_year(given, run.inputs.financial_year)
    if given["psa_samples"]:
        psa = _cost_psa(run, workbook, given)
        run = replace(run, psa=psa, meta=with_input(run.meta, given["uncertainty"]))
    inputs = run_inputs(workbook, tariff_file, given["uncertainty"], reference=reference)
    write_reports(run, given, default=default_out(workbook), inputs=inputs)


def _costing_options(given: dict[str, Any]) -> CostingOptions:
    """The costing's options from the command's (a yearly rate on one year refused)."""
    from pbrkit.costing import CostingOptions

    years, efficiency = given["years"], given["efficiency"]
    deflator, inflation = given["deflator"], given["inflation"]
    _check_yearly_rates(years, deflator=deflator, inflation=inflation, efficiency=efficiency)
    check_last_year(given["first_year"] or DEFAULT_FIRST_YEAR, years)
    return CostingOptions(
        mff=given["mff"],
        years=years,
        deflator=deflator,
        inflation=inflation,
        efficiency=efficiency,
        on_missing="report" if given["on_missing"] == "report" else "raise",
        first_year=given["first_year"],
    )


def _checked_input_year(given: dict[str, Any], workbook_year: str | None) -> None:
    """Year 0 labelled from the workbook's year sheet (no --first-year) must leave the
    projection a year to label; a --first-year that differs from it is said."""
    if given["first_year"] is None and workbook_year is not None:
        check_last_year(workbook_year, given["years"])
    say_first_year(given["first_year"], workbook_year, "year 0")


def _check_yearly_rates(
    years: int, *, deflator: float, inflation: float, efficiency: float
) -> None:
    """Refuse a yearly rate on a one-year run, which would silently have no effect."""
    yearly = (("--deflator", deflator), ("--inflation", inflation), ("--efficiency", efficiency))
    if years == 1 and any(value for _, value in yearly):
        # Year 0 is the input year, so a one-year run never applies any yearly rate:
        # say so rather than silently ignore it.
        given = " and ".join(name for name, value in yearly if value)
        raise click.UsageError(
            f"{given} changes prices or costs from one year to the next: give --years 2 or more "
            "(e.g. --years 5)"
        )


def _check_psa(psa: dict[str, Any], publish: bool) -> None:
    # --psa with --publish is allowed: a costing's PSA gives only the trust's total £,
    # which --publish shows exactly anyway (docs/uncertainty.md, "Publishing").
    if psa["inner"] > 1:
        # A costing has no selection noise to draw again.
        raise click.UsageError("--inner applies to pbrkit tender; a costing has no noise")
    refuse_without_psa(psa)


def _cost_psa(run: CostRun, workbook: Path, given: dict[str, Any]) -> CostPsaObject:
    from pbrkit.workflows.uncertainty import run_cost_uncertainty

    executor = _executor(given["workers"], given["executor_kind"], given["scheduler"])
    with _progress() as progress:
        return run_cost_uncertainty(
            run,
            workbook,
            uncertainty=given["uncertainty"],
            samples=given["psa_samples"],
            executor=executor,
            limits=limits_of(given),
            progress=progress,
        )
