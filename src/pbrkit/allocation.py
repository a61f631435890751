"""Suggest a care cluster for each patient from MHCT ratings (docs/methodology.md §5), vectorised.

The grid (``profiles.csv``) is long rows ``cluster, item, rating, band``: for each
cluster, MHCT scale and rating, one of the booklet's four shadings, ``must``,
``expected``, ``may`` or ``unlikely`` (docs/methodology.md). For each patient and
profiled cluster k, over the items whose rating is known:

* k is **ruled out** if some item has ``must`` rows for k and the patient's rating on
  it is not one of them;
* **score(k)** is the sum of the band weights of (k, item, rating), 0 where the grid
  has no row (weights: must +2, expected +2, may +1, unlikely -2; configurable);
* the **suggestion** is the highest-scoring cluster not ruled out, ties going to the
  lower code; none left, or the best score below ``min_score``, gives 0 (variance);
* more than ``max_unknown`` unknown items (blank or 9) gives 99 (not assessed).

The algorithm is pbrkit's own: the national clustering algorithm's rules are not
published (docs/methodology.md). :func:`allocate` works on all patients at once: the grid
is folded into a few lookup tables, one per group of six items, indexed by the
group's six ratings, so a patient's score for every cluster is three table rows
added together (see :func:`_group_tables`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Final, Literal, NamedTuple, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from pbrkit import group_kernel
from pbrkit.currency import active_currency
from pbrkit.errors import InputError, Problem
from pbrkit.io.parse import cluster_number

IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
Int8Array = npt.NDArray[np.int8]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: The 18 MHCT scales in order: HoNOS items 1-12, then the SARN scales 13 and
#: A-E (historical) (docs/methodology.md).
ITEMS: Final[tuple[str, ...]] = (*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E")
#: Ratings 0 (no problem) to 4 (severe to very severe) (docs/methodology.md).
RATINGS: Final[tuple[int, ...]] = (0, 1, 2, 3, 4)
#: How an unknown rating is held in a ratings array (blank or 9 in the input).
UNKNOWN: Final = -1
#: Rating used for "not known" in MHCT/HoNOS returns (docs/methodology.md).
UNKNOWN_CODE: Final = 9
#: The booklet's grid shadings (docs/methodology.md), in the order used in arrays.
BANDS: Final[tuple[str, ...]] = ("must", "expected", "may", "unlikely")
#: Bad cells reported one by one before the rest are summarised in one line.
MAX_PROBLEMS: Final = 50

_N_ITEMS = len(ITEMS)
_N_LEVELS = len(RATINGS) + 1  # ratings 0-4 plus "unknown" as level 5
_GROUP = 6  # items per lookup table: 6**6 rows x K clusters, three tables for 18 items
_CHUNK = 1 << 14  # patients scored at a time, so the (chunk x K) scores stay in cache


@dataclass(frozen=True)
class BandWeights:
    """Score added for a rating in each band of a cluster's grid (docs/methodology.md §5)."""

    must: float = 2.0
    expected: float = 2.0
    may: float = 1.0
    unlikely: float = -2.0

    def as_array(self) -> FloatArray:
        """The weights in :data:`BANDS` order."""
        return np.array([self.must, self.expected, self.may, self.unlikely], dtype=np.float64)


DEFAULT_WEIGHTS: Final = BandWeights()


class Outcome(IntEnum):
    """Why a patient got the suggestion they got."""

    SUGGESTED = 0  # a profiled cluster
    BELOW_MIN_SCORE = 1  # variance (0): the best allowed score is below min_score
    RULED_OUT = 2  # variance (0): every profiled cluster is ruled out by a must rule
    NOT_ASSESSED = 3  # 99: more than max_unknown items unknown


@dataclass(frozen=True, eq=False)
class CompiledProfiles:
    """A validated grid as arrays, clusters in ascending code order.

    Attributes:
        clusters: the K profiled cluster codes, ascending (ties go to the lower one).
        band: ``[K, 18, 5]`` index into :data:`BANDS` of each (cluster, item,
            rating), -1 where the grid has no row.
        score: ``[K, 18, 5]`` the weight that rating adds to the cluster's score.
        allowed: ``[K, 18, 5]`` False where the rating breaks a must rule.
        has_must: ``[K, 18]`` True where the item has must rows for the cluster.
        weights: the band weights the scores were built with.
    """

    clusters: IntArray
    band: Int8Array
    score: FloatArray
    allowed: BoolArray
    has_must: BoolArray
    weights: BandWeights


@dataclass(frozen=True, eq=False)
class Allocation:
    """Per-patient allocation arrays, all of length n (the patients, in input order).

    Attributes:
        suggested: the suggested cluster; 0 variance, 99 not assessed.
        score: the suggested cluster's score; for a variance patient below
            ``min_score``, the best allowed score; otherwise NaN.
        runner_up: the best alternative to the suggestion: the second-best allowed
            cluster, or for a patient below ``min_score`` the best allowed cluster
            (which was not good enough); -1 when there is none.
        runner_up_score: the runner-up's score (NaN when none).
        margin: ``score - runner_up_score`` for a suggested cluster, else NaN.
        outcome: an :class:`Outcome` code per patient.
        unknown_count: how many of the 18 items are unknown.
        unknown_items: bitmask of the unknown items (bit j = ``ITEMS[j]``); int32,
            as 18 items take 18 bits.
        breaking_items: for :attr:`Outcome.RULED_OUT` patients, bitmask of the items
            whose rating breaks a must rule of some cluster; 0 for everyone else
            (int32).
        min_score: the ``min_score`` used.
        max_unknown: the ``max_unknown`` used.
    """

    suggested: IntArray
    score: FloatArray
    runner_up: IntArray
    runner_up_score: FloatArray
    margin: FloatArray
    outcome: Int8Array
    unknown_count: Int8Array
    unknown_items: Int32Array
    breaking_items: Int32Array
    min_score: float
    max_unknown: int

    def __len__(self) -> int:
        return len(self.suggested)


# --------------------------------------------------------------------------- grid


