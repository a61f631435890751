"""Audit clinicians' clusters against the suggested ones (docs/methodology.md §5), in people and £.

Agreement and Cohen's kappa are taken over the patients that have a clinician
cluster and a suggestion other than 99 (not assessed). The money at stake is the
tariff income under the clinicians' clusters minus the income under the suggested
ones, each priced with :func:`pbrkit.pricing.price_activity` on the patient's own
days, so the audit can never disagree with the costing on what the tariff pays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import group_kernel, income_kernel
from pbrkit.audit_bounds import clinician_bounds, confusion_pairs, pair_bounds
from pbrkit.currency import active_currency
from pbrkit.errors import MissingTariff, Problem
from pbrkit.pricing import TARIFF_UNITS, price_activity, values_by_code

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def __getattr__(name: str) -> object:
    """``NOT_ASSESSED`` and ``SUPERCLASSES``, from the reference set when first asked for."""
    if name == "NOT_ASSESSED":
        return not_assessed_code()
    if name == "SUPERCLASSES":
        return superclasses()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def not_assessed_code() -> int:
    """The "not assessed" code of the reference set (care clusters: 99)."""
    code = active_currency().not_assessed
    if code is None:  # the cluster workflow refuses such a set before any audit
        raise ValueError("the reference set has no 'not assessed' code")
    return code


def superclasses() -> tuple[str, ...]:
    """Superclass labels in the order tables list them: the reference set's row order,
    unused codes left out (care clusters: variance, non-psychotic, psychosis, organic,
    not assessed)."""
    return tuple(_superclass_table()[1])


def _superclass_table() -> tuple[npt.NDArray[np.object_], list[str]]:
    """Superclass per key (None where the set lists no used code) and their order."""
    currency = active_currency()
    used = [k for k in currency.keys if k in currency.valid]
    table = np.full(max(used, default=-1) + 1, None, dtype=object)
    order: list[str] = []
    for key in used:
        label = currency.superclass_of(key)
        table[key] = label
        if label is not None and label not in order:
            order.append(label)
    return table, order


def superclass_of(codes: npt.ArrayLike) -> npt.NDArray[np.object_]:
    """Superclass label of each cluster code (docs/methodology.md §1); None for anything else.

    From the reference set's ``clusters.csv`` (care clusters: 0 variance, 1-8
    non-psychotic, 10-17 psychosis, 18-21 organic, 99 not assessed).
    """
    c = np.asarray(codes, dtype=np.float64)
    table, _ = _superclass_table()
    label = np.full(c.shape, None, dtype=object)
    known = np.isfinite(c) & (c == np.round(c)) & (c >= 0) & (c < len(table))
    label[known] = table[c[known].astype(np.int64)]
    return label


@dataclass(frozen=True, eq=False)
class Agreement:
    """Agreement between two codings of the same patients.

    Attributes:
        n: patients compared.
        agreement: observed agreement p_o, the share on the diagonal (0-1).
        expected: agreement expected by chance p_e = Σ_c row_c · col_c / n².
        kappa: Cohen's kappa (p_o − p_e) / (1 − p_e); NaN when p_e is 1 or n is 0.
        confusion: counts, clinician codes down the rows, suggested across.
    """

    n: int
    agreement: float
    expected: float
    kappa: float
    confusion: pd.DataFrame


@dataclass(frozen=True, eq=False)
class AuditedMoney:
    """The £ at stake of each audited patient, held for the audited patients only.

    At national scale (10 million patients) a table of every patient's income under
    both clusters would hold hundreds of megabytes that only these sums need; the
    arrays here are in input order, so any sum over them adds the same numbers in
    the same order as a sum over every patient skipping the unaudited.

    Attributes:
        audited: per patient, True when audited (the rows of the arrays below).
        clinician: the clinician's cluster of each audited patient.
        suggested: the suggested cluster of each audited patient.
        difference: income under the clinician's cluster − under the suggested (£).
    """

    audited: npt.NDArray[np.bool_]
    clinician: npt.NDArray[np.integer]
    suggested: npt.NDArray[np.integer]
    difference: FloatArray

    def frame(self) -> pd.DataFrame:
        """One row per patient: ``audited`` and ``difference`` (NaN where not audited)."""
        difference = np.full(len(self.audited), np.nan)
        difference[self.audited] = self.difference
        return pd.DataFrame({"audited": self.audited, "difference": difference})


@dataclass(frozen=True, eq=False)
class AuditResult:
    """The clinician audit of docs/methodology.md §5; plain numbers and frames, nothing formatted.

    Attributes:
        patients: all patients given.
        audited: patients with a clinician cluster and a suggestion other than 99.
        no_clinician_cluster: patients without a clinician cluster (blank or 99).
        not_assessed: patients with a clinician cluster whose suggestion is 99.
        cluster: agreement and kappa over cluster codes.
        superclass: agreement and kappa over superclasses.
        disagreements: the largest off-diagonal cells: ``clinician_cluster``,
            ``suggested_cluster``, ``patients``, ``share`` (of audited patients) and
            ``share_of_clinician_cluster`` (of the clinician's cluster's patients).
        money: per clinician cluster (index ``cluster``): ``patients``,
            ``income_clinician``, ``income_suggested``, ``difference`` (clinician −
            suggested, £); None when no tariff was given.
        money_total: the sum of ``difference`` (£); None when no tariff was given.
        audited_money: the £ of each audited patient (clinician − suggested), with
            the two clusters it lies between; None when no tariff was given.
        money_bounds: per clinician cluster, the most one person adds a year to
            ``money``'s £ (:func:`~pbrkit.audit_bounds.money_bounds`), read by
            ``--publish``; None when no tariff was given.
        pair_bounds: the same per pair of a clinician's cluster and a suggested one
            (:func:`~pbrkit.audit_bounds.pair_bounds`): a disagreement's £.
    """

    patients: int
    audited: int
    no_clinician_cluster: int
    not_assessed: int
    cluster: Agreement
    superclass: Agreement
    disagreements: pd.DataFrame
    money: pd.DataFrame | None
    money_total: float | None
    audited_money: AuditedMoney | None
    money_bounds: pd.DataFrame | None = None
    pair_bounds: pd.DataFrame | None = None

    @property
    def per_patient(self) -> pd.DataFrame | None:
        """One row per patient in input order: ``audited`` and ``difference`` (£, NaN
        where not audited); None when no tariff was given. Built when asked for."""
        return None if self.audited_money is None else self.audited_money.frame()

    @property
    def agreement(self) -> float:
        """Share of audited patients whose clinician cluster equals the suggestion."""
        return self.cluster.agreement

    @property
    def kappa(self) -> float:
        """Cohen's kappa between clinician and suggested clusters."""
        return self.cluster.kappa

    def summary(self) -> dict[str, float | int | None]:
        """The headline figures as plain numbers, for ``summary.json`` (README, Outputs)."""
        return {
            "patients": self.patients,
            "audited": self.audited,
            "no_clinician_cluster": self.no_clinician_cluster,
            "not_assessed": self.not_assessed,
            "agreement": self.cluster.agreement,
            "kappa": self.cluster.kappa,
            "superclass_agreement": self.superclass.agreement,
            "superclass_kappa": self.superclass.kappa,
            "money_at_stake": self.money_total,
        }


