"""Reference sets: the shipped tariffs, care packages, unit costs and profiles (methodology §3).

A reference set is a folder with ``set.toml`` (name, status, title), ``clusters.csv``,
``tariff.csv``, ``packages.csv``, ``unit_costs.csv``, ``profiles.csv`` and
``SOURCES.md``. Sets ship inside the installed package (``pbrkit/tariffs``), so every
command works from any directory; a user may point ``--reference`` at a folder of
the same shape. Sets are read when asked for, never at import time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pbrkit.currency import ROLES, Currency, using_currency
from pbrkit.defaults import DEFAULT_REFERENCE as DEFAULT_REFERENCE  # the CLI's, without pandas
from pbrkit.errors import InputError, Problem, ProblemCollector, ReferenceNotFound

# pandas and the readers are imported when a set is loaded, so that listing the sets
# (`pbrkit reference list`) starts in a fraction of a second.
if TYPE_CHECKING:
    import pandas as pd

    from pbrkit.io.schema import SheetSpec, Table

#: The one file that defines a set's codes (docs/methodology.md §3).
CLUSTERS_FILE: Final = "clusters.csv"
#: Every code key is below this: per-code sums are dense tables (io.patients).
KEY_LIMIT: Final = 100


@dataclass(frozen=True)
class ReferenceSet:
    """One loaded reference set. Tables are typed frames; see docs/methodology.md §3 for columns.

    ``clusters`` is indexed by cluster code with ``name``, ``superclass`` and
    ``review_days``; ``tariff`` is indexed by cluster code (see
    :func:`pbrkit.pricing.price_activity`); ``profiles`` is None when the set has none.
    """

    name: str
    status: str
    title: str
    path: Path
    clusters: pd.DataFrame
    tariff: pd.DataFrame
    packages: pd.DataFrame
    unit_costs: pd.DataFrame
    profiles: pd.DataFrame | None
    currency: Currency

    @property
    def review_days(self) -> pd.Series:
        """Review period in days per cluster code (NaN where the set gives none)."""
        return self.clusters["review_days"]

    @property
    def superclass(self) -> pd.Series:
        """Superclass per cluster code."""
        return self.clusters["superclass"]

    @property
    def is_illustrative(self) -> bool:
        """True unless the set declares itself official/sourced."""
        return self.status.casefold() != "official"

    def label(self) -> str:
        """``name (status)``, as every report prints it."""
        return f"{self.name} ({self.status})"


def tariffs_root() -> Path:
    """The folder holding the shipped sets (inside the package, or the source tree)."""
    packaged = Path(str(resources.files("pbrkit"))) / "tariffs"
    if packaged.is_dir():
        return packaged
    # Editable installs and source checkouts: tariffs/ sits at the repository top.
    return Path(__file__).resolve().parents[2] / "tariffs"


def list_reference_sets() -> list[str]:
    """Names of the shipped reference sets."""
    root = tariffs_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "set.toml").is_file())


def sets_with_code(code: str, besides: Currency) -> list[str]:
    """The shipped sets, other than the one whose currency is ``besides``, in which
    ``code`` (as a user wrote it) is a valid code: for a message that says which
    ``--reference`` a workbook of resource groups or clusters was written for."""
    found = []
    for name in list_reference_sets():
        try:
            currency = load_currency(tariffs_root() / name)
        except InputError:  # a broken shipped set is reported where it is loaded
            continue
        key = currency.key_of(code)
        if currency != besides and key is not None and key in currency.valid:
            found.append(name)
    return found


def reference_set_label(name: str) -> tuple[str, str, str]:
    """A shipped set's name, status and title, from its ``set.toml`` alone."""
    path = tariffs_root() / name
    meta = _read_meta(path)
    return (
        str(meta.get("name", path.name)),
        _status(meta, path),
        str(meta.get("title", path.name)),
    )


