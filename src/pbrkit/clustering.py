"""``pbrkit cluster`` as one computation: ratings → suggestions → audit → homogeneity.

This module joins the allocation kernel (:mod:`pbrkit.allocation`), the clinician
audit (:mod:`pbrkit.audit`) and the cost homogeneity measures
(:mod:`pbrkit.homogeneity`) into one :class:`ClusterResult`, the object that the
Excel, HTML and JSON reports all render, so they can never disagree. Nothing here
reads a file or formats a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import exact_sum, group_kernel
from pbrkit.allocation import (
    DEFAULT_WEIGHTS,
    Allocation,
    BandWeights,
    Outcome,
    allocation_frame,
)
from pbrkit.audit import AuditResult, audit_clusters, superclass_of
from pbrkit.audit_bounds import DISAGREEMENT_BOUNDS
from pbrkit.homogeneity import (
    HomogeneityResult,
    cost_homogeneity,
    detect_traits,
    reduction_in_variance,
)
from pbrkit.io.ratings import RatingsInput
from pbrkit.model import QualityNote

#: Every off-diagonal cell is kept for the workbook; reports show the largest few.
TOP_DISAGREEMENTS: Final = 10

#: Outcome codes → the names summary.json uses for them.
OUTCOME_NAMES: Final = {
    Outcome.SUGGESTED: "suggested",
    Outcome.BELOW_MIN_SCORE: "variance_below_min_score",
    Outcome.RULED_OUT: "variance_ruled_out",
    Outcome.NOT_ASSESSED: "not_assessed",
}


@dataclass(frozen=True)
class ClusterOptions:
    """How to allocate and measure (docs/methodology.md §5; docs/methodology.md for the CV norm)."""

    weights: BandWeights = DEFAULT_WEIGHTS
    min_score: float = 0.0
    max_unknown: int = 2
    cv_threshold: float = 1.0


DEFAULT_CLUSTER_OPTIONS: Final = ClusterOptions()


@dataclass(frozen=True, eq=False)
class ClusterResult:
    """Everything ``pbrkit cluster`` reports; plain numbers and frames, nothing formatted.

    Attributes:
        allocations: one row per patient, docs/methodology.md §5 columns plus the trait columns.
            The only place patient IDs live: reports other than the allocations
            file must never render it.
        outcomes: patients per outcome (see :data:`OUTCOME_NAMES`).
        counts: indexed by ``cluster``: ``name``, ``superclass``, ``suggested``
            (patients the ratings put there) and, with clinician clusters,
            ``clinician`` (patients the clinicians put there).
        audit: the clinician audit; None when the input has no ``cluster`` column.
        disagreements: every off-diagonal cell of the confusion matrix, largest
            first: ``clinician_cluster``, ``suggested_cluster``, ``patients``,
            ``share``, ``share_of_clinician_cluster`` and, with a tariff, ``money``
            (£ paid for the clinician's cluster above the suggested one); None
            without clinician clusters.
        homogeneity: cost homogeneity of the clusters paid for; None without costs.
        homogeneity_basis: ``"clinician"`` (the clusters paid for) or
            ``"suggested"`` (when the input has no clinician clusters).
        riv_suggested: RIV of cost grouped by the *suggested* clusters, to set
            beside the clinicians'; None without costs.
        cluster_names: cluster code → name, from the reference set.
        tariff: the tariff the money was priced with (indexed by cluster).
        options: the options used.
        sources: where the grid and the tariff came from, in words.
        profiles_illustrative: True when the grid is the shipped illustrative one.
    """

    allocations: pd.DataFrame
    outcomes: dict[str, int]
    counts: pd.DataFrame
    audit: AuditResult | None
    disagreements: pd.DataFrame | None
    homogeneity: HomogeneityResult | None
    homogeneity_basis: str | None
    riv_suggested: float | None
    cluster_names: dict[int, str]
    tariff: pd.DataFrame
    options: ClusterOptions
    sources: dict[str, str] = field(default_factory=dict)
    profiles_illustrative: bool = True
    #: What reading the ratings noticed that is not an error (hidden rows, columns).
    notes: tuple[QualityNote, ...] = ()

    @property
    def patients(self) -> int:
        """Patients in the input."""
        return len(self.allocations)

    @property
    def assessed(self) -> int:
        """Patients with a suggestion other than 99 (not assessed)."""
        return self.patients - self.outcomes["not_assessed"]

    @property
    def money_above(self) -> float | None:
        """£ paid for clinicians' clusters above the suggested ones (patients paid more)."""
        return self._money_side(positive=True)

    @property
    def money_below(self) -> float | None:
        """£ paid for clinicians' clusters below the suggested ones (a negative number)."""
        return self._money_side(positive=False)

    @property
    def income_totals(self) -> dict[str, float]:
        """Tariff income of the audited patients under each coding, £ (empty without money)."""
        if self.audit is None or self.audit.money is None:
            return {}
        money = self.audit.money
        return {
            "income_clinician": float(money["income_clinician"].sum()),
            "income_suggested": float(money["income_suggested"].sum()),
        }

    @property
    def count_totals(self) -> dict[str, float]:
        """Totals of the ``counts`` table's columns (patients suggested, clinicians')."""
        return {
            name: float(self.counts[name].sum())
            for name in ("suggested", "clinician")
            if name in self.counts.columns
        }

    def _money_side(self, *, positive: bool) -> float | None:
        sides = self._money_sides
        return None if sides is None else sides[0 if positive else 1]

    @cached_property
    def _money_sides(self) -> tuple[float, float] | None:
        """£ above and below, summed once: the headline asks for each twice (every
        sum a pass over the audited patients, 0.1 s at 10 million; round 15)."""
        if self.audit is None or self.audit.audited_money is None:
            return None
        # Exact sums of the audited patients' differences above and below zero, in one
        # pass (NaN, for the unaudited, and 0 are in neither): the same in any row order.
        difference = self.audit.audited_money.difference
        side = np.full(len(difference), 2, dtype=np.int8)
        side[difference > 0] = 0
        side[difference < 0] = 1
        sums, _, _ = exact_sum.group_sums(side, difference, 3)
        return float(sums[0]), float(sums[1])

    def top_disagreements(self, n: int = TOP_DISAGREEMENTS) -> pd.DataFrame:
        """The ``n`` largest off-diagonal cells (empty without clinician clusters)."""
        if self.disagreements is None:
            return pd.DataFrame()
        return self.disagreements.head(n)


def cluster_ratings(
    ratings: RatingsInput,
    allocation: Allocation,
    *,
    tariff: pd.DataFrame,
    clusters: pd.DataFrame,
    options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
    sources: dict[str, str] | None = None,
    profiles_illustrative: bool = True,
    tariff_where: str | None = None,
) -> ClusterResult:
    """Audit the clinicians' clusters against an allocation and measure homogeneity.

    Args:
        ratings: the extract, from :func:`pbrkit.io.ratings.read_ratings` (its items
            may already be dropped: :meth:`~pbrkit.io.ratings.RatingsInput.without_items`).
        allocation: every patient's suggested cluster
            (:func:`pbrkit.allocation.allocate` of the extract's ratings).
        tariff: indexed by cluster (see :func:`pbrkit.pricing.price_activity`).
        clusters: the reference set's cluster table (``name``, ``review_days``).
        options: band weights, minimum score, unknown items allowed, CV threshold.
        sources: where the grid and tariff came from, carried to the reports.
        profiles_illustrative: the grid is the shipped illustrative one.
        tariff_where: where a price was looked for, said when a cluster has none.

    Raises:
        MissingTariff: an audited patient's clinician or suggested cluster has no price.
    """
    patients = ratings.patients
    clinician = _clinicians(patients)
    outcomes = _outcomes(allocation)
    review_days = clusters["review_days"]
    where = tariff_where or (sources or {}).get("tariff", "the tariff")
    audit, disagreements = _audit(patients, allocation, clinician, tariff, review_days, where)
    homogeneity, riv_suggested = _cost_measures(
        ratings, allocation, clinician, tariff, review_days, options.cv_threshold
    )
    names = _names(clusters)
    counts = _counts(allocation.suggested, clinician, names)
    # The per-patient table last: its columns (the traits' text alone is about 340 MB
    # at 10 million patients) are not held while the audit and the cost measures make
    # their own arrays of every patient.
    return ClusterResult(
        allocations=_allocations(ratings, allocation, clinician),
        outcomes=outcomes,
        counts=counts,
        audit=audit,
        disagreements=disagreements,
        homogeneity=homogeneity,
        homogeneity_basis=_basis(homogeneity, clinician),
        riv_suggested=riv_suggested,
        cluster_names=names,
        tariff=tariff,
        options=options,
        sources=dict(sources or {}),
        profiles_illustrative=profiles_illustrative,
        notes=ratings.notes,
    )


def _clinicians(patients: pd.DataFrame) -> pd.Series | None:
    """The clinicians' clusters; None when there is no such column, or it is left
    blank in every row (as the template has it): nothing to audit, and the cost
    measures by the suggested clusters."""
    clinician = patients["cluster"] if "cluster" in patients.columns else None
    if clinician is not None and not clinician.notna().any():
        return None
    return clinician


def _allocations(
    ratings: RatingsInput, allocation: Allocation, clinician: pd.Series | None
) -> pd.DataFrame:
    """The per-patient table (docs/methodology.md §5) with the extract's trait columns."""
    patients = ratings.patients
    frame = allocation_frame(patients["patient_id"], allocation, clinician_cluster=clinician)
    for trait in ratings.traits:
        frame[trait] = _trait_text(patients[trait])
    return frame


def _trait_text(trait: pd.Series) -> npt.NDArray[np.object_] | pd.api.extensions.ExtensionArray:
    """A trait's column of the allocations table: the text of each patient's value.

    Traits are read as categoricals (:mod:`pbrkit.io.ratings`); their texts are decoded
    by Arrow into the Arrow text pandas would make of Python strings (1.5 s → 0.15 s
    for a trait of 10 million patients). A trait of blanks only stays as before.
    """
    if not isinstance(trait.dtype, pd.CategoricalDtype):
        return trait.to_numpy()
    codes = trait.cat.codes.to_numpy()
    if not (codes >= 0).any():  # nothing but blanks: a column of missing values, as before
        return trait.to_numpy()
    import pyarrow as pa

    labels = pa.array(trait.cat.categories.to_numpy(dtype=object), type=pa.large_string())
    coded = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), labels)
    text: pd.api.extensions.ExtensionArray = coded.dictionary_decode().to_pandas().array
    return text


