"""Scenario files: a TOML file that changes a tender without touching the workbook.

A scenario names the workbook it starts from (relative to the scenario file) and
overrides any of its bidders, lots and NHS cost structure, plus the run's draws, seed
and a tariff deflator. Example::

    schema_version = 1
    workbook = "clusters.xlsx"
    draws = 1000
    seed = 42
    deflator = 0.02            # tariff prices cut by 2%

    [nhs]                      # either fixed_cost_share/shed_rate, or pools
    [[nhs.pools]]
    pool = "AMHP service"      # statutory Mental Health Act assessments: never shed
    amount = 1_200_000
    kind = "fixed"
    shed_rate = 0
    [[nhs.pools]]
    pool = "Community teams"
    amount = 9_000_000
    kind = "variable"

    [[bidders]]                # a name in the workbook: change only the keys given
    name = "Acme Care"
    info_quality = 0.9
    [[bidders]]                # a new name: a new bidder (cost_factor required)
    name = "Big Society Trust"
    cost_factor = 1.05
    capacity = 40              # or "unlimited"
    clusters = "1-4"           # or [1, 2, 3, 4], or "all"

    [[lots]]
    name = "Psychosis"
    accept_all = true

Set ``replace_bidders = true`` (or ``replace_lots``) to use only the scenario's bidders
(lots) and drop the workbook's. Every problem is reported at once, each with its key
path, e.g. ``bidders[1].info_quality: must be between 0 and 1 (found 1.5)``; list
positions count from 0, as in TOML tools.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, Final, Literal, Self, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Strict,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from pbrkit.errors import NOTHING_WRITTEN, InputError, Problem
from pbrkit.io.limits import (
    MAX_BIDDER_LOTS,
    MAX_DRAWS,
    MAX_SCENARIO_BYTES,
    MAX_SCENARIO_NUMBER,
    SEED_LIMIT,
    check_bidder_lots,
    check_input_path,
    check_regular_file,
)
from pbrkit.io.schema import differs_in_capitals
from pbrkit.levers import read_changes
from pbrkit.tender.model import (
    COST_SHARING_FIXED_TARIFF_ONLY,
    Allocation,
    Award,
    Bidder,
    Capacity,
    Clusters,
    CostFactor,
    CostPool,
    Lot,
    Margin,
    Name,
    NhsCostStructure,
    NotNegative,
    OptionalClusters,
    Payment,
    Pricing,
    Share,
    TenderSpec,
    ignores_cost_sharing,
    unused_variable_share,
)
from pbrkit.tender.scenario_messages import type_message

#: Most years a run projects (docs/methodology.md §6.7).
MAX_YEARS: Final = 50

#: The scenario schema this pbrkit reads.
SCHEMA_VERSION: Final = 1


def _draws(value: int) -> int:
    if value < 1:
        raise ValueError("must be 1 or more")
    if value > MAX_DRAWS:
        raise ValueError(f"must be at most {MAX_DRAWS:,}, as for --draws")
    return value


def _seed(value: int) -> int:
    if value < 0:
        raise ValueError("must be 0 or more")
    if value >= SEED_LIMIT:
        raise ValueError("must be below 2**128, as for --seed")
    return value


def _deflator(value: float) -> float:
    if not 0 <= value < 1:
        raise ValueError("must be at least 0 and below 1 (a share of the tariff)")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _years(value: int) -> int:
    if not 1 <= value <= MAX_YEARS:
        raise ValueError(f"must be a whole number from 1 to {MAX_YEARS}")
    return value


def _changes(option: str) -> Callable[[str | tuple[str, ...]], tuple[str, ...]]:
    """A lever key: one change (``"5%"``) or a list (``["5%", "13=10%"]``), checked as
    ``--tariff-change``/``--cost-change`` check theirs (pbrkit.levers)."""

    def check(value: str | tuple[str, ...]) -> tuple[str, ...]:
        texts = (value,) if isinstance(value, str) else tuple(value)
        try:
            # The values only: the codes are read against the run's reference set.
            read_changes(texts, option)
        except InputError as error:
            problem = error.problems[0]  # read_changes stops at the first
            message = problem.message.removeprefix(f"{option}: ")
            raise ValueError(
                f"{message}; expected {problem.expected}" if problem.expected else message
            ) from None
        return texts

    return check


def _efficiency(value: float) -> float:
    if not 0 <= value < 1:
        raise ValueError("must be at least 0 and below 1 (0.011 = costs fall 1.1% a year)")
    return value


def _above_minus_one_share(value: float) -> float:
    if not -1 < value <= 1:
        raise ValueError("must be a share above -1 and at most 1 (0.03 = 3% a year)")
    return value


class BidderOverride(_Strict):
    """A ``[[bidders]]`` entry: the keys given replace the workbook's, or make a new bidder."""

    name: Name
    cost_factor: CostFactor | None = None
    info_quality: Share | None = None
    hurdle_margin: Margin | None = None
    capacity: Capacity = None
    clusters: OptionalClusters = None
    screening: bool | None = None
    risk_aversion: NotNegative | None = None
    quality_score: Share | None = None
    recharge: bool | None = None