def audit_clusters(
    suggested: npt.ArrayLike,
    clinician: npt.ArrayLike,
    *,
    tariff: pd.DataFrame | None = None,
    review_days: pd.Series | None = None,
    days: npt.ArrayLike | None = None,
    admitted_days: npt.ArrayLike | None = None,
    top_n: int = 10,
    tariff_where: str = "the tariff",
) -> AuditResult:
    """Compare clinicians' clusters with the suggested ones.

    Args:
        suggested: suggested cluster per patient (0-21, 99).
        clinician: the clinician's cluster per patient; NaN/NA or 99 = none.
        tariff: indexed by cluster with ``price``, ``unit`` and optionally
            ``admitted_day_price`` (see :func:`pbrkit.pricing.price_activity`);
            without it no money is computed.
        review_days: review period in days, indexed by cluster (needed with tariff).
        days: cluster days per patient; NaN or absent = one review period of the
            clinician's cluster.
        admitted_days: admitted days per patient; NaN or absent = 0.
        top_n: how many disagreement cells to list.
        tariff_where: where the tariff came from, in words, for a message about a
            cluster it does not price.

    Raises:
        MissingTariff: a cluster that an audited patient is, or would be, paid for
            has no price or review period (docs/methodology.md §2: never a silent zero).
        ValueError: arrays of different lengths, or ``tariff`` without ``review_days``.
    """
    who = _who_is_audited(suggested, clinician)
    s_in, c_in = who.suggested, who.clinician
    cluster, superclass = agreement(c_in, s_in), _superclasses(c_in, s_in)
    money = money_total = audited_money = pairs = None
    if tariff is not None:
        if review_days is None:
            raise ValueError("review_days is needed to price activity")
        # Either coding's codes, ascending: the confusion's categories (no join and sort).
        _check_priced(cluster.confusion.index.to_numpy(), tariff, review_days, tariff_where)
        audited_money, money = _audited_money(
            s_in, c_in, who.audited, tariff, review_days, days, admitted_days
        )
        money_total = float(money["difference"].sum())
        pairs = pair_bounds(*confusion_pairs(cluster.confusion), tariff, review_days)
    return AuditResult(
        patients=who.patients,
        audited=len(s_in),
        no_clinician_cluster=who.no_clinician,
        not_assessed=who.no_suggestion,
        cluster=cluster,
        superclass=superclass,
        disagreements=_disagreements(cluster.confusion, top_n),
        money=money,
        money_total=money_total,
        audited_money=audited_money,
        money_bounds=None if pairs is None else clinician_bounds(pairs),
        pair_bounds=pairs,
    )


