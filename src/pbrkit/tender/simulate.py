"""Monte Carlo tender simulation: many draws of the bidders' noise, one result object.

Reproducibility: one ``--seed`` seeds one :class:`numpy.random.SeedSequence`; its child
``spawn_key=(0,)`` draws the synthetic population (:data:`POPULATION_KEY`), and draw d's
noise for the bidder called n comes from the child ``spawn_key=(1, d, key(n))``
(:func:`bidder_key`, a hash of the name, so that reordering the bidder rows changes
nothing), one standard normal per patient in the simulation's patient order (by
cluster, then population order); ``random_order`` draws its bidder order from the child
``spawn_key=(2, d)``. A draw therefore
sees the same numbers however draws are grouped into blocks (``chunk_size``), and the
bit generator and seeding are platform-independent, so the same seed, population and
spec give the same result on any machine (up to the last bit of floating-point
library functions such as ``exp``). Changing one bidder's parameters leaves every other
bidder's noise alone, which keeps parameter sweeps smooth (common random numbers).

Blocks of draws are sized so that no more than about :data:`FLOAT_BUDGET` floats are
held at once, and small enough to report progress about ten times per worker thread.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.errors import InputError, Problem
from pbrkit.tender.award import ChunkState, HolderArray, Tender, allocate, award_stage_one
from pbrkit.tender.metrics import (
    BIDDER_FIGURES,
    FIGURES,
    HolderSums,
    LotSums,
    NhsTerms,
    bidder_figures,
    overall_figures,
    population_totals,
    residue_figures,
)
from pbrkit.tender.model import Bidder, TenderSpec
from pbrkit.tender.population import check_population
from pbrkit.tender.selection import FloatArray, IntArray, LotPatients, fit_log_costs

#: Most floats held at once (≈ 400 MB); sets the default number of draws per block.
FLOAT_BUDGET: Final = 50_000_000

#: Blocks per worker thread when the memory budget allows more draws per block.
PROGRESS_STEPS: Final = 10

#: Child seed of the population; the noise uses ``(NOISE_KEY, draw, bidder)``.
POPULATION_KEY: Final = 0
NOISE_KEY: Final = 1
ORDER_KEY: Final = 2

#: Percentiles reported in ``residue_ranges``.
RANGE_PERCENTILES: Final = {"p5": 5.0, "p50": 50.0, "p95": 95.0}

Progress = Callable[[int], None]


@dataclass(frozen=True)
class TenderResult:
    """Everything a tender simulation found; the reports render this and nothing else.

    Money is in £ and unrounded. Where several draws were run, each figure in
    ``residue``, ``by_bidder``, ``by_cluster``, ``by_bidder_cluster`` and ``by_lot`` is the
    median over draws, taken figure by figure (so medians need not add up exactly;
    a single draw's figures do). A figure that is undefined in a draw (the casemix
    index when bidders take everyone) is NaN and left out of that figure's median.

    Attributes:
        residue: figure → median over draws (docs/methodology.md §6 names).
        residue_ranges: figure → ``{"p5", "p50", "p95"}`` when more than one draw was
            run, else empty.
        draws: one row per draw (column ``draw``), a column per figure.
        by_bidder: one row per bidder (column ``bidder``), sheet order:
            :data:`~pbrkit.tender.metrics.BIDDER_FIGURES`.
        by_cluster: one row per cluster present (``cluster``, ``patients``, ``cost``,
            ``income``, then every figure, computed within the cluster).
        by_bidder_cluster: one row per bidder × cluster: what it took from each.
        by_lot: one row per lot × bidder that considered it: ``won_share`` (share of
            draws in which it took anyone), ``taken_patients``, ``price_factor`` (its
            offer in a competitive lot, median over draws it bid; NaN at tariff).
        patients: the population with ``taken_by`` (bidder name, NA for the residue),
            ``lot`` and ``payment`` (R_i, £0 for the residue) in draw 0.
        spec: the tender simulated.
        seed: the seed used.
        n_draws: number of draws.
    """

    residue: dict[str, float]
    residue_ranges: dict[str, dict[str, float]]
    draws: pd.DataFrame
    by_bidder: pd.DataFrame
    by_cluster: pd.DataFrame
    by_bidder_cluster: pd.DataFrame
    by_lot: pd.DataFrame
    patients: pd.DataFrame
    spec: TenderSpec
    seed: int
    n_draws: int = field(default=1)


def _block(people: int, bidders: int, draws: int, threads: int) -> int:
    """Draws per block: as many as keep each thread within its share of
    :data:`FLOAT_BUDGET`, and few enough for :data:`PROGRESS_STEPS` reports."""
    # Per draw and patient: noise, prediction and profit for each bidder, a few
    # scratch arrays; so a block's memory stays within FLOAT_BUDGET whatever the
    # numbers of bidders and people.
    per_draw = max(people, 1) * (3 * bidders + 8)
    return max(1, min(FLOAT_BUDGET // threads // per_draw, -(-draws // (threads * PROGRESS_STEPS))))


def simulate_tender(
    population: pd.DataFrame,
    spec: TenderSpec,
    *,
    draws: int = 1,
    seed: int = 0,
    chunk_size: int | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    first_draw: int = 0,
) -> TenderResult:
    """Simulate bidders cherry-picking a tendered population and measure the residue.

    Args:
        population: one row per patient with ``cluster``, ``cost`` and ``income``
            (see :mod:`pbrkit.tender.population`); not changed.
        spec: bidders, lots and the NHS cost structure.
        draws: number of Monte Carlo draws of the bidders' noise.
        seed: a non-negative integer; the same seed gives the same result.
        chunk_size: draws per block (default: as many as fit :data:`FLOAT_BUDGET`);
            it changes speed and memory, never the result.
        workers: threads simulating blocks side by side (default: one per core). NumPy
            releases the GIL in the heavy work, so two threads use two cores; like
            ``chunk_size`` it never changes the result.
        progress: called with the number of draws done after each block.
        first_draw: the index of the first draw's noise (``--redraw-population`` runs
            draw d on its own population with ``first_draw = d``).

    Returns:
        The :class:`TenderResult`.

    Raises:
        InputError: the population lacks a needed column or has a bad cost or income,
            or ``draws``, ``seed``, ``chunk_size`` or ``workers`` is out of range.
    """
    _check_options(draws, seed, chunk_size, workers)
    check_population(population)
    run = _Run.prepare(population, canonical(spec), seed)
    threads = min(workers or os.cpu_count() or 1, draws)
    block = chunk_size or _block(run.size, len(spec.bidders), draws, threads)
    starts = range(0, draws, block)

    def one_block(start: int) -> tuple[LotSums, FloatArray, HolderArray]:
        state = run.simulate_block(first_draw + start, min(block, draws - start))
        sums = LotSums.of_chunk(state, run.cost, run.income, run.cluster_index, run.clusters.size)
        return sums, state.price_factor, state.holder[0].copy()

    parts: list[tuple[LotSums, FloatArray, HolderArray]] = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for part in pool.map(one_block, starts):
            parts.append(part)
            if progress is not None:
                progress(min(draws, starts[len(parts) - 1] + block))
    sums = LotSums.concat([p[0] for p in parts])
    factors = np.concatenate([p[1] for p in parts])
    return _in_sheet_order(_result(run, population, sums, factors, parts[0][2], draws), spec)


def combine_draws(results: list[TenderResult]) -> TenderResult:
    """One result from single-draw results on different populations (same clusters).

    Each figure is the median over the draws, as in :func:`simulate_tender`; the
    patient table is the first draw's.
    """
    first = results[0]
    draws = pd.concat([r.draws for r in results], ignore_index=True)
    draws["draw"] = np.arange(len(results))
    residue = {name: _median(draws[name].to_numpy(dtype=np.float64)) for name in FIGURES}
    ranges = (
        {
            name: {
                label: _percentile(draws[name].to_numpy(dtype=np.float64), q)
                for label, q in RANGE_PERCENTILES.items()
            }
            for name in FIGURES
        }
        if len(results) > 1
        else {}
    )

    def medians(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
        joined = pd.concat(frames, ignore_index=True)
        numbers = [c for c in joined.columns if c not in keys]
        out = joined.groupby(keys, sort=False, dropna=False)[numbers].median()
        if "won_share" in numbers:
            out["won_share"] = joined.groupby(keys, sort=False, dropna=False)["won_share"].mean()
        return out.reset_index()[list(frames[0].columns)]

    return replace(
        first,
        residue=residue,
        residue_ranges=ranges,
        draws=draws,
        by_bidder=medians([r.by_bidder for r in results], ["bidder"]),
        by_cluster=medians([r.by_cluster for r in results], ["cluster"]),
        by_bidder_cluster=medians([r.by_bidder_cluster for r in results], ["bidder", "cluster"]),
        by_lot=medians([r.by_lot for r in results], ["lot", "bidder", "award"]),
        n_draws=len(results),
    )


def canonical(spec: TenderSpec) -> TenderSpec:
    """Bidders and lots sorted by name, so that no sum depends on the row order.

    Floating-point sums over bidders and lots are then always taken in the same order,
    which makes the result byte-identical under any permutation of the rows. Under
    ``sheet_order`` the sheet order is the rule, so it is kept.
    """
    if spec.allocation == "sheet_order":
        return spec
    return spec.model_copy(
        update={
            "bidders": tuple(sorted(spec.bidders, key=lambda b: b.name)),
            "lots": tuple(sorted(spec.lots, key=lambda lot: lot.name)),
        }
    )


def _in_sheet_order(result: TenderResult, spec: TenderSpec) -> TenderResult:
    """The result's tables in the bidders' and lots' sheet order, and the sheet's spec."""
    bidders = {b.name: i for i, b in enumerate(spec.bidders)}
    lots = {lot.name: i for i, lot in enumerate(spec.lots)}

    def ordered(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        rank = {"bidder": bidders, "lot": lots}
        sort = frame.assign(
            **{f"_{k}": frame[k].map(rank[k]) if k in rank else frame[k] for k in keys}
        )
        sort = sort.sort_values([f"_{k}" for k in keys], kind="stable")
        return sort.drop(columns=[f"_{k}" for k in keys]).reset_index(drop=True)

    return replace(
        result,
        by_bidder=ordered(result.by_bidder, ["bidder"]),
        by_bidder_cluster=ordered(result.by_bidder_cluster, ["bidder", "cluster"]),
        by_lot=ordered(result.by_lot, ["lot", "bidder"]),
        spec=spec,
    )


def _check_options(draws: int, seed: int, chunk_size: int | None, workers: int | None) -> None:
    problems = []
    if workers is not None and not (_whole(workers) and workers >= 1):
        problems.append(Problem("workers must be a whole number of 1 or more", value=workers))
    if not (_whole(draws) and draws >= 1):
        problems.append(Problem("draws must be a whole number of 1 or more", value=draws))
    if not (_whole(seed) and seed >= 0):
        problems.append(Problem("seed must be a whole number of 0 or more", value=seed))
    if chunk_size is not None and not (_whole(chunk_size) and chunk_size >= 1):
        problems.append(Problem("chunk_size must be a whole number of 1 or more", value=chunk_size))
    if problems:
        raise InputError(problems)


def _whole(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


@dataclass(frozen=True)
class _Run:
    """The population as arrays, and each lot's patients, ready to simulate.

    Patients are held in the order of the first lot that includes their cluster, then
    cluster, then population order (``order`` maps back), so that each lot's patients
    are one contiguous block that per-draw arrays can be read and written through as
    views. Noise is drawn in this order.
    """

    spec: TenderSpec
    seed: int
    order: IntArray
    cost: FloatArray
    income: FloatArray
    clusters: IntArray
    cluster_index: IntArray
    lots: tuple[LotPatients, ...]
    patient_rank: IntArray
    name_rank: IntArray

    @classmethod
    def prepare(cls, population: pd.DataFrame, spec: TenderSpec, seed: int) -> _Run:
        codes = population["cluster"].to_numpy(dtype=np.int64)
        # By cluster, then patient id: noise is drawn in this order, so it must not hang
        # on the order of the patient rows any more than on the bidder and lot rows
        # (docs/methodology.md §6.4). A patient id is dense-ranked once (one string sort).
        by_id = _id_ranks(population, codes.size)
        order = np.lexsort((np.arange(codes.size), by_id, codes))
        codes = codes[order]
        cost = population["cost"].to_numpy(dtype=np.float64)[order]
        income = population["income"].to_numpy(dtype=np.float64)[order]
        clusters, cluster_index = np.unique(codes, return_inverse=True)
        fit = fit_log_costs(cost, codes)
        lots = tuple(
            LotPatients.select(
                np.flatnonzero(np.isin(codes, sorted(lot.clusters))), cost, income, fit
            )
            for lot in spec.lots
        )
        return cls(
            spec=spec,
            seed=seed,
            order=order.astype(np.int64),
            cost=cost,
            income=income,
            clusters=clusters.astype(np.int64),
            cluster_index=cluster_index.astype(np.int64).ravel(),
            lots=lots,
            # ties (one patient in two clusters) go to the lower cluster
            patient_rank=_ranks_of(np.lexsort((codes, by_id[order]))),
            name_rank=_ranks(np.array([b.name for b in spec.bidders], dtype=object)),
        )

    @property
    def size(self) -> int:
        return int(self.cost.size)

    def simulate_block(self, start: int, draws: int) -> ChunkState:
        """Tender every lot for draws ``start`` … ``start + draws − 1`` (methodology §6.4)."""
        bidders = self.spec.bidders
        state = ChunkState.start(draws, self.size, bidders, len(self.spec.lots))
        cache: dict[int, FloatArray | None] = {}

        def noise(b: int) -> FloatArray | None:
            if b not in cache:
                cache[b] = self._noise(bidders[b], start, draws)
            return cache[b]

        def order(d: int) -> IntArray:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(ORDER_KEY, start + d))
            generator = np.random.Generator(np.random.PCG64(sequence))
            # A random permutation of the bidders taken in name order, so the row order
            # of the sheet cannot matter.
            ranks: IntArray = np.empty(len(bidders), dtype=np.int64)
            ranks[np.argsort(self.name_rank)] = generator.permutation(len(bidders))
            return ranks

        tender = Tender(
            bidders=bidders,
            lots=self.spec.lots,
            lot_patients=self.lots,
            noise=noise,
            retained=self.spec.nhs.retained_share,
            name_rank=self.name_rank,
            patient_rank=self.patient_rank,
        )
        award_stage_one(state, tender)
        allocate(state, tender, self.spec.allocation, order)
        return state

    def _noise(self, bidder: Bidder, start: int, draws: int) -> FloatArray | None:
        """ε for one bidder over a block of draws; ``None`` when it would go unused.

        A perfectly informed bidder needs no noise; an uninformed one needs it only to
        break ties when its capacity binds.
        """
        rho = bidder.info_quality
        if rho == 1 or (rho == 0 and bidder.capacity is None):
            return None
        eps = np.empty((draws, self.size))
        key = bidder_key(bidder.name)
        for row, draw in enumerate(range(start, start + draws)):
            sequence = np.random.SeedSequence(self.seed, spawn_key=(NOISE_KEY, draw, key))
            np.random.Generator(np.random.PCG64(sequence)).standard_normal(out=eps[row])
        return eps


def bidder_key(name: str) -> int:
    """A stable integer for a bidder's name (the first 8 bytes of its SHA-256)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")


