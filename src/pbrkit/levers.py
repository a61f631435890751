"""What-if levers: change the tariff or the unit costs before a run (docs/methodology.md §2).

``--tariff-change 5%`` raises every price by 5%; ``--tariff-change 13=10%`` raises
cluster 13's only (``PSY_CRI=10%`` one code of a set with text codes, read against
the run's reference set once it loads); ``--cost-change`` is the same on the cost
side. Both forms may be
given together: the per-cluster change then wins for its cluster (it replaces the
all-cluster change there, never compounds with it). The levers change the tables a
run reads (tariff, unit costs, packages, actual costs); costing itself knows nothing
of them. A local tariff that omits clusters is completed from the reference prices
(:func:`complete_tariff`), each fallback listed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from pbrkit.errors import InputError, Problem

# pandas (and the modules that use it) load when a lever is applied, not when the
# command line is read: `pbrkit --help` starts without them.
if TYPE_CHECKING:
    import pandas as pd

    from pbrkit.costing import CostInputs
    from pbrkit.currency import Code, Currency

#: A change may take a price or cost down to nothing, never below it.
MIN_CHANGE: Final = -1.0
#: +1000% (× 11): beyond this a change is far more likely a typo ("5" for "5%").
MAX_CHANGE: Final = 10.0

_NUMBER_RE: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class Change:
    """A proportional change (0.05 = +5%) to every code or to one.

    ``cluster`` is the code's key inside pbrkit and ``code`` the code as the reference
    set writes it (``13``, ``PSY_CRI``), shown in every report. ``written`` is the code
    as the user gave it, before the reference set is known (the command line is read
    before the set loads): :meth:`Levers.resolved` reads it against the set's codes.
    """

    share: float
    cluster: int | None = None
    code: Code | None = None
    written: str | None = None

    @property
    def everyone(self) -> bool:
        """True for a change to every code."""
        return self.cluster is None and self.code is None and self.written is None

    def shown(self) -> Code | None:
        """The code as the set writes it (None for every code)."""
        if self.code is not None:
            return self.code
        return self.cluster if self.cluster is not None else self.written_code

    @property
    def written_code(self) -> str | None:
        """The code as the user wrote it (``psy_cri`` of ``psy_cri=10%``), not yet read."""
        return self.written.partition("=")[0].strip() if self.written is not None else None

    def describe(self) -> str:
        """``+5%``, ``cluster 13: +10%`` or ``PSY_CRI: +10%`` (a text code as written)."""
        text = f"{self.share * 100:+g}%"
        code = self.shown()
        if code is None:
            return text
        return f"cluster {code}: {text}" if isinstance(code, int) else f"{code}: {text}"


@dataclass(frozen=True)
class Levers:
    """The what-if levers of a run: tariff changes, cost changes and cost efficiency."""

    tariff: tuple[Change, ...] = ()
    cost: tuple[Change, ...] = ()
    #: The reference set's word for its codes ("cluster", "resource group"), set when
    #: the levers are read against it: summary.json says it beside each change, so an
    #: all-code change reads "every resource group" in compare, not "every cluster".
    unit: str = "cluster"

    def applied(self) -> bool:
        """True when any lever changes the run (a run with none is not a what-if)."""
        return any(c.share != 0 for c in (*self.tariff, *self.cost))

    def assumptions(self) -> list[tuple[str, str]]:
        """One (label, text) row per lever given, for every output's Assumptions."""
        rows: list[tuple[str, str]] = []
        if self.tariff:
            rows.append(("What-if: tariff change (--tariff-change)", _listed(self.tariff)))
        if self.cost:
            rows.append(("What-if: cost change (--cost-change)", _listed(self.cost)))
        return rows

    def resolved(self, currency: Currency) -> Levers:
        """The levers with each code read against ``currency``, the reference set's.

        Raises:
            InputError: a code the set does not have, or one code given twice.
        """
        return Levers(
            tariff=resolve_changes(self.tariff, "--tariff-change", currency),
            cost=resolve_changes(self.cost, "--cost-change", currency),
            unit=currency.unit,
        )

    def summary(self) -> list[dict[str, object]]:
        """summary.json's ``what_if`` list: one object per change, codes as the set writes
        them, and the set's word for its codes (``codes``, as ``reference.codes``)."""
        return [
            {"lever": lever, "cluster": c.shown(), "codes": self.unit, "change": c.share}
            for lever, changes in (("tariff_change", self.tariff), ("cost_change", self.cost))
            for c in changes
        ]