@dataclass(frozen=True, eq=False)
class _Audited:
    """Which patients are audited (a clinician's cluster and a suggestion, neither
    "not assessed"), their two clusters as integer codes, and who is not and why."""

    suggested: npt.NDArray[np.integer]
    clinician: npt.NDArray[np.integer]
    audited: npt.NDArray[np.bool_]
    patients: int
    no_clinician: int
    no_suggestion: int


def _who_is_audited(suggested: npt.ArrayLike, clinician: npt.ArrayLike) -> _Audited:
    """The audited patients' codes; every patient's float codes (170 MB at 10 million)
    are let go on return. Integer suggestions (the allocation's) are compared as they
    are: no float copy of them (80 MB at 10 million; round 17 of issue 16)."""
    s = np.asarray(suggested)
    if s.dtype.kind not in "iu":
        s = np.asarray(s, dtype=np.float64)
    c: FloatArray = np.asarray(
        pd.Series(clinician).to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64
    )
    if s.shape != c.shape or s.ndim != 1:
        raise ValueError("suggested and clinician must be 1-D and of equal length")
    not_assessed = not_assessed_code()
    has_clinician = np.isfinite(c) & (c != not_assessed)
    audited = has_clinician & (s != not_assessed)
    return _Audited(
        suggested=_audited_codes(s, audited),
        clinician=_audited_codes(c, audited),
        audited=audited,
        patients=len(s),
        no_clinician=int((~has_clinician).sum()),
        no_suggestion=int((has_clinician & (s == not_assessed)).sum()),
    )


def _superclasses(c_in: npt.NDArray[np.integer], s_in: npt.NDArray[np.integer]) -> Agreement:
    """Agreement on superclass (an empty table of every superclass with no patients)."""
    if len(c_in):
        return _superclass_agreement(c_in, s_in)
    return agreement(
        superclass_of(c_in).astype(str), superclass_of(s_in).astype(str), order=superclasses()
    )


