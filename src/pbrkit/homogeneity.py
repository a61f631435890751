"""Do clusters group patients with similar costs? Homogeneity and predictable losses.

Given a cost per patient, this measures how well the cluster currency explains cost
(docs/methodology.md): per-cluster spread (SD, coefficient of variation, percentiles,
the share of a cluster's cost in its costliest tenth of patients), the reduction in
variance RIV = 1 − SSW/SST untrimmed and trimmed (§1.4a), and the predictable
profit or loss per person for subgroups a provider can see, such as people detained
under the Mental Health Act (§1.4d): the selection channels a bidder could use.

Every sum is exact and rounded once, or taken over values sorted first (the quantiles
and top-tenth shares, a batch of whole clusters at a time), so no figure depends on the
order of the rows, to the last digit; inputs are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import exact_sum, group_kernel
from pbrkit.audit import patient_income
from pbrkit.errors import InputError, Problem
from pbrkit.pricing import income_a_person_at_most, values_by_code

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
#: A trait's subgroup codes: int8 for a handful of subgroups, else intp.
TraitCodes = npt.NDArray[np.integer[Any]]

#: Trim quantiles applied within each cluster for the trimmed RIV.
TRIM_LOW: Final = 0.005
TRIM_HIGH: Final = 0.99
#: The trim rule in words, carried in every result.
TRIM_RULE: Final = (
    "within each cluster, costs above the cluster's 99th percentile and below its "
    "0.5th percentile are left out (top 1% and bottom 0.5% per group, as in the DRG "
    "comparison in docs/methodology.md §5.5); the percentiles are observed costs (rounded "
    "outwards), so a cluster of 100 patients or fewer loses none at the top and one of "
    "200 or fewer none at the bottom"
)
#: Age bands for the subgroup tables: lower bound (inclusive) and label.
AGE_BANDS: Final[tuple[tuple[float, str], ...]] = (
    (-np.inf, "under 18"),
    (18.0, "18-34"),
    (35.0, "35-64"),
    (65.0, "65+"),
)
#: Label of the subgroup of patients whose trait cell is blank or unreadable.
NOT_RECORDED: Final = "not recorded"
#: Columns of the patients sheet that are never traits (docs/methodology.md §8).
NOT_TRAITS: Final = frozenset(
    {"patient_id", "cluster", "cost", "days", "admitted_days", "episodes", "suggested_cluster"}
)
#: A text column with at most this many distinct values counts as a trait.
MAX_TRAIT_GROUPS: Final = 12
#: Bad cost cells reported one by one before the rest are counted.
MAX_PROBLEMS: Final = 50

_YES: Final = frozenset({"yes", "y", "true", "t", "1", "1.0"})
_NO: Final = frozenset({"no", "n", "false", "f", "0", "0.0"})


@dataclass(frozen=True, eq=False)
class HomogeneityResult:
    """Cost homogeneity of the clusters; plain numbers and frames, nothing formatted.

    Attributes:
        clusters: indexed by ``cluster``: ``n``, ``mean``, ``sd`` (sample, ddof=1),
            ``cv`` (sd / mean), ``p10``, ``p50``, ``p90``, ``top10_share`` (share of
            the cluster's cost in its costliest ceil(10%) of patients), ``high_cv``
            (cv above ``cv_threshold``); with a tariff also ``mean_income``,
            ``profit_per_person`` (mean income − mean cost) and ``predictive_ratio``
            (mean income / mean cost).
        riv: reduction in variance 1 − SSW/SST over all patients with a cost.
        riv_trimmed: the same after the trim in ``trim_rule``.
        trim_rule: the trim, in words.
        trimmed: patients left out by the trim.
        patients: patients with a cluster and a cost (the ones measured).
        missing_cost: patients without a cost or cluster, left out.
        cv_threshold: the CV above which ``high_cv`` is set.
        traits: with a tariff, one row per trait subgroup: ``trait``, ``group``,
            ``n``, ``mean_income``, ``mean_cost``, ``profit_per_person``,
            ``total_profit``; None without a tariff or traits.
        traits_by_cluster: the same per ``cluster`` within each subgroup.
        unpriced_clusters: clusters without a price; their patients are left out of
            the income figures (and listed here, never counted as zero).
        no_days_clusters: priced clusters with no review period (99) some of whose
            patients have no days: a blank stands for one review period (§5.4), so
            their income cannot be worked out and they are left out as the unpriced.
        most_income: the most one person brings in a year in each cluster (indexed by
            it), for ``--publish`` (:func:`income_bounds`); None without a tariff.
    """

    clusters: pd.DataFrame
    riv: float
    riv_trimmed: float
    trim_rule: str
    trimmed: int
    patients: int
    missing_cost: int
    cv_threshold: float
    traits: pd.DataFrame | None
    traits_by_cluster: pd.DataFrame | None
    unpriced_clusters: tuple[int, ...]
    no_days_clusters: tuple[int, ...] = ()
    most_income: pd.Series | None = None


def cost_homogeneity(
    patients: pd.DataFrame,
    *,
    tariff: pd.DataFrame | None = None,
    review_days: pd.Series | None = None,
    traits: Sequence[str] | None = None,
    cv_threshold: float = 1.0,
    sheet: str = "patients",
    rows: npt.ArrayLike | None = None,
) -> HomogeneityResult:
    """Measure how alike in cost the patients of each cluster are.

    Args:
        patients: one row per patient with ``cluster`` and ``cost`` (£), optionally
            ``days``, ``admitted_days`` and trait columns.
        tariff: indexed by cluster (see :func:`pbrkit.pricing.price_activity`);
            needed for income, profit per person and the trait tables.
        review_days: review period in days, indexed by cluster (with ``tariff``);
            a patient without ``days`` is priced for one review period.
        traits: trait columns to break down; by default every column that looks
            like one: ``age`` (banded 18-34, 35-64, 65+, and under 18), yes/no
            columns such as ``mha_detained``, and text columns with at most
            :data:`MAX_TRAIT_GROUPS` values.
        cv_threshold: a cluster with a CV above this is flagged (docs/methodology.md
            §1.4b; 1.0 is a common, **UNCERTAIN**, norm).
        sheet: sheet name for problem messages.
        rows: spreadsheet row of each frame row (default: header row 1, then 2, ...).

    Returns:
        Per-cluster statistics, RIV untrimmed and trimmed (trim rule:
        :data:`TRIM_RULE`), and the subgroup tables.

    Raises:
        InputError: ``cluster`` or ``cost`` is missing, costs are negative, or no
            patient has both a cluster and a cost.
        ValueError: ``tariff`` without ``review_days``.
    """
    frame = _measured(patients, sheet, rows)
    _refuse_nothing_measured(frame, sheet)
    costs, riv = _cluster_costs(frame)
    stats = _cluster_stats(costs, cv_threshold)
    keep = _within_trim(frame, costs)
    riv_trimmed = _trimmed_riv(frame, keep)
    money = _money_measures(frame, patients, stats, tariff, review_days, traits)
    return HomogeneityResult(
        clusters=stats,
        riv=riv,
        riv_trimmed=riv_trimmed,
        trim_rule=TRIM_RULE,
        trimmed=int((~keep).sum()),
        patients=len(frame),
        missing_cost=len(patients) - len(frame),
        cv_threshold=cv_threshold,
        traits=money.traits,
        traits_by_cluster=money.by_cluster,
        unpriced_clusters=money.unpriced,
        no_days_clusters=money.no_days,
        most_income=money.most_income,
    )


def _refuse_nothing_measured(frame: pd.DataFrame, sheet: str) -> None:
    """Nothing to measure: a clear message, not a failure in pandas."""
    if frame.empty:
        raise InputError(
            Problem(
                "no patient has both a cluster and a cost, so cost homogeneity cannot be measured",
                sheet=sheet,
                column="cost",
                expected="a cost in £ for at least one patient with a cluster",
                fix="fill in the costs, or leave the cost column out to skip the cost measures",
            )
        )


@dataclass(frozen=True)
class _MoneyMeasures:
    """The measures that need a tariff: the trait tables, and the clusters left out
    of income (no price; a price but no days)."""

    traits: pd.DataFrame | None = None
    by_cluster: pd.DataFrame | None = None
    unpriced: tuple[int, ...] = ()
    no_days: tuple[int, ...] = ()
    most_income: pd.Series | None = None


def _money_measures(
    frame: pd.DataFrame,
    patients: pd.DataFrame,
    stats: pd.DataFrame,
    tariff: pd.DataFrame | None,
    review_days: pd.Series | None,
    traits: Sequence[str] | None,
) -> _MoneyMeasures:
    """Each cluster's income figures added to ``stats`` (in place), and the subgroup
    tables of ``traits`` (by default those :func:`detect_traits` finds in
    ``patients``); none without a tariff."""
    if tariff is None:
        return _MoneyMeasures()
    names = list(traits) if traits is not None else detect_traits(patients)
    money, priced, unpriced, no_days = _money(frame, tariff, review_days)
    _add_money_stats(stats, money)
    trait_table = by_cluster = None
    if names:
        trait_table, by_cluster = _trait_tables(money, _coded_traits(frame, names, priced))
    most = income_bounds(stats.index.to_numpy(), tariff, review_days)
    return _MoneyMeasures(trait_table, by_cluster, unpriced, no_days, most)


def income_bounds(
    clusters: npt.NDArray[Any], tariff: pd.DataFrame, review_days: pd.Series | None
) -> pd.Series:
    """The most one person brings in a year in each cluster (indexed by it), from the
    public tariff alone (:func:`~pbrkit.pricing.income_a_person_at_most`): ``--publish``
    reads a mean income × its published count as a floor under that count
    (docs/methodology.md §7). A patient's days are at most 366 and each episode one
    review period, as :func:`~pbrkit.audit.patient_income` prices them."""
    codes = np.asarray(clusters, dtype=np.int64)
    review = review_days if review_days is not None else pd.Series(dtype=np.float64)
    return pd.Series(income_a_person_at_most(codes, tariff, review), index=codes)


def subgroup_income_bounds(by_cluster: pd.DataFrame, most: pd.Series) -> pd.Series:
    """Each subgroup's bound (indexed by ``trait``, ``group``): the largest of the
    clusters its patients are in (``by_cluster``'s rows; one of them may be in the
    dearest), from each cluster's (``most``, :func:`income_bounds`)."""
    codes = by_cluster["cluster"].to_numpy(dtype=np.int64)
    cells = by_cluster[["trait", "group"]].assign(most=most.reindex(codes).to_numpy())
    return cells.loc[by_cluster["n"].to_numpy() > 0].groupby(["trait", "group"])["most"].max()


def _money(
    frame: pd.DataFrame, tariff: pd.DataFrame, review_days: pd.Series | None
) -> tuple[pd.DataFrame, npt.NDArray[np.bool_], tuple[int, ...], tuple[int, ...]]:
    """:func:`_priced`, its clusters left out of income split by why: no price in the
    tariff, or a price but no days (and no review period) to apply it to."""
    if review_days is None:
        raise ValueError("review_days is needed to price activity")
    money, priced, left_out = _priced(frame, tariff, review_days)
    unpriced = tuple(c for c in left_out if c not in tariff.index)
    return money, priced, unpriced, tuple(c for c in left_out if c in tariff.index)


def _priced(
    frame: pd.DataFrame, tariff: pd.DataFrame, review_days: pd.Series
) -> tuple[pd.DataFrame, npt.NDArray[np.bool_], tuple[int, ...]]:
    """Each patient's income beside their cost, for the patients whose cluster has a
    price; which patients those are; and the clusters without a price."""
    cluster = frame["cluster"]
    income = patient_income(
        cluster.to_numpy(),
        tariff,
        review_days,
        days=frame.get("days"),
        admitted_days=frame.get("admitted_days"),
    )
    priced = ~np.isnan(income)
    unpriced = tuple(sorted(int(c) for c in cluster[~priced].unique()))
    money = _priced_table(cluster, income, frame["cost"], priced)
    return money, priced, unpriced


def _add_money_stats(stats: pd.DataFrame, money: pd.DataFrame) -> None:
    """Add each cluster's mean income, profit per person and predictive ratio (mean
    income / mean cost; NaN where the mean cost is 0) to ``stats``, in place."""
    cluster_money = _money_means(money)
    stats["mean_income"] = cluster_money["income"]
    stats["profit_per_person"] = cluster_money["income"] - cluster_money["cost"]
    stats["predictive_ratio"] = cluster_money["income"] / cluster_money["cost"].where(
        cluster_money["cost"] > 0
    )


def _money_means(money: pd.DataFrame) -> pd.DataFrame:
    """Each cluster's mean income and cost (exact sums: :mod:`pbrkit.group_kernel`)."""
    groups = group_kernel.Groups(money["cluster"].to_numpy())
    names = ("income", "cost")
    means = groups.means_of(*(money[c].to_numpy(dtype=np.float64) for c in names))
    return pd.DataFrame(
        {name: mean for name, (mean, _) in zip(names, means, strict=True)},
        index=groups.index("cluster"),
    )


def _coded_traits(
    frame: pd.DataFrame, names: list[str], priced: npt.NDArray[np.bool_]
) -> list[tuple[str, TraitCodes, list[str]]]:
    """Each trait's group code for every priced patient, and the groups' labels."""
    coded = []
    for name in names:
        codes, labels = _trait_codes(frame[name], name)
        coded.append((name, codes if priced.all() else codes[priced], labels))
    return coded


def reduction_in_variance(cost: pd.Series, group: pd.Series) -> float:
    """RIV = 1 − Σ (c_i − c̄_g(i))² / Σ (c_i − c̄)² (docs/methodology.md); NaN if SST is 0."""
    c = cost.to_numpy(dtype=np.float64)
    if len(c) == 0:
        return np.nan
    # Both sums of squares exact (each square rounded, their sum rounded once), so
    # RIV is the same in any row order; the within-group one from each group's mean.
    groups = group_kernel.Groups(group.to_numpy())
    keys, width = groups.keys, groups.width
    # Each group's sum and the sum of all in one pass (the overall sum was a pass of
    # its own: round 19 of issue 16), the same bits.
    sums, counts, total = groups.sums_total(c)
    by_group = np.zeros(width)
    by_group[groups.numbers] = group_kernel.means_from(sums, counts)
    ssw = exact_sum.group_sums(keys, c, width, by_group, pooled=True)[0][0]
    return _riv_of(c, keys, width, total, ssw)


def _riv_of(
    cost: FloatArray, keys: npt.NDArray[Any], width: int, total: float, ssw: float
) -> float:
    """RIV from the costs' exact total and within-group sum of squares (``ssw``): the
    total sum of squares is their squared distances from the overall mean, exact."""
    overall = np.full(width, total / len(cost))
    sst = exact_sum.group_sums(keys, cost, width, overall, pooled=True)[0][0]
    return float(1.0 - ssw / sst) if sst > 0 else np.nan


def detect_traits(patients: pd.DataFrame) -> list[str]:
    """Trait columns found in a patients sheet (see :func:`cost_homogeneity`)."""
    found = []
    for name in patients.columns:
        label = str(name)
        if label in NOT_TRAITS:
            continue
        values = patients[name]
        if label == "age":
            found.append(label)
            continue
        _, distinct_values = _factorised(values)
        text = _text(distinct_values)
        if _is_yes_no_text(values, text):
            found.append(label)
        elif not pd.api.types.is_numeric_dtype(values.dtype):
            distinct = text.nunique(dropna=True)
            if 0 < distinct <= MAX_TRAIT_GROUPS:
                found.append(label)
    return found


def trait_groups(values: pd.Series, name: str) -> npt.NDArray[np.object_]:
    """The subgroup label of each patient for one trait column.

    ``age`` is banded (:data:`AGE_BANDS`), yes/no columns give ``yes``/``no``, other
    columns their own text; blank or unreadable cells give :data:`NOT_RECORDED`.
    """
    codes, labels = _trait_codes(values, name)
    return np.asarray(np.asarray(labels, dtype=object)[codes], dtype=object)


def _trait_codes(values: pd.Series, name: str) -> tuple[TraitCodes, list[str]]:
    """The subgroup of each patient as a code into distinct labels (see
    :func:`trait_groups`).

    The column is factorised once and only its distinct values are parsed, banded
    and case-folded: a trait has a handful of values however many patients it has.
    """
    codes, distinct = _factorised(values)
    if name == "age":
        age = pd.to_numeric(distinct, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        bounds = np.array([low for low, _ in AGE_BANDS[1:]])
        band_labels = np.array([label for _, label in AGE_BANDS], dtype=object)
        out = band_labels[np.searchsorted(bounds, age, side="right")]
        out[np.isnan(age)] = NOT_RECORDED
    else:
        text = _text(distinct)
        if _is_yes_no_text(values, text):
            folded = text.str.casefold()
            out = np.select(
                [folded.isin(_YES).to_numpy(dtype=bool), folded.isin(_NO).to_numpy(dtype=bool)],
                ["yes", "no"],
                default=NOT_RECORDED,
            )
        else:
            out = text.fillna(NOT_RECORDED).to_numpy(dtype=object)
    # Distinct values can share a label ("Yes" and "yes", " a" and "a"): one code each.
    label_codes, labels = pd.factorize(np.asarray(out, dtype=object))
    # A handful of labels: int8 codes, an eighth of the memory of intp ones.
    few = len(labels) <= np.iinfo(np.int8).max
    by_label: TraitCodes = label_codes.astype(np.int8 if few else np.intp)
    return by_label[codes], [str(label) for label in labels]


def _factorised(values: pd.Series) -> tuple[TraitCodes, pd.Series]:
    """A code per value and the first occurrence of each distinct value (as given).

    Everything done to a trait's values is done value by value, so doing it to the
    distinct values and gathering by code gives the same labels. Object columns that
    are not all text are left as they are: ``1`` and ``1.0`` hash alike but read as
    different text.
    """
    categorical = _categorical_codes(values)
    if categorical is not None:
        numbered, first_rows = categorical
        return numbered, values.iloc[first_rows].reset_index(drop=True)
    dtype = values.dtype
    exact = (
        pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_numeric_dtype(dtype)
        or isinstance(dtype, pd.StringDtype)  # categoricals: _categorical_codes
        or (
            pd.api.types.is_object_dtype(dtype)
            and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
        )
    )
    if exact:
        codes = np.asarray(pd.factorize(values, use_na_sentinel=False)[0], dtype=np.intp)
        first = _first_positions(codes)
        if len(first) == (int(codes.max()) + 1 if len(codes) else 0):
            return codes, values.iloc[first].reset_index(drop=True)
    return np.arange(len(values), dtype=np.intp), values.reset_index(drop=True)


#: Rows scanned at a time for first occurrences (a few megabytes of temporaries).
_SCAN_BLOCK: Final = 1 << 20
#: Rows of a categorical's codes scanned at a time for values not seen before.
_CODE_BLOCK: Final = 1 << 18


def _categorical_codes(values: pd.Series) -> tuple[TraitCodes, IntArray] | None:
    """For a categorical (every trait read from a ratings extract), its own codes
    renumbered in order of first appearance, as ``pd.factorize(values,
    use_na_sentinel=False)`` numbers them, and the first row of each; None otherwise.

    pd.factorize would hash every patient's code again into codes of 8 bytes, then
    look for each one's first row over those; a table of the categories' new numbers
    gathered by code gives the same numbers in one byte (at 10 million patients with
    two traits, 0.17 s of CPU less, issue 16 round 13).
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return None
    raw = np.asarray(values.cat.codes)
    # Slot 0 for a blank (code -1), then one per category (code + 1).
    first = _first_rows_by_slot(raw, len(values.cat.categories) + 1)
    present = np.flatnonzero(first >= 0)
    order = present[np.argsort(first[present], kind="stable")]
    few = len(order) <= np.iinfo(np.int8).max
    number = np.zeros(len(first), dtype=np.int8 if few else np.intp)
    number[order] = np.arange(len(order))
    # Rolled so that code c reads slot c + 1, and code -1 (the last entry) slot 0.
    codes: TraitCodes = np.roll(number, -1)[raw]
    return codes, first[order]


def _first_rows_by_slot(raw: npt.NDArray[np.integer[Any]], width: int) -> IntArray:
    """The first row holding each code of ``raw`` at slot code + 1 (a blank, -1, at
    slot 0), -1 for a code in no row; a block at a time, looking only for codes not
    yet seen."""
    first = np.full(width, -1, dtype=np.intp)
    for start in range(0, len(raw), _CODE_BLOCK):
        slots = raw[start : start + _CODE_BLOCK].astype(np.intp)
        slots += 1
        new = (np.bincount(slots, minlength=width) > 0) & (first < 0)
        if new.any():
            found, at = np.unique(slots, return_index=True)
            wanted = new[found]
            first[found[wanted]] = at[wanted] + start
    return first


def _first_positions(codes: IntArray) -> IntArray:
    """Where each code first occurs, for codes numbered in order of first appearance.

    A code first occurs where the running maximum of the codes rises; the running
    maximum is carried from block to block so that the temporaries stay small.
    """
    found = [np.empty(0, dtype=np.intp)]
    top = -1
    for start in range(0, len(codes), _SCAN_BLOCK):
        running = np.maximum.accumulate(codes[start : start + _SCAN_BLOCK])
        np.maximum(running, top, out=running)
        found.append(np.flatnonzero(np.diff(running, prepend=top) > 0) + start)
        top = int(running[-1])
    return np.concatenate(found)


def _text(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values.dtype):
        text = values.map({True: "yes", False: "no"})
    elif pd.api.types.is_numeric_dtype(values.dtype):
        numbers = values.astype(np.float64)
        text = numbers.map(lambda v: str(int(v)) if float(v).is_integer() else str(v))
    else:
        text = values.astype("string").str.strip()
    text = text.astype("string")
    return text.where(text.notna() & (text != ""))


def _is_yes_no_text(values: pd.Series, text: pd.Series) -> bool:
    """Whether ``values`` is a yes/no column; ``text`` is :func:`_text` of its values."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return True
    folded = text.dropna().str.casefold()
    return len(folded) > 0 and bool(folded.isin(_YES | _NO).all())


def _measured(patients: pd.DataFrame, sheet: str, rows: npt.ArrayLike | None) -> pd.DataFrame:
    """Patients with a cluster and a cost, cost as float; problems raised together."""
    missing = [name for name in ("cluster", "cost") if name not in patients.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    f"required column '{name}' is missing",
                    sheet=sheet,
                    row=1,
                    column=name,
                    fix=f"add a column headed '{name}'",
                )
                for name in missing
            ]
        )
    sheet_rows = (
        np.arange(2, len(patients) + 2) if rows is None else np.asarray(rows, dtype=np.int64)
    )
    cost, cluster = _numbers(patients["cost"]), _numbers(patients["cluster"])
    bad = np.flatnonzero((cost < 0) | np.isinf(cost))
    if bad.size:
        problems = [
            Problem(
                "cost is negative" if cost[i] < 0 else "cost is not a finite amount",
                sheet=sheet,
                row=int(sheet_rows[i]),
                column="cost",
                value=patients["cost"].iloc[i],
                expected="an amount in £ of 0 or more",
                fix="correct the cost, or leave it blank if it is not known",
            )
            for i in bad[:MAX_PROBLEMS]
        ]
        if bad.size > MAX_PROBLEMS:
            problems.append(
                Problem(f"{bad.size - MAX_PROBLEMS:,} more costs are not valid", sheet=sheet)
            )
        raise InputError(problems)
    if np.any(np.signbit(cost) & (cost == 0)):
        # −0 is 0: a cluster's costs are sorted without regard to order among equals,
        # so a quantile between −0.0 and 0.0 could come out either way (and print as
        # "-0.0" in summary.json).
        cost = cost + 0.0
    keep = ~np.isnan(cost) & ~np.isnan(cluster)
    # Every patient kept (the usual case): no copy of the table or of its costs, only
    # the clusters as integers (160 MB less at 10 million patients).
    every = bool(keep.all())
    frame: pd.DataFrame = (patients if every else patients.loc[keep]).reset_index(drop=True)
    frame["cluster"] = (cluster if every else cluster[keep]).astype(np.int64)
    frame["cost"] = pd.Series(cost if every else cost[keep], copy=False)  # shared, not copied
    return frame