#: A run with no what-if lever.
NO_LEVERS: Final = Levers()


def _listed(changes: Sequence[Change]) -> str:
    text = "; ".join(c.describe() for c in changes)
    if any(c.everyone for c in changes) and not all(c.everyone for c in changes):
        # A set with text codes (PSY_CRI) has no clusters: say "code" there.
        if any(isinstance(c.shown(), str) for c in changes):
            text += " (a code's own change replaces the all-code one for that code)"
        else:
            text += " (a cluster's own change replaces the all-cluster one for that cluster)"
    return text


def parse_share(
    text: str, option: str, *, low: float, high: float, given: str | None = None
) -> float:
    """``5%``, ``5 %``, ``-2.5%`` or ``0.05`` as a fraction within [low, high];
    ``given``: the whole text ``text`` is the value of (``13=10%``), named beside it.

    Raises:
        InputError: not a finite number, or outside the range (one problem).
    """
    raw = text.strip()
    percent = raw.endswith("%")
    number = raw[:-1].strip() if percent else raw
    if not _NUMBER_RE.fullmatch(number):
        raise _bad(option, text, "a percentage such as 5% or -2.5%, or a fraction such as 0.05")
    # Decimal, so 1.1% is 0.011 exactly as written, not 0.011000000000000001.
    value = float(Decimal(number) / (100 if percent else 1))
    if not math.isfinite(value):
        raise _bad(option, text, "a finite number")
    if not low <= value <= high:
        # It reads: the problem is the range, not the writing (fix11: "cannot read '1001%'").
        whole = "" if given is None or given.strip() == raw else f" ({given.strip()})"
        fix = _FIX.get(option, "give each code once, with its change as a percentage")
        raise InputError(
            Problem(
                f"{option}: {raw}{whole} is out of range",
                expected=f"a change from {low * 100:g}% to {high * 100:g}%",
                fix=fix,
            )
        )
    return value


def parse_change(text: str, option: str, currency: Currency | None = None) -> Change:
    """``5%`` (every code) or ``13=10%`` / ``C13=10%`` / ``PSY_CRI=10%`` (one code).

    The code is read against ``currency`` (default: the active one).

    Raises:
        InputError: an unknown code or a bad value, one problem each.
    """
    change = read_change(text, option)
    if change.written is None:
        return change
    from pbrkit.currency import active_currency

    return _resolve(change, option, currency or active_currency())


def read_change(text: str, option: str) -> Change:
    """``5%`` or ``CODE=10%`` with the value checked and the code kept as written.

    The code is read later, against the reference set the run uses
    (:meth:`Levers.resolved`): the command line is read before the set loads.

    Raises:
        InputError: a bad value (one problem).
    """
    where, sep, value = text.partition("=")
    written = value if sep else where
    share = parse_share(written, option, low=MIN_CHANGE, high=MAX_CHANGE, given=text)
    if abs(share) >= 1 and not written.strip().endswith("%"):
        # A bare number is a fraction, so "5" would be +500% (every price × 6) and "-1"
        # −100% (every price 0): far more likely "5%" and "-1%" without the sign.
        raise _bad(
            option,
            text,
            f"a percentage for a change of 100% or more (write {share * 100:g}% if that is "
            f"meant; {written.strip()}% for {written.strip()} per cent), since a number "
            "without % is a fraction (0.05 is 5%)",
        )
    return Change(share, written=text.strip()) if sep else Change(share)