def _audited_codes(
    codes: npt.NDArray[np.floating[Any]] | npt.NDArray[np.integer[Any]],
    audited: npt.NDArray[np.bool_],
) -> npt.NDArray[np.integer]:
    """The audited patients' cluster codes, as int16 when they fit (care clusters: 0-99).

    The codes are whole numbers (read as cluster codes); every use of them gives the
    same figures whatever the integer width, and int16 takes a quarter of the memory.
    Taken a block of patients at a time into the int16 array: no float array of the
    audited patients' codes (80 MB of fresh memory at 10 million; round 17 of issue 16).
    """
    out = np.empty(int(np.count_nonzero(audited)), dtype=np.int16)
    filled = 0
    for start in range(0, len(codes), CODES_BLOCK):
        chosen = codes[start : start + CODES_BLOCK][audited[start : start + CODES_BLOCK]]
        if len(chosen) and (chosen.min() < 0 or chosen.max() > np.iinfo(np.int16).max):
            return codes[audited].astype(np.int64)  # a code too large for int16
        out[filled : filled + len(chosen)] = chosen
        filled += len(chosen)
    return out


#: Patients whose codes are taken or counted at a time (arrays of 512 kB at most,
#: which the C allocator reuses).
CODES_BLOCK: Final = 1 << 16


def agreement(
    rows: npt.ArrayLike,
    columns: npt.ArrayLike,
    *,
    order: tuple[object, ...] | None = None,
) -> Agreement:
    """Observed agreement, chance agreement and Cohen's kappa of two codings.

    Args:
        rows: the first coding (e.g. the clinician's), one value per patient.
        columns: the second coding (e.g. the suggested), same length.
        order: categories in display order; by default the sorted union of the
            values seen. Categories in ``order`` that never occur still get a row
            and a column of zeros.

    Returns:
        The agreement figures and the square confusion matrix.
    """
    r_values, k_values = np.asarray(rows), np.asarray(columns)
    if (
        order is None
        and r_values.ndim == k_values.ndim == 1
        and len(r_values) == len(k_values) > 0
        and r_values.dtype.kind in "iu"
        and k_values.dtype.kind in "iu"
    ):
        # Integer codes (clusters): categories are the sorted distinct values.
        return _agreement_of_integers(r_values, k_values)
    r = pd.Series(np.asarray(rows), dtype=object)
    k = pd.Series(np.asarray(columns), dtype=object)
    if len(r) != len(k):
        raise ValueError("rows and columns must have equal length")
    seen = set(r.tolist()) | set(k.tolist())
    categories = list(order) if order is not None else sorted(seen)
    extra = sorted(seen - set(categories), key=str)
    categories += extra
    confusion = pd.crosstab(
        pd.Categorical(r, categories=categories),
        pd.Categorical(k, categories=categories),
        dropna=False,
    ).reindex(index=categories, columns=categories, fill_value=0)
    confusion.index.name = "clinician"
    confusion.columns.name = "suggested"
    counts = confusion.to_numpy(dtype=np.float64)
    n = int(counts.sum())
    if n == 0:
        return Agreement(0, np.nan, np.nan, np.nan, confusion)
    p_o = float(np.trace(counts)) / n
    p_e = float(counts.sum(axis=1) @ counts.sum(axis=0)) / n**2
    kappa = (p_o - p_e) / (1.0 - p_e) if p_e < 1.0 else np.nan
    return Agreement(n, p_o, p_e, kappa, confusion.astype(np.int64))


#: Integer codings spanning at most this many values are counted in one dense table.
_DENSE_CODES: Final = 1024


def _agreement_of_integers(
    rows: npt.NDArray[np.integer], columns: npt.NDArray[np.integer]
) -> Agreement:
    """:func:`agreement` of two integer codings (not empty); the categories are the
    sorted distinct values of either.

    Cluster codes span a few dozen values, so the confusion matrix is counted over
    the whole span at once and the values that never occur are then dropped: one
    array of a patient's size, not the several a sort or factorisation would make.
    """
    low = min(int(rows.min()), int(columns.min()))
    span = max(int(rows.max()), int(columns.max())) - low + 1
    if span > _DENSE_CODES:
        values, codes = np.unique(np.concatenate([rows, columns]), return_inverse=True)
        counts = _confusion_counts(codes[: len(rows)], codes[len(rows) :], len(values))
        return _agreement_of_counts(counts, values.tolist())
    counts = _confusion_counts(rows, columns, span, low)
    present = (counts.sum(axis=0) + counts.sum(axis=1)) > 0
    values = np.flatnonzero(present) + low
    return _agreement_of_counts(counts[np.ix_(present, present)], values.tolist())