def _id_ranks(population: pd.DataFrame, size: int) -> IntArray:
    """Each row's dense rank by patient id (equal ids, equal ranks); row numbers when
    the population has no ``patient_id``."""
    if "patient_id" not in population:
        return np.arange(size, dtype=np.int64)
    ids = population["patient_id"].astype(str).to_numpy()
    dense: IntArray = np.unique(ids, return_inverse=True)[1].ravel().astype(np.int64)
    return dense


def _ranks_of(order: IntArray) -> IntArray:
    """Each position's rank, given the positions in sorted order."""
    ranks: IntArray = np.empty(order.size, dtype=np.int64)
    ranks[order] = np.arange(order.size)
    return ranks


def _ranks(values: npt.NDArray[Any]) -> IntArray:
    """Each value's position in sorted order (stable)."""
    ranks: IntArray = np.empty(values.size, dtype=np.int64)
    ranks[np.argsort(values, kind="stable")] = np.arange(values.size)
    return ranks


def _result(
    run: _Run,
    population: pd.DataFrame,
    lot_sums: LotSums,
    factors: FloatArray,
    first: HolderArray,
    draws: int,
) -> TenderResult:
    spec = run.spec
    sums = HolderSums.from_lots(
        lot_sums,
        factors,
        cost_sharing=_cost_sharing(spec),
        cost_factor=_bidder_cost(spec),
        recharge=_recharge(spec),
    )
    shares = nhs_terms(spec)
    everyone = population_totals(run.cost, run.income, run.cluster_index, run.clusters.size)
    overall = overall_figures(sums, everyone, shares)
    per_draw = pd.DataFrame({"draw": np.arange(draws), **overall})
    residue = {name: _median(overall[name]) for name in FIGURES}
    ranges = (
        {
            name: {label: _percentile(overall[name], q) for label, q in RANGE_PERCENTILES.items()}
            for name in FIGURES
        }
        if draws > 1
        else {}
    )
    taken_in_lots = lot_sums.taken(len(spec.lots), len(spec.bidders))[0].sum(axis=-1)
    return TenderResult(
        residue=residue,
        residue_ranges=ranges,
        draws=per_draw,
        by_bidder=_by_bidder(run, sums, shares),
        by_cluster=_by_cluster(run, sums, everyone, shares),
        by_bidder_cluster=_by_bidder_cluster(run, sums),
        by_lot=_by_lot(run, taken_in_lots, factors),
        patients=_patients(run, population, first, factors[0]),
        spec=spec,
        seed=run.seed,
        n_draws=draws,
    )


