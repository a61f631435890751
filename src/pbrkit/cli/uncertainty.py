"""``pbrkit psa`` and ``pbrkit threshold``: how sure the tender's answer is."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click

from pbrkit.cli import cli
from pbrkit.cli.options import (
    INPUT_PATH,
    FiniteFloat,
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

if TYPE_CHECKING:
    from pbrkit.uncertainty import Executor

# pbrkit.uncertainty, its workflow and the report writers import pandas, numpy and
# scipy, which would add a second or more to the start of every pbrkit command
# (tests/test_startup.py); they are imported when a PSA or threshold actually runs.

#: Largest |--bounds| taken (a scenario's numbers have the same cap).
MAX_BOUND: Final = 1e15

#: Work units from which a progress bar is shown (on a terminal only).
PROGRESS_FROM: Final = 20

F = Callable[..., Any]


def _executor_options(function: F) -> F:
    function = click.option(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="With --executor dask: the scheduler, e.g. tcp://10.0.0.5:8786.",
    )(function)
    function = click.option(
        "--executor",
        "executor_kind",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="Where work units run: local processes, or a Dask cluster "
        "(pip install 'pbrkit[dask]'). Never changes a figure.",
    )(function)
    return click.option(
        "--workers",
        type=click.IntRange(min=1, max=256),
        default=None,
        help="Local processes [default: one per core]. Never changes a figure.",
    )(function)


def _common(function: F) -> F:
    function = click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=None,
        help="Seed [default: the scenario's, else 0].",
    )(function)
    function = click.option(
        "--uncertainty",
        type=INPUT_PATH,
        default=None,
        help="A workbook or CSV with an uncertainty sheet [default: the scenario's "
        "[uncertainty] table, else the workbook's uncertainty sheet].",
    )(function)
    return click.argument("source", type=INPUT_PATH)(function)


def _inputs(source: Path) -> tuple[Path | None, Path | None]:
    """(workbook, scenario): a .toml SOURCE is a scenario naming its workbook."""
    return (None, source) if source.suffix.lower() == ".toml" else (source, None)


def _executor(workers: int | None, kind: str, scheduler: str | None) -> Executor:
    from pbrkit.uncertainty import Executor

    return Executor(
        workers=workers, kind="dask" if kind == "dask" else "local", scheduler=scheduler
    )


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """One click progress bar per stage, on stderr when it is a terminal."""
    state: dict[str, Any] = {"label": None, "bar": None, "done": 0}

    def update(label: str, done: int, total: int) -> None:
        if state["label"] != label:
            if state["bar"] is not None:
                state["bar"].__exit__(None, None, None)
            show = total >= PROGRESS_FROM and sys.stderr.isatty()
            state.update(label=label, done=0, bar=None)
            if show:
                state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
                state["bar"].__enter__()
        if state["bar"] is not None:
            state["bar"].update(done - state["done"])
        state["done"] = done

    try:
        yield update
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)


@cli.command()
@_common
@click.option(
    "--samples",
    type=click.IntRange(min=1, max=1_000_000),
    default=1000,
    show_default=True,
    help="Latin-hypercube samples of the uncertain parameters.",
)
@click.option(
    "--inner",
    type=click.IntRange(min=1, max=10_000),
    default=1,
    show_default=True,
    help="Draws of the bidders' selection noise per sample (2+ splits the variance).",
)
@_executor_options
@output_options_in("<input name>-psa")
@reference_option
@publish_option
@limit_options
def psa(source: Path, samples: int, inner: int, publish: bool, **given: Any) -> None:
    """Probabilistic sensitivity analysis of a tender: how sure is the answer?

    SOURCE is a tender workbook or a scenario file (.toml). Every parameter in the
    uncertainty table (an 80% interval each) is sampled by Latin hypercube; each
    sample runs the tender with the same selection-noise draws. Writes summary.json
    (`psa`: intervals, probabilities, tornado, variance shares, break-even),
    psa.parquet (every run), report.xlsx, report.html and summary.pdf. With --publish, counts of
    people are published in every run and a figure about a count hidden in any run
    is hidden (docs/uncertainty.md, "Publishing a PSA").

    \b
    Example:
      pbrkit example clusters.xlsx && pbrkit example uncertainty.csv
      pbrkit psa clusters.xlsx --uncertainty uncertainty.csv
      pbrkit psa clusters.xlsx --uncertainty uncertainty.csv \\
        --samples 200 --inner 5 --workers 2
    """
    from pbrkit.workflows.tender import check_first_year_only
    from pbrkit.workflows.uncertainty import run_uncertainty

    workbook, scenario = _inputs(source)
    check_first_year_only(scenario, "pbrkit psa")
    with _progress() as progress:
        run = run_uncertainty(
            workbook,
            scenario=scenario,
            samples=samples,
            inner=inner,
            progress=progress,
            publish=policy_from(publish),
            **_searched(given),
        )
    inputs = run_inputs(source, given["uncertainty"], reference=given["reference"])
    write_reports(run, given, default=default_out(source, "psa"), inputs=inputs)


def _searched(given: dict[str, Any]) -> dict[str, Any]:
    """What psa and threshold pass alike to their workflow: the uncertainty table, the
    seed, where the work units run, the reference set and the read limits."""
    return {
        "uncertainty": given["uncertainty"],
        "seed": given["seed"],
        "executor": _executor(given["workers"], given["executor_kind"], given["scheduler"]),
        "reference": given["reference"],
        "limits": limits_of(given),
    }


@cli.command()
@_common
@click.option(
    "--param",
    "parameter",
    required=True,
    help="The parameter to solve for, named as in an uncertainty table: e.g. "
    "nhs.fixed_cost_share, bidders.*.info_quality or tariff.scale.",
)
@click.option(
    "--figure",
    required=True,
    help="The tender figure that crosses --target, named as in summary.json: e.g. "
    "nhs_surplus_change or public_spending_change.",
)
@click.option(
    "--target",
    type=FiniteFloat(),
    default=0.0,
    show_default=True,
    help="The level to cross (a finite number, in £ for money figures).",
)
@click.option(
    "--bounds",
    default=None,
    metavar="LO:HI",
    help="Range to search [default: the parameter's valid range, e.g. 0:1 for a share].",
)
@click.option(
    "--samples",
    type=click.IntRange(min=0, max=100_000),
    default=0,
    show_default=True,
    help="PSA samples at which to repeat the search, for the threshold's range.",
)
@_executor_options
@output_options_in("<input name>-threshold")
@reference_option
@limit_options
def threshold(
    source: Path,
    parameter: str,
    figure: str,
    target: float,
    bounds: str | None,
    samples: int,
    **given: Any,
) -> None:
    """Find the break-even point: the parameter value at which a figure crosses a target.

    Brackets the crossing on a grid, then narrows it by Brent's method to 0.00001,
    with the same selection-noise draw throughout (common random numbers). Uncertain
    parameters other than --param are held at their medians; with --samples N the
    search is repeated at N PSA samples for the threshold's range.

    \b
    Example:
      pbrkit threshold clusters.xlsx --param nhs.fixed_cost_share \\
        --figure nhs_surplus_change --target -15000000
    """
    from pbrkit.workflows.tender import check_first_year_only
    from pbrkit.workflows.uncertainty import run_break_even

    workbook, scenario = _inputs(source)
    check_first_year_only(scenario, "pbrkit threshold")
    with _progress() as progress:
        run = run_break_even(
            workbook,
            scenario=scenario,
            parameter=parameter,
            figure=figure,
            target=target,
            bounds=_parse_bounds(bounds),
            samples=samples,
            progress=progress,
            **_searched(given),
        )
    inputs = run_inputs(source, given["uncertainty"], reference=given["reference"])
    write_reports(run, given, default=default_out(source, "threshold"), inputs=inputs)


def _parse_bounds(text: str | None) -> tuple[float, float] | None:
    """``--bounds LO:HI``: two finite numbers, LO below HI."""
    if text is None:
        return None
    try:
        lo, hi = (float(part) for part in text.split(":"))
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: write two numbers as LO:HI, e.g. 0:1", param_hint="--bounds"
        ) from None
    for value in (lo, hi):
        # nan passes no comparison and inf leaves no grid to bracket on.
        if not (math.isfinite(value) and abs(value) <= MAX_BOUND):
            raise click.BadParameter(
                f"{text!r}: {value} is not a finite number between -1e15 and 1e15",
                param_hint="--bounds",
            )
    if not lo < hi:
        raise click.BadParameter(f"{text!r}: LO must be less than HI", param_hint="--bounds")
    return lo, hi


def psa_options(function: F) -> F:
    """``--psa N``, ``--inner M``, ``--uncertainty FILE`` and the executor options, for
    commands that can add a PSA to their own reports (``pbrkit tender``)."""
    return _psa_options(function, noise=True)


def costing_psa_options(function: F) -> F:
    """:func:`psa_options` for ``pbrkit cost``: a costing has no selection noise and no
    scenario file (docs/uncertainty.md, "The surplus of a costing"), so ``--inner`` is
    hidden from its --help (still parsed, to be refused with the reason) and
    ``--uncertainty`` defaults to the workbook's sheet only."""
    return _psa_options(function, noise=False)