class LotOverride(_Strict):
    """A ``[[lots]]`` entry: the keys given replace the workbook's, or make a new lot."""

    name: Name
    clusters: Clusters | None = None
    accept_all: bool | None = None
    award: Award | None = None
    price_weight: Share | None = None
    cost_sharing: Share | None = None
    allocation: Allocation | None = None
    pricing: Pricing | None = None


class NhsOverride(_Strict):
    """The ``[nhs]`` table: f and s directly, or cost pools to derive them from."""

    fixed_cost_share: Share | None = None
    shed_rate: Share | None = None
    pools: tuple[CostPool, ...] | None = None
    payment: Payment | None = None
    variable_share: Share | None = None

    @model_validator(mode="after")
    def _pools_or_shares(self) -> Self:
        if self.pools is not None and {"fixed_cost_share", "shed_rate"} & self.model_fields_set:
            raise ValueError("give either pools or fixed_cost_share/shed_rate, not both")
        if self.pools is not None and sum(p.amount for p in self.pools) <= 0:
            raise ValueError("pools must add up to more than £0")
        return self


class Scenario(_Strict):
    """A validated scenario file (see the module docstring for the format).

    Attributes:
        schema_version: always 1 for now.
        workbook: the input workbook, resolved against the scenario file's folder.
        draws: Monte Carlo draws (``None`` = the command's default).
        seed: the seed (``None`` = the command's default).
        deflator: d, tariff income × (1 − d) (``None`` = no change).
        tariff_change, cost_change: what-if levers, as ``--tariff-change`` and
            ``--cost-change`` write them (``None`` = none).
        efficiency: e, every cost × (1 − e) a year from year 2 (0 = none).
        replace_bidders: drop the workbook's bidders and use only these.
        replace_lots: drop the workbook's lots and use only these.
        bidders: bidder overrides or additions, in order.
        lots: lot overrides or additions, in order.
        nhs: the NHS cost structure override.
    """

    schema_version: Literal[1]
    workbook: Path | None = None
    draws: Annotated[int, Strict(), AfterValidator(_draws)] | None = None
    seed: Annotated[int, Strict(), AfterValidator(_seed)] | None = None
    deflator: Annotated[float, AfterValidator(_deflator)] | None = None
    years: Annotated[int, AfterValidator(_years)] | None = None
    tariff_rebase: Literal["none", "all_providers", "nhs_only"] = "none"
    inflation: Annotated[float, AfterValidator(_above_minus_one_share)] = 0.0
    nhs_response: Literal["deficit", "cut"] = "deficit"
    retender_every: Annotated[int, AfterValidator(_years)] | None = None
    tariff_change: (
        Annotated[str | tuple[str, ...], AfterValidator(_changes("--tariff-change"))] | None
    ) = None
    cost_change: (
        Annotated[str | tuple[str, ...], AfterValidator(_changes("--cost-change"))] | None
    ) = None
    efficiency: Annotated[float, AfterValidator(_efficiency)] = 0.0
    replace_bidders: bool = False
    replace_lots: bool = False
    bidders: tuple[BidderOverride, ...] = ()
    lots: tuple[LotOverride, ...] = ()
    nhs: NhsOverride | None = None