def nhs_terms(spec: TenderSpec) -> NhsTerms:
    """v, r, f and s of the spec's NHS side (docs/methodology.md §6.2)."""
    nhs = spec.nhs
    return NhsTerms(
        income_at_risk=nhs.income_at_risk,
        retained_share=nhs.retained_share,
        fixed_cost_share=nhs.fixed_cost_share,
        shed_rate=nhs.shed_rate,
    )


def _cost_sharing(spec: TenderSpec) -> FloatArray:
    """λ per lot; a competitive lot pays m·P and shares no cost (docs/methodology.md §6.4)."""
    return np.array(
        [lot.cost_sharing if lot.award == "fixed_tariff" else 0.0 for lot in spec.lots],
        dtype=np.float64,
    )


def _bidder_cost(spec: TenderSpec) -> FloatArray:
    """θ(1 − r) per bidder."""
    r = spec.nhs.retained_share
    return np.array([b.cost_factor * (1 - r) for b in spec.bidders], dtype=np.float64)


def _recharge(spec: TenderSpec) -> FloatArray:
    """r for a bidder that recharges the NHS, else 0."""
    r = spec.nhs.retained_share
    return np.array([r if b.recharge else 0.0 for b in spec.bidders], dtype=np.float64)


def _median(values: FloatArray) -> float:
    return _percentile(values, 50.0)


