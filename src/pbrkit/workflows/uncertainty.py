"""``pbrkit psa`` and ``pbrkit threshold`` as library calls.

:func:`run_uncertainty` reads a tender (workbook and optional scenario) and its
uncertain parameters, then runs the PSA, the tornado, the variance shares and the
break-even of the fixed cost share for the public spending change. :func:`run_break_even`
finds one break-even point. Both return objects whose reports the caller writes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from pbrkit.errors import InputError, Problem
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.output import Writer
from pbrkit.io.table_kind import is_single_table
from pbrkit.io.uncertainty_sheet import read_scenario_uncertainty, read_uncertainty_sheet
from pbrkit.levers import NO_LEVERS, Levers
from pbrkit.model import RunMetadata
from pbrkit.reference import DEFAULT_REFERENCE
from pbrkit.reports.document import Document, Value
from pbrkit.reports.figures import Unit
from pbrkit.reports.figures import figure as registered_figure
from pbrkit.reports.layouts.break_even import break_even_document, counts_people
from pbrkit.reports.layouts.uncertainty import RUNS, psa_context, psa_document, psa_of
from pbrkit.reports.publishing import publish as publish_document
from pbrkit.reports.publishing import published_figures, published_value
from pbrkit.reports.suppression import DisclosurePolicy, is_suppressed
from pbrkit.reports.values import CostPsaObject, PsaObject, Range, Stats
from pbrkit.tender.metrics import FIGURES as TENDER_FIGURES
from pbrkit.uncertainty import (
    Executor,
    ParameterCheck,
    ParameterPath,
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
from pbrkit.uncertainty.summaries import ExactPsa, ExactStats, ExactThreshold, Sensitivity
from pbrkit.uncertainty.tender_model import HEADLINE, TenderModel, tender_model
from pbrkit.workflows.cost import CostRun
from pbrkit.workflows.provenance import run_metadata
from pbrkit.workflows.run import Run
from pbrkit.workflows.tender import DEFAULT_SEED, Prepared, money_policy, prepare_tender

#: PSA samples at which a PSA's automatic break-even is searched again for its range
#: (each search is about 20 runs, so all 1,000 samples of a large PSA would cost 20,000
#: runs). ``pbrkit threshold --samples N`` searches at all N: N is what it asks for.
THRESHOLD_SAMPLES: Final = 100

#: The break-even every PSA report shows: the fixed cost share at which public
#: spending starts to rise.
AUTOMATIC_THRESHOLD: Final = ("nhs.fixed_cost_share", PUBLIC_SPENDING, 0.0)

#: Figures the tornado and the variance shares are shown for.
LEAD_FIGURES: Final = (NHS_SURPLUS, PUBLIC_SPENDING)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class UncertaintyRun(Run):
    """A finished PSA with its tornado, variance shares and thresholds.

    The exact results are kept; with ``disclosure`` (``--publish``) the document every
    output shows, and psa.parquet, are published by the generic
    :func:`~pbrkit.reports.publishing.publish` (docs/uncertainty.md, "Publishing").
    """

    params: tuple[UncertainParameter, ...]
    psa: PsaResult
    tornado: Tornado
    sensitivity: dict[str, Sensitivity[float | None]]
    thresholds: tuple[Threshold, ...]
    meta: RunMetadata
    #: The people in the tender's population: each run's people taken and left add up
    #: to it, so --publish publishes them in one line with it.
    population: float | None = None
    disclosure: DisclosurePolicy | None = None

    def exact(self) -> ExactPsa:
        """summary.json's ``psa`` object, unpublished."""
        psa = self.psa
        return {
            "samples": psa.n_samples,
            "inner": psa.n_inner,
            "seed": psa.seed,
            "parameters": [parameter_summary(p) for p in self.params],
            "figures": {name: psa.figure_summary(name) for name in psa.figures},
            "prob_nhs_surplus_falls": psa.probability(NHS_SURPLUS, above=False),
            "prob_public_spending_rises": psa.probability(PUBLIC_SPENDING, above=True),
            "tornado": self.tornado.summary(),
            "sensitivity": self.sensitivity,
            "thresholds": [t.summary() for t in self.thresholds],
        }

    def build_document(self) -> Document:
        """What every output shows (published with ``disclosure``)."""
        columns = ["sample", "inner", *self.psa.figures]
        runs = self.psa.samples[columns].to_dict(orient="records")
        document = psa_document(
            self.exact(),
            [{str(k): v for k, v in r.items()} for r in runs],
            meta=self.meta,
            population=self.population,
            percentiles=lead_percentiles(self.psa.samples),
        )
        return document if self.disclosure is None else publish_document(document, self.disclosure)

    def published(self) -> PsaObject:
        """summary.json's ``psa`` object as every output shows it (hidden figures
        ``SUPPRESSED`` under ``--publish``): what ``pbrkit tender --psa`` adds to its
        own reports."""
        return psa_of(psa_context(self.exact()), self.document())

    def files(self, document: Document) -> dict[str, Writer]:
        """psa.parquet: every run, published with the document."""
        return {"psa.parquet": lambda path: self._parquet(document).to_parquet(path, index=False)}

    def write_parquet(self, path: Path) -> None:
        """psa.parquet (published under ``--publish``), for ``pbrkit tender --psa``."""
        self._parquet(self.document()).to_parquet(path, index=False)

    def _parquet(self, document: Document) -> pd.DataFrame:
        if document.policy is None:
            return self.psa.samples
        return published_runs(self.psa.samples, document.table(RUNS).rows, document.policy)