def compile_profiles(
    profiles: pd.DataFrame,
    weights: BandWeights = DEFAULT_WEIGHTS,
    *,
    sheet: str = "profiles",
    rows: npt.ArrayLike | None = None,
) -> CompiledProfiles:
    """Validate a long ``cluster, item, rating, band`` grid and turn it into arrays.

    Column names are matched ignoring case, spaces and underscores. Cluster codes
    may be written as in any input (``3``, ``03``, ``C3``, ``Cluster 3``,
    ``MHCC03``); items as ``1``-``13`` and ``A``-``E``; bands in any case.

    Args:
        profiles: the grid, one row per (cluster, item, rating) that has a band.
        weights: score per band.
        sheet: sheet name used in problem messages.
        rows: spreadsheet row number of each frame row, for messages; by default
            the header is row 1 and the frame's rows follow it.

    Returns:
        The grid as arrays.

    Raises:
        InputError: one problem per bad row: an unknown cluster (including 0, 9 and
            99, which take no rows), item, rating or band, or a repeated
            (cluster, item, rating).
    """
    columns = _match_profile_columns(profiles, sheet)
    sheet_rows = _sheet_rows(len(profiles), rows)
    problems: list[Problem] = []
    cells = zip(*(profiles[columns[name]].tolist() for name in _PROFILE_COLUMNS), strict=True)
    parsed = _profile_rows(zip(sheet_rows, cells, strict=True), sheet, problems)
    if not parsed and not problems:
        problems.append(
            Problem(
                "the grid has no rows",
                sheet=sheet,
                expected="rows of cluster, item, rating, band",
                fix="add at least one row, or use a shipped grid",
            )
        )
    if problems:
        raise InputError(_capped(problems, sheet), hint=_PROFILES_HINT)
    return _build_compiled(np.array(parsed, dtype=np.int64), weights)


def _profile_rows(
    rows: Iterable[tuple[Any, tuple[Any, Any, Any, Any]]], sheet: str, problems: list[Problem]
) -> list[tuple[int, int, int, int]]:
    """Each readable grid row as (cluster, item index, rating, band index); a row
    with a bad cell, or repeating an earlier (cluster, item, rating), is a problem."""
    parsed: list[tuple[int, int, int, int]] = []
    first_seen: dict[tuple[int, int, int], tuple[int, str]] = {}
    for sheet_row, (cluster_cell, item_cell, rating_cell, band_cell) in rows:
        row = int(sheet_row)
        cluster = _profile_cluster(cluster_cell, sheet, row, problems)
        item = _profile_item(item_cell, sheet, row, problems)
        rating = _profile_rating(rating_cell, sheet, row, problems)
        band = _profile_band(band_cell, sheet, row, problems)
        if cluster is None or item is None or rating is None or band is None:
            continue
        key = (cluster, item, rating)
        if key in first_seen:
            earlier_row, earlier_band = first_seen[key]
            problems.append(
                Problem(
                    f"cluster {cluster}, item {ITEMS[item]}, rating {rating} is given twice "
                    f"(row {earlier_row} says '{earlier_band}')",
                    sheet=sheet,
                    row=row,
                    column="rating",
                    value=rating_cell,
                    expected="one band per cluster, item and rating",
                    fix="delete one of the two rows",
                )
            )
            continue
        first_seen[key] = (row, BANDS[band])
        parsed.append((cluster, item, rating, band))
    return parsed


_PROFILE_COLUMNS: Final = ("cluster", "item", "rating", "band")
_PROFILES_HINT: Final = (
    "A grid is long rows 'cluster, item, rating, band' with band one of must, expected, "
    "may, unlikely; see tariffs/illustrative-2014-15/profiles.csv for the shape."
)


def _norm_name(name: object) -> str:
    return re.sub(r"[\s_]+", "", str(name)).casefold()