def _resolve(change: Change, option: str, currency: Currency) -> Change:
    """``change`` with its written code read against the set's codes (docs/methodology.md §3.1)."""
    if change.written is None:
        if change.code is None and change.cluster in currency.keys:  # a key (library callers)
            code = currency.code_of(change.cluster)
            return replace(change, code=code) if isinstance(code, str) else change
        return change
    key = currency.key_of(change.written_code)
    if key is None or key not in currency.valid:
        expected = f"{currency.describe_expected()} before '='"
        if currency.code_kind == "integer" and option in _FIX:
            raise _bad(option, change.written, expected)
        example = currency.code_of(min(currency.valid)) if currency.valid else "CODE"
        shown = f"{option} {example}=10%" if option.startswith("--") else f'"{example}=10%"'
        fix = f"name one of the set's codes, e.g. {shown}, or choose the set whose codes these are"
        raise InputError(
            Problem(f"{option}: cannot read {change.written!r}", expected=expected, fix=fix)
        )
    code = currency.code_of(key)
    # A care cluster's key is its code: kept as before (Change(0.1, 13)).
    return Change(change.share, key, code if isinstance(code, str) else None)


def read_changes(texts: Iterable[str], option: str) -> tuple[Change, ...]:
    """Every ``option`` given, values checked, codes kept as written (:func:`read_change`)."""
    return _once(tuple(read_change(t, option) for t in texts), option)


def parse_changes(
    texts: Iterable[str], option: str, currency: Currency | None = None
) -> tuple[Change, ...]:
    """Every ``option`` given; one code named twice is an error (which would win?)."""
    return _once(tuple(parse_change(t, option, currency) for t in texts), option)


def resolve_changes(
    changes: Sequence[Change], option: str, currency: Currency
) -> tuple[Change, ...]:
    """``changes`` with each written code read against ``currency`` (:func:`read_change`).

    ``option`` names where they were given (``--tariff-change``, a scenario's key).

    Raises:
        InputError: a code the set does not have, or one code given twice.
    """
    return _once(tuple(_resolve(c, option, currency) for c in changes), option)


def _once(changes: tuple[Change, ...], option: str) -> tuple[Change, ...]:
    seen: dict[object, Change] = {}
    for change in changes:
        # Keyed once read (psy_cri and PSY_CRI are one code); as written before.
        mark = change.cluster if change.cluster is not None else change.written_code
        if mark in seen:
            raise _twice(option, seen[mark], change)
        seen[mark] = change
    return changes


#: A code written as a number: a care cluster's, whichever set reads it.
_CLUSTER_WRITTEN: Final = re.compile(r"\d+")


def _twice(option: str, first: Change, second: Change) -> InputError:
    """Both changes given to one code, named as given: each reads, so the problem is
    that there are two (rev7a: it was "cannot read '+3%'")."""
    shown = second.shown()
    # Read before --reference is known (the command line), a code is shown as written,
    # and a number is a cluster's, as read against the set ("3" is cluster 3, as
    # Change.describe says it); "every code" is right in a set of resource groups too.
    if isinstance(shown, str) and _CLUSTER_WRITTEN.fullmatch(shown):
        shown = int(shown)
    what = "every code" if shown is None else str(shown)
    what = what if shown is None or isinstance(shown, str) else f"cluster {shown}"
    return InputError(
        Problem(
            f"{option}: two changes for {what} ({first.share * 100:+g}% and "
            f"{second.share * 100:+g}%)",
            expected=f"one change for {what}, given once",
            fix=f"give {what} once, with the change meant",
        )
    )


#: Where each kind of lever was given, for a message naming it.
LEVER_OPTIONS: Final = ("--tariff-change", "--cost-change")