def _confusion_counts(
    rows: npt.NDArray[np.integer], columns: npt.NDArray[np.integer], size: int, low: int = 0
) -> IntArray:
    """``counts[i, j]``: patients coded ``low + i`` in ``rows`` and ``low + j`` in
    ``columns``; ``bincount`` over ``(row - low) * size + (column - low)``, a block of
    :data:`CODES_BLOCK` patients at a time (whole counts: the blocks' add up exactly),
    so that no key of every patient is made (80 MB of fresh memory at 10 million)."""
    counts = np.zeros(size * size, dtype=np.int64)
    for start in range(0, len(rows), CODES_BLOCK):
        key = rows[start : start + CODES_BLOCK].astype(np.int64)  # built in place
        key -= low
        key *= size
        key += columns[start : start + CODES_BLOCK]
        key -= low
        counts += np.bincount(key, minlength=size * size)
    return counts.reshape(size, size)


def _agreement_of_counts(counts: IntArray, categories: Sequence[object]) -> Agreement:
    """:func:`agreement` from a square confusion matrix of counts (not all zero)."""
    confusion = pd.DataFrame(
        counts.astype(np.int64),
        index=pd.Index(list(categories), name="clinician"),
        columns=pd.Index(list(categories), name="suggested"),
    )
    n = int(counts.sum())
    p_o = float(np.trace(counts.astype(np.float64))) / n
    totals = counts.astype(np.float64)
    p_e = float(totals.sum(axis=1) @ totals.sum(axis=0)) / n**2
    kappa = (p_o - p_e) / (1.0 - p_e) if p_e < 1.0 else np.nan
    return Agreement(n, p_o, p_e, kappa, confusion)


def _superclass_agreement(
    clinician: npt.NDArray[np.integer], suggested: npt.NDArray[np.integer]
) -> Agreement:
    """:func:`agreement` of the superclasses of two codings of cluster codes (not empty).

    Equal to ``agreement(superclass_of(c).astype(str), superclass_of(s).astype(str),
    order=SUPERCLASSES)``, where a code outside every superclass reads ``"None"``,
    but through a table of the 100 cluster codes instead of millions of strings.
    """
    labels, order = _superclass_table()
    outside = len(order)
    # A handful of superclasses: int16 positions keep each coding a quarter of int64.
    table = np.array(
        [outside if s is None else order.index(s) for s in labels.tolist()], dtype=np.int16
    )
    top = len(table) - 1

    def codes(clusters: npt.NDArray[np.integer]) -> npt.NDArray[np.int16]:
        if int(clusters.min()) >= 0 and int(clusters.max()) <= top:  # every code in the table
            return np.asarray(table[clusters], dtype=np.int16)
        inside = (clusters >= 0) & (clusters <= top)
        out = np.full(len(clusters), outside, dtype=np.int16)
        out[inside] = table[clusters[inside]]
        return out

    rows, columns = codes(clinician), codes(suggested)
    categories: list[object] = list(order)
    if (rows == outside).any() or (columns == outside).any():
        categories.append("None")
    return _agreement_of_counts(_confusion_counts(rows, columns, len(categories)), categories)


def _disagreements(confusion: pd.DataFrame, top_n: int) -> pd.DataFrame:
    counts = confusion.to_numpy(dtype=np.int64)
    labels = confusion.index.to_numpy()
    total = counts.sum()
    row_totals = counts.sum(axis=1)
    i, j = np.nonzero(counts * (1 - np.eye(len(labels), dtype=np.int64)))
    cells = pd.DataFrame(
        {
            "clinician_cluster": labels[i],
            "suggested_cluster": labels[j],
            "patients": counts[i, j],
            "share": counts[i, j] / total if total else np.nan,
            "share_of_clinician_cluster": counts[i, j] / row_totals[i],
        }
    )
    cells = cells.sort_values(
        ["patients", "clinician_cluster", "suggested_cluster"],
        ascending=[False, True, True],
        kind="stable",
    )
    return cells.head(top_n).reset_index(drop=True)