def _outcomes(allocation: Allocation) -> dict[str, int]:
    """Patients per outcome, named as :data:`OUTCOME_NAMES`."""
    outcome = np.bincount(allocation.outcome, minlength=len(Outcome))
    return {name: int(outcome[code]) for code, name in OUTCOME_NAMES.items()}


def _audit(
    patients: pd.DataFrame,
    allocation: Allocation,
    clinician: pd.Series | None,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    tariff_where: str,
) -> tuple[AuditResult | None, pd.DataFrame | None]:
    """The clinician audit, and every disagreement with the money it moves (none
    without clinicians' clusters)."""
    if clinician is None:
        return None, None
    audit = audit_clusters(
        allocation.suggested,
        clinician,
        tariff=tariff,
        review_days=review_days,
        days=patients.get("days"),
        admitted_days=patients.get("admitted_days"),
        top_n=10**6,
        tariff_where=tariff_where,
    )
    return audit, _disagreement_money(audit)


def _cost_measures(
    ratings: RatingsInput,
    allocation: Allocation,
    clinician: pd.Series | None,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    cv_threshold: float,
) -> tuple[HomogeneityResult | None, float | None]:
    """Cost homogeneity of the clusters paid for, and the RIV of the suggested clusters
    (none without a cost column).

    The clusters paid for are the clinicians' when the input has them, else the
    suggestions.
    """
    patients = ratings.patients
    if "cost" not in patients.columns:
        return None, None
    paid = clinician if clinician is not None else pd.Series(allocation.suggested)
    # The clusters paid for first, then the other measured columns, none of them copied
    # (DataFrame.insert copied the clusters: 80 MB at 10 million, round 10 of issue 16).
    codes = pd.Series(
        paid.to_numpy(dtype=np.float64, na_value=np.nan), index=patients.index, copy=False
    )
    others = [c for c in patients.columns if c not in ("cluster", "patient_id")]
    measured = pd.DataFrame({"cluster": codes, **{c: patients[c] for c in others}}, copy=False)
    homogeneity = cost_homogeneity(
        measured,
        tariff=tariff,
        review_days=review_days,
        traits=detect_traits(patients[list(ratings.traits)]),
        cv_threshold=cv_threshold,
        sheet=ratings.sheet,
        rows=ratings.rows,
    )
    cost = pd.Series(patients["cost"].to_numpy(dtype=np.float64, na_value=np.nan))
    # The same costs as the clusters paid for (docs/methodology.md §5.5): a patient
    # with no clinician's cluster is in neither RIV.
    has_cost = cost.notna().to_numpy() & paid.notna().to_numpy()
    suggested = allocation.suggested
    if not has_cost.all():  # else no copies of every cost and code (160 MB at 10 million)
        cost, suggested = cost[has_cost], suggested[has_cost]
    riv_suggested = reduction_in_variance(cost, pd.Series(suggested, copy=False))
    return homogeneity, riv_suggested


