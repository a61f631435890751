"""``pbrkit psa`` and ``pbrkit threshold`` as library calls.

:func:`run_uncertainty` reads a tender (workbook and optional scenario) and its
uncertain parameters, then runs the PSA, the tornado, the variance shares and the
break-even of the fixed cost share for the public spending change. :func:`run_break_even`
finds one break-even point. Both return objects whose reports the caller writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from pbrkit.errors import InputError, Problem
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.output import Writer
from pbrkit.io.uncertainty_sheet import read_scenario_uncertainty, read_uncertainty_sheet
from pbrkit.levers import NO_LEVERS, Levers
from pbrkit.model import RunMetadata
from pbrkit.reference import DEFAULT_REFERENCE
from pbrkit.reports.summary import write_json
from pbrkit.reports.suppression import DisclosurePolicy, published_summary
from pbrkit.reports.uncertainty_excel import write_uncertainty_workbook
from pbrkit.reports.uncertainty_html import render_uncertainty_html, write_uncertainty_html
from pbrkit.reports.uncertainty_publish import PSA_RULE, publish_psa, publish_runs
from pbrkit.uncertainty import (
    Executor,
    PsaResult,
    Threshold,
    ThresholdSearch,
    Tornado,
    UncertainParameter,
    parse_path,
    run_psa,
    run_threshold,
    run_tornado,
    variance_shares,
)
from pbrkit.uncertainty.cost_model import CostModel
from pbrkit.uncertainty.model import NHS_SURPLUS, PUBLIC_SPENDING
from pbrkit.uncertainty.sampling import inner_seeds
from pbrkit.uncertainty.sensitivity import most_important
from pbrkit.uncertainty.tender_model import HEADLINE, TenderModel, tender_model
from pbrkit.workflows.cost import CostRun
from pbrkit.workflows.provenance import run_metadata
from pbrkit.workflows.tender import DEFAULT_SEED, Prepared, prepare_tender

#: PSA samples at which a threshold is searched again for its range (each search is
#: about 20 runs, so all 1,000 samples of a large PSA would cost 20,000 runs).
THRESHOLD_SAMPLES: Final = 100

#: The break-even every PSA report shows: the fixed cost share at which public
#: spending starts to rise.
AUTOMATIC_THRESHOLD: Final = ("nhs.fixed_cost_share", PUBLIC_SPENDING, 0.0)

#: Figures the tornado and the variance shares are shown for.
LEAD_FIGURES: Final = (NHS_SURPLUS, PUBLIC_SPENDING)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class UncertaintyRun:
    """A finished PSA with its tornado, variance shares and thresholds."""

    params: tuple[UncertainParameter, ...]
    psa: PsaResult
    tornado: Tornado
    sensitivity: dict[str, dict[str, Any]]
    thresholds: tuple[Threshold, ...]
    meta: RunMetadata
    #: With ``--publish``: the small-number suppression policy, and the per-run table
    #: published with it and the counts hidden in at least one run
    #: (:func:`~pbrkit.reports.uncertainty_publish.publish_runs`).
    disclosure: DisclosurePolicy | None = None
    published: tuple[pd.DataFrame, frozenset[str]] | None = None

    def report(self) -> dict[str, Any]:
        """The object the reports render: run header, then ``psa``; under
        ``--publish`` hidden figures are ``SUPPRESSED`` (shown as ``*``)."""
        psa = self.psa.summary()
        psa["parameters"] = [parameter_summary(p) for p in self.params]
        psa["tornado"] = self.tornado.summary()
        psa["sensitivity"] = self.sensitivity
        psa["thresholds"] = [t.summary() for t in self.thresholds]
        if self.disclosure is not None:
            psa = publish_psa(psa, self.published_runs()[1], self.disclosure)
            psa["disclosure"] = PSA_RULE
        return {**header(self.meta), "psa": psa}

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` object (hidden figures ``null``, listed under
        ``disclosure``)."""
        report = self.report()
        if self.disclosure is None:
            return report
        return published_summary(report, self.disclosure)

    def published_runs(self) -> tuple[pd.DataFrame, frozenset[str]]:
        """The per-run table as psa.parquet holds it, and the counts hidden in some run
        (none without ``--publish``)."""
        return self.published or (self.psa.samples, frozenset())

    def write_parquet(self, path: Path) -> None:
        """psa.parquet: every run (published under ``--publish``)."""
        self.published_runs()[0].to_parquet(path, index=False)

    def writers(self) -> dict[str, Writer]:
        """summary.json, psa.parquet, report.xlsx and report.html, by file name."""
        report, summary = self.report(), self.summary()
        html = render_uncertainty_html(report, self.published_runs()[0], self.meta)
        return {
            "summary.json": lambda path: write_json(summary, path),
            "psa.parquet": self.write_parquet,
            "report.xlsx": lambda path: write_uncertainty_workbook(report, self.meta, path),
            "report.html": lambda path: write_uncertainty_html(html, path),
        }