def _percentile(values: FloatArray, q: float) -> float:
    finite = values[~np.isnan(values)]
    return float(np.percentile(finite, q)) if finite.size else float("nan")


def _medians(values: FloatArray) -> FloatArray:
    """Median over draws (axis 0) of each column, ignoring NaN draws."""
    out = np.full(values.shape[1:], np.nan)
    for position in np.ndindex(values.shape[1:]):
        out[position] = _median(values[(slice(None), *position)])
    return out


def _by_bidder(run: _Run, sums: HolderSums, shares: NhsTerms) -> pd.DataFrame:
    figures = bidder_figures(sums, shares)
    frame = pd.DataFrame({"bidder": [b.name for b in run.spec.bidders]})
    for name in BIDDER_FIGURES:
        frame[name] = _medians(figures[name])
    return frame


def _by_cluster(
    run: _Run, sums: HolderSums, everyone: dict[str, FloatArray], shares: NhsTerms
) -> pd.DataFrame:
    figures = residue_figures(sums, everyone, shares)
    frame = pd.DataFrame(
        {
            "cluster": run.clusters,
            "patients": everyone["n"].astype(np.int64),
            "cost": everyone["c"],
            "income": everyone["p"],
        }
    )
    for name in FIGURES:
        frame[name] = _medians(figures[name])
    return frame