def _match_profile_columns(profiles: pd.DataFrame, sheet: str) -> dict[str, object]:
    by_name: dict[str, object] = {}
    for label in profiles.columns:
        by_name.setdefault(_norm_name(label), label)
    missing = [name for name in _PROFILE_COLUMNS if name not in by_name]
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
            ],
            hint=_PROFILES_HINT,
        )
    return {name: by_name[name] for name in _PROFILE_COLUMNS}


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_whole_number(value: object) -> int | None:
    """An integer from ``3``, ``3.0``, ``"3"`` or ``" 3.0 "``; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return int(value) if float(value).is_integer() else None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(-?\d+)(?:\.0*)?\s*", value)
        return int(match.group(1)) if match else None
    return None


def __getattr__(name: str) -> object:
    """``VARIANCE``, ``NOT_ASSESSED`` and ``PROFILED_CLUSTERS`` from the reference set.

    Variance is suggested when no profiled cluster fits, "not assessed" when too
    many ratings are unknown; a grid may describe only the profiled clusters (not the
    fallback, not the unused code, not "not assessed"). Read when first asked for.
    """
    codes = _special_codes()
    if name in codes:
        return codes[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _special_codes() -> dict[str, Any]:
    currency = active_currency()
    if currency.variance is None or currency.not_assessed is None:
        raise ValueError("allocation needs a set with a variance and a 'not assessed' code")
    return {
        "VARIANCE": currency.variance,
        "NOT_ASSESSED": currency.not_assessed,
        "PROFILED_CLUSTERS": currency.profiled,
    }


def _profile_cluster(value: object, sheet: str, row: int, problems: list[Problem]) -> int | None:
    currency = active_currency()
    blank = _is_blank(value)
    code = None if blank else _as_whole_number(value)
    if code is None and not blank:
        code = cluster_number(value)
    if code in currency.profiled:
        return code
    # The valid codes are described only for a problem: describing them for each of a
    # grid's ~1,800 good rows took about 0.2 s of every run.
    profiled = currency.describe_list(currency.profiled)
    expected = f"a cluster code {profiled}"
    if blank:
        problems.append(Problem("cluster is blank", sheet, row, "cluster", None, expected))
        return None
    if code in currency.unused:
        message, fix = currency.unused_message(code)[0], "delete the row"
    elif code is not None and code == currency.variance:
        message, fix = (
            f"cluster {code} (variance) is what a patient gets when no profile fits; "
            "it takes no grid rows",
            "delete the row",
        )
    elif code is not None and code == currency.not_assessed:
        message, fix = (f"cluster {code} (not assessed) takes no grid rows", "delete the row")
    else:
        message, fix = "not a cluster code", f"use a code {profiled}"
    problems.append(Problem(message, sheet, row, "cluster", value, expected, fix))
    return None


def _profile_item(value: object, sheet: str, row: int, problems: list[Problem]) -> int | None:
    number = _as_whole_number(value)
    text = str(number) if number is not None else str(value).strip().upper()
    if not _is_blank(value) and text in ITEMS:
        return ITEMS.index(text)
    problems.append(
        Problem(
            "item is blank" if _is_blank(value) else "not an MHCT item",
            sheet,
            row,
            "item",
            None if _is_blank(value) else value,
            "an MHCT item 1-13 or A-E",
            "write the scale as on the MHCT form: 1 to 13, or A to E for the historical scales",
        )
    )
    return None


def _profile_rating(value: object, sheet: str, row: int, problems: list[Problem]) -> int | None:
    number = None if _is_blank(value) else _as_whole_number(value)
    if number is not None and number in RATINGS:
        return number
    problems.append(
        Problem(
            "rating is blank" if _is_blank(value) else "not a rating 0-4",
            sheet,
            row,
            "rating",
            None if _is_blank(value) else value,
            "a whole number 0-4",
            "write one row per rating (a range such as 2-4 takes three rows)",
        )
    )
    return None


def _profile_band(value: object, sheet: str, row: int, problems: list[Problem]) -> int | None:
    text = "" if _is_blank(value) else str(value).strip().casefold()
    if text in BANDS:
        return BANDS.index(text)
    problems.append(
        Problem(
            "band is blank" if not text else "not a band",
            sheet,
            row,
            "band",
            None if not text else value,
            "one of " + ", ".join(BANDS),
            "use the booklet's four shadings: must, expected, may, unlikely",
        )
    )
    return None


def _build_compiled(rows: IntArray, weights: BandWeights) -> CompiledProfiles:
    """Arrays from validated ``(cluster, item, rating, band)`` rows."""
    clusters = np.unique(rows[:, 0])
    k = np.searchsorted(clusters, rows[:, 0])
    band = np.full((len(clusters), _N_ITEMS, len(RATINGS)), -1, dtype=np.int8)
    band[k, rows[:, 1], rows[:, 2]] = rows[:, 3]
    is_must = band == BANDS.index("must")
    has_must = is_must.any(axis=2)
    allowed = is_must | ~has_must[:, :, np.newaxis]
    score = np.where(band >= 0, weights.as_array()[band], 0.0)
    return CompiledProfiles(clusters, band, score, allowed, has_must, weights)


# ------------------------------------------------------------------------ ratings


def ratings_array(
    frame: pd.DataFrame,
    *,
    sheet: str = "ratings",
    rows: npt.ArrayLike | None = None,
    max_problems: int = MAX_PROBLEMS,
) -> Int8Array:
    """Turn the 18 rating columns of a sheet into an ``(n, 18)`` int8 array.

    Columns are found by their MHCT labels ``1``-``13`` and ``A``-``E`` (case and
    surrounding spaces ignored). Cells may be numbers or text (``2``, ``"2"``,
    ``2.0``); blank and 9 mean unknown and become :data:`UNKNOWN` (-1).

    Args:
        frame: the ratings sheet (other columns are ignored).
        sheet: sheet name used in problem messages.
        rows: spreadsheet row number of each frame row; by default the header is
            row 1 and the frame's rows follow it.
        max_problems: bad cells reported one by one; the rest are counted.

    Returns:
        Ratings 0-4, or -1 where unknown, one row per frame row.

    Raises:
        InputError: a rating column is missing, or cells hold anything but 0-4, 9
            or blank (one problem per cell, in reading order, then a count).
    """
    sheet_rows = _sheet_rows(len(frame), rows)
    labels: dict[str, object] = {}
    for label in frame.columns:
        labels.setdefault(str(label).strip().upper(), label)
    missing = [item for item in ITEMS if item not in labels]
    if missing:
        raise InputError(
            Problem(
                "rating column"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(missing)
                + (" are" if len(missing) > 1 else " is")
                + " missing",
                sheet=sheet,
                row=1,
                expected="columns headed 1 to 13 and A to E (the 18 MHCT scales)",
                fix="add the missing columns; leave cells blank where an item was not rated",
            )
        )
    out, flagged = _filled(frame, labels)
    if flagged:
        every = np.zeros((len(frame), _N_ITEMS), dtype=bool)
        for j, bad in flagged.items():
            every[:, j] = bad
        raise InputError(
            _rating_problems(frame, labels, every, sheet_rows, sheet, max_problems),
            hint="MHCT ratings are 0 (no problem) to 4 (severe); leave a cell blank, "
            "or write 9, when the item is not known.",
        )
    return out  # a patient's 18 ratings side by side, as allocated


def _plain_integers(values: pd.Series) -> bool:
    """A column of NumPy integers (Parquet's int8, say): no blank, nothing to parse.

    Nullable integers (``Int8``, with blanks) take the general path.
    """
    return isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu"


def _cell_numbers(values: pd.Series) -> tuple[FloatArray, BoolArray]:
    """Cell values as floats (NaN where not a number), and which cells are blank.

    Text columns are parsed once per distinct value, not once per cell: a ratings
    column holds a handful of distinct strings however many patients it has.
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        numbers = np.full(len(values), np.nan)
        return numbers, values.isna().to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values.dtype):
        numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
        return numbers, np.isnan(numbers)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [_parse_cell(value) for value in uniques]
    unique_numbers = np.array([number for number, _ in parsed] + [np.nan], dtype=np.float64)
    unique_blank = np.array([blank for _, blank in parsed] + [True], dtype=bool)
    # code -1 (a missing cell) picks the trailing "blank" entry
    return unique_numbers[codes], unique_blank[codes]


def _parse_cell(value: object) -> tuple[float, bool]:
    """(number or NaN, is blank) for one distinct cell value."""
    if _is_blank(value):
        return np.nan, True
    if isinstance(value, bool | np.bool_):
        return np.nan, False
    text = str(value).strip()
    if "_" in text:  # Python's float() reads "0_3" as 3: a rating is never written so
        return np.nan, False
    try:
        return float(text), False
    except ValueError:
        return np.nan, False