def load_reference_set(name_or_dir: str | Path = DEFAULT_REFERENCE) -> ReferenceSet:
    """Load a shipped set by name, or a folder of the same shape.

    Raises:
        ReferenceNotFound: no such set or folder.
        InputError: the set's files break their contracts (every problem listed).
    """
    path = Path(name_or_dir)
    if not (path.is_dir() and (path / "set.toml").is_file()):
        shipped = tariffs_root() / str(name_or_dir)
        if not (shipped / "set.toml").is_file():
            available = ", ".join(list_reference_sets()) or "none"
            missing = (
                f"folder '{name_or_dir}' has no set.toml, so it is not a reference set"
                if path.is_dir()
                else f"no reference set called '{name_or_dir}'"
            )
            raise ReferenceNotFound(
                Problem(missing),
                hint=f"shipped sets: {available}; or give a folder with set.toml and the CSVs",
            )
        path = shipped
    return _load(path.resolve())


@cache
def _load(path: Path) -> ReferenceSet:
    import numpy as np
    import pandas as pd

    from pbrkit.io import sheets

    problems = ProblemCollector()
    meta = _read_meta(path)
    currency = load_currency(path)
    with using_currency(currency):
        clusters = _read(path, CLUSTERS_FILE, sheets.CLUSTERS, problems)
        tariff = _read(path, "tariff.csv", sheets.TARIFF, problems)
        packages = _read(path, "packages.csv", sheets.PACKAGES, problems)
        unit_costs = _read(path, "unit_costs.csv", sheets.UNIT_COSTS, problems)
    profiles_path = path / "profiles.csv"
    profiles = (
        pd.read_csv(profiles_path, dtype=str, keep_default_na=False)
        if profiles_path.is_file()
        else None
    )
    if clusters is not None:
        _refuse_empty_review_periods(clusters, problems)
    problems.raise_if_any(hint=f"the reference set in '{path}' needs correcting")
    assert clusters is not None and tariff is not None
    assert packages is not None and unit_costs is not None
    cluster_table = _cluster_table(clusters, currency)
    problems.raise_if_any(hint=f"the reference set in '{path}' needs correcting")
    return ReferenceSet(
        name=_set_name(meta, path),
        status=_status(meta, path),
        title=str(meta.get("title", path.name)),
        path=path,
        clusters=cluster_table,
        tariff=tariff_frame(tariff.frame),
        packages=packages.frame.assign(
            cluster=packages.frame["cluster"].to_numpy(dtype=np.float64).astype(np.int64)
        ),
        unit_costs=unit_costs.frame,
        profiles=profiles,
        currency=currency,
    )


def _set_name(meta: dict[str, object], path: Path) -> str:
    """The name reports give the set in ``path``: its ``set.toml`` name, except that a
    copy of a shipped set in the user's own folder (its ``set.toml`` still naming the
    shipped set) is named after that folder, so an edited copy is never reported as
    the shipped set."""
    name = str(meta.get("name", path.name))
    shipped = tariffs_root().resolve() / name
    if name in list_reference_sets() and path != shipped:
        return path.name
    return name


def default_currency() -> Currency:
    """The currency of the default shipped set (what codes mean when no set is named)."""
    return load_currency(tariffs_root() / DEFAULT_REFERENCE)


@cache
def load_currency(path: Path) -> Currency:
    """A set's currency from its ``set.toml`` ``[currency]`` table and ``clusters.csv``.

    ``clusters.csv`` lists every code in the order reports show them, with ``role``
    (blank, variance, not assessed or unused) and ``spellings`` (other ways users
    write the code, ``;``-separated). Integer codes are their own keys; text codes
    are keyed by row number (docs/methodology.md §3).

    Raises:
        InputError: every problem with the currency, located.
    """
    problems = ProblemCollector()
    table = _read_meta(path).get("currency", {})
    spec = table if isinstance(table, dict) else {}
    kind = _code_kind(spec, problems)
    rows = _currency_rows(path / CLUSTERS_FILE, problems)
    superclasses = [str(s) for s in spec.get("superclasses", [])]
    keys: list[int] = []
    codes: list[str] = []
    aliases: dict[str, int] = {}
    for number, row in rows:
        code = row.get("code", "")
        key = _code_key(code, kind, len(keys) + 1)
        problems.extend(_row_problems(number, row, key, code in codes, superclasses))
        spelled = [code] if kind == "text" else []
        spelled += [w.strip() for w in row.get("spellings", "").split(";") if w.strip()]
        _add_spellings(aliases, spelled, -1 if key is None else key, number, problems)
        keys.append(-1 if key is None else key)
        codes.append(code)
    problems.raise_if_any(hint=f"the reference set in '{path}' needs correcting")
    return Currency(
        unit=str(spec.get("code_word", "code")),
        name=str(spec.get("name", "code")),
        code_kind="text" if kind == "text" else "integer",
        price_unit=str(spec.get("price_unit", "")),
        keys=tuple(keys),
        codes=tuple(codes) if kind == "text" else tuple(keys),
        names=tuple(row.get("name", "") for _, row in rows),
        superclasses=tuple(row.get("superclass", "") for _, row in rows),
        roles=tuple(row.get("role", "") for _, row in rows),
        prefixes=tuple(str(p) for p in spec.get("prefixes", [])),
        aliases=aliases,
        examples=str(spec.get("examples", "")),
        unused_note=str(spec.get("unused_note", "not used")),
        allocates_from_ratings=spec.get("ratings_allocation", False) is True,
    )