def published_runs(
    samples: pd.DataFrame, rows: Sequence[Mapping[str, Any]], policy: DisclosurePolicy
) -> pd.DataFrame:
    """The per-run table with each figure as the published runs table ``rows`` show it
    (a hidden value is null, so every column stays a number column). The parameters'
    values stay as sampled but for a count of people (a bidder's capacity): a bidder
    that fills its capacity took exactly the whole number it ran at, so that number is
    published as a count (1-7 null, others rounded to 5), like the people taken."""
    out = samples.copy()
    for column in TENDER_FIGURES:
        if column in out.columns:
            out[column] = np.array([_number(row.get(column)) for row in rows], dtype=np.float64)
    for column in counts_people(list(out.columns)):
        key = parse_path(str(column)).column  # the registry's figure: a bidder's capacity
        run_at = out[column].to_numpy(dtype=np.float64).round()  # ParameterPath.as_run
        shown = [_number(published_value(key, float(v), policy)) for v in run_at]
        out[column] = np.array(shown, dtype=np.float64)
    return out


def _number(value: Any) -> float:
    return float("nan") if value is None or is_suppressed(value) else float(value)


def lead_percentiles(samples: pd.DataFrame) -> list[dict[str, Any]]:
    """The lead figures at every 5th percentile of the runs (5% to 95%): the
    cumulative distribution the reports draw."""
    levels = range(5, 100, 5)
    values = {
        f: np.nanpercentile(samples[f].to_numpy(dtype=np.float64), list(levels))
        for f in LEAD_FIGURES
    }
    return [
        {"percentile": f"{q}%", **{f: float(values[f][i]) for f in LEAD_FIGURES}}
        for i, q in enumerate(levels)
    ]


def parameter_summary(param: UncertainParameter) -> Range:
    """One parameter as the reports list it: a count of people (a capacity) as the whole
    numbers the tender runs at, as every draw of it is run."""
    run = param.path.as_run
    return {
        "parameter": param.name,
        "low": run(param.low),
        "high": run(param.high),
        "distribution": param.distribution,
        "mode": None if param.mode is None else run(param.mode),
        "median": run(param.median),
        # What is drawn: the valid range's cut can move them off low and high.
        "p10": run(float(param.marginal.ppf(0.1))),
        "p90": run(float(param.marginal.ppf(0.9))),
        "source": param.source,
    }


def load_parameters(
    prepared: Prepared, uncertainty: Path | None, limits: ReadLimits, model: ParameterCheck
) -> tuple[UncertainParameter, ...]:
    """The uncertain parameters: ``--uncertainty FILE``, else the scenario's
    ``[uncertainty]``, else the workbook's ``uncertainty`` sheet; each row checked
    against the tender by ``model`` in the same pass.

    Raises:
        InputError: none of them gives any, or a row is bad.
    """
    params = _given_parameters(prepared, uncertainty, limits, model)
    if not params:
        lacks, add = _no_uncertainty_table(prepared.workbook)
        raise InputError(
            Problem(f"no uncertain parameters: {lacks}"),
            hint="give --uncertainty FILE (see examples/uncertainty.csv), or "
            f"{'' if add is None else add + ' or '}a scenario [uncertainty] table",
        )
    return params


