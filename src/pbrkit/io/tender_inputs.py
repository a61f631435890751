"""Read a tender's inputs: the ``nhs``, ``bidders``, ``lots`` and ``patients`` sheets.

The sheets are typed against their contracts (:mod:`pbrkit.io.sheets`), then each
row becomes a :class:`~pbrkit.tender.model.Bidder`, :class:`~pbrkit.tender.model.Lot`
or :class:`~pbrkit.tender.model.CostPool`. A rule the model enforces (a capacity that
is not a whole number, a lot with no clusters) becomes a :class:`~pbrkit.errors.Problem`
naming the sheet, the spreadsheet row and the column, like any bad cell. Every problem
in every sheet, the caseload's included, is raised together once.

Absent sheets take the docs/methodology.md §8 defaults, and :class:`TenderSources` records, field by
field, whether a value came from the sheet or a default, so the Assumptions sheet can
say which is which.

The patients come from the ``patients`` sheet when there is one (or when the input is
a single ``.csv``/``.parquet`` table, which is read as that sheet); otherwise the
``caseload`` is read for costing, and the workflow synthesises people from it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, TypeVar

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from pbrkit.currency import active_currency, in_reference_currency
from pbrkit.errors import (
    TABLE_SUFFIXES,
    InputError,
    Problem,
    ProblemCollector,
    file_of,
    in_table,
    place,
    table_word,
)
from pbrkit.io import sheets
from pbrkit.io.fallback import Fallback, complete_tariff
from pbrkit.io.financial_year import read_input_year
from pbrkit.io.inputs import (
    FALLBACK_CHECK,
    correct_hint,
    fallback_notes,
    fallback_source,
    read_cost_inputs,
    read_sheet,
    read_tariff_table,
    tariff_prices,
)
from pbrkit.io.limits import DEFAULT_LIMITS, ReadLimits, check_bidder_lots
from pbrkit.io.patients import check_patient_days
from pbrkit.io.resources import match_resources
from pbrkit.io.schema import MAX_PROBLEMS_PER_COLUMN, SheetSpec, Table, report_repeats
from pbrkit.io.table_kind import TableKind, single_table_kind
from pbrkit.io.workbook import (
    Workbook,
    names_its_files,
    open_workbook,
    sheet_of,
)
from pbrkit.model import BED_DAY_ONLY, PACKAGES_NOT_USED, CostInputs, QualityNote
from pbrkit.model import DEFAULT as DEFAULT
from pbrkit.model import NHS_SOURCES as NHS_SOURCES
from pbrkit.model import SCENARIO as SCENARIO
from pbrkit.model import SHEET as SHEET
from pbrkit.model import FieldSources as FieldSources
from pbrkit.model import TenderSources as TenderSources
from pbrkit.reference import ReferenceSet
from pbrkit.tender.model import (
    COST_SHARING_FIXED_TARIFF_ONLY,
    DEFAULT_PAYMENT,
    Bidder,
    CostPool,
    Lot,
    NhsCostStructure,
    TenderSpec,
    default_bidder,
    default_lot,
    ignores_cost_sharing,
    stage_two,
    unused_variable_share,
)

_POOL_COLUMNS: Final = ("pool", "amount", "kind")
_HEADLINE_COLUMNS: Final = ("fixed_cost_share", "shed_rate")
_PAYMENT_COLUMNS: Final = ("payment", "variable_share")


@dataclass(frozen=True)
class PriceTables:
    """What prices and costs a patient's own activity: tariff, review days, packages.

    ``packages`` and ``unit_costs`` (indexed by resource) cost patients without a
    ``cost``; the workflow works out k and the bed-day cost from them, since io reads
    and never computes (docs/architecture.md).
    """

    tariff: pd.DataFrame
    review_days: pd.Series
    packages: pd.DataFrame
    unit_costs: pd.DataFrame


@dataclass(frozen=True)
class TenderInputs:
    """Everything a tender reads, checked.

    Attributes:
        spec: bidders, lots and the NHS cost structure.
        sources: where each part of ``spec`` came from.
        clusters: the reference set's cluster table (names, superclasses).
        patients: the typed ``patients`` sheet (``cluster`` as integers), or None.
        cost_inputs: the caseload and its prices, when the population is synthesised.
        prices: tariff and costs for pricing patient rows (None with a caseload).
        table_sources: where the population, tariff and packages came from.
        notes: observations for the reports that are not errors.
        fallbacks: clusters a partial local tariff omits, priced from the reference set.
    """

    spec: TenderSpec
    sources: TenderSources
    clusters: pd.DataFrame
    patients: pd.DataFrame | None = None
    cost_inputs: CostInputs | None = None
    prices: PriceTables | None = None
    table_sources: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: Clusters a partial local tariff omits, priced from the reference set.
    fallbacks: tuple[int, ...] = ()
    #: The financial year the input covers (its ``year`` sheet), or None.
    financial_year: str | None = None

    def population_clusters(self) -> list[int]:
        """The cluster codes of the population (patients, else the caseload)."""
        if self.patients is not None:
            frame = self.patients
        elif self.cost_inputs is not None:
            frame = self.cost_inputs.caseload
        else:
            return []
        return sorted({int(c) for c in frame["cluster"]})


@in_reference_currency
@names_its_files
def read_tender_inputs(
    path: Path,
    reference: ReferenceSet,
    *,
    tariff_file: Path | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> TenderInputs:
    """Read a tender workbook (or one patients table) and check everything in it.

    Args:
        path: an .xlsx/.xlsm/.ods workbook, a folder of CSVs, or one .csv/.parquet
            file of patients.
        reference: supplies the tariff, packages and unit costs the workbook lacks,
            and the currency its codes are read in.
        tariff_file: a workbook or CSV whose tariff replaces both.
        limits: bounds on what the input may make pbrkit read.

    Raises:
        InputError: listing every problem in every sheet, each with its sheet, row
            and column.
    """
    single_table = path.is_file() and path.suffix.lower() in TABLE_SUFFIXES
    book = open_workbook(path, limits=limits, default_sheet="patients", reads=("patients",))
    problems = ProblemCollector()
    spec, sources = read_tender_spec(book, problems)
    # One rule for every command (pbrkit.io.table_kind): a caseload CSV is a caseload.
    caseload_table = single_table and single_table_kind(path, book) is TableKind.CASELOAD
    if caseload_table:
        single_table = False
    patients_table = (
        None if caseload_table else _unless_empty(read_sheet(book, sheets.PATIENTS, problems))
    )
    patients = _patients_frame(patients_table, problems) if patients_table else None
    notes = list(lot_notes(spec))
    hint = f"correct {path.name} and run again; nothing was written"
    if patients is None and single_table:
        problems.raise_if_any(hint=hint)
        raise InputError(Problem(f"'{path.name}' has no patient rows"), hint=hint)
    if patients is None:
        inputs = _caseload_inputs(path, reference, tariff_file, limits, problems, hint)
        return _of_caseload(spec, sources, reference, inputs, notes)
    sheet = patients_table.sheet if patients_table is not None else "patients"
    prices, table_sources = _price_tables(
        book, path, reference, tariff_file, limits, problems, _costs_modelled(patients)
    )
    year = read_input_year(book, problems)
    problems.raise_if_any(hint=correct_hint(path, problems))
    prices, fallbacks = _completed(prices, reference, patients)
    notes += _price_notes(book, reference, patients, fallbacks, table_sources)
    return TenderInputs(
        spec=spec,
        sources=sources,
        clusters=reference.clusters,
        patients=patients,
        prices=prices,
        table_sources={"population": sheet_of(path, sheet), **table_sources},
        notes=tuple(notes),
        fallbacks=tuple(f.cluster for f in fallbacks),
        financial_year=year,
    )


def _of_caseload(
    spec: TenderSpec,
    sources: TenderSources,
    reference: ReferenceSet,
    inputs: tuple[CostInputs, list[QualityNote]],
    notes: list[str],
) -> TenderInputs:
    """A tender whose population is synthesised from the caseload (``inputs``: its
    cost inputs and their notes, of which the reference set's prices are said)."""
    cost_inputs, cost_notes = inputs
    return TenderInputs(
        spec=spec,
        sources=sources,
        clusters=reference.clusters,
        cost_inputs=cost_inputs,
        table_sources={"population": "synthesised from the caseload", **cost_inputs.sources},
        notes=tuple(notes + [n.detail for n in cost_notes if n.check == FALLBACK_CHECK]),
        fallbacks=tuple(n.cluster for n in cost_notes if n.cluster is not None),
        financial_year=cost_inputs.financial_year,
    )


def _price_notes(
    book: Workbook,
    reference: ReferenceSet,
    patients: pd.DataFrame,
    fallbacks: list[Fallback],
    table_sources: dict[str, str],
) -> list[str]:
    """Name the reference prices that completed the tariff and the cost tables the
    patients' costs did not need (in ``table_sources``); the notes the population and
    its repeated IDs call for."""
    table_sources["tariff"] += fallback_source(fallbacks, reference.label())
    _narrow_cost_sources(table_sources, patients)
    notes = _population_notes(book, fallbacks, table_sources["tariff"], reference)
    return notes + _repeated_patient_notes(patients)


def _caseload_inputs(
    path: Path,
    reference: ReferenceSet,
    tariff_file: Path | None,
    limits: ReadLimits,
    problems: ProblemCollector,
    hint: str,
) -> tuple[CostInputs, list[QualityNote]]:
    """The caseload, read as ``pbrkit cost`` reads it, for the workflow to synthesise
    people from; its problems join the tender sheets' in one report."""
    try:
        cost_inputs, cost_notes = read_cost_inputs(
            path, reference, tariff_file=tariff_file, limits=limits
        )
    except InputError as error:
        problems.extend(error.problems)
        problems.raise_if_any(hint=correct_hint(path, problems))
        raise  # pragma: no cover - an InputError always has problems
    problems.raise_if_any(hint=hint)
    return cost_inputs, cost_notes


def _population_notes(
    book: Workbook, fallbacks: list[Fallback], tariff_source: str, reference: ReferenceSet
) -> list[str]:
    """Notes on a population read from patient rows: reference prices used, and an
    unused caseload sheet."""
    notes = [n.detail for n in fallback_notes(fallbacks, tariff_source, reference.label())]
    if book.find("caseload") is not None:
        kind = "sheet" if book.folder is None else "file"  # a folder of CSVs has files
        notes.append(f"The patients {kind} gives the population; the caseload {kind} is not used.")
    return notes


#: The note a tender's reports carry when a patient has a row in two clusters (review 2);
#: the terminal's headline looks for it (qa22).
REPEATED_PATIENTS_NOTE = (
    "Some patients appear in more than one cluster (re-clustered in the year): each of "
    "their cluster rows is tendered on its own, and every count of people here counts "
    "them once per cluster."
)


def _repeated_patient_notes(patients: pd.DataFrame) -> list[str]:
    """A patient re-clustered in the year has a row per cluster (methodology §8), and the
    tender takes each row on its own: say that its counts of people count such a patient
    once per cluster. No count is given, so the note needs no suppression."""
    if "patient_id" not in patients or not patients["patient_id"].dropna().duplicated().any():
        return []
    return [REPEATED_PATIENTS_NOTE]


def _completed(
    prices: PriceTables, reference: ReferenceSet, patients: pd.DataFrame
) -> tuple[PriceTables, list[Fallback]]:
    """A partial local tariff completed from the reference prices (pbrkit.levers)."""
    if prices.tariff is reference.tariff:  # no local tariff: nothing to complete
        return prices, []
    tariff, fallbacks = complete_tariff(
        prices.tariff, reference.tariff, patients["cluster"].astype(int).tolist()
    )
    return replace(prices, tariff=tariff), fallbacks


def read_tender_spec(
    book: Workbook, problems: ProblemCollector
) -> tuple[TenderSpec, TenderSources]:
    """The ``nhs``, ``bidders`` and ``lots`` sheets as a :class:`TenderSpec`.

    Problems are added to ``problems``; where a sheet has problems the returned spec
    leaves out the rows that broke (the caller raises before using it).
    """
    present: list[str] = []
    nhs_table = _unless_empty(read_sheet(book, sheets.NHS, problems))
    bidders_read = read_sheet(book, sheets.BIDDERS, problems)
    lots_read = read_sheet(book, sheets.LOTS, problems)
    bidders_table, lots_table = _unless_empty(bidders_read), _unless_empty(lots_read)
    # A header with no rows is used as absent, but said to be empty (not missing).
    empty = tuple(n for n, t in (("bidders", bidders_read), ("lots", lots_read))
                  if t is not None and t.frame.empty)  # fmt: skip
    where, rows = _bidder_lot_places(bidders_table, lots_table)
    check_bidder_lots(  # before a model is built per row (SECURITY.md)
        0 if bidders_table is None else len(bidders_table.frame),
        0 if lots_table is None else len(lots_table.frame),
        where=where,
        rows=rows,
    )
    nhs, nhs_source = NhsCostStructure(), DEFAULT
    if nhs_table is not None:
        present.append("nhs")
        nhs, nhs_source = _nhs(nhs_table, problems)
    bidders: list[Bidder] = []
    bidder_sources: FieldSources = {}
    if bidders_table is not None:
        present.append("bidders")
        bidders, bidder_sources = _models(bidders_table, Bidder, problems)
    lots: list[Lot] = []
    lot_sources: FieldSources = {}
    if lots_table is not None:
        present.append("lots")
        lots, lot_sources = _models(lots_table, Lot, problems)
        if _refuse_lot_conflicts(lots_table, lots, problems):
            lots = []  # the caller raises; TenderSpec would refuse them with no row
    spec = TenderSpec(bidders=tuple(bidders), lots=tuple(lots), nhs=nhs)
    sources = TenderSources(
        nhs=nhs_source,
        bidders=bidder_sources,
        lots=lot_sources,
        sheets=tuple(present),
        empty=empty,
    )
    return spec, sources


def _refuse_lot_conflicts(table: Table, lots: Sequence[Lot], problems: ProblemCollector) -> bool:
    """Fixed-tariff lots without a duty are shared out together, so they need one
    ``allocation`` (docs/methodology.md §6.4): two are a problem at the lot's row, not
    an "unexpected failure" from TenderSpec's own check. Returns whether any was found."""
    rows = {str(n).strip(): int(r) for n, r in zip(table.frame["name"], table.rows, strict=True)}
    shared_out = [lot for lot in lots if stage_two(lot)]
    before = len(problems.problems)
    for lot in shared_out[1:]:
        if lot.allocation != shared_out[0].allocation:
            problems.add(
                Problem(
                    f"allocation '{lot.allocation}' differs from '{shared_out[0].allocation}' "
                    f"of lot '{shared_out[0].name}': fixed-tariff lots without an accept-all "
                    "duty are shared out together, so they need one allocation",
                    sheet=table.sheet,
                    row=rows.get(lot.name),
                    column="allocation",
                    fix="give every fixed-tariff lot without accept_all the same allocation",
                )
            )
    for lot in lots:
        if ignores_cost_sharing(lot):
            problems.add(
                Problem(
                    f"cost_sharing {lot.cost_sharing:g} on competitive lot '{lot.name}' "
                    f"{COST_SHARING_FIXED_TARIFF_ONLY}",
                    sheet=table.sheet,
                    row=rows.get(lot.name),
                    column="cost_sharing",
                    fix="give cost_sharing 0 (or leave it empty), or award fixed_tariff",
                )
            )
    return len(problems.problems) > before


def with_defaults(
    spec: TenderSpec, sources: TenderSources, clusters: Iterable[Any]
) -> tuple[TenderSpec, TenderSources]:
    """Fill an absent ``bidders`` or ``lots`` sheet with the docs/methodology.md §8 default.

    No bidders: one "Outside provider" with cost factor 1.0, as efficient as the NHS,
    so what the tender changes comes from selection alone. No lots: one fixed-tariff
    lot of every cluster in the population.
    """
    assumed: list[str] = []
    bidders, lots = spec.bidders, spec.lots
    bidder_sources, lot_sources = sources.bidders, sources.lots
    if not bidders:
        assumed.append("bidders_empty" if "bidders" in sources.empty else "bidders")
        bidders = (default_bidder(),)
        fields = [f for f in Bidder.model_fields if f != "name"]
        bidder_sources = {bidders[0].name: dict.fromkeys(fields, DEFAULT)}
    codes = sorted({int(c) for c in clusters} & active_currency().valid)
    if not lots and codes:
        assumed.append("lots_empty" if "lots" in sources.empty else "lots")
        lots = (default_lot(codes),)
        fields = [f for f in Lot.model_fields if f != "name"]
        lot_sources = {lots[0].name: dict.fromkeys(fields, DEFAULT)}
    if not assumed:
        return spec, sources
    return (
        spec.model_copy(update={"bidders": bidders, "lots": lots}),
        replace(sources, bidders=bidder_sources, lots=lot_sources, assumed=tuple(assumed)),
    )


def _unless_empty(table: Table | None) -> Table | None:
    """A sheet with headers and no rows (a blank template's) counts as absent."""
    return None if table is not None and table.frame.empty else table


_M = TypeVar("_M", Bidder, Lot)


def _models(
    table: Table, model: type[_M], problems: ProblemCollector
) -> tuple[list[_M], FieldSources]:
    """One model per row; each rule it breaks is a problem at that row and column."""
    kind = "bidder" if model is Bidder else "lot"
    spec = sheets.BIDDERS if model is Bidder else sheets.LOTS
    fields = [f for f in model.model_fields if f != "name"]
    items: list[_M] = []
    sources: FieldSources = {}
    # Names are told apart ignoring case: "Acme Care" and "acme care" are one bidder
    # typed twice, not two bidders that every report shows alike (review 8).
    fix = f"give each {kind} its own name, or delete the row if it repeats the first"
    repeats = set(
        report_repeats(table, "name", problems, fix=fix, ignore_case=True, label=f"{kind} name")
    )
    for position, record in enumerate(table.frame.to_dict(orient="records")):
        if position in repeats:
            continue
        row = int(table.rows[position])
        values = {k: v for k, v in record.items() if k in model.model_fields and not _blank(v)}
        item = _validated(model, values, spec, table.sheet, row, problems)
        if item is None:
            continue
        items.append(item)
        sources[item.name] = {f: SHEET if f in values else DEFAULT for f in fields}
    return items, sources


def _nhs(table: Table, problems: ProblemCollector) -> tuple[NhsCostStructure, str]:
    """Headline f and s, or cost pools → r, f and s (docs/methodology.md §6.2); never both.

    ``payment`` and ``variable_share`` may stand on any row (blank elsewhere); two
    different values in one of them is an error.
    """
    frame = table.frame
    before = len(problems.problems)
    payment = {c: _one_value(table, c, problems) for c in _PAYMENT_COLUMNS}
    # Two values in a payment column are already a problem: checking the payment
    # again without them would add a false "a blended payment needs a variable_share".
    conflict = len(problems.problems) > before
    paid = {} if conflict else {k: v for k, v in payment.items() if v is not None}
    if _refuse_unused_share(table, paid, problems):
        paid = {}
    pool_rows = [
        i
        for i in range(len(frame))
        if any(c in frame and not _blank(frame[c].iloc[i]) for c in _POOL_COLUMNS)
    ]
    headline_rows = [
        i
        for i in range(len(frame))
        if i not in pool_rows
        and any(c in frame and not _blank(frame[c].iloc[i]) for c in _HEADLINE_COLUMNS)
    ]
    share_given = "fixed_cost_share" in frame and bool(frame["fixed_cost_share"].notna().any())
    if pool_rows and (share_given or headline_rows):
        problems.add(
            Problem(
                "give either cost pools (pool, amount, kind, shed_rate) or a "
                "fixed_cost_share and shed_rate, not both",
                sheet=table.sheet,
                column="fixed_cost_share",
                fix="delete the fixed_cost_share cells, or the pool rows",
            )
        )
        return NhsCostStructure(), DEFAULT
    if pool_rows:
        return _pools(table, pool_rows, paid, problems)
    for i in headline_rows[1:]:
        problems.add(
            Problem(
                f"the nhs {table_word(table.sheet)} takes one row of fixed_cost_share and "
                "shed_rate",
                sheet=table.sheet,
                row=int(table.rows[i]),
                fix="keep one row, or list cost pools instead",
            )
        )
    first = headline_rows[0] if headline_rows else None
    values = {
        c: frame[c].iloc[first]
        for c in _HEADLINE_COLUMNS
        if first is not None and c in frame and not _blank(frame[c].iloc[first])
    }
    row = int(table.rows[first if first is not None else 0])
    nhs = _validated(NhsCostStructure, {**values, **paid}, sheets.NHS, table.sheet, row, problems)
    return (nhs or NhsCostStructure()), (SHEET if headline_rows or paid else DEFAULT)


def _refuse_unused_share(table: Table, paid: Mapping[str, Any], problems: ProblemCollector) -> bool:
    """A variable_share beside an activity or block payment (the default is activity)
    would be read and ignored (methodology §6.2): a problem at its cell. Returns whether
    it was found."""
    payment = str(paid.get("payment", DEFAULT_PAYMENT)).strip().lower()
    if "variable_share" not in paid or payment not in ("activity", "block"):
        return False
    cells = table.frame["variable_share"]
    row = next(int(table.rows[i]) for i, v in enumerate(cells) if not _blank(v))
    problems.add(
        Problem(
            unused_variable_share(payment),
            sheet=table.sheet,
            row=row,
            column="variable_share",
            fix="set payment to blended, or leave variable_share empty",
        )
    )
    return True


def _pools(
    table: Table, pool_rows: list[int], paid: Mapping[str, Any], problems: ProblemCollector
) -> tuple[NhsCostStructure, str]:
    frame = table.frame
    pools: list[CostPool] = []
    for i in pool_rows:
        values = {
            c: frame[c].iloc[i]
            for c in (*_POOL_COLUMNS, "shed_rate", "serves_taken")
            if c in frame and not _blank(frame[c].iloc[i])
        }
        pool = _validated(CostPool, values, sheets.NHS, table.sheet, int(table.rows[i]), problems)
        if pool is not None:
            pools.append(pool)
    try:
        return NhsCostStructure.from_pools(pools, **paid), "pools"
    except ValidationError as error:
        # A rule across the sheet (a blended payment without its variable_share): the
        # model's own words, not the last line of the library's text (review 7).
        _report_invalid(error, sheets.NHS, table.sheet, None, dict(paid), problems)
    except ValueError as error:
        if len(pools) == len(pool_rows):  # otherwise the bad rows are reported already
            problems.add(Problem(str(error), sheet=table.sheet, column="amount"))
    return NhsCostStructure(), DEFAULT


def _one_value(table: Table, column: str, problems: ProblemCollector) -> Any:
    """The one value a column holds across the sheet's rows (blank elsewhere), or None."""
    if column not in table.frame:
        return None
    cells = table.frame[column]
    given = [(int(table.rows[i]), v) for i, v in enumerate(cells) if not _blank(v)]
    distinct = {v for _, v in given}
    if len(distinct) > 1:
        shown = ", ".join(str(v) for v in sorted(distinct, key=str))
        problems.add(
            Problem(
                f"{column} has different values ({shown}); the NHS is paid one way",
                sheet=table.sheet,
                row=given[1][0],
                column=column,
                fix=f"give {column} on one row only, or the same value on every row",
            )
        )
        return None
    return given[0][1] if given else None


_V = TypeVar("_V", bound=BaseModel)


def _validated(
    model: type[_V],
    values: Mapping[str, Any],
    spec: SheetSpec,
    sheet: str,
    row: int,
    problems: ProblemCollector,
) -> _V | None:
    """``model`` from one row's cells, or None with its problems recorded.

    A cell the sheet reader already reported (it arrives blank) is not reported again.
    """
    try:
        return model.model_validate(dict(values))
    except ValidationError as error:
        _report_invalid(error, spec, sheet, row, values, problems)
        return None


#: The library's words for a rule a cell breaks, in the words of the sheet's messages.
_PLAIN_ERRORS: Final = {
    "int_from_float": ("not a whole number", "a whole number"),
    "int_parsing": ("not a whole number", "a whole number"),
}


def _report_invalid(
    error: ValidationError,
    spec: SheetSpec,
    sheet: str,
    row: int | None,
    values: Mapping[str, Any],
    problems: ProblemCollector,
) -> None:
    """Each rule ``error`` holds as a problem saying what was expected and how to fix it,
    as a bad cell's does (review 7: "Input should be a valid integer" and "required
    value is blank" said neither)."""
    columns = {c.name: c for c in spec.columns}
    for detail in error.errors():
        column = str(detail["loc"][0]) if detail["loc"] else _named_column(detail, values)
        if row is not None and _reported(problems, sheet, row, column):
            continue
        spec_column = columns.get(column or "")
        expected = spec_column.expected() if spec_column else None
        if detail["type"] == "missing":
            problems.add(
                Problem(
                    "required value is blank",
                    sheet=sheet,
                    row=row,
                    column=column,
                    expected=expected,
                    fix="fill in the cell or delete the row",
                )
            )
            continue
        message, expected = _PLAIN_ERRORS.get(
            detail["type"], (detail["msg"].removeprefix("Value error, "), expected)
        )
        fix = (
            None
            if expected is None
            else f"enter {expected}"
            if column in values
            else f"give {column} {in_table(sheet, 'the')}: {expected}"
        )
        value = _shown(detail["input"]) if detail["loc"] else None
        problems.add(
            Problem(
                message,
                sheet=sheet,
                row=row,
                column=column,
                value=value,
                expected=expected if column in values else None,
                fix=fix,
            )
        )


def _named_column(detail: Any, values: Mapping[str, Any]) -> str | None:
    """The column a rule over a whole row is about: the one its message names that the
    row leaves blank ("a blended payment needs a variable_share"), else the first named."""
    words = set(str(detail["msg"]).replace(",", " ").split())
    named: list[str] = [
        c for c in _PAYMENT_COLUMNS + _HEADLINE_COLUMNS + _POOL_COLUMNS if c in words
    ]
    absent = [c for c in named if c not in values]
    return next(iter(absent or named), None)


def _bidder_lot_places(bidders: Table | None, lots: Table | None) -> tuple[str, str]:
    """Where too many bidder-lot pairs are, and where the hint sends the user to look:
    a workbook's "sheets 'bidders' and 'lots'"; a folder's CSV files by name ("file
    'tf/bidders.csv'"), which has no sheets."""
    tables = [t for t in (bidders, lots) if t is not None]
    if not any(file_of(t.sheet) for t in tables):
        return "sheets 'bidders' and 'lots'", "the bidders and lots sheets (or the scenario)"
    where = " and ".join(place(t.sheet) for t in tables)
    return where, f"{where} (or the scenario)"


def _reported(problems: ProblemCollector, sheet: str, row: int, column: str | None) -> bool:
    return any(p.sheet == sheet and p.row == row and p.column == column for p in problems.problems)


def _shown(value: object) -> object:
    if isinstance(value, frozenset | set):
        return ", ".join(str(v) for v in sorted(value))
    return None if isinstance(value, dict | list | tuple) else value


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _patients_frame(table: Table, problems: ProblemCollector) -> pd.DataFrame:
    """The patients sheet with integer clusters; every patient needs its days."""
    frame = table.frame
    if "days" not in frame:
        problems.add(
            Problem(
                "column 'days' is missing",
                sheet=table.sheet,
                column="days",
                fix="a patient's tariff income is priced on its cluster days",
            )
        )
        return frame
    reported = {p.row for p in problems.problems if p.sheet == table.sheet and p.column == "days"}
    blank = frame["days"].isna().to_numpy() & ~np.isin(table.rows, sorted(r for r in reported if r))
    problems.add_each(
        np.flatnonzero(blank),
        lambda i: Problem(
            "required value is blank",
            sheet=table.sheet,
            row=int(table.rows[i]),
            column="days",
            expected="the patient's cluster days in the year",
            fix="the tender prices each patient's own days",
        ),
        limit=MAX_PROBLEMS_PER_COLUMN,
    )
    if problems:
        return frame
    check_patient_days(frame, table.rows, table.sheet, problems)
    return frame.assign(cluster=frame["cluster"].to_numpy(dtype=np.float64).astype(np.int64))


def _narrow_cost_sources(sources: dict[str, str], patients: pd.DataFrame) -> None:
    """Every patient's cost given: no care package is costed, and of the unit costs only
    the bed day's counts people who cost less than their own bed days (methodology
    §6.1), so the sources (and the ILLUSTRATIVE banner built from them) say so, not
    "care packages and unit costs" (round 11 left it open)."""
    if "cost" not in patients or not bool(patients["cost"].notna().all()):
        return
    sources["packages"] = PACKAGES_NOT_USED
    if sources["unit_costs"].startswith("reference set"):
        sources["unit_costs"] += BED_DAY_ONLY


def _costs_modelled(patients: pd.DataFrame) -> bool:
    """Some patient has no cost of their own, so theirs is costed from the packages
    (build_population): a package resource without a unit cost is then a problem,
    named at its row as `pbrkit cost` names it (fix6: costing named it, without one)."""
    return "cost" not in patients or not bool(patients["cost"].notna().all())


def _price_tables(
    book: Workbook,
    path: Path,
    reference: ReferenceSet,
    tariff_file: Path | None,
    limits: ReadLimits,
    problems: ProblemCollector,
    unpriced: bool,
) -> tuple[PriceTables, dict[str, str]]:
    """Tariff, packages and unit costs for pricing patient rows: sheets, else reference.
    ``unpriced``: some patient's cost is modelled, so a package resource without a unit
    cost is a problem at its row (else only one written in other capitals is: no
    package is costed)."""
    label = f"reference set {reference.label()}"
    chosen = read_tariff_table(
        book, path, reference, problems, tariff_file=tariff_file, limits=limits
    )
    tariff, _ = tariff_prices(chosen, reference, problems)  # completed in _completed
    sources = {"tariff": chosen.source, "packages": label, "unit_costs": label}
    # The reference set's unit costs are a plain table: index them by resource, as
    # costing expects (a workbook's own sheet is indexed the same way below).
    packages = reference.packages
    unit_costs = reference.unit_costs.drop_duplicates("resource").set_index("resource")
    owns: dict[str, Table | None] = {}
    for spec, key in ((sheets.PACKAGES, "packages"), (sheets.UNIT_COSTS, "unit_costs")):
        own = owns[key] = _unless_empty(read_sheet(book, spec, problems))
        if own is None:
            continue
        sources[key] = sheet_of(path, own.sheet)
        if key == "packages" and not problems:
            packages = own.frame.assign(
                cluster=own.frame["cluster"].to_numpy(dtype=np.float64).astype(np.int64)
            )
        elif key == "unit_costs":
            report_repeats(
                own, "resource", problems, fix="keep one row per resource", ignore_case=True
            )
            unit_costs = own.frame.drop_duplicates("resource").set_index("resource")
    own = owns["packages"]
    match_resources(reference.packages if own is None else own.frame, own, unit_costs,
                    owns["unit_costs"], reference.label(), problems, unpriced=unpriced)  # fmt: skip
    return PriceTables(tariff, reference.review_days, packages, unit_costs), sources


def lot_notes(spec: TenderSpec) -> Sequence[str]:
    """Bidders that can consider no lot (their clusters cover no lot's clusters) or
    take no one (a capacity of 0), and clusters tendered in more than one lot."""
    notes = []
    for bidder in spec.bidders:
        if spec.lots and not any(bidder.considers(lot) for lot in spec.lots):
            notes.append(
                f"Bidder '{bidder.name}' bids for no lot: no lot's clusters are all among "
                "the clusters it will treat."
            )
        elif bidder.capacity == 0:
            notes.append(f"Bidder '{bidder.name}' has a capacity of 0: it takes no one.")
    return [*notes, *_shared_cluster_notes(spec)]


def empty_lot_notes(spec: TenderSpec, present: Collection[int]) -> list[str]:
    """Lots none of whose clusters has anyone in the population: such a lot tenders no
    one, which would otherwise look like a lot no bidder wanted (a typed '7-8' for
    '17-18', a lot copied from another trust's workbook); and, as easily mistyped, the
    clusters of a lot that has people elsewhere but no one in them."""
    notes = []
    for lot in spec.lots if present else ():
        empty = sorted(lot.clusters - set(present))
        codes = ", ".join(map(str, empty))
        if len(empty) == len(lot.clusters):
            notes.append(
                f"Lot '{lot.name}' tenders no one: no one in the population is in its "
                f"clusters ({codes})."
            )
        elif empty:
            them = "clusters {}: no one in the population is in them"
            it = "cluster {}: no one in the population is in it"
            where = (them if len(empty) > 1 else it).format(codes)
            notes.append(f"Lot '{lot.name}' tenders no one in {where}.")
    return notes


def _shared_cluster_notes(spec: TenderSpec) -> list[str]:
    """One note per set of lots sharing clusters: allowed, but easy to do by mistake.

    A patient is taken once: competitive and accept-all lots are awarded first, the
    largest tariff income first, then the fixed-tariff lots together, so a lot awarded
    later has only the patients still with the NHS (docs/methodology.md §6.4). The
    residue table's Lot column names the first of the lots in the lots sheet.
    """
    shared: dict[tuple[str, ...], list[int]] = {}
    for code in sorted({c for lot in spec.lots for c in lot.clusters}):
        names = tuple(lot.name for lot in spec.lots if code in lot.clusters)
        if len(names) > 1:
            shared.setdefault(names, []).append(code)
    return [
        f"{'Cluster' if len(codes) == 1 else 'Clusters'} {', '.join(map(str, codes))} "
        f"{'is' if len(codes) == 1 else 'are'} in lots {', '.join(repr(n) for n in names)}: "
        "a patient is taken once, so a lot awarded later (docs/methodology.md §6.4) has "
        "only the patients still with the NHS; the per-cluster table lists "
        f"{'it' if len(codes) == 1 else 'them'} under lot '{names[0]}'."
        for names, codes in shared.items()
    ]
