"""Audit clinicians' clusters against the suggested ones (docs/methodology.md §5), in people and £.

Agreement and Cohen's kappa are taken over the patients that have a clinician
cluster and a suggestion other than 99 (not assessed). The money at stake is the
tariff income under the clinicians' clusters minus the income under the suggested
ones, each priced with :func:`pbrkit.pricing.price_activity` on the patient's own
days, so the audit can never disagree with the costing on what the tariff pays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit.currency import active_currency
from pbrkit.errors import MissingTariff, Problem
from pbrkit.pricing import TARIFF_UNITS, price_activity

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
        per_patient: one row per patient in input order: ``audited``,
            ``income_clinician``, ``income_suggested``, ``difference`` (NaN where not
            audited or not priced); None when no tariff was given.
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
    per_patient: pd.DataFrame | None

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

    Returns:
        The audit.

    Raises:
        MissingTariff: a cluster that an audited patient is, or would be, paid for
            has no price or review period (docs/methodology.md §2: never a silent zero).
        ValueError: arrays of different lengths, or ``tariff`` without ``review_days``.
    """
    s = np.asarray(suggested, dtype=np.float64)
    c: FloatArray = np.asarray(
        pd.Series(clinician).to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64
    )
    if s.shape != c.shape or s.ndim != 1:
        raise ValueError("suggested and clinician must be 1-D and of equal length")
    not_assessed = not_assessed_code()
    has_clinician = np.isfinite(c) & (c != not_assessed)
    audited = has_clinician & (s != not_assessed)
    s_in, c_in = s[audited].astype(np.int64), c[audited].astype(np.int64)

    cluster = agreement(c_in, s_in)
    if len(c_in):
        superclass = _superclass_agreement(c_in, s_in)
    else:
        superclass = agreement(
            superclass_of(c_in).astype(str),
            superclass_of(s_in).astype(str),
            order=superclasses(),
        )
    money = money_total = per_patient = None
    if tariff is not None:
        if review_days is None:
            raise ValueError("review_days is needed to price activity")
        per_patient = _money_per_patient(s, c, audited, tariff, review_days, days, admitted_days)
        money = _money_by_cluster(per_patient, c, audited)
        money_total = float(money["difference"].sum())
    return AuditResult(
        patients=len(s),
        audited=int(audited.sum()),
        no_clinician_cluster=int((~has_clinician).sum()),
        not_assessed=int((has_clinician & (s == not_assessed)).sum()),
        cluster=cluster,
        superclass=superclass,
        disagreements=_disagreements(cluster.confusion, top_n),
        money=money,
        money_total=money_total,
        per_patient=per_patient,
    )


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
        values, codes = _distinct_codes(np.concatenate([r_values, k_values]))
        n = len(r_values)
        return _agreement_of_codes(codes[:n], codes[n:], values.tolist())
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


def _distinct_codes(values: npt.NDArray[np.integer]) -> tuple[npt.NDArray[np.integer], IntArray]:
    """The sorted distinct values and each value's position among them."""
    low, high = int(values.min()), int(values.max())
    if high - low < 1 << 20:  # cluster codes: a table instead of a sort
        offset = values.astype(np.int64) - low
        present = np.zeros(high - low + 1, dtype=bool)
        present[offset] = True
        position = np.cumsum(present) - 1
        distinct = np.flatnonzero(present).astype(values.dtype) + values.dtype.type(low)
        return distinct, np.asarray(position[offset], dtype=np.int64)
    distinct, codes = np.unique(values, return_inverse=True)
    return distinct, np.asarray(codes, dtype=np.int64)


def _agreement_of_codes(rows: IntArray, columns: IntArray, categories: list[object]) -> Agreement:
    """:func:`agreement` of two codings given as positions in ``categories`` (not empty).

    The confusion matrix is one ``bincount`` over ``row * K + column``.
    """
    size = len(categories)
    counts = np.bincount(rows * size + columns, minlength=size * size).reshape(size, size)
    confusion = pd.DataFrame(
        counts.astype(np.int64),
        index=pd.Index(categories, name="clinician"),
        columns=pd.Index(categories, name="suggested"),
    )
    n = int(counts.sum())
    p_o = float(np.trace(counts.astype(np.float64))) / n
    totals = counts.astype(np.float64)
    p_e = float(totals.sum(axis=1) @ totals.sum(axis=0)) / n**2
    kappa = (p_o - p_e) / (1.0 - p_e) if p_e < 1.0 else np.nan
    return Agreement(n, p_o, p_e, kappa, confusion)