def _no_uncertainty_table(workbook: Path) -> tuple[str, str | None]:
    """What the input lacks when nothing gives uncertain parameters, and how to add it
    (None: a lone CSV or Parquet table is the caseload or patients, and holds no other
    table), in the input's own terms: a workbook's sheet, a folder's CSV file."""
    if workbook.is_dir():
        name = workbook.resolve().name
        return (
            f"folder '{name}' has no uncertainty.csv",
            f"add a file uncertainty.csv to folder '{name}'",
        )
    if is_single_table(workbook):
        return f"'{workbook.name}' is one table, with no uncertainty sheet", None
    return "the workbook has no uncertainty sheet", "add an uncertainty sheet"


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
    samples_option: str = "--samples",
) -> UncertaintyRun:
    """Read a tender and its uncertain parameters; run PSA, tornado and thresholds.

    ``samples_option``: the option ``samples`` came from, for a message (``pbrkit
    psa --samples``, ``pbrkit tender --psa``).

    ``levers``: what-if tariff and cost changes, as for :func:`run_tender`. With
    ``publish`` the run's reports are published with that small-number suppression
    policy (:func:`~pbrkit.reports.publishing.publish`).

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
    model = tender_model(prepared)
    params = load_parameters(prepared, uncertainty, limits, model)
    run_seed = prepared.seed if prepared.seed is not None else DEFAULT_SEED
    psa = run_psa(model, params, samples=samples, inner=inner, seed=run_seed,
                  executor=executor, progress=_stage(progress, "PSA samples", samples),
                  samples_option=samples_option)  # fmt: skip
    arms = _stage(progress, "Tornado arms", 1 + 2 * len(params))
    tornado = run_tornado(model, params, seed=run_seed, executor=executor, progress=arms)
    names = [p.name for p in params]
    sensitivity = {figure: _sensitivity(psa, names, figure) for figure in LEAD_FIGURES}
    thresholds = _automatic_thresholds(model, params, psa, run_seed, executor, progress)
    paths = [*prepared.paths, *([uncertainty] if uncertainty is not None else [])]
    options: dict[str, object] = {"samples": samples, "inner": inner, "parameters": len(params)}
    meta = run_metadata("pbrkit psa", paths, prepared.reference, seed=run_seed, options=options)
    # Each run's people taken and left add up to everyone: --publish publishes them in
    # one line with it (the model's population is only needed then).
    population = None if publish is None else float(len(model.population))
    disclosure = money_policy(publish, prepared)
    return UncertaintyRun(
        params, psa, tornado, sensitivity, thresholds, meta, population, disclosure
    )


def _sensitivity(psa: PsaResult, names: Sequence[str], figure: str) -> Sensitivity[float | None]:
    shares = variance_shares(psa.samples, names, figure)
    return {**shares, "most_important": most_important(shares["shares"])}


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
    return (_threshold(search, params, psa, seed, executor, progress, THRESHOLD_SAMPLES),)


def _threshold(
    search: ThresholdSearch,
    params: Sequence[UncertainParameter],
    psa: PsaResult | None,
    seed: int,
    executor: Executor | None,
    progress: Progress | None,
    limit: int | None = None,
) -> Threshold:
    """The break-even at the medians, and again at the PSA's samples (the first
    ``limit`` of them, or all: ``pbrkit threshold --samples N`` asks for N)."""
    others = [p.name for p in params if p.name != search.parameter]
    base = {p.name: p.median for p in params if p.name != search.parameter}
    samples: list[dict[str, float]] = []
    if psa is not None and others:
        rows = psa.samples.drop_duplicates("sample")
        rows = rows if limit is None else rows.head(limit)
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
class BreakEvenRun(Run):
    """A finished ``pbrkit threshold``."""

    threshold: Threshold
    meta: RunMetadata
    #: The uncertain parameters held at their medians (or sampled, with --samples).
    params: tuple[UncertainParameter, ...] = ()

    def build_document(self) -> Document:
        """What every output shows: the break-even, in words, and the ranges."""
        parameters = [parameter_summary(p) for p in self.params]
        return break_even_document(self.threshold.summary(), parameters, self.meta)


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
    path = _parameter_path(parameter)
    model = tender_model(prepared)
    _check_searched(model, path)
    params = _optional_parameters(prepared, uncertainty, limits, samples, model)
    bounds = _bounds(path, bounds)
    _check_figure(figure, target)
    run_seed = prepared.seed if prepared.seed is not None else DEFAULT_SEED
    others = tuple(p for p in params if p.name != parameter)
    _check_others(samples, others, parameter)
    psa = None
    if samples:
        psa = run_psa(model, others, samples=samples, seed=run_seed, executor=executor,
                      progress=_stage(progress, "PSA samples", samples),
                      samples_option="--samples")  # fmt: skip
    search = ThresholdSearch(model, str(path), figure, bounds, target=target, whole=path.whole)
    threshold = _threshold(search, params, psa, run_seed, executor, progress)
    paths = [*prepared.paths, *([uncertainty] if uncertainty is not None else [])]
    options: dict[str, object] = {"param": parameter, "figure": figure, "target": target}
    meta = run_metadata("pbrkit threshold", paths, prepared.reference, seed=run_seed,
                        options=options)  # fmt: skip
    return BreakEvenRun(threshold, meta, params)


def _parameter_path(parameter: str) -> ParameterPath:
    """``--param`` read as a parameter's path (a bad one is a usage error, exit 2)."""
    try:
        return parse_path(parameter)
    except ValueError as error:
        raise InputError(Problem(f"--param: {error}")) from None