def header(meta: RunMetadata) -> dict[str, Any]:
    """The run header every summary.json starts with."""
    return {
        "pbrkit_version": meta.pbrkit_version,
        "command": meta.command,
        "inputs": [i.model_dump() for i in meta.inputs],
        "reference": meta.reference.model_dump(),
        "seed": meta.seed,
    }


def parameter_summary(param: UncertainParameter) -> dict[str, Any]:
    """One parameter as the reports list it."""
    return {
        "parameter": param.name,
        "low": param.low,
        "high": param.high,
        "distribution": param.distribution,
        "mode": param.mode,
        "median": param.median,
        "source": param.source,
    }


def load_parameters(
    prepared: Prepared, uncertainty: Path | None, limits: ReadLimits
) -> tuple[UncertainParameter, ...]:
    """The uncertain parameters: ``--uncertainty FILE``, else the scenario's
    ``[uncertainty]``, else the workbook's ``uncertainty`` sheet.

    Raises:
        InputError: none of them gives any, or a row is bad.
    """
    if uncertainty is not None:
        params = read_uncertainty_sheet(uncertainty, limits=limits)
    else:
        params = ()
        if prepared.scenario_path is not None:
            params = read_scenario_uncertainty(prepared.scenario_path)
        if not params:
            params = read_uncertainty_sheet(prepared.workbook, limits=limits, required=False)
    if not params:
        raise InputError(
            Problem("no uncertain parameters: the workbook has no uncertainty sheet"),
            hint="give --uncertainty FILE (see examples/uncertainty.csv), or add an "
            "uncertainty sheet or a scenario [uncertainty] table",
        )
    return params


def run_uncertainty(
    workbook: Path | None,
    *,
    scenario: Path | None = None,
    uncertainty: Path | None = None,
    samples: int = 1000,
    inner: int = 1,
    seed: int | None = None,
    executor: Executor | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    levers: Levers = NO_LEVERS,
    publish: DisclosurePolicy | None = None,
) -> UncertaintyRun:
    """Read a tender and its uncertain parameters; run PSA, tornado and thresholds.

    ``levers``: what-if tariff and cost changes, as for :func:`run_tender`. With
    ``publish`` the run's reports are published with that small-number suppression
    policy (:mod:`pbrkit.reports.uncertainty_publish`).

    Raises:
        InputError: bad inputs, a bad uncertainty row, or a row naming nothing.
    """
    prepared = prepare_tender(
        workbook,
        scenario=scenario,
        seed=seed,
        reference=reference,
        tariff_file=tariff_file,
        limits=limits,
        levers=levers,
    )
    params = load_parameters(prepared, uncertainty, limits)
    model = tender_model(prepared)
    model.check(params)
    run_seed = prepared.seed if prepared.seed is not None else DEFAULT_SEED
    psa = run_psa(
        model,
        params,
        samples=samples,
        inner=inner,
        seed=run_seed,
        executor=executor,
        progress=_stage(progress, "PSA samples", samples),
    )
    tornado = run_tornado(
        model,
        params,
        seed=run_seed,
        executor=executor,
        progress=_stage(progress, "Tornado arms", 1 + 2 * len(params)),
    )
    names = [p.name for p in params]
    sensitivity = {figure: _sensitivity(psa, names, figure) for figure in LEAD_FIGURES}
    thresholds = _automatic_thresholds(model, params, psa, run_seed, executor, progress)
    paths = [*prepared.paths, *([uncertainty] if uncertainty is not None else [])]
    meta = run_metadata(
        "pbrkit psa",
        paths,
        prepared.reference,
        seed=run_seed,
        options={"samples": samples, "inner": inner, "parameters": len(params)},
    )
    if publish is None:
        return UncertaintyRun(params, psa, tornado, sensitivity, thresholds, meta)
    meta = meta.model_copy(update={"disclosure": publish.statement})
    published = publish_runs(psa.samples, len(model.population), publish)
    return UncertaintyRun(params, psa, tornado, sensitivity, thresholds, meta, publish, published)