def check_in_population(
    levers: Levers,
    present: Iterable[int],
    rows: str,
    options: Sequence[str] = LEVER_OPTIONS,
    *,
    empty: Iterable[int] = (),
) -> None:
    """Refuse a change to one code that no row of the run's caseload or patients has,
    or whose only caseload rows (``empty``) have 0 service users.

    Such a change cannot move a figure (a row without people has no days or cost
    either), yet every output would list it as a what-if that applied: almost always
    a mistyped code or the wrong workbook, so it is refused rather than noted
    (docs/methodology.md §2). ``rows`` names those rows ("no row of the caseload",
    "no patient row"); ``options`` where the tariff and the cost changes were given
    (a scenario's keys, else the options).

    Raises:
        InputError: one problem per such change.
    """
    have, nobody = set(present) - set(empty), set(empty)
    problems = [
        _absent(option, change, rows, levers.unit, empty=change.cluster in nobody)
        for option, changes in zip(options, (levers.tariff, levers.cost), strict=True)
        for change in changes
        if change.cluster is not None and change.cluster not in have
    ]
    if problems:
        raise InputError(problems)


def codes_without_people(caseload: pd.DataFrame) -> list[int]:
    """The codes whose every caseload row has 0 service users (listed, with no one)."""
    people = caseload.groupby("cluster")["service_users"].sum()
    return [int(code) for code in people.index[people == 0]]


def _absent(option: str, change: Change, rows: str, unit: str, *, empty: bool) -> Problem:
    code = change.shown()
    named = f"{unit} {code}" if isinstance(code, int) else str(code)
    why = (
        f"the caseload's only rows for {named} have 0 service users"
        if empty
        else f"{named} is in the reference set but {rows} has it"
    )
    return Problem(
        f"{option}: {change.describe()} changes nothing: {why}",
        expected=f"a change to a code the input has, or to every code ({option} 5%)",
        fix=f"correct the code, or remove the change to {named}, or check the workbook "
        "is the one meant",
    )


def factors(changes: Sequence[Change], codes: Iterable[int]) -> dict[int, float]:
    """The multiplier 1 + change per cluster code: the cluster's own change, else the
    all-cluster one, else 1 (no change)."""
    if any(c.written is not None and c.cluster is None for c in changes):
        # A code not yet read against the set would count as every code: never apply it.
        raise ValueError("levers must be resolved against the reference set first")
    everyone = next((c.share for c in changes if c.cluster is None), 0.0)
    own = {c.cluster: c.share for c in changes if c.cluster is not None}
    return {code: 1.0 + own.get(code, everyone) for code in codes}


def change_tariff(tariff: pd.DataFrame, changes: Sequence[Change]) -> pd.DataFrame:
    """Prices (and admitted-day prices) × (1 + change), per cluster (the index)."""
    if not changes:
        return tariff
    by_code = factors(changes, (int(c) for c in tariff.index))
    import pandas as pd

    factor = pd.Series([by_code[int(c)] for c in tariff.index], index=tariff.index)
    changed = tariff.copy()
    for column in ("price", "admitted_day_price"):
        if column in changed.columns:
            changed[column] = changed[column] * factor
    return changed


@dataclass(frozen=True)
class CostTables:
    """The tables that make a cost: unit costs (by resource), packages, caseload."""

    unit_costs: pd.DataFrame
    packages: pd.DataFrame
    caseload: pd.DataFrame