def _check_searched(model: TenderModel, path: ParameterPath) -> None:
    """``--param`` checked as an uncertainty row is: a parameter the tender does not
    read (v under activity payment) was searched and "does not cross" reported, and a
    pool or caseload it does not have stopped with an unexpected failure (review 10)."""
    reasons = model.refuses_path(path)
    if reasons:
        problems = [Problem(f"--param: {reason}") for reason in reasons]
        raise InputError(problems, hint="solve for another parameter")


def _check_others(samples: int, others: tuple[UncertainParameter, ...], parameter: str) -> None:
    """``--samples`` needs uncertain parameters besides the one solved for: the range
    comes from them, and with none it would be dropped without a word (review 6)."""
    if samples and not others:
        raise InputError(
            Problem(
                f"--samples {samples} asks for the break-even's range over the other "
                f"uncertain parameters, but the uncertainty table has none besides "
                f"{parameter}, the one solved for"
            ),
            hint="add the parameters whose uncertainty the range should show, or leave "
            "out --samples",
        )


def _given_parameters(
    prepared: Prepared, uncertainty: Path | None, limits: ReadLimits, model: ParameterCheck
) -> tuple[UncertainParameter, ...]:
    """What :func:`load_parameters` reads, empty when nothing gives any.

    Raises:
        InputError: a row is bad.
    """
    if uncertainty is not None:
        return read_uncertainty_sheet(uncertainty, limits=limits, model=model)
    params: tuple[UncertainParameter, ...] = ()
    if prepared.scenario_path is not None:
        params = read_scenario_uncertainty(prepared.scenario_path, model)
    # A single CSV or Parquet table is the patients (or the caseload), never the
    # uncertainty sheet: reading it as one would refuse it for its headers.
    if not params and not is_single_table(prepared.workbook):
        params = read_uncertainty_sheet(
            prepared.workbook, limits=limits, required=False, model=model
        )
    return params


def _optional_parameters(
    prepared: Prepared,
    uncertainty: Path | None,
    limits: ReadLimits,
    samples: int,
    model: ParameterCheck,
) -> tuple[UncertainParameter, ...]:
    # Only "no uncertainty table" is optional here: a bad row is reported, never taken
    # for a missing table (which would hold its parameters at the sheets' values
    # instead of their medians, and say nothing).
    if uncertainty is not None or samples:
        return load_parameters(prepared, uncertainty, limits, model)
    return _given_parameters(prepared, uncertainty, limits, model)


