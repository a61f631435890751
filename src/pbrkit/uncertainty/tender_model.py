"""The one place the uncertainty machinery meets the tender model.

:class:`TenderModel` applies a parameter sample to copies of the tender inputs (the
population frame and the :class:`~pbrkit.tender.model.TenderSpec`; nothing is changed
in place) and runs one tender simulation with a given seed, returning the headline
figures. Everything else in :mod:`pbrkit.uncertainty` sees only ``model(values, seed)
→ {figure: £}``, so a new tender model needs only this file re-pointed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

import pandas as pd

from pbrkit.io.tender_inputs import TenderInputs
from pbrkit.tender import FIGURES, NhsCostStructure, TenderSpec, check_population, set_parameter
from pbrkit.tender.caseload_population import CaseloadPopulation, population_seed
from pbrkit.tender.metrics import HolderSums, LotSums, overall_figures, population_totals
from pbrkit.tender.model import competitive_cost_share
from pbrkit.tender.population import deflate_income
from pbrkit.tender.simulate import (
    _bidder_cost,
    _cost_sharing,
    _recharge,
    _Run,
    canonical,
    nhs_terms,
)
from pbrkit.uncertainty.params import ParameterPath, UncertainParameter, parse_path


class PreparedTender(Protocol):
    """What :func:`tender_model` reads of a prepared tender.

    :class:`pbrkit.workflows.tender.Prepared` has these and more; a protocol, not that
    class, so this library layer never imports the workflows above it.
    """

    @property
    def population(self) -> pd.DataFrame: ...
    @property
    def spec(self) -> TenderSpec: ...
    @property
    def inputs(self) -> TenderInputs: ...
    @property
    def seed(self) -> int: ...
    @property
    def deflator(self) -> float: ...


#: The figures every run returns: the tender's residue figures, public spending included.
HEADLINE: Final = FIGURES

#: Paths this model cannot vary, and why. The figures are year 1 of the tender (what
#: ``pbrkit tender`` reports without ``--years``), and inflation moves costs only from
#: year 2 on, so it could not change any of them.
UNSUPPORTED: Final = {
    ("years", "inflation"): (
        "inflation changes costs from year 2 on, and the uncertainty analysis gives "
        "year-1 figures, so it would change nothing; leave it out"
    ),
}


@dataclass(frozen=True)
class Caseload:
    """What re-synthesising the population needs when ``caseload.cost_cv`` varies: the
    tender's own synthesis (:class:`~pbrkit.tender.caseload_population.CaseloadPopulation`)
    and seed (the population's child of ``--seed``), so a sample at the caseload's own
    spread is the tender's population."""

    people: CaseloadPopulation
    seed: int
    deflator: float


@dataclass(frozen=True)
class TenderModel:
    """A tender, ready to run at any parameter sample.

    Attributes:
        population: the patients (``cluster``, ``cost``, ``income``), deflated.
        spec: bidders, lots and the NHS cost structure.
        caseload: set when the population was synthesised from a caseload.
        deflator: the tariff deflator already applied to ``population`` (a
            scenario's); ``years.deflator`` replaces it rather than adding to it.
    """

    population: pd.DataFrame
    spec: TenderSpec
    caseload: Caseload | None = None
    deflator: float = 0.0

    def __post_init__(self) -> None:
        # Checked once here: the fast path below does not check it on every run.
        check_population(self.population)

    def __call__(self, values: Mapping[str, float], seed: int) -> dict[str, float]:
        """The headline figures for one draw of selection noise at these values."""
        population, spec = self.population, self.spec
        # The caseload's cost spread re-draws the population, so it goes before the
        # scales and the deflator that act on it.
        for path, value in sorted(values.items(), key=lambda item: item[0] != "caseload.cost_cv"):
            population, spec = self._apply(population, spec, path, value)
        return headline_figures(population, spec, seed)

    def refuses_together(self, params: Sequence[UncertainParameter]) -> list[str]:
        """Cost pools varied beside f or s: setting f or s directly replaces the pools
        they were derived from, so one of the two would be ignored."""
        direct = {"fixed_cost_share", "shed_rate"}
        pools = any(p.path.group == "pools" for p in params)
        if pools and any(p.path.group == "nhs" and p.path.column in direct for p in params):
            return ["vary the cost pools or nhs.fixed_cost_share/shed_rate, not both"]
        return []

    def refuses(self, param: UncertainParameter) -> list[str]:
        """Why this tender cannot vary ``param`` (a name it does not have…), each
        reason one problem, or []."""
        return self._refusals(param.path)

    def refuses_path(self, path: ParameterPath) -> list[str]:
        """Why this tender cannot vary the parameter at ``path`` (``pbrkit threshold
        --param``), or []: the same reasons as an uncertainty row's."""
        return self._refusals(path)

    def _refusals(self, path: ParameterPath) -> list[str]:
        missing = self._missing(path)
        return [missing] if missing is not None else self._competitive_cost_shares(path)

    def _competitive_cost_shares(self, path: ParameterPath) -> list[str]:
        """A cost share λ varied on a competitive lot, by name or by ``*``: the
        simulation ignores it there (methodology §6.3), so every run would give the same
        figures. One reason per such lot, as ``pbrkit sweep`` gives (docs/scenarios.md)."""
        if (path.group, path.column) != ("lots", "cost_sharing"):
            return []
        lots = self.spec.lots
        setter = f"'{path}' varies cost_sharing"
        return [
            "; ".join(competitive_cost_share(setter, lot.name, lots, "vary another parameter"))
            for lot in lots
            if lot.award == "competitive" and path.item in ("*", lot.name)
        ]

    def _missing(self, path: ParameterPath) -> str | None:
        if (path.group, path.column) in UNSUPPORTED:
            return f"'{path}': {UNSUPPORTED[path.group, path.column]}"
        if (path.group, path.column) == ("nhs", "variable_share") and (
            self.spec.nhs.payment != "blended"
        ):
            # v = 1 under activity payment and 0 under a block: the share is unused.
            return (
                f"'{path}' matters only under a blended payment, and this tender's NHS "
                f"payment is '{self.spec.nhs.payment}'; set payment = blended in the nhs "
                "sheet or leave this row out"
            )
        if path.group == "caseload" and self.caseload is None:
            return f"'{path}' needs a caseload sheet (the patients sheet gives each cost)"
        if path.item is None or (path.item == "*" and path.group != "pools"):
            return None
        items = {
            "bidders": [b.name for b in self.spec.bidders],
            "lots": [lot.name for lot in self.spec.lots],
            "pools": [pool.pool for pool in self.spec.nhs.pools],
        }[path.group]
        if path.item in items:
            return None
        known = ", ".join(items) or "none"
        return f"'{path}': no {path.group[:-1]} called '{path.item}' (there are: {known})"

    def _apply(
        self, population: pd.DataFrame, spec: TenderSpec, path: str, value: float
    ) -> tuple[pd.DataFrame, TenderSpec]:
        group, _, rest = path.partition(".")
        column = path.rsplit(".", 1)[-1]
        if group == "nhs" and column == "variable_share":
            # v alone: r, f and s, and the pools they came from, stay as they are
            # (set_parameter would drop the pools, which pools.* rows still need).
            nhs = NhsCostStructure.model_validate({**dict(spec.nhs), column: value})
            return population, spec.model_copy(update={"nhs": nhs})
        if group in ("nhs", "bidders", "lots"):
            return population, set_parameter(spec, path, _typed(parse_path(path), value))
        if group == "pools":
            return population, spec.model_copy(update={"nhs": _pools(spec, rest, value)})
        if group == "tariff":
            return population.assign(income=population["income"] * value), spec
        if group == "costs":
            return population.assign(cost=population["cost"] * value), spec
        if group == "years":  # deflator d replaces d₀: every price × (1 − d)/(1 − d₀)
            return population.assign(
                income=population["income"] * ((1 - value) / (1 - self.deflator))
            ), spec
        assert self.caseload is not None  # checked: caseload.cost_cv needs a caseload
        return _resynthesised(self.caseload, value), spec


def headline_figures(population: pd.DataFrame, spec: TenderSpec, seed: int) -> dict[str, float]:
    """One draw's residue figures: what ``simulate_tender(..., draws=1).residue`` gives.

    It runs the simulation's own steps (the same canonical spec, payments, recharges
    and NHS terms v, r, f, s) but skips the per-cluster and per-bidder tables (medians
    over one draw), which take most of a one-draw run's time; a test checks the
    figures equal ``simulate_tender``'s exactly.
    """
    spec = canonical(spec)
    run = _Run.prepare(population, spec, seed)
    state = run.simulate_block(0, 1)
    lots = LotSums.of_chunk(state, run.cost, run.income, run.cluster_index, run.clusters.size)
    sums = HolderSums.from_lots(
        lots,
        state.price_factor,
        cost_sharing=_cost_sharing(spec),
        cost_factor=_bidder_cost(spec),
        recharge=_recharge(spec),
    )
    everyone = population_totals(run.cost, run.income, run.cluster_index, run.clusters.size)
    overall = overall_figures(sums, everyone, nhs_terms(spec))
    return {name: float(overall[name][0]) for name in FIGURES}


def _typed(path: ParameterPath, value: float) -> float | int:
    # Capacity counts people: a sampled 41.6 is 42 (ParameterPath.as_run).
    return int(path.as_run(value)) if path.whole else value


def _pools(spec: TenderSpec, rest: str, value: float) -> NhsCostStructure:
    """r, f and s re-derived from the pools with one pool's amount or shed rate changed.

    The payment (and so v) is the spec's: a pool's size says nothing about it.
    """
    name, column = rest.rsplit(".", 1)
    pools = [
        pool.model_copy(update={column: value}) if pool.pool == name else pool
        for pool in spec.nhs.pools
    ]
    nhs = spec.nhs
    return NhsCostStructure.from_pools(
        pools, payment=nhs.payment, variable_share=nhs.variable_share
    )


def _resynthesised(caseload: Caseload, cost_cv: float) -> pd.DataFrame:
    population = caseload.people.synthesise(population_seed(caseload.seed), cost_cv)
    return deflate_income(population, caseload.deflator) if caseload.deflator else population


def tender_model(prepared: PreparedTender) -> TenderModel:
    """The model for a prepared tender (see :func:`pbrkit.workflows.tender.prepare_tender`)."""
    caseload = None
    inputs = prepared.inputs
    if inputs.patients is None and inputs.cost_inputs is not None:
        people = CaseloadPopulation.of(inputs.cost_inputs)
        caseload = Caseload(people, seed=prepared.seed, deflator=prepared.deflator)
    return TenderModel(prepared.population, prepared.spec, caseload, prepared.deflator)