def _filled(
    frame: pd.DataFrame, labels: dict[str, object]
) -> tuple[Int8Array, dict[int, BoolArray]]:
    """The ratings (unknown as -1), a patient's 18 side by side (C order, as
    allocated), and the flags of the bad cells of each item column that has any.

    Only the columns with a bad cell keep their flags: a table of every cell's flag
    was 180 MB of fresh memory at 10 million patients (round 10 of issue 16).
    """
    columns = [frame[labels[item]] for item in ITEMS]
    if all(_plain_integers(column) for column in columns):
        return _filled_typed([column.to_numpy() for column in columns])
    # Filled a column at a time, so held column by column (Fortran order) until the end.
    out = np.empty((_N_ITEMS, len(frame)), dtype=np.int8).T
    flagged: dict[int, BoolArray] = {}
    for j, column in enumerate(columns):
        if _plain_integers(column):  # a typed extract: no float copies of every cell
            whole = column.to_numpy()
            rating, bad = _typed_rating(whole), _typed_bad(whole)
            out[:, j] = np.where(rating, whole, UNKNOWN)
        else:
            numbers, blank = _cell_numbers(column)
            valid = np.isin(numbers, (*RATINGS, UNKNOWN_CODE))
            unknown = blank | (numbers == UNKNOWN_CODE)
            bad = ~blank & ~valid
            out[:, j] = np.where(unknown | ~valid, UNKNOWN, np.nan_to_num(numbers)).astype(np.int8)
        if bad.any():
            flagged[j] = bad
    return np.ascontiguousarray(out), flagged


#: Patients whose typed ratings are filled in at a time (18 columns of int8 in cache).
RATINGS_BLOCK: Final = 1 << 16


def _filled_typed(
    columns: list[npt.NDArray[np.integer[Any]]],
) -> tuple[Int8Array, dict[int, BoolArray]]:
    """:func:`_filled` of 18 integer columns (a typed extract: Parquet's int8), put in
    C order a block of patients at a time: no Fortran-ordered array and copy of it
    (180 MB and 0.16 s at 10 million patients; round 17 of issue 16). A column's
    cells are counted, not flagged, until one is bad: 0-4 and 9 are every cell then."""
    n = len(columns[0]) if columns else 0
    out = np.empty((n, _N_ITEMS), dtype=np.int8)
    accepted = np.zeros(_N_ITEMS, dtype=np.int64)
    for start in range(0, n, RATINGS_BLOCK):
        rows = out[start : start + RATINGS_BLOCK]
        for j, column in enumerate(columns):
            whole = column[start : start + RATINGS_BLOCK]
            rating = _typed_rating(whole)
            rows[:, j] = np.where(rating, whole, UNKNOWN)
            accepted[j] += np.count_nonzero(rating) + np.count_nonzero(whole == UNKNOWN_CODE)
    flagged = {
        j: _typed_bad(column)
        for j, column in enumerate(columns)
        if accepted[j] != n  # some cell neither 0-4 nor 9
    }
    return out, flagged


def _typed_rating(whole: npt.NDArray[np.integer[Any]]) -> BoolArray:
    """Which integer cells are ratings 0-4 (a run from 0: one unsigned comparison, as
    a negative number's bits read unsigned are above any rating)."""
    unsigned = whole.view(whole.dtype.str.replace("i", "u")) if whole.dtype.kind == "i" else whole
    return np.asarray(unsigned <= RATINGS[-1], dtype=bool)


def _typed_bad(whole: npt.NDArray[np.integer[Any]]) -> BoolArray:
    """Which integer cells are neither a rating 0-4 nor 9 (unknown)."""
    return np.asarray(~_typed_rating(whole) & (whole != UNKNOWN_CODE), dtype=bool)


def _rating_problems(
    frame: pd.DataFrame,
    labels: dict[str, object],
    bad: BoolArray,
    sheet_rows: IntArray,
    sheet: str,
    max_problems: int,
) -> list[Problem]:
    positions, items = np.nonzero(bad)
    problems = []
    for position, j in zip(positions[:max_problems], items[:max_problems], strict=True):
        value = frame[labels[ITEMS[j]]].iloc[position]
        problems.append(
            Problem(
                "not a rating",
                sheet=sheet,
                row=int(sheet_rows[position]),
                column=ITEMS[j],
                value=value,
                expected="a rating 0-4, or blank or 9 if not known",
                fix="correct the rating, or leave the cell blank if the item was not rated",
            )
        )
    if len(positions) > max_problems:
        more = len(positions) - max_problems
        problems.append(
            Problem(
                f"{more:,} more cells are not valid ratings "
                f"(up to row {int(sheet_rows[positions[-1]])})",
                sheet=sheet,
                expected="ratings 0-4, or blank or 9 if not known",
            )
        )
    return problems


def _sheet_rows(n: int, rows: npt.ArrayLike | None) -> IntArray:
    if rows is None:
        return np.arange(2, n + 2, dtype=np.int64)
    sheet_rows = np.asarray(rows, dtype=np.int64)
    if sheet_rows.shape != (n,):
        raise ValueError(f"rows has shape {sheet_rows.shape}, expected ({n},)")
    return sheet_rows


def _capped(problems: list[Problem], sheet: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(f"{more:,} more problems", sheet=sheet)]


# ----------------------------------------------------------------------- allocate