def _bounds(path: ParameterPath, given: tuple[float, float] | None) -> tuple[float, float]:
    """``--bounds``, checked against the parameter's valid range (a bound outside it
    was reported as the first grid point past it, a value nobody gave), or that range."""
    if given is not None:
        if not path.admits(*given):
            lo, hi = given
            raise InputError(
                Problem(
                    f"--bounds {lo:g}:{hi:g}: {path} must be {path.range_words()}; give "
                    "bounds inside that range"
                )
            )
        return given
    lo, hi = path.valid_range
    if hi == float("inf"):
        example = "0:500 (people)" if path.whole else "0.5:1.5"
        raise InputError(
            Problem(f"--param {path} has no upper limit: give --bounds LO:HI"),
            hint=f"for example --bounds {example}",
        )
    if not path.admits(lo, hi):  # open below (a hurdle margin above -1): -1 is no value
        raise InputError(
            Problem(f"--param {path} must be {path.range_words()}: give --bounds LO:HI"),
            hint="for example --bounds 0:0.5",
        )
    return lo, hi


def _check_figure(figure: str, target: float) -> None:
    if figure not in HEADLINE:
        raise InputError(
            Problem(f"--figure {figure!r} is not a figure; use one of {', '.join(HEADLINE)}")
        )
    # A count of people is whole: a target between two counts is shown rounded, and
    # "never 2 itself" was false where the count is exactly 2 (review 2, round 13).
    if registered_figure(figure).unit is Unit.PEOPLE and not float(target).is_integer():
        raise InputError(
            Problem(f"--target {target:g}: {figure} counts people, so the target must be whole"),
            hint=f"give a whole number, e.g. --target {math.ceil(target)}",
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
) -> CostPsaObject:
    """summary.json's ``psa`` object for ``pbrkit cost --psa``: the surplus's mean and
    5th/50th/95th percentiles over the samples of ``tariff.scale``, ``costs.scale``,
    ``years.deflator`` and ``years.inflation``, and the probability of a deficit.

    Raises:
        InputError: no uncertain parameters, or a row a costing cannot vary.
    """
    totals = run.result.totals
    model = CostModel(totals["income"], totals["cost"], run.result.options)
    # A single CSV or Parquet table is the caseload (or patients), never the uncertainty
    # sheet: read as one, it was refused for its headers (as in _given_parameters).
    alone = uncertainty is None and is_single_table(workbook)
    table, required = (uncertainty, True) if uncertainty is not None else (workbook, False)
    params = () if alone else read_uncertainty_sheet(table, limits=limits, required=required,
                                                      model=model)  # fmt: skip
    if not params:
        raise InputError(
            Problem(f"no uncertain parameters: {_no_uncertainty_table(workbook)[0]}"),
            hint="give --uncertainty FILE with rows for tariff.scale, costs.scale, "
            "years.deflator or years.inflation",
        )
    psa = run_psa(
        model,
        params,
        samples=samples,
        seed=COST_SEED,
        executor=executor,
        progress=_stage(progress, "PSA samples", samples),
    )
    # Published: each statistic of a surplus is a £ total (the registry's mean, p5, p50,
    # p95), rounded to the money base as the surplus itself is (docs/uncertainty.md,
    # "Publishing a PSA").
    figures = {name: _cost_stats(psa.figure_summary(name), run.disclosure) for name in psa.figures}
    return {
        "samples": samples,
        "seed": COST_SEED,
        "parameters": [parameter_summary(p) for p in params],
        "figures": figures,
        "prob_deficit": {name: psa.probability(name, above=False) for name in psa.figures},
    }


def _cost_stats(stats: ExactStats, policy: DisclosurePolicy | None) -> Stats:
    """A costing's figure over the samples, published with ``policy``; without a share
    of variance from the parameters (a costing has no selection noise: all its variance
    is the parameters')."""
    row: dict[str, Value] = {"mean": stats["mean"], "p5": stats["p5"], "p50": stats["p50"],
                             "p95": stats["p95"]}  # fmt: skip
    mean, p5, p50, p95 = (row if policy is None else published_figures(row, policy)).values()
    return {"mean": mean, "p5": p5, "p50": p50, "p95": p95}


def scenario_break_even(
    scenario: Path | None,
    workbook: Path | None,
    *,
    seed: int | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    levers: Levers = NO_LEVERS,
) -> list[ExactThreshold] | None:
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