def _code_kind(spec: Mapping[str, object], problems: ProblemCollector) -> str:
    """``code_kind`` of the set's ``[currency]`` table: integer (the default) or text."""
    kind = str(spec.get("code_kind", "integer"))
    if kind not in ("integer", "text"):
        problems.add(
            Problem(
                "unknown code_kind",
                file="set.toml",
                column="code_kind",
                value=kind,
                expected="integer or text",
            )
        )
    return kind


def _add_spellings(
    aliases: dict[str, int], words: list[str], key: int, number: int, problems: ProblemCollector
) -> None:
    """Each of a row's spellings (any case) as a way to write its code ``key``; a
    spelling already taken by another row is a problem at row ``number``."""
    for word in words:
        if word.casefold() in aliases:
            problems.add(
                Problem(
                    "a spelling names two codes",
                    file=CLUSTERS_FILE,
                    row=number,
                    column="spellings",
                    value=word,
                    fix="keep each spelling on one row",
                )
            )
        aliases[word.casefold()] = key


def _row_problems(
    number: int, row: dict[str, str], key: int | None, repeated: bool, superclasses: list[str]
) -> list[Problem]:
    """What is wrong with one row of ``clusters.csv``: its code, superclass or role."""
    found = []
    if key is None or repeated:
        found.append(
            Problem(
                "repeated code" if repeated else "not a code of the set's code_kind",
                file=CLUSTERS_FILE,
                row=number,
                column="code",
                value=row.get("code"),
                expected=f"a code used once: 0-{KEY_LIMIT - 1} for code_kind integer, any text "
                f"for text (at most {KEY_LIMIT - 1} rows)",
            )
        )
    if superclasses and row.get("superclass", "") not in superclasses:
        found.append(
            Problem(
                "unknown superclass",
                file=CLUSTERS_FILE,
                row=number,
                column="superclass",
                value=row.get("superclass"),
                expected=", ".join(sorted(superclasses)),
                fix="use a superclass listed in set.toml's [currency] superclasses",
            )
        )
    if row.get("role", "") not in ROLES:
        found.append(
            Problem(
                "unknown role",
                file=CLUSTERS_FILE,
                row=number,
                column="role",
                value=row.get("role"),
                expected="blank, " + ", ".join(r for r in ROLES if r),
            )
        )
    return found