def _by_bidder_cluster(run: _Run, sums: HolderSums) -> pd.DataFrame:
    bidders = [b.name for b in run.spec.bidders]
    taken = slice(0, len(bidders))
    values = {
        "taken_patients": sums.patients[:, taken],
        "taken_cost": sums.cost[:, taken],
        "payments_to_bidders": sums.payment[:, taken],
        "bidder_profit": sums.payment[:, taken]
        - sums.bidder_cost[:, taken]
        - sums.recharge[:, taken],
    }
    frame = pd.DataFrame(
        {
            "bidder": np.repeat(bidders, run.clusters.size),
            "cluster": np.tile(run.clusters, len(bidders)),
        }
    )
    for name, array in values.items():
        frame[name] = _medians(array).ravel()
    return frame


def _by_lot(run: _Run, lot_taken: FloatArray, factors: FloatArray) -> pd.DataFrame:
    rows = []
    for li, lot in enumerate(run.spec.lots):
        for bi, bidder in enumerate(run.spec.bidders):
            if not bidder.considers(lot):
                continue
            taken = lot_taken[:, li, bi]
            rows.append(
                {
                    "lot": lot.name,
                    "bidder": bidder.name,
                    "award": lot.award,
                    "won_share": float(np.mean(taken > 0)),
                    "taken_patients": _median(taken),
                    "price_factor": _median(factors[:, li, bi]),
                }
            )
    columns = ["lot", "bidder", "award", "won_share", "taken_patients", "price_factor"]
    return pd.DataFrame(rows, columns=columns)