def allocate(
    ratings: npt.ArrayLike,
    compiled: CompiledProfiles,
    *,
    min_score: float = 0.0,
    max_unknown: int = 2,
    kernel: Literal["auto", "numpy", "compiled"] = "auto",
) -> Allocation:
    """Suggest a cluster for every patient at once (docs/methodology.md §5).

    Args:
        ratings: ``(n, 18)`` integers, items in :data:`ITEMS` order, 0-4 or -1 for
            unknown (see :func:`ratings_array`).
        compiled: the grid, from :func:`compile_profiles`.
        min_score: a best score below this gives 0 (variance).
        max_unknown: more unknown items than this gives 99 (not assessed).
        kernel: ``"compiled"`` runs :mod:`pbrkit.allocation_kernel` (numba, one pass
            per patient on every core), ``"numpy"`` the numpy passes below; both give
            identical arrays. ``"auto"`` compiles for large caseloads when numba is
            installed.

    Returns:
        Per-patient arrays, in input order.

    Raises:
        ValueError: ``ratings`` is not ``(n, 18)`` or holds values outside -1..4.

    Scores are sums of float weights; with weights that are whole or half numbers
    (the defaults) the sums are exact, so ties are exact too.
    """
    r = np.asarray(ratings)
    _check_allocation_inputs(r, max_unknown)
    n = r.shape[0]
    if (kernel == "compiled" or (kernel == "auto" and n >= _compiled_from())) and _compilable(
        compiled
    ):
        return _allocate_compiled(r, compiled, min_score, max_unknown)
    unknown = r < 0
    # Level 5 of each lookup table is "unknown": it scores 0 and rules nothing out.
    # As uint8, unknown (-1) reads 255, so one minimum maps it to 5.
    levels = np.minimum(r.astype(np.int8, copy=False).view(np.uint8), len(RATINGS))
    top = _score_top_two(levels, compiled)
    unknown_count = np.count_nonzero(unknown, axis=1).astype(np.int8)
    decided = _decide(top, unknown_count, min_score, max_unknown)
    unknown_items, breaking_items = _item_bitmasks(unknown, levels, decided, compiled)
    return Allocation(
        **_suggestions(top, decided, compiled.clusters),
        unknown_count=unknown_count,
        unknown_items=unknown_items,
        breaking_items=breaking_items,
        min_score=float(min_score),
        max_unknown=int(max_unknown),
    )


def _check_allocation_inputs(r: npt.NDArray[Any], max_unknown: int) -> None:
    """Reject ratings that are not ``(n, 18)`` values in -1..4, and a negative ``max_unknown``."""
    if r.ndim != 2 or r.shape[1] != _N_ITEMS:
        raise ValueError(f"ratings must have shape (n, {_N_ITEMS}), got {r.shape}")
    if r.size and (r.min() < UNKNOWN or r.max() > max(RATINGS)):
        raise ValueError("ratings must be 0-4, or -1 for unknown")
    if max_unknown < 0:
        raise ValueError("max_unknown must be 0 or more")


class _TopTwo(NamedTuple):
    """Each patient's best and second-best cluster column and score (-inf: none allowed)."""

    best_idx: npt.NDArray[np.intp]
    best: FloatArray
    second_idx: npt.NDArray[np.intp]
    second: FloatArray


class _Decided(NamedTuple):
    """Which rule of docs/methodology.md §5 decides each patient (boolean masks)."""

    not_assessed: BoolArray
    ruled_out: BoolArray
    below: BoolArray
    chosen: BoolArray
    has_second: BoolArray


def _score_top_two(levels: npt.NDArray[np.uint8], compiled: CompiledProfiles) -> _TopTwo:
    """Score every cluster from the lookup tables, a chunk of patients at a time; keep the top two.

    Each chunk's scores are the sum of one row per group table (see
    :func:`_group_tables`), so only a ``(chunk x K)`` block is ever held.
    """
    n = levels.shape[0]
    tables, groups = _group_tables(compiled)
    codes = [_group_codes(levels, items) for items in groups]
    best_idx = np.empty(n, dtype=np.intp)
    second_idx = np.empty(n, dtype=np.intp)
    best = np.empty(n, dtype=tables[0].dtype)
    second = np.empty(n, dtype=tables[0].dtype)
    scores = np.empty((min(n, _CHUNK), len(compiled.clusters)), dtype=tables[0].dtype)
    part = np.empty_like(scores)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        block, extra = scores[: stop - start], part[: stop - start]
        np.take(tables[0], codes[0][start:stop], axis=0, out=block)
        for table, code in zip(tables[1:], codes[1:], strict=True):
            np.take(table, code[start:stop], axis=0, out=extra)
            block += extra
        _top_two(block, best_idx[start:stop], best[start:stop], second_idx[start:stop],
                 second[start:stop])  # fmt: skip
    return _TopTwo(best_idx, best.astype(np.float64), second_idx, second.astype(np.float64))


def _decide(top: _TopTwo, unknown_count: Int8Array, min_score: float, max_unknown: int) -> _Decided:
    """The rules in order: too many unknowns, every cluster ruled out, best below min_score."""
    not_assessed = unknown_count > max_unknown
    ruled_out = ~not_assessed & np.isneginf(top.best)
    below = ~not_assessed & ~ruled_out & (top.best < min_score)
    chosen = ~not_assessed & ~ruled_out & ~below
    has_second = chosen & ~np.isneginf(top.second)
    return _Decided(not_assessed, ruled_out, below, chosen, has_second)


def _suggestions(top: _TopTwo, decided: _Decided, clusters: IntArray) -> dict[str, Any]:
    """The outcome, suggestion, score and runner-up arrays of :class:`Allocation`."""
    outcome = np.select(
        [decided.not_assessed, decided.ruled_out, decided.below],
        [Outcome.NOT_ASSESSED, Outcome.RULED_OUT, Outcome.BELOW_MIN_SCORE],
        default=Outcome.SUGGESTED,
    ).astype(np.int8)
    special = _special_codes()
    suggested = np.where(
        decided.chosen,
        clusters[top.best_idx],
        np.where(decided.not_assessed, special["NOT_ASSESSED"], special["VARIANCE"]),
    ).astype(np.int64)
    score = np.where(decided.chosen | decided.below, top.best, np.nan)
    when = [decided.has_second, decided.below]
    runner_up = np.select(
        when, [clusters[top.second_idx], clusters[top.best_idx]], default=-1
    ).astype(np.int64)
    runner_up_score = np.select(when, [top.second, top.best], default=np.nan)
    with np.errstate(invalid="ignore"):  # -inf - -inf where there is no runner-up
        margin = np.where(decided.has_second, top.best - top.second, np.nan)
    return {
        "outcome": outcome,
        "suggested": suggested,
        "score": score,
        "runner_up": runner_up,
        "runner_up_score": runner_up_score,
        "margin": margin,
    }