#: The model each table or array of tables in a scenario is read into (for "did you mean").
_TABLES: Final[dict[str, type[BaseModel]]] = {
    "": Scenario,
    "bidders": BidderOverride,
    "lots": LotOverride,
    "nhs": NhsOverride,
    "pools": CostPool,
}


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Args:
        path: the ``.toml`` file.

    Returns:
        The scenario, with ``workbook`` resolved against the file's folder.

    Raises:
        InputError: the file is missing or not TOML, or it breaks the schema (every
            problem is listed with its key path), or it names a workbook that does not
            exist.
    """
    path = Path(path)
    hint = fix_scenario_hint(path)
    if not path.exists():
        raise InputError(Problem(f"scenario file not found: {path}"), hint=_NOT_FOUND_HINT)
    if path.suffix.lower() in _DATA_SUFFIXES:
        # sweep and explore take a scenario; a newcomer gives the workbook they just costed
        raise InputError(
            Problem(
                f"{path} is a workbook, not a scenario file (TOML)",
                fix="give a scenario file that names the workbook (`workbook = "
                f'"{path.name}"`); `pbrkit example aqp-fixed-tariff.toml` writes one to '
                "copy, and docs/scenarios.md lists its keys",
            ),
            hint=NOTHING_WRITTEN,
        )
    data = _read_toml(path, hint)
    scenario = parse_scenario(data, hint=hint)
    if scenario.workbook is None:
        return scenario
    workbook = (path.parent / scenario.workbook).resolve()
    if not workbook.exists():
        raise InputError(
            Problem(f"workbook: file not found: {workbook}", value=str(scenario.workbook)),
            hint="the workbook path is read relative to the scenario file's folder; "
            f"{NOTHING_WRITTEN}",
        )
    check_input_path(workbook, "the scenario's workbook")
    return scenario.model_copy(update={"workbook": workbook})


#: The hint of a scenario file that is not there (a typo in its name or folder).
_NOT_FOUND_HINT: Final = f"check the file's name and folder; {NOTHING_WRITTEN}"


def fix_scenario_hint(path: Path | None = None) -> str:
    """The hint of every refusal of a scenario file's contents: which file to fix, and
    that nothing was written, as every other refusal's hint says."""
    file = "the scenario file" if path is None else f"the scenario file {path}"
    return f"fix {file}; {NOTHING_WRITTEN}"


#: Inputs that are data, never a scenario file.
_DATA_SUFFIXES: Final = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".parquet"})


def _read_toml(path: Path, hint: str) -> dict[str, Any]:
    """The scenario's TOML, read only if it is a regular file of sane size and depth."""
    check_regular_file(path, "scenario file")
    if path.stat().st_size > MAX_SCENARIO_BYTES:
        raise InputError(
            Problem(
                f"scenario file {path} is larger than {MAX_SCENARIO_BYTES // 1024:,} KB "
                "(a real scenario is a few KB)"
            ),
            hint=hint,
        )
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise InputError(Problem(f"{path} is not valid TOML: {error}"), hint=hint) from None
    except UnicodeDecodeError:
        raise InputError(Problem(f"{path} is not UTF-8 text, as TOML must be"), hint=hint) from None
    except RecursionError:  # tomllib recurses once per nested array or table
        raise InputError(
            Problem(f"{path} nests arrays or tables too deeply to read"), hint=hint
        ) from None