def _sensitivity(psa: PsaResult, names: Sequence[str], figure: str) -> dict[str, Any]:
    shares = variance_shares(psa.samples, names, figure)
    shares["most_important"] = most_important(shares["shares"])
    return shares


def _automatic_thresholds(
    model: TenderModel,
    params: Sequence[UncertainParameter],
    psa: PsaResult,
    seed: int,
    executor: Executor | None,
    progress: Progress | None,
) -> tuple[Threshold, ...]:
    path, figure, target = AUTOMATIC_THRESHOLD
    if any(p.path.group == "pools" for p in params):
        return ()  # f is derived from the pools being varied: no single f to solve for
    search = ThresholdSearch(model, path, figure, (0.0, 1.0), target=target)
    return (_threshold(search, params, psa, seed, executor, progress),)


def _threshold(
    search: ThresholdSearch,
    params: Sequence[UncertainParameter],
    psa: PsaResult | None,
    seed: int,
    executor: Executor | None,
    progress: Progress | None,
) -> Threshold:
    others = [p.name for p in params if p.name != search.parameter]
    base = {p.name: p.median for p in params if p.name != search.parameter}
    samples: list[dict[str, float]] = []
    if psa is not None and others:
        rows = psa.samples.drop_duplicates("sample").head(THRESHOLD_SAMPLES)
        samples = [
            {str(k): float(v) for k, v in r.items()} for r in rows[others].to_dict("records")
        ]
    return run_threshold(
        search,
        base=base,
        seed=inner_seeds(seed, 1)[0],
        psa_samples=samples,
        executor=executor,
        progress=_stage(progress, "Threshold searches", 1 + len(samples)),
    )