def _item_bitmasks(
    unknown: BoolArray, levels: npt.NDArray[np.uint8], decided: _Decided, compiled: CompiledProfiles
) -> tuple[Int32Array, Int32Array]:
    """Bitmasks of the unknown items (not-assessed patients) and breaking items (ruled out).

    int32: the 18 items' bits sum to at most 2**18 - 1 (160 MB less at 10 million).
    """
    bits = np.int32(1) << np.arange(_N_ITEMS, dtype=np.int32)
    unknown_items = np.zeros(len(unknown), dtype=np.int32)
    unknown_items[decided.not_assessed] = unknown[decided.not_assessed].astype(np.int32) @ bits
    breaking_items = np.zeros(len(unknown), dtype=np.int32)
    if decided.ruled_out.any():
        breaks = _breaking_table(compiled)
        hit = breaks[np.arange(_N_ITEMS), levels[decided.ruled_out]]
        breaking_items[decided.ruled_out] = hit.astype(np.int32) @ bits
    return unknown_items, breaking_items


def _compiled_from() -> float:
    """Patients from which ``kernel="auto"`` uses the compiled kernel (inf: never)."""
    from pbrkit import allocation_kernel

    return allocation_kernel.MIN_PATIENTS if allocation_kernel.available() else np.inf


@functools.lru_cache(maxsize=8)
def _compilable(compiled: CompiledProfiles) -> bool:
    """Whether the compiled kernel gives the numpy kernel's results for this grid."""
    from pbrkit import allocation_kernel

    return allocation_kernel.safe_tables(_group_tables(compiled)[0])


def _allocate_compiled(
    ratings: npt.NDArray[Any], compiled: CompiledProfiles, min_score: float, max_unknown: int
) -> Allocation:
    from pbrkit import allocation_kernel

    if not allocation_kernel.installed():
        raise RuntimeError("the compiled kernel needs numba: pip install 'pbrkit[fast]'")
    tables, groups = _group_tables(compiled)
    assert [items[0] for items in groups] == [0, 6, 12]  # the kernel's three groups
    bits = np.int64(1) << np.arange(_N_ITEMS, dtype=np.int64)
    breaks = np.where(_breaking_table(compiled), bits[:, np.newaxis], 0).astype(np.int64)
    arrays = allocation_kernel.run(
        ratings.astype(np.int8, copy=False),
        tables,
        compiled.clusters,
        breaks,
        float(min_score),
        int(max_unknown),
    )
    for mask in ("unknown_items", "breaking_items"):  # 18 bits: int32, as the numpy kernel's
        arrays[mask] = arrays[mask].astype(np.int32, copy=False)
    return Allocation(**arrays, min_score=float(min_score), max_unknown=int(max_unknown))


@functools.lru_cache(maxsize=8)
def _group_tables(
    compiled: CompiledProfiles,
) -> tuple[list[npt.NDArray[Any]], list[tuple[int, ...]]]:
    """Fold the grid into one lookup table per group of :data:`_GROUP` items.

    Table g has one row per combination of its items' levels (6 levels: ratings 0-4
    and unknown), read as a base-6 number with the group's first item most
    significant, and one column per cluster: the summed weights, or -inf when any
    of the ratings breaks a must rule. Adding the rows of all groups gives every
    cluster's score, with -inf for ruled-out clusters (-inf plus anything finite or
    -inf stays -inf, so no NaN can appear).
    """
    k = len(compiled.clusters)
    per_item = np.zeros((_N_ITEMS, _N_LEVELS, k), dtype=np.float64)
    effective = np.where(compiled.allowed, compiled.score, -np.inf)  # [K, 18, 5]
    per_item[:, : len(RATINGS), :] = effective.transpose(1, 2, 0)
    groups = [tuple(range(s, min(s + _GROUP, _N_ITEMS))) for s in range(0, _N_ITEMS, _GROUP)]
    tables = []
    for items in groups:
        m = len(items)
        table = np.zeros((_N_LEVELS,) * m + (k,), dtype=np.float64)
        for position, item in enumerate(items):
            shape = [1] * m + [k]
            shape[position] = _N_LEVELS
            table = table + per_item[item].reshape(shape)
        tables.append(table.reshape(_N_LEVELS**m, k))
    # float32 holds every sum of whole or half weights exactly (far below 2**23), and
    # halves the memory the scoring reads; other weights keep float64.
    finite = np.concatenate([t[np.isfinite(t)] for t in tables])
    exact = bool(np.all(finite * 2 == np.round(finite * 2)) and np.all(np.abs(finite) < 2**20))
    if exact:
        return [t.astype(np.float32) for t in tables], groups
    return tables, groups


def _group_codes(levels: npt.NDArray[np.uint8], items: tuple[int, ...]) -> npt.NDArray[np.intp]:
    """Each patient's row in a group's lookup table: its levels read in base 6."""
    code = levels[:, items[0]].astype(np.intp)
    for item in items[1:]:
        code *= _N_LEVELS
        code += levels[:, item]
    return code


def _top_two(
    scores: FloatArray,
    best_idx: npt.NDArray[np.intp],
    best: FloatArray,
    second_idx: npt.NDArray[np.intp],
    second: FloatArray,
) -> None:
    """Best and second-best column of each row (first column wins ties); fills the outs.

    ``scores`` is scratch: the best entry of each row is overwritten with -inf.
    """
    rows = np.arange(scores.shape[0])
    best_idx[:] = scores.argmax(axis=1)
    best[:] = scores[rows, best_idx]
    scores[rows, best_idx] = -np.inf
    second_idx[:] = scores.argmax(axis=1)
    second[:] = scores[rows, second_idx]


def _breaking_table(compiled: CompiledProfiles) -> BoolArray:
    """``[18, 6]``: True where a rating (level 5 = unknown) breaks some must rule."""
    breaks = np.zeros((_N_ITEMS, _N_LEVELS), dtype=bool)
    breaks[:, : len(RATINGS)] = (compiled.has_must[:, :, np.newaxis] & ~compiled.allowed).any(
        axis=0
    )
    return breaks


# -------------------------------------------------------------------------- frame