def _basis(homogeneity: HomogeneityResult | None, clinician: pd.Series | None) -> str | None:
    """Whose clusters the cost measures are of (see :func:`_cost_measures`)."""
    if homogeneity is None:
        return None
    return "clinician" if clinician is not None else "suggested"


def _names(clusters: pd.DataFrame) -> dict[int, str]:
    """Each cluster code's name in the reference set's cluster table."""
    codes = clusters.index.astype(np.int64).tolist()
    return dict(zip(codes, clusters["name"].astype(str), strict=True))


def _counts(
    suggested: npt.NDArray[np.int64], clinician: pd.Series | None, names: dict[int, str]
) -> pd.DataFrame:
    counts = {"suggested": patients_per_code(suggested)}
    if clinician is not None:
        counts["clinician"] = patients_per_code(
            clinician.to_numpy(dtype=np.float64, na_value=np.nan)
        )
    table = pd.DataFrame(counts).fillna(0).astype(np.int64).sort_index()
    table.index = table.index.astype(np.int64)
    table.index.name = "cluster"
    codes = table.index.to_numpy()
    table.insert(0, "superclass", superclass_of(codes))
    table.insert(0, "name", [names.get(int(c), "") for c in codes])
    return table


#: Codes spanning at most this many values are folded into one int32 key per cell.
_CELL_WIDTH: Final = 1 << 15