def parse_scenario(data: dict[str, Any], *, hint: str | None = None) -> Scenario:
    """Validate scenario data already read from TOML (``workbook`` is left as written).

    Raises:
        InputError: listing every problem with its key path.
    """
    # [uncertainty] belongs to the uncertainty commands (pbrkit.io.uncertainty_sheet).
    data = {key: value for key, value in data.items() if key != "uncertainty"}
    problems = scenario_number_problems(data) + _yes_no_problems(data)
    if problems:
        raise InputError(problems, hint=hint)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = [_problem(detail) for detail in error.errors()]
        raise InputError(problems, hint=hint) from None
    for kind in ("bidders", "lots"):
        problems += _repeated_names(kind, getattr(scenario, kind))
    if problems:
        raise InputError(problems, hint=hint)
    return scenario


def _repeated_names(kind: str, entries: Sequence[BidderOverride | LotOverride]) -> list[Problem]:
    """A name given twice, or twice in different capitals: names are told apart ignoring
    case, as the workbook's bidders and lots sheets tell them (review 8: "Acme" and
    "acme" are one bidder typed twice, not two that every report shows alike)."""
    problems: list[Problem] = []
    seen: dict[str, tuple[int, str]] = {}
    for i, entry in enumerate(entries):
        first = seen.setdefault(entry.name.casefold(), (i, entry.name))
        if first[0] == i:
            continue
        if first[1] == entry.name:
            problems.append(Problem(f"{kind}[{i}].name: {entry.name!r} is given twice"))
        else:
            fix = f"give each {kind[:-1]} its own name, or delete the entry if it repeats the first"
            where = f"at {kind}[{first[0]}]"
            problems.append(_capitals(kind, i, entry.name, first[1], where, fix))
    return problems


def _capitals(kind: str, i: int, name: str, other: str, where: str, fix: str) -> Problem:
    """One name written in two capitalisations, in the workbook's words."""
    label = f"{kind[:-1]} name"
    message = differs_in_capitals(label, repr(name), other, where)
    return Problem(f"{kind}[{i}].name: {message}", fix=fix)