def _numbers(values: pd.Series) -> FloatArray:
    """A column as floats, NaN where it is not a number; a float column as it is
    (``pd.to_numeric`` and ``na_value`` would copy it, unchanged, twice)."""
    if values.dtype == np.float64:
        return np.asarray(values.to_numpy(), dtype=np.float64)
    numbers = pd.to_numeric(values, errors="coerce")
    return np.asarray(numbers.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def _priced_table(
    cluster: pd.Series, income: FloatArray, cost: pd.Series, priced: npt.NDArray[np.bool_]
) -> pd.DataFrame:
    """``cluster``, ``income`` and ``cost`` of the priced patients, in input order.

    The columns share the measured arrays (``copy=False``) and are filtered only when
    some patient is unpriced: at 10 million patients a copied table is 240 MB.
    """
    money = pd.DataFrame({"cluster": cluster, "income": income, "cost": cost}, copy=False)
    return money if priced.all() else money[priced]


#: Patients compared, centred or summed at a time (whole clusters for the sums).
STATS_BLOCK: Final = 1 << 20


def _cluster_costs(frame: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Each cluster's cost figures (indexed by ``cluster``, int64): ``n``, ``mean``,
    ``sd``, ``p10``, ``p50``, ``p90``, ``top10_share``, and the trim's cut-offs
    ``lowest`` and ``highest`` (see :func:`_within_trim`); and the clusters' RIV
    (:func:`reduction_in_variance`, from the mean's and the SD's exact sums).

    The mean and SD come from exact sums (:mod:`pbrkit.group_kernel`), the same in
    any row order. For the rest the costs are put in cluster order once (a stable sort
    of the cluster codes) and each cluster's costs are sorted where they lie: the quantiles
    are picked from them (:func:`_picked`, pandas' rule, bit for bit) and the top
    tenth's sums are taken from the highest down, as they always were. One sort of
    each cluster instead of pandas' group-by quantiles: 0.1 s against 0.7 s for 10
    million patients, and no arrays beyond the sorted costs.
    """
    cluster = frame["cluster"].to_numpy(dtype=np.int64)
    keys = _small_codes(cluster)
    stats, riv = _count_mean_sd(frame, keys)
    keys, cost = _in_cluster_order(keys, frame["cost"].to_numpy(dtype=np.float64))
    starts = _starts(keys)
    sizes = np.diff(np.append(starts, len(keys)))
    group_kernel.sort_runs(cost, starts, sizes)  # equal costs are the same bits (no -0.0)
    figures = pd.DataFrame(
        {
            "p10": _picked(cost, starts, sizes, 0.1, "linear"),
            "p50": _picked(cost, starts, sizes, 0.5, "linear"),
            "p90": _picked(cost, starts, sizes, 0.9, "linear"),
            "lowest": _picked(cost, starts, sizes, TRIM_LOW, "lower"),
            "highest": _picked(cost, starts, sizes, TRIM_HIGH, "higher"),
        },
        index=stats.index,  # the same clusters, ascending
    )
    for start, size in zip(starts.tolist(), sizes.tolist(), strict=True):
        cost[start : start + size] = cost[start : start + size][::-1].copy()  # highest first
    # A batch of whole clusters at a time: each cluster's sums are its own rows' (the
    # same bits in any batch), and the temporaries are a batch's size (3 arrays of
    # 80 MB at 10 million patients otherwise).
    shares = [
        _top_decile_share(cost[start:stop], keys[start:stop])
        for start, stop in _batches(starts, len(keys), STATS_BLOCK)
    ]
    figures["top10_share"] = np.concatenate(shares) if shares else []
    return stats.join(figures), riv


def _in_cluster_order(
    keys: npt.NDArray[np.integer[Any]], cost: FloatArray
) -> tuple[npt.NDArray[np.integer[Any]], FloatArray]:
    """The keys sorted, and the costs in the same order (a stable sort of the keys):
    by counting, in one compiled pass, where the codes are small (no array of 10
    million positions to sort and gather by: 0.3-0.45 s and 80 MB at 10 million
    patients; round 15 of issue 16); the same arrays."""
    if group_kernel.compiled(keys):
        placed, ordered_keys = group_kernel.Groups(keys).in_order(cost)
        return ordered_keys, placed
    by_cluster = np.argsort(keys, kind="stable")
    return keys[by_cluster], cost[by_cluster]


def _count_mean_sd(
    frame: pd.DataFrame, keys: npt.NDArray[np.integer[Any]]
) -> tuple[pd.DataFrame, float]:
    """Each cluster's ``n``, ``mean`` and ``sd`` of cost, indexed by ``cluster``
    (``keys``: the same clusters, maybe narrower), from exact sums
    (:mod:`pbrkit.group_kernel`): the same in any row order; and the clusters' RIV.

    The RIV's total and within-cluster sum of squares are the exact totals of the
    mean's and the SD's passes, the bits :func:`reduction_in_variance`'s own passes
    give (the same clusters, so the same means and squares): three passes over every
    patient fewer (round 19 of issue 16)."""
    cost = frame["cost"].to_numpy(dtype=np.float64)
    groups = group_kernel.Groups(keys)
    mean, sd, counts, (total, within) = groups.mean_std_totals(cost)
    index = pd.Index(groups.codes.astype(np.int64), name="cluster")
    table = pd.DataFrame({"n": counts, "mean": mean, "sd": sd}, index=index)
    riv = _riv_of(cost, groups.keys, groups.width, total, within) if len(cost) else np.nan
    return table, riv


def _starts(keys: npt.NDArray[np.integer[Any]]) -> IntArray:
    """Where each run of equal (sorted) keys starts."""
    return np.flatnonzero(np.diff(keys, prepend=keys[:1] - 1) != 0)


def _batches(starts: IntArray, n: int, block: int) -> list[tuple[int, int]]:
    """Slices of whole clusters (``starts``: where each begins) covering all ``n``
    rows, a new one begun at the first cluster ``block`` rows or more after the last;
    none for no rows."""
    if n == 0:
        return []
    bounds = [0]
    for start in starts.tolist()[1:]:
        if start - bounds[-1] >= block:
            bounds.append(start)
    return list(zip(bounds, [*bounds[1:], n], strict=True))


def _picked(
    cost: FloatArray,
    starts: IntArray,
    sizes: IntArray,
    q: float,
    interpolation: Literal["linear", "lower", "higher"],
) -> FloatArray:
    """Quantile ``q`` of each cluster's sorted costs (``cost[start : start + size]``),
    as pandas' group-by ``quantile`` picks it (pandas/_libs/groupby.pyx,
    ``group_quantile``): position q·(n − 1), its whole part ``i`` and fraction ``f``;
    "linear" is x[i] + (x[i+1] − x[i])·f, "lower" x[i], "higher" x[i+1] when f > 0.
    The same arithmetic in the same order, so the same bits (a property test checks).
    """
    position = q * (sizes - 1).astype(np.float64)
    whole = position.astype(np.int64)  # truncated, as pandas casts it
    fraction = np.fmod(position, 1.0)
    value = cost[starts + whole]
    if interpolation == "lower":
        return np.asarray(value, dtype=np.float64)
    # The next cost when the position falls between two (never past a cluster's end).
    following = cost[np.minimum(starts + whole + 1, starts + sizes - 1)]
    if interpolation == "higher":
        return np.asarray(np.where(fraction == 0.0, value, following), dtype=np.float64)
    if interpolation != "linear":
        raise ValueError(f"unknown interpolation {interpolation!r}")
    between = value + (following - value) * fraction
    return np.asarray(np.where(fraction == 0.0, value, between), dtype=np.float64)


def _cluster_stats(costs: pd.DataFrame, cv_threshold: float) -> pd.DataFrame:
    """The ``clusters`` table of :class:`HomogeneityResult` from :func:`_cluster_costs`."""
    stats = costs[["n", "mean", "sd"]].copy()
    stats["cv"] = stats["sd"] / stats["mean"].where(stats["mean"] != 0)
    for name in ("p10", "p50", "p90", "top10_share"):
        stats[name] = costs[name]
    stats["high_cv"] = (stats["cv"] > cv_threshold).to_numpy(dtype=bool)
    stats.index.name = "cluster"
    return stats


def _top_decile_share(cost: FloatArray, keys: npt.NDArray[np.integer[Any]]) -> FloatArray:
    """Share of each cluster's cost held by its costliest ceil(n / 10) patients, in
    cluster order.

    ``cost`` is in cluster order (``keys`` sorted), each cluster's costs from the
    highest: the values a stable sort of the rows by cluster and cost gives, so the
    sums below add the same numbers in the same order (equal costs are
    interchangeable). Each cluster's rows are one run and no cost is NaN, so the sums
    are ``np.add.reduceat`` over the runs: what a pandas group-by of these rows does
    itself (``pandas.core.groupby.ops._reduceat_aggregate``, taken when the groups
    come in order and nothing is NaN), without its factorisation of every row.
    """
    starts = _starts(keys)
    sizes = np.diff(np.append(starts, len(keys)))
    # A patient is in the top tenth when its position is before its cluster's start
    # plus ceil(n / 10).
    in_top = np.arange(len(keys)) < np.repeat(starts + np.ceil(sizes / 10), sizes)
    top = np.where(in_top, cost, 0.0)
    del in_top
    totals = np.add.reduceat(cost, starts)
    top_totals = np.add.reduceat(top, starts)
    return np.asarray(top_totals / np.where(totals > 0, totals, np.nan), dtype=np.float64)


def _small_codes(cluster: npt.NDArray[np.int64]) -> npt.NDArray[np.integer[Any]]:
    """Cluster codes as int16 when they fit, which numpy sorts stably in one radix pass."""
    if cluster.size and cluster.min() >= 0 and cluster.max() < np.iinfo(np.int16).max:
        return cluster.astype(np.int16)
    return cluster


def _within_trim(frame: pd.DataFrame, costs: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Patients kept by :data:`TRIM_RULE`.

    The cut-offs are observed costs (the lower quantile rounds down, the upper one
    up), so at most 0.5% and 1% of a cluster are dropped, and nothing at all from a
    cluster too small for a patient to make up 1% of it. Compared a block of
    patients at a time (each against its own cluster's cut-offs).
    """
    cluster = frame["cluster"].to_numpy(dtype=np.int64)
    cost = frame["cost"].to_numpy(dtype=np.float64)
    keep = np.empty(len(cost), dtype=bool)
    for start in range(0, len(cost), STATS_BLOCK):
        block = slice(start, start + STATS_BLOCK)
        lowest = values_by_code(costs["lowest"], cluster[block])
        highest = values_by_code(costs["highest"], cluster[block])
        keep[block] = (cost[block] >= lowest) & (cost[block] <= highest)
    return keep


def _trimmed_riv(frame: pd.DataFrame, keep: npt.NDArray[np.bool_]) -> float:
    """RIV of the patients ``keep`` holds, grouped by int16 codes when they fit (the
    groups, so the figure, are the same; a quarter of the memory)."""
    cost = frame["cost"].to_numpy(dtype=np.float64)[keep]
    cluster = _small_codes(frame["cluster"].to_numpy(dtype=np.int64))[keep]
    return reduction_in_variance(pd.Series(cost, copy=False), pd.Series(cluster, copy=False))


def _trait_tables(
    money: pd.DataFrame, coded: list[tuple[str, TraitCodes, list[str]]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Profit per subgroup of each trait (``coded``: name, code per row, labels).

    Grouped by integer codes, one trait at a time: each group's rows are averaged in
    row order, exactly as a group-by over the labels would.
    """
    # The two columns as they are (money[["income", "cost"]] copied both: 160 MB).
    values = pd.DataFrame(
        {name: money[name].to_numpy(dtype=np.float64) for name in ("income", "cost")}, copy=False
    )
    cluster_codes, clusters = _cluster_codes(money["cluster"].to_numpy(dtype=np.int64))
    width = max(len(clusters), 1)
    overall, per_cluster = [], []
    for name, codes, labels in coded:
        names = np.asarray(labels, dtype=object)
        key, table = _group_means(values, codes)
        overall.append(table.assign(trait=name, group=names[key]))
        # The same key as codes * width + cluster code, built in one array.
        cell = codes.astype(np.intp)
        cell *= width
        cell += cluster_codes
        key, table = _group_means(values, cell)
        del cell
        per_cluster.append(
            table.assign(
                trait=name,
                group=names[key // width],
                cluster=np.asarray(clusters, dtype=np.int64)[key % width],
            )
        )
    order = {name: i for i, (name, _, _) in enumerate(coded)}
    columns = ["trait", "group"]
    return (
        _profit_table(pd.concat(overall, ignore_index=True), columns, order),
        _profit_table(pd.concat(per_cluster, ignore_index=True), [*columns, "cluster"], order),
    )


#: Clusters coded by their own numbers when these are below this (care clusters: 0-99).
_OWN_CODES: Final = 128


def _cluster_codes(cluster: npt.NDArray[np.int64]) -> tuple[TraitCodes, npt.NDArray[np.int64]]:
    """A code per patient for their cluster, and the cluster of each code.

    Clusters numbered below :data:`_OWN_CODES` are their own codes (every number
    from 0 up a code, used or not): a cell's key, trait code × width + cluster
    code, then names the same patients, and the cells come in the same order of
    first appearance, as with the codes ``pd.factorize`` gives, which it no longer
    builds a hash table of every patient for (0.1 s at 10 million; round 17 of
    issue 16). Other clusters: ``pd.factorize``'s codes.
    """
    if len(cluster) and int(cluster.min()) >= 0 and int(cluster.max()) < _OWN_CODES:
        return cluster.astype(np.int16), np.arange(int(cluster.max()) + 1, dtype=np.int64)
    found, clusters = pd.factorize(cluster)
    width = max(len(clusters), 1)
    codes: TraitCodes = found.astype(np.int16 if width <= np.iinfo(np.int16).max else np.intp)
    return codes, np.asarray(clusters, dtype=np.int64)


def _group_means(values: pd.DataFrame, key: TraitCodes) -> tuple[IntArray, pd.DataFrame]:
    """Rows, mean income and mean cost per ``key``, in order of first appearance (as
    ``groupby(key, sort=False)`` lists them), from exact sums (:mod:`pbrkit.group_kernel`)."""
    groups = group_kernel.Groups(key, appearance=True)
    (mean_income, sizes), (mean_cost, _) = groups.means_of(
        values["income"].to_numpy(dtype=np.float64), values["cost"].to_numpy(dtype=np.float64)
    )
    table = pd.DataFrame({"n": sizes, "mean_income": mean_income, "mean_cost": mean_cost})
    return np.asarray(groups.codes, dtype=np.intp), table


def _profit_table(table: pd.DataFrame, keys: list[str], order: dict[str, int]) -> pd.DataFrame:
    table = table[[*keys, "n", "mean_income", "mean_cost"]].copy()
    table["profit_per_person"] = table["mean_income"] - table["mean_cost"]
    table["total_profit"] = table["profit_per_person"] * table["n"]
    band_rank = {label: i for i, (_, label) in enumerate(AGE_BANDS)} | {"yes": 0, "no": 1}
    table["_trait"] = table["trait"].map(order)
    table["_group"] = table["group"].map(
        lambda g: (g == NOT_RECORDED, band_rank.get(g, len(band_rank)), g)
    )
    sort_keys = ["_trait", "_group"] + (["cluster"] if "cluster" in keys else [])
    table = table.sort_values(sort_keys, kind="stable").drop(columns=["_trait", "_group"])
    return table.reset_index(drop=True)