@dataclass(frozen=True)
class BreakEvenRun:
    """A finished ``pbrkit threshold``."""

    threshold: Threshold
    meta: RunMetadata

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` object."""
        return {**header(self.meta), "thresholds": [self.threshold.summary()]}

    def writers(self) -> dict[str, Writer]:
        """summary.json."""
        summary = self.summary()
        return {"summary.json": lambda path: write_json(summary, path)}


def run_break_even(
    workbook: Path | None,
    *,
    parameter: str,
    figure: str,
    target: float = 0.0,
    bounds: tuple[float, float] | None = None,
    scenario: Path | None = None,
    uncertainty: Path | None = None,
    samples: int = 0,
    seed: int | None = None,
    executor: Executor | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    levers: Levers = NO_LEVERS,
) -> BreakEvenRun:
    """The value of ``parameter`` at which ``figure`` crosses ``target``.

    With uncertain parameters (``uncertainty``, or the scenario's or workbook's) the
    others are held at their medians, and with ``samples`` > 0 the search is repeated
    at that many PSA samples for the threshold's range.

    Raises:
        InputError: a bad path or figure, bounds that are not given for an unbounded
            parameter, or bad inputs.
    """
    prepared = prepare_tender(
        workbook,
        scenario=scenario,
        seed=seed,
        reference=reference,
        tariff_file=tariff_file,
        limits=limits,
        levers=levers,
    )
    try:
        path = parse_path(parameter)
    except ValueError as error:
        raise InputError(Problem(f"--param: {error}")) from None
    model = tender_model(prepared)
    params = _optional_parameters(prepared, uncertainty, limits, samples)
    model.check(params)
    bounds = bounds or _bounds(path.valid_range, parameter)
    _check_figure(figure)
    run_seed = prepared.seed if prepared.seed is not None else DEFAULT_SEED
    psa = None
    if samples and [p for p in params if p.name != parameter]:
        others = tuple(p for p in params if p.name != parameter)
        psa = run_psa(
            model,
            others,
            samples=samples,
            seed=run_seed,
            executor=executor,
            progress=_stage(progress, "PSA samples", samples),
        )
    search = ThresholdSearch(model, str(path), figure, bounds, target=target)
    threshold = _threshold(search, params, psa, run_seed, executor, progress)
    meta = run_metadata(
        "pbrkit threshold",
        [*prepared.paths, *([uncertainty] if uncertainty is not None else [])],
        prepared.reference,
        seed=run_seed,
        options={"param": parameter, "figure": figure, "target": target},
    )
    return BreakEvenRun(threshold, meta)


def _optional_parameters(
    prepared: Prepared, uncertainty: Path | None, limits: ReadLimits, samples: int
) -> tuple[UncertainParameter, ...]:
    try:
        return load_parameters(prepared, uncertainty, limits)
    except InputError:
        if uncertainty is not None or samples:
            raise
        return ()


def _bounds(valid: tuple[float, float], parameter: str) -> tuple[float, float]:
    lo, hi = valid
    if hi == float("inf"):
        raise InputError(
            Problem(f"--param {parameter} has no upper limit: give --bounds LO:HI"),
            hint="for example --bounds 0.5:1.5",
        )
    return lo, hi


def _check_figure(figure: str) -> None:
    if figure not in HEADLINE:
        raise InputError(
            Problem(f"--figure {figure!r} is not a figure; use one of {', '.join(HEADLINE)}")
        )


def _stage(progress: Progress | None, label: str, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(label, done, total)


#: The seed of a costing's PSA (a costing has no seed of its own; its Latin
#: hypercube still needs one, so the same command gives the same bytes).
COST_SEED: Final = 0


def run_cost_uncertainty(
    run: CostRun,
    workbook: Path,
    *,
    uncertainty: Path | None = None,
    samples: int = 1000,
    executor: Executor | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """summary.json's ``psa`` object for ``pbrkit cost --psa``: the surplus's mean and
    5th/50th/95th percentiles over the samples of ``tariff.scale``, ``costs.scale``,
    ``years.deflator`` and ``years.inflation``, and the probability of a deficit.

    Raises:
        InputError: no uncertain parameters, or a row a costing cannot vary.
    """
    if uncertainty is not None:
        params = read_uncertainty_sheet(uncertainty, limits=limits)
    else:
        params = read_uncertainty_sheet(workbook, limits=limits, required=False)
    if not params:
        raise InputError(
            Problem("no uncertain parameters: the workbook has no uncertainty sheet"),
            hint="give --uncertainty FILE with rows for tariff.scale, costs.scale, "
            "years.deflator or years.inflation",
        )
    totals = run.result.totals
    model = CostModel(totals["income"], totals["cost"], run.result.options)
    model.check(params)
    psa = run_psa(
        model,
        params,
        samples=samples,
        seed=COST_SEED,
        executor=executor,
        progress=_stage(progress, "PSA samples", samples),
    )
    return {
        "samples": samples,
        "seed": COST_SEED,
        "parameters": [parameter_summary(p) for p in params],
        "figures": {name: _without_share(psa.figure_summary(name)) for name in psa.figures},
        "prob_deficit": {name: psa.probability(name, above=False) for name in psa.figures},
    }


def _without_share(stats: dict[str, float | None]) -> dict[str, float | None]:
    # A costing has no selection noise: all its variance is the parameters'.
    return {k: v for k, v in stats.items() if k != "share_parameters"}


def scenario_break_even(
    scenario: Path | None,
    workbook: Path | None,
    *,
    seed: int | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    levers: Levers = NO_LEVERS,
) -> list[dict[str, Any]] | None:
    """The break-even a plain ``pbrkit tender`` report shows when its scenario has an
    ``[uncertainty]`` table: the fixed cost share at which public spending rises, the
    other uncertain parameters at their medians (summary.json ``thresholds``).

    None without such a table; an empty list when the cost pools are uncertain (the
    fixed cost share then follows from them, so there is no single share to solve for).
    """
    params = read_scenario_uncertainty(scenario) if scenario is not None else ()
    if not params:
        return None
    if any(p.path.group == "pools" for p in params):
        return []
    path, figure, target = AUTOMATIC_THRESHOLD
    run = run_break_even(
        workbook,
        parameter=path,
        figure=figure,
        target=target,
        bounds=(0.0, 1.0),
        scenario=scenario,
        seed=seed,
        reference=reference,
        tariff_file=tariff_file,
        limits=limits,
        levers=levers,
    )
    return [run.threshold.summary()]