def allocation_frame(
    patient_ids: npt.ArrayLike | pd.Series,
    allocation: Allocation,
    *,
    clinician_cluster: npt.ArrayLike | pd.Series | None = None,
) -> pd.DataFrame:
    """The per-patient table of docs/methodology.md §5, in input order.

    Columns: ``patient_id``, ``suggested_cluster``, ``score``, ``runner_up``
    (nullable integer), ``margin``, ``reason`` (categorical text saying why), and
    ``cluster`` (the clinician's, nullable integer) when given.

    Reasons are built once per distinct case, not per patient, so a million rows
    take a fraction of a second. Examples: ``best score 9 for cluster 11
    (runner-up 12 at 7)``; ``best score -1 for cluster 3 is below the minimum 0:
    variance``; ``3 items unknown (4, 9, C; more than 2 allowed): not assessed``.
    """
    n = len(allocation)
    ids: object
    if isinstance(patient_ids, pd.Series) and isinstance(patient_ids.dtype, pd.StringDtype):
        ids = patient_ids.array  # Arrow text stays Arrow text (no string per patient)
    else:
        ids = np.asarray(patient_ids)
    # Checked before the frame is built: pandas repeats a single id down every row.
    if len(cast(Sized, ids)) != n:
        raise ValueError("patient_ids and allocation differ in length")
    columns: dict[str, object] = {
        "patient_id": ids,
        "suggested_cluster": allocation.suggested,
        "score": allocation.score,
        # The allocation's own array under the mask (no copy of 80 MB at 10 million
        # patients): the -1 under a missing runner-up is never read, nor written.
        "runner_up": pd.arrays.IntegerArray(allocation.runner_up, allocation.runner_up < 0),
        "margin": allocation.margin,
        "reason": reasons(allocation),
    }
    if clinician_cluster is not None:
        columns["cluster"] = nullable_codes(
            pd.Series(clinician_cluster).to_numpy(dtype=np.float64, na_value=np.nan)
        )
    # copy=False: the columns share the allocation's arrays instead of being copied
    # into one block per dtype (about 250 MB at 10 million patients); copy-on-write
    # keeps either side from changing the other.
    return pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)


#: Codes turned into whole numbers at a time by :func:`nullable_codes`: 512 kB arrays,
#: which the C allocator reuses (blocks of 8 MB were each fresh memory again).
_CODES_BLOCK: Final = 1 << 16


def nullable_codes(values: FloatArray) -> pd.arrays.IntegerArray:
    """``pd.array(values, dtype="Int64")`` of whole-number codes with NaN for blank: the
    same values and mask, and 1 under the mask as pandas puts there.

    Made a block of rows at a time: pandas' conversion copied every code as floats
    and integers over again (85k fresh pages, 340 MB, at 10 million patients; 22k
    now, the result and its mask, round 10 of issue 16). Codes that are not whole
    numbers are left to pandas, which refuses them as before.
    """
    mask = np.isnan(values)
    data = np.empty(len(values), dtype=np.int64)
    for start in range(0, len(values), _CODES_BLOCK):
        block = slice(start, start + _CODES_BLOCK)
        given, blank = values[block], mask[block]
        with np.errstate(invalid="ignore"):  # NaN and infinities: checked just below
            whole = given.astype(np.int64)
        if not np.array_equal(whole[~blank], given[~blank]):
            as_before: Any = pd.array(cast(Any, values), dtype="Int64")  # as pandas refuses them
            return cast("pd.arrays.IntegerArray", as_before)
        whole[blank] = 1
        data[block] = whole
    return pd.arrays.IntegerArray(data, mask)


def reasons(allocation: Allocation) -> pd.Categorical[str]:
    """One plain-English reason per patient, as a categorical (see :func:`allocation_frame`)."""
    a = allocation
    n = len(a)
    # Each patient's case among the texts (at most one per patient, so int32 below
    # 2**31 patients): 40 MB at 10 million, not 80.
    codes = np.full(n, -1, dtype=np.int32 if n < 2**31 else np.int64)
    texts: list[str] = []
    cases: list[tuple[Outcome, list[npt.NDArray[np.generic]], Callable[[int], str]]] = [
        (
            Outcome.SUGGESTED,
            [a.suggested, a.score, a.runner_up, a.runner_up_score],
            lambda i: _suggested_text(a, i),
        ),
        (
            Outcome.BELOW_MIN_SCORE,
            [a.runner_up, a.runner_up_score],
            lambda i: (
                f"best score {_num(a.runner_up_score[i])} for cluster {a.runner_up[i]} is "
                f"below the minimum {_num(a.min_score)}: variance"
            ),
        ),
        (
            Outcome.RULED_OUT,
            [a.breaking_items],
            lambda i: (
                f"ruled out everywhere: {_breaking_text(int(a.breaking_items[i]))} the must "
                "rules of every profiled cluster: variance"
            ),
        ),
        (
            Outcome.NOT_ASSESSED,
            [a.unknown_items],
            lambda i: (
                f"{a.unknown_count[i]} {'item' if a.unknown_count[i] == 1 else 'items'} "
                f"unknown ({_items_text(int(a.unknown_items[i]))}; "
                f"more than {a.max_unknown} allowed): not assessed"
            ),
        ),
    ]
    for outcome, keys, describe in cases:
        representatives = _case_codes(a.outcome == outcome, keys, codes, len(texts))
        texts.extend(describe(i) for i in representatives)
    # Different cases could print alike (e.g. scores equal to 6 significant digits).
    unique = list(dict.fromkeys(texts))
    position = {text: i for i, text in enumerate(unique)}
    remap = np.array([position[text] for text in texts], dtype=codes.dtype)
    return pd.Categorical.from_codes(remap[codes], categories=pd.Index(unique, dtype=str))


#: Patients whose cases are found at a time (a few arrays of this many while they are).
REASON_BLOCK: Final = 1 << 20


def _case_codes(
    chosen: BoolArray, keys: Sequence[npt.NDArray[np.generic]], codes: npt.NDArray[Any], first: int
) -> list[int]:
    """Number the distinct cases (equal ``keys``) of the ``chosen`` patients from
    ``first``, in order of first appearance, into ``codes``; return each case's
    last patient (whose values its text is written from).

    A block of :data:`REASON_BLOCK` patients at a time: a block's cases are found by
    :func:`_distinct` and matched to the cases of earlier blocks by their values
    (NaN equal to NaN and 0 to -0, as ``pd.factorize`` has them; :func:`_case_values`),
    so the numbering and the patients are those of one pass over every patient,
    without its arrays of every patient (500 MB at 10 million). The matching is one
    sort of the cases' values, not a dictionary look-up per case and block in Python
    (400k of them, 0.9 s at 10 million patients: round 12 of issue 16).
    """
    known = np.empty((0, len(keys)), dtype=np.int64)  # each case's values, numbered
    last = np.empty(0, dtype=np.int64)
    for start in range(0, len(chosen), REASON_BLOCK):
        members = np.flatnonzero(chosen[start : start + REASON_BLOCK]) + start
        if members.size == 0:
            continue
        group, representative = _distinct(keys, members)
        rows = members[representative]  # each case's last patient in the block
        found = np.column_stack([_case_values(key[rows]) for key in keys])
        number = _known_as(known, found)
        new = number < 0
        number[new] = len(known) + np.arange(int(new.sum()))  # in order of appearance
        known = np.concatenate([known, found[new]])
        last = np.concatenate([last, np.zeros(int(new.sum()), dtype=np.int64)])
        last[number] = rows
        codes[members] = (number + first).astype(codes.dtype)[group]
    return [int(row) for row in last.tolist()]