def money_by_cell(
    clinician: npt.NDArray[np.integer],
    suggested: npt.NDArray[np.integer],
    difference: npt.NDArray[np.float64],
) -> pd.Series:
    """The £ of each (clinician, suggested) cell, an exact sum (the same in any row
    order); indexed by the two codes (int64), ascending.

    The two codes are folded into one key, ``(clinician - low) * width + (suggested -
    low)``, which sorts as the pairs do, and the £ grouped by it: one key instead of
    two and their product (520 MB at 10 million patients, 230 now).
    """
    if len(clinician) == 0:
        return _by_two_keys(clinician, suggested, difference)
    low = min(int(clinician.min()), int(suggested.min()))
    width = max(int(clinician.max()), int(suggested.max())) - low + 1
    if width > _CELL_WIDTH:  # far beyond any currency's codes: grouped by both
        return _by_two_keys(clinician, suggested, difference)
    key = clinician.astype(np.int32)  # width² ≤ 2**30: every key fits
    key -= low
    key *= width
    key += suggested
    key -= low
    by_cell = _sums_by_key(key, difference)
    cells = by_cell.index.to_numpy(dtype=np.int64)
    by_cell.index = pd.MultiIndex.from_arrays([cells // width + low, cells % width + low])
    return by_cell


def _sums_by_key(key: npt.NDArray[np.int32], values: npt.NDArray[np.float64]) -> pd.Series:
    """Each key's sum of ``values``, ascending by key: exact sums (the same in any row
    order), small keys through a table indexed by key (:mod:`pbrkit.group_kernel`)."""
    groups = group_kernel.Groups(key)
    return pd.Series(groups.sums(values)[0], index=groups.index())


def _by_two_keys(
    clinician: npt.NDArray[np.integer],
    suggested: npt.NDArray[np.integer],
    difference: npt.NDArray[np.float64],
) -> pd.Series:
    cells = pd.MultiIndex.from_arrays([clinician.astype(np.int64), suggested.astype(np.int64)])
    numbers, labels = pd.factorize(cells, sort=True)
    groups = group_kernel.Groups(numbers)
    return pd.Series(groups.sums(difference)[0], index=labels[groups.numbers])


#: Patients counted at a time by :func:`patients_per_code`.
COUNT_BLOCK: Final = 1 << 20
#: Codes below this are counted by ``np.bincount`` (care clusters: 0-99).
_DENSE_CODES: Final = 1 << 16


def patients_per_code(codes: npt.NDArray[np.integer] | npt.NDArray[np.floating]) -> pd.Series:
    """Patients per cluster code (NaN: no code), as ``value_counts`` of the whole codes.

    Counted a block of :data:`COUNT_BLOCK` patients at a time: ``value_counts`` of 10
    million codes held a hash table and copies of every patient (430 MB). Counts are
    whole numbers, so adding the blocks' counts gives the same figures exactly.
    """
    totals: dict[int, int] = {}
    for start in range(0, len(codes), COUNT_BLOCK):
        block = codes[start : start + COUNT_BLOCK]
        if block.dtype.kind == "f":
            block = block[~np.isnan(block)]
        whole = block.astype(np.int64)  # as value_counts of the codes astype(int64)
        if len(whole) and whole.min() >= 0 and whole.max() < _DENSE_CODES:
            tally = np.bincount(whole)
            values = np.flatnonzero(tally)
            counts = tally[values]
        else:
            values, counts = np.unique(whole, return_counts=True)
        for value, count in zip(values.tolist(), counts.tolist(), strict=True):
            totals[value] = totals.get(value, 0) + count
    return pd.Series(totals, dtype=np.int64)


def _disagreement_money(audit: AuditResult) -> pd.DataFrame:
    """Every off-diagonal cell, with the £ paid for the clinician's cluster above the other."""
    cells = audit.disagreements.copy()
    money = audit.audited_money
    if money is None or cells.empty:
        return cells
    by_cell = money_by_cell(money.clinician, money.suggested, money.difference)
    keys = pd.MultiIndex.from_arrays(
        [cells["clinician_cluster"].astype(np.int64), cells["suggested_cluster"].astype(np.int64)]
    )
    cells["money"] = by_cell.reindex(keys).to_numpy()
    if audit.pair_bounds is not None:  # read by --publish, never written
        bounds = audit.pair_bounds.reindex(keys)
        for name in DISAGREEMENT_BOUNDS:
            cells[name] = bounds[name].to_numpy()
    return cells