def scenario_number_problems(data: object, where: str = "") -> list[Problem]:
    """Every number in scenario data that is not finite or beyond ±1e15, and every
    list of bidders or lots longer than the tender limit, with its key path.

    TOML allows ``inf`` and ``nan``; no scenario key means either, and a number
    beyond :data:`~pbrkit.io.limits.MAX_SCENARIO_NUMBER` would overflow the sums it
    goes into. Checked on the raw data, so every key (present and future) is covered.
    """
    problems: list[Problem] = []
    stack: list[tuple[str, object]] = [(where, data)]
    while stack:  # a loop, not recursion: the data may be nested deeply
        key, value = stack.pop()
        if isinstance(value, dict):
            stack += [(f"{key}.{k}" if key else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            if key in ("bidders", "lots") and len(value) > MAX_BIDDER_LOTS:
                problems.append(
                    Problem(f"{key}: {len(value):,} entries, more than {MAX_BIDDER_LOTS:,}")
                )
                continue
            stack += [(f"{key}[{i}]", v) for i, v in enumerate(value)]
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(Problem(f"{key}: must be a finite number", value=value))
        elif _too_large(key, value):
            problems.append(Problem(f"{key}: must be between -1e15 and 1e15", value=value))
    return sorted(problems, key=lambda p: p.message)


def _admits_bool(annotation: object) -> bool:
    """Whether a field's type takes true or false (``bool``, ``bool | None``)."""
    return annotation is bool or any(_admits_bool(arg) for arg in get_args(annotation))


#: The keys that take true or false (screening, recharge, accept_all, serves_taken, …).
_YES_NO_KEYS: Final = frozenset(
    name
    for model in _TABLES.values()
    for name, field in model.model_fields.items()
    if _admits_bool(field.annotation)
)

#: The keys that take a number or text.
_OTHER_KEYS: Final = (
    frozenset(name for model in _TABLES.values() for name in model.model_fields) - _YES_NO_KEYS
)

_NOT_YES_NO: Final = (
    "{key}: takes a number or text, not true or false (true would be read as 1); "
    f"only {', '.join(sorted(_YES_NO_KEYS))} take true or false"
)


def _yes_no_problems(data: dict[str, Any]) -> list[Problem]:
    """Every true or false at a key that takes a number or text, with its key path:
    pydantic would read true as 1 and false as 0 there without a word. An unknown key
    is left to the schema's "did you mean"."""
    problems: list[Problem] = []
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack += [(f"{key}.{k}" if key else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{key}[{i}]", v) for i, v in enumerate(value)]
        elif isinstance(value, bool) and key.rsplit(".", 1)[-1] in _OTHER_KEYS:
            problems.append(Problem(_NOT_YES_NO.format(key=key), value=value))
    return sorted(problems, key=lambda p: p.message)


def _too_large(key: str, value: object) -> bool:
    """A number beyond ±1e15 (the seed has its own, 128-bit range)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or key == "seed":
        return False
    return abs(value) > MAX_SCENARIO_NUMBER


def check_tender_size(spec: TenderSpec) -> None:
    """Refuse a tender with more bidder-lot pairs than the simulator is built for.

    Checked before the simulation allocates anything: it holds one bid per pair for
    every patient, so memory grows with bidders × lots × patients.

    Raises:
        InputError: more than :data:`~pbrkit.io.limits.MAX_BIDDER_LOTS` pairs.
    """
    check_bidder_lots(len(spec.bidders), len(spec.lots))


def apply_scenario(spec: TenderSpec, scenario: Scenario) -> TenderSpec:
    """The workbook's tender with the scenario's bidders, lots and NHS overrides applied.

    A scenario entry whose name matches a workbook bidder (lot) changes only the keys
    it gives; a new name adds a bidder (lot) at the end, and must give every required
    key (``cost_factor``; ``clusters`` for a lot).

    Raises:
        InputError: a new bidder or lot lacks a required key, or the result breaks a
            rule (every problem listed with its key path).
    """
    problems: list[Problem] = []
    base_bidders = () if scenario.replace_bidders else spec.bidders
    base_lots = () if scenario.replace_lots else spec.lots
    bidders = _merged(base_bidders, scenario.bidders, Bidder, "bidders", problems)
    lots = _merged(base_lots, scenario.lots, Lot, "lots", problems)
    nhs = _nhs(spec.nhs, scenario.nhs, problems)
    problems += _ignored_cost_sharing(lots, scenario.lots)
    if problems:
        raise InputError(problems, hint=fix_scenario_hint())
    try:
        return TenderSpec(bidders=bidders, lots=lots, nhs=nhs)
    except ValidationError as error:  # a rule across lots, e.g. one stage-2 allocation
        raise InputError(
            [Problem(_message(detail)) for detail in error.errors()], hint=fix_scenario_hint()
        ) from None


def _ignored_cost_sharing(lots: Sequence[Lot], overrides: Sequence[LotOverride]) -> list[Problem]:
    """A ``[[lots]]`` entry that leaves a competitive lot with a cost share, which
    would be ignored (methodology §6.3), at the entry's key path."""
    merged = {lot.name: lot for lot in lots}
    return [
        Problem(
            f"lots[{i}].cost_sharing: {lot.cost_sharing:g} on competitive lot "
            f"'{lot.name}' {COST_SHARING_FIXED_TARIFF_ONLY}; give cost_sharing = 0, or "
            'award = "fixed_tariff"'
        )
        for i, override in enumerate(overrides)
        if (lot := merged.get(override.name)) is not None and ignores_cost_sharing(lot)
    ]


_T = TypeVar("_T", Bidder, Lot)


def _merged(
    base: Sequence[_T],
    overrides: Sequence[BidderOverride | LotOverride],
    model: type[_T],
    kind: str,
    problems: list[Problem],
) -> tuple[_T, ...]:
    items: dict[str, _T] = {item.name: item for item in base}
    spelled = {name.casefold(): name for name in items}
    for i, override in enumerate(overrides):
        other = spelled.get(override.name.casefold(), override.name)
        if other != override.name:  # the workbook's name in other capitals: not a new one
            fix = (f"write {other!r} to change the workbook's {kind[:-1]}, or give a new "
                   f"{kind[:-1]} a name of its own")  # fmt: skip
            where = f"in the workbook's {kind} sheet"
            problems.append(_capitals(kind, i, override.name, other, where, fix))
            continue
        given = {key: getattr(override, key) for key in override.model_fields_set}
        current = items.get(override.name)
        values = {**dict(current), **given} if current is not None else given
        try:
            items[override.name] = model.model_validate(values)
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"])
                if detail["type"] == "missing":
                    message = (
                        f"required for a new {kind[:-1]} "
                        f"(the workbook has none called {override.name!r})"
                    )
                else:
                    message = _message(detail)
                problems.append(Problem(f"{kind}[{i}].{where}: {message}"))
    return tuple(items.values())


def _nhs(
    base: NhsCostStructure, override: NhsOverride | None, problems: list[Problem]
) -> NhsCostStructure:
    if override is None:
        return base
    payment = override.payment or base.payment
    variable_share = (
        override.variable_share if override.variable_share is not None else base.variable_share
    )
    if "variable_share" in override.model_fields_set and payment != "blended":
        problems.append(
            Problem(
                f"nhs.variable_share: {unused_variable_share(payment)}; set payment = "
                '"blended" in [nhs], or leave variable_share out'
            )
        )
        return base
    if payment == "blended" and variable_share is None:
        # Checked here, not left to NhsCostStructure: its error names no key path, and
        # the share may come from the workbook as well as from this table.
        problems.append(
            Problem(
                "nhs.variable_share: a blended payment needs one: the share of a taken "
                "patient's tariff the NHS loses, 0 to 1 (e.g. variable_share = 0.2)"
            )
        )
        return base
    if override.pools is not None:
        return NhsCostStructure.from_pools(
            override.pools, payment=payment, variable_share=variable_share
        )
    keys = ("fixed_cost_share", "shed_rate", "payment", "variable_share")
    given = {k: getattr(override, k) for k in keys if k in override.model_fields_set}
    if not given:
        return base
    if {"fixed_cost_share", "shed_rate"} & set(given):
        # The shares given no longer come from the pools: drop the pools and their r, as
        # a sweep does, so no report lists pools that f, s and r do not match.
        given.update(retained_share=0.0, pools=())
    paid = {"payment": payment, "variable_share": variable_share}
    return NhsCostStructure.model_validate({**dict(base), **given, **paid})


def _problem(detail: ErrorDetails) -> Problem:
    """One pydantic error as a Problem with a key path like ``bidders[1].info_quality``."""
    loc = detail["loc"]
    path = _path(loc)
    if detail["type"] == "extra_forbidden":
        parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), "")
        allowed = list(_TABLES.get(parent, Scenario).model_fields)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = (
            f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(allowed)}"
        )
        return Problem(f"{path}: unknown key{suggestion}")
    if detail["type"] == "missing":
        if loc == ("schema_version",):
            return Problem(f"{path}: missing; add schema_version = {SCHEMA_VERSION}")
        return Problem(f"{path}: missing")
    if loc == ("schema_version",):
        return Problem(
            f"{path}: this pbrkit reads schema_version {SCHEMA_VERSION}", value=detail["input"]
        )
    return Problem(f"{path}: {_message(detail)}", value=_shown(detail["input"]))


def _message(detail: ErrorDetails) -> str:
    typed = type_message(detail)
    return typed if typed is not None else detail["msg"].removeprefix("Value error, ")


def _shown(value: object) -> object:
    return None if isinstance(value, dict | list) else value


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"