def _currency_rows(file: Path, problems: ProblemCollector) -> list[tuple[int, dict[str, str]]]:
    """``clusters.csv`` as (spreadsheet row number, row) pairs, header on row 1."""
    import csv

    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            return [
                (number, {k.strip(): (v or "").strip() for k, v in row.items() if k})
                for number, row in enumerate(csv.DictReader(handle), start=2)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.add(Problem(f"cannot read {file}: {exc}", file=CLUSTERS_FILE))
        return []


def _code_key(code: str, kind: str, row_key: int) -> int | None:
    """An integer code is its own key; a text code's key is its row number (both below
    :data:`KEY_LIMIT`)."""
    if kind == "text":
        return row_key if code and row_key < KEY_LIMIT else None
    return int(code) if code.isdigit() and int(code) < KEY_LIMIT else None


#: The statuses a set may declare (docs/methodology.md §3): only an official set's
#: reports go without the ILLUSTRATIVE banner.
STATUSES: Final = ("official", "illustrative")


def _status(meta: dict[str, object], path: Path) -> str:
    """The set's declared status, as written. A missing or unknown one is refused: read
    as "illustrative" without a word, it gave reports banners (or a status word) their
    author never chose (fix10)."""
    status = meta.get("status")
    if isinstance(status, str) and status.casefold() in STATUSES:
        return status
    found = "gives no status" if status is None else f"gives the status {str(status)!r}"
    raise InputError(
        Problem(
            f"{path / 'set.toml'} {found}: a reference set is either official or illustrative",
            expected='status = "official" or status = "illustrative"',
            fix='add the line status = "official" (published figures, used as they stand) '
            'or status = "illustrative" (every report then says so) to set.toml',
        )
    )


def _read_meta(path: Path) -> dict[str, object]:
    try:
        with (path / "set.toml").open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(Problem(f"cannot read {path / 'set.toml'}: {exc}")) from None


def _read(path: Path, file: str, spec: SheetSpec, problems: ProblemCollector) -> Table | None:
    from pbrkit.io.csvfile import read_csv_rows
    from pbrkit.io.required import check_required_values
    from pbrkit.io.schema import read_table
    from pbrkit.io.workbook import RawSheet

    if not (path / file).is_file():
        problems.add(Problem(f"reference set file '{file}' is missing", file=file))
        return None
    # The delimiter too: a set saved with semicolons has its one-group numbers refused
    # (`1.234`), as every CSV input does (methodology §8).
    rows = read_csv_rows(path / file)
    sheet = RawSheet(file, rows.grid, field_counts=rows.field_counts, delimiter=rows.delimiter)
    # Located by the file (a CSV has no sheets): "file 'tariff.csv', row 3".
    found = ProblemCollector()
    table = read_table(sheet, spec, found)
    if table is not None:
        # A blank required cell is refused at its cell, as in a workbook: dropped, a
        # blank package quantity took its row out of the care package unsaid.
        check_required_values(table, spec, found)
    problems.extend(replace(p, file=file) for p in found.problems)
    return table


def _refuse_empty_review_periods(table: Table, problems: ProblemCollector) -> None:
    """A review period of 0 days is refused at its cell: an episode's price over it is an
    infinite price a day (the day price of docs/methodology.md §2), and blank days
    would stand in for 0 days of care (methodology §5.4). A blank stays allowed: a
    cluster without a period has no episodes to price."""
    import numpy as np

    days = table.frame["review_days"].to_numpy(dtype=np.float64, na_value=np.nan)
    for row, value in zip(table.rows.tolist(), days.tolist(), strict=True):
        if value == 0:
            problems.add(
                Problem(
                    "a review period of 0 days",
                    row=row,
                    column="review_days",
                    value=0,
                    expected="a whole number of days, 1 or more (or blank)",
                    fix="give the cluster's review period in days, e.g. 84 or 182",
                    file=CLUSTERS_FILE,
                )
            )


def _cluster_table(table: Table, currency: Currency) -> pd.DataFrame:
    """Names, superclasses and review periods indexed by key (the codes are checked in
    :func:`load_currency`)."""
    import numpy as np
    import pandas as pd

    frame = table.frame
    return pd.DataFrame(
        {
            "name": frame["name"].to_numpy(),
            "superclass": frame["superclass"].to_numpy(),
            "review_days": frame["review_days"].to_numpy(dtype=np.float64),
        },
        index=pd.Index(np.asarray(currency.keys, dtype=np.int64), name="cluster"),
    )


def tariff_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed tariff table indexed by cluster code, as :mod:`pbrkit.pricing` expects."""
    import numpy as np
    import pandas as pd

    columns = {
        "price": frame["price"].to_numpy(dtype=np.float64),
        "unit": frame["unit"].to_numpy(dtype=object),
        "admitted_day_price": (
            frame["admitted_day_price"].to_numpy(dtype=np.float64)
            if "admitted_day_price" in frame.columns
            else np.full(len(frame), np.nan)
        ),
    }
    for extra in ("basis", "status"):
        if extra in frame.columns:
            columns[extra] = frame[extra].to_numpy(dtype=object)
    codes = frame["cluster"].to_numpy(dtype=np.float64)
    return pd.DataFrame(columns, index=pd.Index(codes.astype(np.int64), name="cluster"))