def _superclass_agreement(clinician: IntArray, suggested: IntArray) -> Agreement:
    """:func:`agreement` of the superclasses of two codings of cluster codes (not empty).

    Equal to ``agreement(superclass_of(c).astype(str), superclass_of(s).astype(str),
    order=SUPERCLASSES)``, where a code outside every superclass reads ``"None"``,
    but through a table of the 100 cluster codes instead of millions of strings.
    """
    labels, order = _superclass_table()
    outside = len(order)
    table = np.array([outside if s is None else order.index(s) for s in labels.tolist()])
    top = len(table) - 1

    def codes(clusters: IntArray) -> IntArray:
        inside = (clusters >= 0) & (clusters <= top)
        out = np.full(len(clusters), outside, dtype=np.int64)
        out[inside] = table[clusters[inside]]
        return out

    rows, columns = codes(clinician), codes(suggested)
    categories: list[object] = list(order)
    if (rows == outside).any() or (columns == outside).any():
        categories.append("None")
    return _agreement_of_codes(rows, columns, categories)


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
    codes = np.asarray(clusters, dtype=np.int64)
    n = len(codes)
    period_codes = codes if period_clusters is None else np.asarray(period_clusters, np.int64)
    period = review_days.reindex(period_codes).to_numpy(dtype=np.float64, na_value=np.nan)
    d = _filled(days, n, period)
    a = _filled(admitted_days, n, np.zeros(n))
    return price_activity(codes, d, a, tariff, review_days)


def _filled(values: npt.ArrayLike | None, n: int, default: FloatArray) -> FloatArray:
    if values is None:
        return default
    v = pd.Series(values).to_numpy(dtype=np.float64, na_value=np.nan)
    if v.shape != (n,):
        raise ValueError(f"expected {n} values, got {v.shape}")
    return np.where(np.isnan(v), default, v)


def _money_per_patient(
    suggested: FloatArray,
    clinician: FloatArray,
    audited: npt.NDArray[np.bool_],
    tariff: pd.DataFrame,
    review_days: pd.Series,
    days: npt.ArrayLike | None,
    admitted_days: npt.ArrayLike | None,
) -> pd.DataFrame:
    n = len(suggested)
    idx = np.flatnonzero(audited)
    c_in = clinician[idx].astype(np.int64)
    s_in = suggested[idx].astype(np.int64)
    d = None if days is None else _filled(days, n, np.full(n, np.nan))[idx]
    a = None if admitted_days is None else _filled(admitted_days, n, np.zeros(n))[idx]
    _check_priced(np.unique(np.concatenate([c_in, s_in])), tariff, review_days)
    clinician_income = patient_income(c_in, tariff, review_days, days=d, admitted_days=a)
    # Where the suggestion is the clinician's cluster, the days and the review period
    # are the same too, so the income is: only the disagreements are priced again.
    suggested_income = clinician_income.copy()
    differ = np.flatnonzero(s_in != c_in)
    suggested_income[differ] = patient_income(
        s_in[differ],
        tariff,
        review_days,
        days=None if d is None else d[differ],
        admitted_days=None if a is None else a[differ],
        period_clusters=c_in[differ],
    )
    income_clinician = np.full(n, np.nan)
    income_clinician[idx] = clinician_income
    income_suggested = np.full(n, np.nan)
    income_suggested[idx] = suggested_income
    return pd.DataFrame(
        {
            "audited": audited,
            "income_clinician": income_clinician,
            "income_suggested": income_suggested,
            "difference": income_clinician - income_suggested,
        }
    )


def _check_priced(codes: IntArray, tariff: pd.DataFrame, review_days: pd.Series) -> None:
    """Raise if any cluster in ``codes`` lacks a usable price or a review period."""
    usable = tariff["price"].notna() & tariff["unit"].isin(TARIFF_UNITS)
    priced = set(tariff.index[usable].tolist()) & set(review_days.index[review_days.notna()])
    unpriced = sorted(set(codes.tolist()) - priced)
    if unpriced:
        raise MissingTariff(
            [
                Problem(
                    f"cluster {code} has audited patients but no price or review period",
                    sheet="tariff",
                    column="cluster",
                    value=code,
                    fix=f"add a tariff row (and a review period) for cluster {code}",
                )
                for code in unpriced
            ],
            hint="The £ at stake prices every audited patient under both clusters.",
        )


def _money_by_cluster(
    per_patient: pd.DataFrame, clinician: FloatArray, audited: npt.NDArray[np.bool_]
) -> pd.DataFrame:
    rows = per_patient.loc[audited, ["income_clinician", "income_suggested", "difference"]]
    rows = rows.assign(cluster=clinician[audited].astype(np.int64), patients=1)
    money = rows.groupby("cluster")[
        ["patients", "income_clinician", "income_suggested", "difference"]
    ].sum()
    return money.astype({"patients": np.int64})