def _patients(
    run: _Run, population: pd.DataFrame, first: HolderArray, factors: FloatArray
) -> pd.DataFrame:
    """Draw 0, patient by patient, in the population's own order."""
    spec = run.spec
    holder = np.empty(run.order.size, dtype=np.int64)
    holder[run.order] = first
    bidders = max(len(spec.bidders), 1)
    taken = holder < len(spec.lots) * len(spec.bidders)
    # Residue rows point at a dummy bidder and lot (the last entries) that pay £0.
    owner = np.where(taken, holder % bidders, len(spec.bidders))
    lot = np.where(taken, holder // bidders, len(spec.lots))
    names = np.array([b.name for b in spec.bidders] + [pd.NA], dtype=object)
    lot_names = np.array([lot.name for lot in spec.lots] + [pd.NA], dtype=object)
    theta = np.append(_bidder_cost(spec), 0.0)
    lam = np.append(_cost_sharing(spec), 0.0)
    factor = np.ones((len(spec.lots) + 1, len(spec.bidders) + 1))
    factor[:-1, :-1] = np.where(np.isnan(factors), 1.0, factors)
    factor[-1, :] = 0.0
    cost = population["cost"].to_numpy(dtype=np.float64)
    income = population["income"].to_numpy(dtype=np.float64)
    frame = population.reset_index(drop=True)
    frame["taken_by"] = pd.array(names[owner], dtype="string")
    frame["lot"] = pd.array(lot_names[lot], dtype="string")
    frame["payment"] = (1 - lam[lot]) * factor[lot, owner] * income + lam[lot] * theta[owner] * cost
    return frame
