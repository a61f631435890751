"""``pbrkit tender`` and ``pbrkit sweep`` as library calls.

:func:`run_tender` reads a workbook (and optionally a scenario file that overrides
its bidders, lots, NHS cost structure, draws, seed and tariff deflator), builds the
population — from the ``patients`` sheet, or synthesised from the costed caseload so
the tender starts from the same costs ``pbrkit cost`` reports — simulates the tender
and returns a :class:`TenderRun` whose reports are written by the caller.

:func:`run_sweep` runs a scenario over a grid of one or two parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import numpy as np
import pandas as pd

from pbrkit.currency import Currency, active_currency, in_currency, using_currency
from pbrkit.defaults import DEFAULT_DRAWS as DEFAULT_DRAWS
from pbrkit.defaults import DEFAULT_FIRST_YEAR
from pbrkit.errors import InputError, MissingTariff, Problem
from pbrkit.io import sheets
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits
from pbrkit.io.output import Writer
from pbrkit.io.tender_inputs import (
    DEFAULT,
    SCENARIO,
    FieldSources,
    TenderInputs,
    TenderSources,
    empty_lot_notes,
    lot_notes,
    read_tender_inputs,
    with_defaults,
)
from pbrkit.io.workbook import naming_files
from pbrkit.levers import (
    LEVER_OPTIONS,
    NO_LEVERS,
    Change,
    CostTables,
    Levers,
    apply_levers,
    change_costs,
    change_tariff,
    check_in_population,
    codes_without_people,
    read_changes,
    resolve_changes,
    scale_by_cluster,
)
from pbrkit.model import ReferenceInfo, RunMetadata
from pbrkit.pricing import tariff_rates
from pbrkit.reference import DEFAULT_REFERENCE, default_currency, load_reference_set
from pbrkit.relabel import tender_with_codes
from pbrkit.reports.csv_safe import write_safe_csv
from pbrkit.reports.document import Document
from pbrkit.reports.layouts.sweep import TABLE as SWEEP_TABLE
from pbrkit.reports.layouts.sweep import sweep_document, with_grid_sheets, with_page
from pbrkit.reports.layouts.tender import tender_document
from pbrkit.reports.publishing import publish as publish_document
from pbrkit.reports.suppression import DisclosurePolicy
from pbrkit.reports.values import PsaObject, ThresholdObject
from pbrkit.tender import (
    Scenario,
    TenderSpec,
    apply_scenario,
    deflate_income,
    load_scenario,
    parse_vary,
    population_from_patients,
    simulate_tender,
    sweep,
)
from pbrkit.tender.accounts import TenderAccounts, public_sector_figures, residue_clusters
from pbrkit.tender.bounds import cluster_bounds, deflated, share_bounds, with_admitted
from pbrkit.tender.caseload_population import (
    CaseloadPopulation,
    community_and_bed_day_costs,
    package_and_bed_day_costs,
    population_seed,
)
from pbrkit.tender.population import cost_below_bed_days
from pbrkit.tender.scenario import check_tender_size
from pbrkit.tender.simulate import NOISE_KEY, POPULATION_KEY, TenderResult, combine_draws
from pbrkit.tender.sweep import DEFAULT_SWEEP_DRAWS, check_grid
from pbrkit.tender.years import YearOptions, project_years
from pbrkit.workflows.provenance import reference_info, run_metadata
from pbrkit.workflows.run import Run

if TYPE_CHECKING:
    from pbrkit.uncertainty.executor import Executor

#: Seed when neither the command line nor the scenario says.
DEFAULT_SEED: Final = 0

#: Told (units done, units in all) as a long run goes: draws, or grid points.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TenderRun(Run):
    """A finished tender: its accounts, and what every output renders.

    With ``disclosure`` set (``--publish``) the document every output renders is the
    published one (:meth:`document`); ``accounts`` stay exact.
    """

    accounts: TenderAccounts
    disclosure: DisclosurePolicy | None = None
    #: summary.json's ``psa`` object, with ``--psa`` (the reports then lead with it).
    psa: PsaObject | None = None
    #: Without ``--psa``, a scenario's ``[uncertainty]`` table gives the break-even of
    #: the fixed cost share (summary.json ``thresholds``; empty: none was searched).
    thresholds: Sequence[ThresholdObject] | None = None
    #: The what-if levers applied and the clusters priced from the reference set.
    levers: Levers = NO_LEVERS
    fallbacks: tuple[int, ...] = ()
    #: The reference set's codes, for the reports (None: the default set's).
    currency: Currency | None = None
    #: The financial year the input says it covers (its ``year`` sheet), or None.
    input_year: str | None = None

    def build_document(self) -> Document:
        """What every output shows (published with ``disclosure``)."""
        with using_currency(self.currency or active_currency()):
            document = tender_document(self.accounts, self.psa, self.thresholds,
                                       self.fallbacks, self.levers.summary())  # fmt: skip
            if self.disclosure is None:
                return document
            return publish_document(document, self.disclosure)

    def writers(self) -> dict[str, Writer]:
        """summary.json, report.xlsx, report.html and summary.pdf, by file name."""
        return in_currency(self.currency, super().writers())


@dataclass(frozen=True)
class Prepared:
    """A tender ready to simulate: population, spec and where they came from."""

    population: pd.DataFrame
    spec: TenderSpec
    inputs: TenderInputs
    sources: TenderSources
    scenario: Scenario | None
    scenario_path: Path | None
    workbook: Path
    draws: int
    seed: int
    deflator: float
    reference: ReferenceInfo
    paths: list[Path]
    years: YearOptions = field(default_factory=YearOptions)
    levers: Levers = NO_LEVERS
    #: The reference set's codes: reports show them as the set writes them.
    currency: Currency = field(default_factory=default_currency)


def money_policy(publish: DisclosurePolicy | None, prepared: Prepared) -> DisclosurePolicy | None:
    """``publish`` with £ totals rounded to the tender's largest price or unit cost
    (methodology §7), as `pbrkit cost` rounds its: the tariff that priced the
    population and the unit costs that cost it, else the largest income a person brings.

    A modelled cost is public unit costs × days, so a total rounded finer than 5 × the
    unit costs gives its days back (rev13: £1-a-day prices gave a base of £5, and a
    cluster's cost of £20,200 at £4.6114 a day was 4,380 days, 12 people shown as 10)."""
    if publish is None:
        return None
    inputs = prepared.inputs
    tables = inputs.prices or inputs.cost_inputs
    tariff = tables.tariff if tables is not None else None
    rates = tariff_rates(tariff) if tariff is not None else np.array([], dtype=np.float64)
    if tables is not None:
        unit_costs = tables.unit_costs["unit_cost"].to_numpy(dtype=np.float64)
        rates = np.concatenate([rates, unit_costs])
    if not len(rates) and "income" in prepared.population:
        rates = prepared.population["income"].to_numpy(dtype=np.float64)
    return publish.for_rates(rates)


def prepare_tender(
    workbook: Path | None,
    *,
    scenario: Path | None = None,
    draws: int | None = None,
    seed: int | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    years: int | None = None,
    levers: Levers = NO_LEVERS,
    efficiency: float | None = None,
    first_year: str | None = None,
) -> Prepared:
    """Read the inputs and the scenario and build the population; simulate nothing.

    ``draws`` and ``seed`` given here win over the scenario's, which win over the
    defaults (:data:`DEFAULT_DRAWS`, :data:`DEFAULT_SEED`). A ``workbook`` given here
    wins over the one the scenario names. ``levers`` change the tariff and costs
    before the population is built; each kind given here (tariff, cost) replaces the
    scenario's, as ``efficiency`` replaces the scenario's ``efficiency``. The years are
    labelled from ``first_year``, else the year the input covers (its ``year`` sheet).

    Raises:
        InputError: no workbook at all, a bad scenario, or bad inputs (every problem
            listed).
    """
    loaded = load_scenario(scenario) if scenario is not None else None
    workbook = _workbook(workbook, loaded)
    settings = _settings(loaded, draws=draws, seed=seed, years=years, efficiency=efficiency)
    seed, deflator = settings.seed, settings.deflator
    ref = load_reference_set(reference)
    # The levers' codes are the set's (PSY_CRI=10%), read once it has loaded.
    given, levers = levers, scenario_levers(loaded, levers, ref.currency)
    with using_currency(ref.currency):
        inputs = read_tender_inputs(workbook, ref, tariff_file=tariff_file, limits=limits)
        check_levers_apply(inputs, levers, _lever_options(loaded, given))
        inputs = with_levers(inputs, levers)
        spec, sources = _tender_spec(inputs, loaded)
        inputs = _renoted(inputs, spec)
        population = _population(workbook, inputs, seed)
        if deflator:
            population = deflate_income(population, deflator)
    return Prepared(
        population=population,
        spec=spec,
        inputs=inputs,
        sources=sources,
        scenario=loaded,
        scenario_path=scenario,
        workbook=workbook,
        draws=settings.draws,
        seed=seed,
        deflator=deflator,
        reference=reference_info(ref, inputs.table_sources),
        paths=[workbook] + [p for p in (scenario, tariff_file) if p is not None],
        years=_labelled(settings.years, first_year or inputs.financial_year),
        levers=levers,
        currency=ref.currency,
    )


def _labelled(years: YearOptions, first_year: str | None) -> YearOptions:
    """The years labelled from ``first_year`` (--first-year, else the year the input
    covers: an import's ``year`` sheet), else from the default."""
    return replace(years, first_year=first_year or DEFAULT_FIRST_YEAR)


class _Settings(NamedTuple):
    """A tender's draws, seed, income deflator and years, as the run chose them."""

    draws: int
    seed: int
    deflator: float
    years: YearOptions


def _settings(
    loaded: Scenario | None,
    *,
    draws: int | None,
    seed: int | None,
    years: int | None,
    efficiency: float | None,
) -> _Settings:
    """The options given win over the scenario's, which win over the defaults
    (:data:`DEFAULT_DRAWS`, :data:`DEFAULT_SEED`, no deflator, no efficiency)."""
    draws = draws or (loaded.draws if loaded and loaded.draws else DEFAULT_DRAWS)
    if seed is None:
        seed = loaded.seed if loaded is not None and loaded.seed is not None else DEFAULT_SEED
    deflator = loaded.deflator if loaded is not None and loaded.deflator is not None else 0.0
    year_options = _year_options(loaded, years, deflator)
    if efficiency is not None or loaded is not None:
        chosen = efficiency if efficiency is not None else loaded.efficiency if loaded else 0.0
        year_options = replace(year_options, efficiency=chosen)
    return _Settings(draws, seed, deflator, year_options)


def _renoted(inputs: TenderInputs, spec: TenderSpec) -> TenderInputs:
    """The inputs with the notes on bidders that bid for no lot worked out on the tender
    that runs: a scenario's bidders or lots can make the workbook's notes untrue."""
    stale = set(lot_notes(inputs.spec))
    kept = [note for note in inputs.notes if note not in stale]
    empty = empty_lot_notes(spec, inputs.population_clusters())
    return replace(inputs, notes=(*lot_notes(spec), *empty, *kept))


def _workbook(given: Path | None, scenario: Scenario | None) -> Path:
    """The workbook given on the command line, else the one the scenario names."""
    workbook = given if given is not None else scenario.workbook if scenario else None
    if workbook is None:
        raise InputError(
            Problem("no workbook: give WORKBOOK, or name one in the scenario (workbook = ...)"),
            hint="for example: pbrkit example clusters.xlsx && pbrkit tender clusters.xlsx",
        )
    return workbook


def _tender_spec(
    inputs: TenderInputs, scenario: Scenario | None
) -> tuple[TenderSpec, TenderSources]:
    """The workbook's tender with the scenario applied and the defaults filled in."""
    spec, sources = inputs.spec, inputs.sources
    if scenario is not None:
        spec = apply_scenario(spec, scenario)
        sources = scenario_sources(sources, scenario, spec)
    # Absent bidders or lots (after any scenario) take the defaults (docs/scenarios.md).
    spec, sources = with_defaults(spec, sources, inputs.population_clusters())
    if scenario is not None:
        sources = _replaced_defaults(sources, scenario)
    check_tender_size(spec)  # before the population or any bid is allocated
    return spec, sources


def _replaced_defaults(sources: TenderSources, scenario: Scenario) -> TenderSources:
    """A default bidder (lot) that a scenario's ``replace_bidders`` (``replace_lots``)
    with no entries led to is said to come from that key, not from a missing sheet."""
    replaced = {
        "bidders": scenario.replace_bidders and not scenario.bidders,
        "lots": scenario.replace_lots and not scenario.lots,
    }
    assumed = tuple(
        f"{base}_replaced" if replaced.get(base := kind.removesuffix("_empty")) else kind
        for kind in sources.assumed
    )
    return replace(sources, assumed=assumed)


def scenario_levers(scenario: Scenario | None, given: Levers, currency: Currency) -> Levers:
    """The command line's levers, each kind not given there taken from the scenario.

    Codes are read against ``currency``, the run's reference set (``PSY_CRI=10%``);
    a bad one in the scenario is named by its key there.
    """
    given = given.resolved(currency)
    if scenario is None:
        return given
    return Levers(
        tariff=given.tariff or _scenario_changes(scenario.tariff_change, "tariff_change", currency),
        cost=given.cost or _scenario_changes(scenario.cost_change, "cost_change", currency),
        unit=currency.unit,
    )


def _lever_options(scenario: Scenario | None, given: Levers) -> tuple[str, str]:
    """Where the tariff and the cost changes came from: each option given, else the
    scenario's key (:func:`scenario_levers` takes each kind from one place)."""
    if scenario is None:
        return LEVER_OPTIONS
    return (
        "--tariff-change" if given.tariff else "scenario tariff_change",
        "--cost-change" if given.cost else "scenario cost_change",
    )


def check_levers_apply(inputs: TenderInputs, levers: Levers, options: Sequence[str]) -> None:
    """Refuse a change to a code no caseload or patient row has (it would move nothing).

    Raises:
        InputError: one problem per such change (:func:`pbrkit.levers.check_in_population`).
    """
    if inputs.patients is not None:
        rows, empty = "no patient row", []
    else:  # a caseload's row with 0 service users gives the population no one
        rows = "no row of the caseload"
        caseload = inputs.cost_inputs.caseload if inputs.cost_inputs is not None else None
        empty = codes_without_people(caseload) if caseload is not None else []
    check_in_population(levers, inputs.population_clusters(), rows, options, empty=empty)


def _scenario_changes(
    value: str | tuple[str, ...] | None, key: str, currency: Currency
) -> tuple[Change, ...]:
    # The values were checked when the scenario was read; the codes need the set.
    changes = read_changes(_texts(value), "--" + key.replace("_", "-"))
    return resolve_changes(changes, f"scenario {key}", currency)


def _texts(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return () if value is None else (value,) if isinstance(value, str) else value


def with_levers(inputs: TenderInputs, levers: Levers) -> TenderInputs:
    """The tender's inputs with the levers' tariff and cost changes made (pbrkit.levers).

    A caseload is changed as ``pbrkit cost`` changes it; patient rows are priced from
    the changed tariff, their given costs and the package cost per community day k
    move by their cluster's cost change, and the shared bed day by the all-cluster one.
    """
    if not (levers.tariff or levers.cost):
        return inputs
    if inputs.cost_inputs is not None:
        return replace(inputs, cost_inputs=apply_levers(inputs.cost_inputs, levers))
    assert inputs.prices is not None and inputs.patients is not None
    prices, patients = inputs.prices, inputs.patients
    # Packages and unit costs move as pbrkit cost moves them (k is worked out from them
    # later); patients' own costs move by their cluster's change.
    nobody = pd.DataFrame({"cluster": pd.Series([], dtype=np.int64)})
    tables = change_costs(CostTables(prices.unit_costs, prices.packages, nobody), levers.cost)
    if "cost" in patients.columns:
        patients = patients.assign(
            cost=scale_by_cluster(patients["cost"], patients["cluster"], levers.cost)
        )
    prices = replace(
        prices,
        tariff=change_tariff(prices.tariff, levers.tariff),
        packages=tables.packages,
        unit_costs=tables.unit_costs,
    )
    return replace(inputs, prices=prices, patients=patients)


def _year_options(scenario: Scenario | None, years: int | None, deflator: float) -> YearOptions:
    """``--years`` wins over the scenario's ``years``; the other keys are the scenario's."""
    if scenario is None:
        return YearOptions(years=years or 1, deflator=deflator)
    return YearOptions(
        years=years or scenario.years or 1,
        tariff_rebase=scenario.tariff_rebase,
        inflation=scenario.inflation,
        deflator=deflator,
        nhs_response=scenario.nhs_response,
        retender_every=scenario.retender_every,
    )


def run_tender(
    workbook: Path | None,
    *,
    scenario: Path | None = None,
    draws: int | None = None,
    seed: int | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    publish: DisclosurePolicy | None = None,
    years: int | None = None,
    redraw_population: bool = False,
    levers: Levers = NO_LEVERS,
    efficiency: float | None = None,
    first_year: str | None = None,
) -> TenderRun:
    """Read, simulate and describe a tender (nothing is written).

    Args:
        workbook: the input workbook; None when the scenario names one.
        scenario: a scenario file (TOML) overriding the workbook's tender.
        draws: Monte Carlo draws (default: the scenario's, else 1).
        seed: the seed (default: the scenario's, else 0).
        reference: the reference set for prices and packages the workbook lacks.
        tariff_file: a tariff replacing both.
        limits: bounds on input size.
        progress: told (draws done, draws in all) after each block.
        publish: publish the figures with this small-number suppression policy.
        levers: what-if tariff and cost changes (each kind replaces the scenario's).
        efficiency: yearly cost improvement (replaces the scenario's).
        first_year: the first year's label (default: the input's ``year`` sheet's,
            else 2024/25).

    Raises:
        InputError: bad inputs or scenario (exit 2), or a yearly cost rate with one year.
    """
    prepared = prepare_tender(workbook, scenario=scenario, draws=draws, seed=seed,
                              reference=reference, tariff_file=tariff_file, limits=limits,
                              years=years, levers=levers, efficiency=efficiency,
                              first_year=first_year)  # fmt: skip
    _check_yearly_rates(prepared.years)
    result, redraw = _simulated(prepared, progress, redraw_population)
    # Text codes (a set such as illustrative-mhnrg) are shown as written, not as keys.
    accounts = _accounts(prepared, result, redraw=redraw)
    if redraw_population and not redraw:
        accounts = replace(accounts, notes=(*accounts.notes, _redraw_not_applied(prepared)))
    accounts = tender_with_codes(accounts, prepared.currency)
    return TenderRun(
        accounts,
        money_policy(publish, prepared),
        levers=prepared.levers,
        fallbacks=prepared.inputs.fallbacks,
        currency=prepared.currency,
        input_year=prepared.inputs.financial_year,
    )


def _redraw_not_applied(prepared: Prepared) -> str:
    """Why ``--redraw-population`` changed nothing (methodology §6.1): said, so no reader
    takes the ranges to include the spread from drawing the people."""
    why = (
        "the patient rows give the people, so there is nothing to synthesise again"
        if prepared.inputs.patients is not None
        else "with one draw there is nothing to redraw"
    )
    return f"--redraw-population was not applied: {why}."


def _simulated(
    prepared: Prepared, progress: Progress | None, redraw_population: bool
) -> tuple[TenderResult, bool]:
    """The tender's draws, and whether its population was redrawn for each (asked, of a
    synthesised population, with more than one draw)."""
    redraw = redraw_population and prepared.inputs.patients is None and prepared.draws > 1
    if redraw:
        return _redrawn(prepared, progress), True
    result = simulate_tender(
        prepared.population,
        prepared.spec,
        draws=prepared.draws,
        seed=prepared.seed,
        progress=_told(progress, prepared.draws),
    )
    return result, False


def _accounts(prepared: Prepared, result: TenderResult, *, redraw: bool) -> TenderAccounts:
    """The simulated tender with everything its reports say beside it: the residue by
    cluster, the provenance, the seeds, the years and the data-quality notes."""
    return TenderAccounts(
        result=result,
        clusters=residue_clusters(result, prepared.population, prepared.inputs.clusters).join(
            person_year_bounds(prepared), on="cluster"
        ),
        sources=prepared.sources,
        table_sources=dict(prepared.inputs.table_sources),
        deflator=prepared.deflator,
        scenario=prepared.scenario_path.name if prepared.scenario_path else None,
        notes=prepared.inputs.notes,
        meta=_metadata(prepared),
        cost_below_bed_days=(
            cost_below_bed_days(prepared.population, bed)
            if (bed := bed_day_cost_of(prepared.inputs)) is not None
            else None
        ),
        seeds=seed_statements(
            prepared.seed, synthesised=prepared.inputs.patients is None, redrawn=redraw
        ),
        years=(
            project_years(prepared.population, prepared.spec, prepared.years, seed=prepared.seed)
            if prepared.years.years > 1
            else None
        ),
    )


def _metadata(prepared: Prepared) -> RunMetadata:
    """The run's provenance: inputs, reference set, seed and the options that shaped it."""
    return run_metadata(
        "pbrkit tender",
        prepared.paths,
        prepared.reference,
        seed=prepared.seed,
        options={
            "draws": prepared.draws,
            "scenario": prepared.scenario_path.name if prepared.scenario_path else None,
            "deflator": prepared.deflator,
            "years": prepared.years.years,
            "efficiency": prepared.years.efficiency,
            # How the projection moves (review 10: the reports said "as the scenario
            # says" and nothing said what it said).
            "inflation": prepared.years.inflation,
            "tariff_rebase": prepared.years.tariff_rebase,
            "retender_every": prepared.years.retender_every,
            "nhs_response": prepared.years.nhs_response,
            "nhs": prepared.sources.nhs,
            **({"what_if": prepared.levers.summary()} if prepared.levers.applied() else {}),
        },
    )


def check_first_year_only(scenario_path: Path | None, command: str) -> None:
    """``command`` (sweep, explore, psa, threshold) reports the tender's first year only:
    a scenario's years, or a yearly rate that acts from year 2 on, would be dropped
    without a word, so refuse them as :func:`run_tender` refuses a rate in one year.

    Raises:
        InputError: a bad scenario, one that follows more than one year, or one that
            gives a yearly rate.
    """
    if scenario_path is None:
        return
    scenario = load_scenario(scenario_path)
    given = [
        f"{name} = {value:g} changes costs from year 2 on"
        for name, value in (("inflation", scenario.inflation), ("efficiency", scenario.efficiency))
        if value
    ]
    if scenario.years is not None and scenario.years > 1:
        given.insert(0, f"years: the scenario follows {scenario.years} years")
    if given:
        raise InputError(
            Problem(f"{'; '.join(given)}, and {command} reports the first year only"),
            hint="run pbrkit tender --scenario FILE for the years; give this command a "
            "scenario without years, inflation or efficiency",
        )


def _check_yearly_rates(years: YearOptions) -> None:
    """Inflation and efficiency move costs from year 2 on: with one year they would be
    silently ignored, so say so (a deflator cuts year 1's prices and is fine)."""
    given = [
        name
        for name, value in (("inflation", years.inflation), ("efficiency", years.efficiency))
        if value
    ]
    if years.years == 1 and given:
        raise InputError(
            Problem(
                f"{' and '.join(given)} changes costs from year 2 on, and this run has one year"
            ),
            hint="give --years 2 or more (or years = 5 in the scenario)",
        )


def _population(workbook: Path, inputs: TenderInputs, seed: int) -> pd.DataFrame:
    """:func:`build_population`, its costing's problems located as `pbrkit cost` locates
    them (a CSV caseload's rows by its file), and a missing price told what the tender
    can do: it has no ``--on-missing``, as every patient it simulates needs a price."""
    try:
        with naming_files(workbook, only=(sheets.CASELOAD.name, sheets.PATIENTS.name)):
            return build_population(inputs, seed=seed)
    except MissingTariff as error:
        raise MissingTariff(
            error.problems,
            hint="every patient the tender simulates needs a price; `pbrkit cost --on-missing "
            "report` costs the rest and lists the unpriced activity",
        ) from None


def build_population(inputs: TenderInputs, *, seed: int, draw: int | None = None) -> pd.DataFrame:
    """The tender's patients: the patients sheet priced, or synthesised from the caseload.

    A synthesised population is drawn from the costed caseload (the costs
    ``pbrkit cost`` reports, cluster by cluster and team by team, ``cost_cv`` per row
    with 1.0 as the default) and rescaled so each caseload row's people cost exactly
    that row's cost.
    """
    if inputs.patients is not None:
        assert inputs.prices is not None
        patients = inputs.patients
        given = (
            patients["cost"].notna().to_numpy()
            if "cost" in patients
            else np.zeros(len(patients), dtype=bool)
        )
        patients = patients.assign(cost_source=np.where(given, "actual", "modelled"))
        prices = inputs.prices
        day_cost, bed_day = package_and_bed_day_costs(
            prices.packages, prices.unit_costs, prices.review_days, needed=not given.all()
        )
        return population_from_patients(
            patients,
            prices.tariff,
            prices.review_days,
            day_cost=day_cost,
            bed_day_cost=bed_day,
        )
    assert inputs.cost_inputs is not None
    return CaseloadPopulation.of(inputs.cost_inputs).synthesise(population_seed(seed, draw))


def seed_statements(seed: int, *, synthesised: bool, redrawn: bool = False) -> dict[str, str]:
    """The child seeds of ``--seed`` the run used, as the reports state them."""
    sequence = "numpy SeedSequence(entropy={seed}, spawn_key={key})"
    seeds = {"noise": sequence.format(seed=seed, key=f"({NOISE_KEY}, draw, bidder)")}
    if synthesised:
        key = f"({POPULATION_KEY}, draw)" if redrawn else f"({POPULATION_KEY},)"
        seeds["population"] = sequence.format(seed=seed, key=key)
    return seeds


def _redrawn(prepared: Prepared, progress: Progress | None) -> TenderResult:
    """``--redraw-population``: each draw on its own synthetic population."""
    results = []
    for draw in range(prepared.draws):
        population = build_population(prepared.inputs, seed=prepared.seed, draw=draw)
        if prepared.deflator:
            population = deflate_income(population, prepared.deflator)
        results.append(
            simulate_tender(
                population, prepared.spec, seed=prepared.seed, first_draw=draw, workers=1
            )
        )
        if progress is not None:
            progress(draw + 1, prepared.draws)
    return combine_draws(results)


def person_year_bounds(prepared: Prepared) -> pd.DataFrame:
    """The most one person adds a year to each cluster's income and cost
    (:func:`~pbrkit.tender.bounds.cluster_bounds`), from the tariff and unit costs that
    priced and costed the population, and to the figures that are a public share of
    them (:func:`~pbrkit.tender.bounds.share_bounds`); ``--publish`` reads them
    (methodology §7). A deflator d pays every person's income × (1 − d), so the income
    bound is × (1 − d) too (:func:`~pbrkit.tender.bounds.deflated`): the deflator is
    published, and with the whole bound a reader dividing by it had a floor up to
    1 ÷ (1 − d) above the one checked."""
    bounds, tariff, bed_day = _cluster_bounds(prepared)
    bounds = share_bounds(deflated(bounds, prepared.deflator), prepared.spec.nhs)
    # A whole cluster's figures take the admitted part in (with_admitted), after the
    # shares, which are of the people taken: their bounds keep the day's alone.
    admitted = prepared.population.groupby("cluster")["admitted_days"].sum()
    return with_admitted(bounds, admitted, tariff, bed_day, prepared.deflator)


def _cluster_bounds(prepared: Prepared) -> tuple[pd.DataFrame, pd.DataFrame, float | None]:
    """:func:`~pbrkit.tender.bounds.cluster_bounds`, with the tariff and the bed-day
    cost b that priced and costed the population."""
    inputs = prepared.inputs
    if inputs.prices is not None:
        prices, patients = inputs.prices, inputs.patients
        day_cost, bed_day = package_and_bed_day_costs(prices.packages, prices.unit_costs,
                                                      prices.review_days)  # fmt: skip
        given = _episodes_given(patients) if patients is not None else None
        bounds = cluster_bounds(prepared.population, prices.tariff, prices.review_days,
                                day_cost, drawn_costs=False, episodes_given=given)  # fmt: skip
        return bounds, prices.tariff, bed_day
    assert inputs.cost_inputs is not None
    costs = inputs.cost_inputs
    day_cost, bed_day = community_and_bed_day_costs(costs)
    bounds = cluster_bounds(
        prepared.population, costs.tariff, costs.clusters["review_days"], day_cost,
        drawn_costs=True, episodes_given=_episodes_given(costs.caseload),
    )  # fmt: skip
    return bounds, costs.tariff, bed_day


def _episodes_given(rows: pd.DataFrame) -> pd.Series | None:
    """By cluster, whether any row gives its episodes (then a per-episode price is at
    most P a day: the episodes are at most the days)."""
    if "episodes" not in rows:
        return None
    return rows.assign(given=rows["episodes"].notna()).groupby("cluster")["given"].any()


def bed_day_cost_of(inputs: TenderInputs) -> float | None:
    """b for the population's patients: the caseload's unit costs or the patients' prices."""
    if inputs.cost_inputs is not None:
        return community_and_bed_day_costs(inputs.cost_inputs)[1]
    if inputs.prices is None:
        return None
    prices = inputs.prices
    return package_and_bed_day_costs(prices.packages, prices.unit_costs, prices.review_days)[1]


def scenario_sources(sources: TenderSources, scenario: Scenario, spec: TenderSpec) -> TenderSources:
    """Provenance after a scenario: the keys it sets say ``scenario``."""

    def merged(base: FieldSources, overrides: Sequence[Any], replace_all: bool) -> FieldSources:
        table = {} if replace_all else {k: dict(v) for k, v in base.items()}
        for override in overrides:
            given = override.model_fields_set - {"name"}
            fields = [f for f in type(override).model_fields if f != "name"]
            current = table.get(override.name, dict.fromkeys(fields, DEFAULT))
            table[override.name] = {
                f: SCENARIO if f in given else current.get(f, DEFAULT) for f in fields
            }
        return table

    nhs = sources.nhs
    if scenario.nhs is not None:
        if scenario.nhs.pools is not None:
            nhs = "scenario pools"
        elif {"fixed_cost_share", "shed_rate"} & scenario.nhs.model_fields_set:
            nhs = SCENARIO
    bidders = merged(sources.bidders, scenario.bidders, scenario.replace_bidders)
    lots = merged(sources.lots, scenario.lots, scenario.replace_lots)
    names = {b.name for b in spec.bidders}, {lot.name for lot in spec.lots}
    return replace(
        sources,
        nhs=nhs,
        bidders={k: v for k, v in bidders.items() if k in names[0]},
        lots={k: v for k, v in lots.items() if k in names[1]},
    )


@dataclass(frozen=True)
class SweepRun(Run):
    """A finished sweep: the grid of figures (exact), its parameters and metadata.

    With ``disclosure`` set (``--publish``) every output, sweep.csv included, renders
    the published document (:meth:`document`).
    """

    grid: pd.DataFrame
    parameters: list[str]
    draws: int
    seed: int
    scenario: str
    base: dict[str, Any]
    meta: RunMetadata
    disclosure: DisclosurePolicy | None = None

    def build_document(self) -> Document:
        """What every output shows: summary, grid table, a sheet per headline figure and
        summary.pdf's figures, from the (published) grid."""
        document = sweep_document(self.grid, self.parameters, draws=self.draws,
                                  seed=self.seed, base=self.base, meta=self.meta,
                                  population=self.base.get("patients"))  # fmt: skip
        if self.disclosure is not None:
            document = publish_document(document, self.disclosure)
        # Settings per parameter, so the grid sheets place published settings (a
        # capacity's, rounded: two may show alike) by position.
        shape = [int(self.grid[p].nunique()) for p in self.parameters]
        return with_page(with_grid_sheets(document, shape))

    def files(self, document: Document) -> dict[str, Writer]:
        """sweep.csv: the grid, published with ``--publish`` (the document's grid table)."""
        grid = (
            self.grid
            if self.disclosure is None
            else pd.DataFrame(list(document.table(SWEEP_TABLE).rows), columns=self.grid.columns)
        )
        return {"sweep.csv": lambda path: write_safe_csv(grid, path)}


def run_sweep(
    scenario_path: Path,
    vary: Sequence[str] | Mapping[str, Sequence[object]],
    *,
    draws: int | None = None,
    seed: int | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    reference: str | Path = DEFAULT_REFERENCE,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    publish: DisclosurePolicy | None = None,
    most: int = 2,
    clusters: bool = False,
    command: str = "pbrkit sweep",
) -> SweepRun:
    """Run the scenario at every point of a grid of one or two parameters.

    Args:
        scenario_path: the scenario file; it names the workbook.
        vary: ``--vary`` texts (``PATH=LO:HI:STEPS`` or ``PATH=V1,V2``), or a mapping
            of parameter path → values.
        draws: draws per grid point (default: the scenario's, else
            :data:`~pbrkit.tender.sweep.DEFAULT_SWEEP_DRAWS`).
        seed: the seed every point uses (default: the scenario's, else 0).
        workers: processes to spread the grid over (default: one per core); it never
            changes the numbers.
        executor: where the grid points run (local processes or a Dask cluster);
            given, it replaces ``workers``. It never changes the numbers.
        progress: told (grid points done, grid points in all).
        publish: publish the figures with this small-number suppression policy.
        most, clusters: as :func:`~pbrkit.tender.sweep.sweep` (``pbrkit explore`` varies
            up to three parameters and keeps the residue per cluster, which ``publish``
            leaves as it is).
        command: the command named in a refusal (:func:`check_first_year_only`).

    Raises:
        InputError: a bad scenario, a bad --vary, or a value a parameter cannot take
            (every point is checked before any runs).
    """
    grid_spec = dict(vary) if isinstance(vary, Mapping) else _parse_vary_all(vary)
    check_grid(grid_spec)  # before the inputs are read or the grid is built
    check_first_year_only(scenario_path, command)
    prepared = prepare_tender(
        None,
        scenario=scenario_path,
        seed=seed,
        reference=reference,
        tariff_file=tariff_file,
        limits=limits,
    )
    point_draws = draws or _scenario_draws(prepared)
    grid = _swept(prepared, grid_spec, point_draws, progress,
                  workers=workers, executor=executor, most=most, clusters=clusters)  # fmt: skip
    return _sweep_run(prepared, grid, list(grid_spec), point_draws, publish)


def _sweep_run(
    prepared: Prepared,
    grid: pd.DataFrame,
    parameters: list[str],
    draws: int,
    publish: DisclosurePolicy | None,
) -> SweepRun:
    """The finished sweep: its grid, what every point shares, and how it was run."""
    scenario_path = prepared.scenario_path
    assert scenario_path is not None  # a sweep is of a scenario
    return SweepRun(
        grid=grid,
        parameters=parameters,
        draws=draws,
        seed=prepared.seed,
        scenario=scenario_path.name,
        base=_sweep_base(prepared, scenario_path),
        meta=_sweep_metadata(prepared, parameters, draws),
        disclosure=money_policy(publish, prepared),
    )


def _scenario_draws(prepared: Prepared) -> int:
    """A sweep's draws per point when ``--draws`` is not given: the scenario's, else
    :data:`~pbrkit.tender.sweep.DEFAULT_SWEEP_DRAWS`."""
    scenario = prepared.scenario
    return scenario.draws if scenario is not None and scenario.draws else DEFAULT_SWEEP_DRAWS


def _swept(
    prepared: Prepared,
    grid_spec: Mapping[str, Sequence[object]],
    draws: int,
    progress: Progress | None,
    *,
    workers: int | None,
    executor: Executor | None,
    most: int,
    clusters: bool,
) -> pd.DataFrame:
    """The grid of figures, one row per point (as :func:`~pbrkit.tender.sweep.sweep`),
    with the whole public sector's money at each point from the points' medians."""
    grid = sweep(prepared.population, prepared.spec, grid_spec, draws=draws,
                 seed=prepared.seed, workers=workers, executor=executor,
                 progress=_told(progress, _points(grid_spec)), most=most,
                 clusters=clusters)  # fmt: skip
    return grid.assign(**public_sector_figures({c: grid[c] for c in grid.columns}))


def _sweep_base(prepared: Prepared, scenario_path: Path) -> dict[str, Any]:
    """What every point of a sweep shares: the scenario, its people and NHS settings."""
    return {
        "scenario": scenario_path.name,
        "patients": len(prepared.population),
        "fixed_cost_share": prepared.spec.nhs.fixed_cost_share,
        "shed_rate": prepared.spec.nhs.shed_rate,
        # Varying f or s keeps r as the pools gave it (docs/uncertainty.md), where a
        # scenario's [nhs] shares set it to 0: said, so a point can be read right.
        "retained_share": prepared.spec.nhs.retained_share,
        "deflator": prepared.deflator,
    }


def _sweep_metadata(prepared: Prepared, parameters: list[str], draws: int) -> RunMetadata:
    """The sweep's provenance: inputs, reference set, seed, draws a point and what varies."""
    return run_metadata(
        "pbrkit sweep",
        prepared.paths,
        prepared.reference,
        seed=prepared.seed,
        options={
            "draws": draws,
            "vary": ", ".join(parameters),
            **({"what_if": prepared.levers.summary()} if prepared.levers.applied() else {}),
        },
    )


def _told(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(done, total)


def _points(grid: Mapping[str, Sequence[object]]) -> int:
    points = 1
    for values in grid.values():
        points *= len(values)
    return points


def _parse_vary_all(texts: Sequence[str]) -> dict[str, list[object]]:
    grid: dict[str, list[object]] = {}
    for text in texts:
        path, values = parse_vary(text)
        if path in grid:
            raise InputError(
                Problem(f"--vary {path} is given twice"),
                hint=f"give each parameter one --vary with all its values ({path}=0.2,0.5,0.8)",
            )
        grid[path] = values
    return grid