def _psa_options(function: F, *, noise: bool) -> F:
    function = _executor_options(function)
    # A costing varies four parameters only (docs/uncertainty.md, "The surplus of a
    # costing"); the shipped uncertainty.csv, a tender's, is refused by it row by row.
    table, default = (
        ("an uncertainty sheet", "the scenario's [uncertainty] table, else the workbook's")
        if noise
        else (
            "an uncertainty sheet of tariff.scale, costs.scale, years.deflator or "
            "years.inflation rows (the example uncertainty.csv is a tender's)",
            "the workbook's",
        )
    )
    function = click.option(
        "--uncertainty",
        type=INPUT_PATH,
        default=None,
        help=f"With --psa: a workbook or CSV with {table} [default: {default} uncertainty sheet].",
    )(function)
    function = click.option(
        "--inner",
        type=click.IntRange(min=1, max=10_000),
        default=1,
        show_default=True,
        hidden=not noise,
        help="With --psa: selection-noise draws per sample.",
    )(function)
    return click.option(
        "--psa",
        "psa_samples",
        type=click.IntRange(min=1, max=1_000_000),
        default=None,
        help="Also run a probabilistic sensitivity analysis of N samples of the "
        "uncertainty table: adds `psa` to summary.json and an Uncertainty sheet and "
        "opening interval to report.xlsx and report.html (tender: also Tornado and "
        "Thresholds sheets, and psa.parquet).",
    )(function)


def refuse_without_psa(given: dict[str, Any]) -> None:
    """``--uncertainty`` and ``--inner`` change only a PSA: without ``--psa N`` they would
    be silently ignored, and a single run read as if its ranges had been analysed."""
    if given["psa_samples"]:
        return
    for option, set_ in (
        ("--uncertainty", given["uncertainty"] is not None),
        ("--inner", given["inner"] > 1),
    ):
        if set_:
            raise click.UsageError(
                f"{option} needs --psa N (e.g. --psa 1000): without it no PSA runs"
            )


def psa_run_options(given: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :func:`~pbrkit.workflows.uncertainty.run_uncertainty`
    (plus ``workers``, ``executor_kind`` and ``scheduler``) from :func:`psa_options`'
    values."""
    return {
        "samples": given["psa_samples"],
        "inner": given["inner"],
        "uncertainty": given["uncertainty"],
        "workers": given["workers"],
        "executor_kind": given["executor_kind"],
        "scheduler": given["scheduler"],
    }