def change_costs(tables: CostTables, changes: Sequence[Change]) -> CostTables:
    """Costs × (1 + change).

    The all-cluster change multiplies every unit cost (so every package and the
    inpatient bed day) and every ``actual_cost``. A cluster's own change multiplies
    that cluster's package quantities by (1 + own) ÷ (1 + all), so its package cost
    per community day k moves by its own change alone, and its ``actual_cost`` by
    (1 + own). Admitted days are costed at the one bed-day unit cost every cluster
    shares: only the all-cluster change moves it.
    """
    if not changes:
        return tables
    from pbrkit.costing import BED_DAY_RESOURCE

    everyone = 1.0 + next((c.share for c in changes if c.cluster is None), 0.0)
    # Unit costs carry the all-cluster change; package quantities carry each cluster's
    # own relative to it. After −100% for all (nothing to divide by) the quantities
    # carry everything and only the shared bed day takes the all-cluster change.
    base = everyone if everyone > 0 else 1.0
    unit = tables.unit_costs["unit_cost"] * base
    unit = unit.where(tables.unit_costs.index != BED_DAY_RESOURCE, unit / base * everyone)
    unit_costs = tables.unit_costs.assign(unit_cost=unit)
    packages, caseload = tables.packages, tables.caseload
    codes = {*packages["cluster"].astype(int), *caseload["cluster"].astype(int)}
    by_code = factors(changes, codes)
    packages = packages.assign(
        quantity=packages["quantity"] * packages["cluster"].astype(int).map(by_code) / base
    )
    if "actual_cost" in caseload.columns:
        own = caseload["cluster"].astype(int).map(by_code)
        caseload = caseload.assign(actual_cost=caseload["actual_cost"] * own)
    return CostTables(unit_costs, packages, caseload)


def apply_levers(inputs: CostInputs, levers: Levers) -> CostInputs:
    """The costing inputs with the levers' tariff and cost changes made."""
    if not (levers.tariff or levers.cost):
        return inputs
    tables = CostTables(inputs.unit_costs, inputs.packages, inputs.caseload)
    tables = change_costs(tables, levers.cost)
    return replace(
        inputs,
        tariff=change_tariff(inputs.tariff, levers.tariff),
        unit_costs=tables.unit_costs,
        packages=tables.packages,
        caseload=tables.caseload,
    )


def scale_by_cluster(
    values: pd.Series, clusters: pd.Series, changes: Sequence[Change]
) -> pd.Series:
    """``values`` (one per row, ``clusters`` its codes) × (1 + change) for its cluster."""
    if not changes:
        return values
    by_code = factors(changes, {int(c) for c in clusters})
    return values * clusters.astype(int).map(by_code).to_numpy()


def what_if_rows(options: Mapping[str, object]) -> list[tuple[str, str]]:
    """Assumption rows for the levers a run's options record (``what_if``, ``efficiency``).

    Read from the run's metadata so every report (Excel, HTML) lists the same levers
    as summary.json; none for a run without levers.
    """
    changes = options.get("what_if")
    levers = Levers()
    if isinstance(changes, list):
        levers = Levers(
            tariff=tuple(_change(c) for c in changes if c.get("lever") == "tariff_change"),
            cost=tuple(_change(c) for c in changes if c.get("lever") == "cost_change"),
        )
    rows = levers.assumptions()
    efficiency = options.get("efficiency")
    if isinstance(efficiency, float | int) and efficiency:
        rows.append(
            (
                "What-if: cost efficiency per year (--efficiency)",
                # Not "^t in year t": a costing counts its years from 0, a tender from 1.
                f"{efficiency * 100:g}%: every cost × (1 − {efficiency:g}) each year after "
                "the first",
            )
        )
    return rows


def _change(record: Mapping[str, object]) -> Change:
    cluster, share = record.get("cluster"), record.get("change")
    value = float(share) if isinstance(share, float | int) else 0.0
    if isinstance(cluster, str):  # a text code, as the set writes it
        return Change(value, code=cluster)
    return Change(value, cluster if isinstance(cluster, int) else None)


def _bad(option: str, value: str, expected: str) -> InputError:
    fix = _FIX.get(option, "give each code once, with its change as a percentage")
    return InputError(Problem(f"{option}: cannot read {value!r}", expected=expected, fix=fix))


#: Read before --reference loads, so both forms of a code are named, as --help names them.
_FIX: Final = {
    "--tariff-change": "e.g. --tariff-change 5% (every price) or --tariff-change 13=10% "
    "(--tariff-change PSY_CRI=10% in a set with text codes)",
    "--cost-change": "e.g. --cost-change -3% (every unit cost) or --cost-change 14=8% "
    "(--cost-change PSY_CRI=8% in a set with text codes)",
    "--efficiency": "e.g. --efficiency 1.1% (costs fall 1.1% a year)",
}