#: Patients priced at a time: pricing makes about a dozen temporary arrays of its
#: rows (:func:`pbrkit.pricing.price_activity`), a gigabyte for 10 million at once,
#: about 270 MB for a block of 2**20 and 35 MB for one of 2**18 (no slower).
PRICE_BLOCK: Final = 1 << 18


def patient_income(
    clusters: npt.ArrayLike,
    tariff: pd.DataFrame,
    review_days: pd.Series,
    *,
    days: npt.ArrayLike | None = None,
    admitted_days: npt.ArrayLike | None = None,
    period_clusters: npt.ArrayLike | None = None,
) -> FloatArray:
    """Tariff income per patient, with the defaults of the clinician audit.

    Args:
        clusters: the cluster each patient is paid for.
        tariff: see :func:`pbrkit.pricing.price_activity`.
        review_days: review period in days, indexed by cluster.
        days: cluster days per patient; NaN or absent = one review period of
            ``period_clusters`` (default: ``clusters``).
        admitted_days: admitted days per patient; NaN or absent = 0.
        period_clusters: the cluster whose review period stands in for missing days.

    Returns:
        Income per patient in £; NaN where the cluster has no price.
    """
    codes = np.asarray(clusters)
    n = len(codes)
    period_codes = codes if period_clusters is None else np.asarray(period_clusters)
    d = None if days is None else _floats(days, n)
    a = None if admitted_days is None else _floats(admitted_days, n)
    if income_kernel.usable(n, codes, period_codes):  # the same bits, one pass
        return income_kernel.incomes(
            codes, period_codes, d, a, income_kernel.tables(tariff, review_days)
        )
    income = np.empty(n, dtype=np.float64)
    # Priced a block at a time: each price is its own patient's, so the blocks give
    # the same numbers as one call, without its dozen temporaries of every patient.
    for start in range(0, n, PRICE_BLOCK):
        block = slice(start, start + PRICE_BLOCK)
        period = values_by_code(review_days, period_codes[block].astype(np.int64))
        block_days = period if d is None else np.where(np.isnan(d[block]), period, d[block])
        block_admitted = (
            np.zeros(len(period)) if a is None else np.where(np.isnan(a[block]), 0.0, a[block])
        )
        income[block] = price_activity(
            codes[block].astype(np.int64), block_days, block_admitted, tariff, review_days
        )
    return income


def _floats(values: npt.ArrayLike, n: int) -> FloatArray:
    """``values`` as floats (NaN for blanks), checked to hold ``n`` of them."""
    v = pd.Series(values).to_numpy(dtype=np.float64, na_value=np.nan)
    if v.shape != (n,):
        raise ValueError(f"expected {n} values, got {v.shape}")
    return np.asarray(v, dtype=np.float64)


def _audited_money(
    suggested: npt.NDArray[np.integer],
    clinician: npt.NDArray[np.integer],
    audited: npt.NDArray[np.bool_],
    tariff: pd.DataFrame,
    review_days: pd.Series,
    days: npt.ArrayLike | None,
    admitted_days: npt.ArrayLike | None,
) -> tuple[AuditedMoney, pd.DataFrame]:
    """The £ of each audited patient (``suggested`` and ``clinician``: their codes),
    and its sums per clinician cluster (see :attr:`AuditResult.money`)."""
    n = len(audited)
    all_days = None if days is None else _floats(days, n)
    all_admitted = None if admitted_days is None else _floats(admitted_days, n)
    if income_kernel.usable(n, clinician, suggested):  # the same bits, one pass
        clinician_income, suggested_income = income_kernel.audit_incomes(
            audited,
            clinician,
            suggested,
            all_days,
            all_admitted,
            income_kernel.tables(tariff, review_days),
        )
    else:
        clinician_income, suggested_income = _incomes_by_block(
            suggested, clinician, audited, tariff, review_days, all_days, all_admitted
        )
    difference = clinician_income - suggested_income
    money = _money_by_cluster(clinician, clinician_income, suggested_income, difference)
    return AuditedMoney(audited, clinician, suggested, difference), money