def _case_values(values: npt.NDArray[np.generic]) -> npt.NDArray[np.int64]:
    """A key's values as integers, equal where ``pd.factorize`` finds them equal:
    whole numbers as they are; floats by their bits once -0 is made 0 and every NaN
    the one NaN."""
    if values.dtype.kind != "f":
        return np.asarray(values, dtype=np.int64)
    canonical = np.asarray(values, dtype=np.float64) + 0.0  # -0 + 0 is 0
    canonical[np.isnan(canonical)] = np.nan
    return canonical.view(np.int64)


def _known_as(known: npt.NDArray[np.int64], found: npt.NDArray[np.int64]) -> IntArray:
    """For each row of ``found``, the row of ``known`` with the same values, or -1."""
    if len(known) == 0:
        return np.full(len(found), -1, dtype=np.int64)
    # Each known case once: a unique index of their values, looked up by hash.
    index = pd.MultiIndex.from_arrays(list(known.T))
    return np.asarray(index.get_indexer(pd.MultiIndex.from_arrays(list(found.T))), np.int64)


def _distinct(
    keys: Sequence[npt.NDArray[np.generic]], members: IntArray
) -> tuple[IntArray, IntArray]:
    """Group the rows ``members`` by equal keys: (group code per member, one member's
    position among ``members`` per group).

    Each key column becomes a code per member (:func:`_key_codes`) and the codes are
    combined into one integer, ``combined · width + code``, re-factorised only when
    the next product could overflow. Groups are numbered by first appearance of their
    combined code, which is one to one with their keys, so the groups are those of
    factorising the keys together. The members' values are taken one key at a time:
    at 10 million patients each is 80 MB.
    """
    combined = np.zeros(len(members), dtype=np.int64)
    span = 1  # combined codes lie in 0 .. span - 1
    for key in keys:
        code, width = _key_codes(key[members])
        if span * width >= _COMBINED_LIMIT:
            combined = np.asarray(pd.factorize(combined)[0], dtype=np.int64)
            span = int(combined.max()) + 1 if len(combined) else 1
        combined *= width  # in place: one array of the members, not three
        combined += code
        span *= width
    return group_kernel.numbered(combined, span)


#: Combined codes are kept below this (int64 with room to spare).
_COMBINED_LIMIT: Final = 1 << 62
#: Integer keys spanning fewer values than this are coded by subtraction.
_DIRECT_SPAN: Final = 1 << 20


def _key_codes(values: npt.NDArray[np.generic]) -> tuple[npt.NDArray[np.int64], int]:
    """A code per value, equal where the values are equal (as ``pd.factorize`` has
    them: NaN equal to NaN, 0 to -0), and how many codes there can be.

    Integers in a narrow range (cluster codes, item bitmasks) are their distance from
    the smallest: no hash table of every member, which is where the time went.
    """
    if values.dtype.kind in "iu" and len(values):
        low, high = int(values.min()), int(values.max())
        if high - low < _DIRECT_SPAN:
            return np.subtract(values, low, dtype=np.int64), high - low + 1
    if values.dtype.kind == "f" and len(values):
        whole = _whole_number_codes(np.asarray(values, dtype=np.float64))
        if whole is not None:
            return whole
    code, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray(code, dtype=np.int64), max(len(uniques), 1)


def _whole_number_codes(values: FloatArray) -> tuple[npt.NDArray[np.int64], int] | None:
    """:func:`_key_codes` of floats that are whole numbers in a narrow range, or NaN
    (scores under whole band weights): each its distance from the smallest, NaN one
    code past the largest; None for any other floats.

    ``v - low`` of whole numbers less than :data:`_DIRECT_SPAN` apart is exact, so
    equal values (0 and -0 among them) get one code and different ones different
    codes, as ``pd.factorize`` finds them, without its hash table (about 6 ms a
    million patients, twice a block; round 17 of issue 16).
    """
    low, high = float(np.fmin.reduce(values)), float(np.fmax.reduce(values))
    if not (np.isfinite(low) and np.isfinite(high) and high - low < _DIRECT_SPAN):
        return None  # every value NaN, an infinity, or too wide a range
    shifted = np.subtract(values, low)
    with np.errstate(invalid="ignore"):  # NaN has no integer: given its own code below
        code = shifted.astype(np.int64)
    blank = np.isnan(shifted)
    if np.count_nonzero(code == shifted) + np.count_nonzero(blank) != len(values):
        return None  # some value is not a whole number
    width = int(high - low) + 1
    code[blank] = width
    return code, width + 1


def _suggested_text(a: Allocation, i: int) -> str:
    head = f"best score {_num(a.score[i])} for cluster {a.suggested[i]}"
    if a.runner_up[i] < 0:
        return head + " (every other cluster ruled out)"
    if a.margin[i] == 0:
        return head + f" (tied with {a.runner_up[i]}; the lower code wins)"
    return head + f" (runner-up {a.runner_up[i]} at {_num(a.runner_up_score[i])})"


def _num(value: float) -> str:
    return f"{float(value):.6g}"


def _items_text(mask: int) -> str:
    return ", ".join(item for j, item in enumerate(ITEMS) if mask >> j & 1)


def _breaking_text(mask: int) -> str:
    """ "the rating on item 1 breaks" or "the ratings on items 1, 4 break"."""
    if mask & (mask - 1):  # two or more bits set
        return f"the ratings on items {_items_text(mask)} break"
    return f"the rating on item {_items_text(mask)} breaks"