def _incomes_by_block(
    suggested: npt.NDArray[np.integer],
    clinician: npt.NDArray[np.integer],
    audited: npt.NDArray[np.bool_],
    tariff: pd.DataFrame,
    review_days: pd.Series,
    all_days: FloatArray | None,
    all_admitted: FloatArray | None,
) -> tuple[FloatArray, FloatArray]:
    """:func:`_incomes` of the audited patients, a block of every patient at a time."""
    n = len(audited)
    clinician_income = np.empty(len(clinician), dtype=np.float64)
    suggested_income = np.empty(len(clinician), dtype=np.float64)
    # A block of patients at a time, so that the audited patients' days are never
    # copied whole (160 MB at 10 million patients): each income is its own patient's.
    done = 0
    for start in range(0, n, PRICE_BLOCK):
        block = slice(start, start + PRICE_BLOCK)
        chosen = audited[block]
        rows = slice(done, done + int(np.count_nonzero(chosen)))
        done = rows.stop
        clinician_income[rows], suggested_income[rows] = _incomes(
            clinician[rows],
            suggested[rows],
            tariff,
            review_days,
            None if all_days is None else all_days[block][chosen],
            None if all_admitted is None else all_admitted[block][chosen],
        )
    return clinician_income, suggested_income


def _incomes(
    clinician: npt.NDArray[np.integer],
    suggested: npt.NDArray[np.integer],
    tariff: pd.DataFrame,
    review_days: pd.Series,
    days: FloatArray | None,
    admitted_days: FloatArray | None,
) -> tuple[FloatArray, FloatArray]:
    """Income of audited patients under the clinician's cluster and the suggested one."""
    clinician_income = patient_income(
        clinician, tariff, review_days, days=days, admitted_days=admitted_days
    )
    # Where the suggestion is the clinician's cluster, the days and the review period
    # are the same too, so the income is: only the disagreements are priced again.
    suggested_income = clinician_income.copy()
    differ = np.flatnonzero(suggested != clinician)
    suggested_income[differ] = patient_income(
        suggested[differ],
        tariff,
        review_days,
        days=None if days is None else days[differ],
        admitted_days=None if admitted_days is None else admitted_days[differ],
        period_clusters=clinician[differ],
    )
    return clinician_income, suggested_income


def _check_priced(
    codes: IntArray, tariff: pd.DataFrame, review_days: pd.Series, where: str
) -> None:
    """Raise if any cluster in ``codes`` lacks a usable price or a review period in the
    tariff (``where``: the tariff used, in words; the input may have no tariff sheet)."""
    usable = tariff["price"].notna() & tariff["unit"].isin(TARIFF_UNITS)
    priced = set(tariff.index[usable].tolist()) & set(review_days.index[review_days.notna()])
    unpriced = sorted(set(codes.tolist()) - priced)
    if unpriced:
        raise MissingTariff(
            [
                Problem(
                    f"cluster {code} has audited patients but no price or review period in {where}",
                    value=code,
                    fix=f"add a tariff row (and a review period) for cluster {code}",
                )
                for code in unpriced
            ],
            hint="The £ at stake prices every audited patient under both clusters.",
        )


def _money_by_cluster(
    clinician: npt.NDArray[np.integer],
    income_clinician: FloatArray,
    income_suggested: FloatArray,
    difference: FloatArray,
) -> pd.DataFrame:
    """Patients and £ per clinician cluster (index ``cluster``): exact sums, the same
    in any row order (:mod:`pbrkit.group_kernel`), the clinicians' codes grouped once
    (a group-by per column factorised them four times: 0.8 s at 10 million patients,
    round 10 of issue 16)."""
    columns = {
        "income_clinician": income_clinician,
        "income_suggested": income_suggested,
        "difference": difference,
    }
    groups = group_kernel.Groups(clinician)
    sums = dict(zip(columns, groups.sums_of(*columns.values()), strict=True))
    patients = sums["difference"][2]
    table = {"patients": patients, **{name: sums[name][0] for name in columns}}
    return pd.DataFrame(table, index=pd.Index(groups.codes.astype(np.int64), name="cluster"))
