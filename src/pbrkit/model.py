"""Types every layer shares: run metadata, cost inputs, data-quality notes, sources.

Run metadata is what every output says about how it was made (README, Outputs): the
small, strict records a report prints in its provenance footer and ``summary.json``
carries. Row data never lives in a model object: tables stay in DataFrames, which
:class:`CostInputs` only holds. This module imports nothing of pbrkit's, so io,
computation and reports can all use it (docs/architecture.md).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    import pandas as pd

#: The most days one person can spend in a cluster (or in hospital) in a year: a leap
#: year's. The caseload sheet refuses more days than this × its people (io/values.py
#: keeps the reader's copy), and ``--publish`` reads it as the most one person can add
#: to a day total (docs/methodology.md §7).
DAYS_A_PERSON_AT_MOST: Final = 366

#: The fields of a costing's rows (cluster, team, superclass, total) holding the most one
#: person can add in a year to its episodes, income and modelled cost, worked out from
#: the run's public reference data only (docs/methodology.md §7, "A total's floor under
#: its count"). ``--publish`` reads them; no output writes them.
MOST_EPISODES_A_PERSON: Final = "most_episodes_a_person"
MOST_INCOME_A_PERSON: Final = "most_income_a_person"
MOST_COST_A_PERSON: Final = "most_cost_a_person"
#: The same for what a reader already knows (the same section): the part of a row's
#: income, modelled cost, surplus and deficit worked out from its published admitted days
#: and public prices (the offset K), and the most one person adds to the rest in a year
#: (m′: 366 × the largest day price, or the largest package cost per community day).
KNOWN_INCOME: Final = "known_income"
KNOWN_COST: Final = "known_cost"
KNOWN_SURPLUS: Final = "known_surplus"
KNOWN_DEFICIT: Final = "known_deficit"
MOST_DAY_INCOME_A_PERSON: Final = "most_day_income_a_person"
MOST_DAY_COST_A_PERSON: Final = "most_day_cost_a_person"
#: A tender's sums over some of a cluster's people (the people left, the people taken):
#: the most one person's own cost adds a year, infinite where a person's cost is drawn
#: (a synthesised population's lognormal costs) or the caseload's actual cost.
MOST_OWN_COST_A_PERSON: Final = "most_own_cost_a_person"
#: A tender's payments to bidders (and the bidders' profit and the differential payment,
#: made of them): the most one person adds a year to the part of a payment a reader can
#: turn into tariff income, (1 − λ) × the bidder's price factor × the income bound.
MOST_PAYMENT_A_PERSON: Final = "most_payment_a_person"
#: The part of the bidders' profit and of the differential payment a reader works out
#: from the published cost of the people taken: −a × that cost, where profit + a × cost
#: (differential + a′ × cost) is the tariff-income part of the payments, (1 − λ)·m·P.
#: A tender's figures that are a public share of the income or own cost of the people
#: taken (tender/bounds.share_bounds): the share × that figure's bound, since a reader
#: who divides by the share has the income's (or cost's) floor.
MOST_KEPT_INCOME_A_PERSON: Final = "most_kept_income_a_person"
MOST_LOST_A_PERSON: Final = "most_lost_a_person"
MOST_STRANDED_A_PERSON: Final = "most_stranded_a_person"
MOST_KEPT_COST_A_PERSON: Final = "most_kept_cost_a_person"
KNOWN_PROFIT: Final = "known_profit"
KNOWN_DIFFERENTIAL: Final = "known_differential"
#: The part of the lost contribution L = v·P − (1 − f)(1 − r)·c a reader works out from
#: the published cost of the people taken: −(1 − f)(1 − r) × that cost, so that L less it
#: is v·P, bounded by :data:`MOST_LOST_A_PERSON` (tender/bounds.lost_offsets).
KNOWN_LOST: Final = "known_lost"
#: A cluster audit's £ at stake by the clinician's cluster: the most one person adds a
#: year to the income under the suggested clusters, and to the difference (clinician's
#: − suggested) above zero and below it.
MOST_INCOME_SUGGESTED_A_PERSON: Final = "most_income_suggested_a_person"
MOST_PAID_ABOVE_A_PERSON: Final = "most_paid_above_a_person"
MOST_PAID_BELOW_A_PERSON: Final = "most_paid_below_a_person"

#: Currency units a tariff row may be priced in (docs/methodology.md §1).
TARIFF_UNITS: Final = ("per_day", "per_episode", "per_year")

#: A bidder's hurdle margin h lies above -1 (-100%) and at most 1 (100%), wherever it is
#: given (bidders sheet, scenario, uncertainty table, --vary): a screening bidder's
#: predicted profit on a patient is below its price, so a higher hurdle takes no one,
#: and a "10" is a 10% hurdle typed without its sign (docs/methodology.md §6.3, §8).
HURDLE_MARGIN_ABOVE: Final = -1.0
HURDLE_MARGIN_AT_MOST: Final = 1.0
#: Why a margin at or below the lower limit is refused, in every refusal's words.
HURDLE_MARGIN_BELOW_WHY: Final = "a margin of -100% or less makes no sense"


def bare_percent(number: float, *, percent_sign: bool = True) -> tuple[str, str]:
    """What is wrong, and the fix, for a share or margin of at most 1 given as a number
    above 1: most often a percentage typed without its sign (25 for 25%), which as a
    fraction would be 2,500% (walk 9). ``percent_sign``: whether the input also takes
    ``25%`` (a sheet's cell does; a scenario's number or a --vary value does not)."""
    spellings = f"{number:,.10g}% or " if percent_sign else ""
    return (
        f"as a fraction, {number:,g} is {number * 100:,.10g}%",
        f"if you meant {number:,.10g}%, write {spellings}{number / 100:.10g}",
    )


@dataclass(frozen=True)
class CostInputs:
    """Everything costing needs, already read and checked.

    ``caseload`` has one row per input row: ``cluster`` (int), ``service_users``,
    ``cluster_days``, ``admitted_days`` (0 when not given), ``episodes`` and
    ``actual_cost`` (NaN when not given), ``team`` and ``row`` (spreadsheet row).
    ``clusters`` is the reference set's cluster table (name, superclass,
    review_days by code); ``tariff`` as :func:`pbrkit.pricing.price_activity` takes
    it; ``packages`` (cluster, resource, quantity, per); ``unit_costs`` indexed by
    resource with ``unit_cost``. ``sources`` says where each table came from;
    ``tariff_where`` where a price was looked for, for a message about a cluster with
    none (the workbook may have no tariff sheet: review 9a); ``price_to`` where the
    user adds one, as that message's fix says it (after "add a price for cluster 3"):
    "to file 'tariff.csv'", or, with no tariff of the input's own, where one goes.
    """

    caseload: pd.DataFrame
    clusters: pd.DataFrame
    tariff: pd.DataFrame
    packages: pd.DataFrame
    unit_costs: pd.DataFrame
    sources: dict[str, str] = field(default_factory=dict)
    tariff_where: str = "the tariff"
    price_to: str = "(a tariff sheet in the workbook, or --tariff FILE)"
    #: A local tariff that leaves out clusters with activity, which the reference set
    #: prices (docs/methodology.md §2): a note about the local prices names them apart.
    partial_tariff: PartialTariff | None = None
    #: The financial year the input covers, from its ``year`` sheet (``pbrkit import
    #: mhsds`` writes it), as ``2017/18``; None when it has none.
    financial_year: str | None = None


@dataclass(frozen=True)
class PartialTariff:
    """A local tariff completed from the reference set: its own source ("partial.csv"),
    the reference set's label, and the clusters the reference set prices."""

    source: str
    reference: str
    clusters: tuple[int, ...]


@dataclass(frozen=True)
class QualityNote:
    """A data-quality observation that is not an error (shown on the Data quality sheet).

    A note about a number of people carries it in ``people`` (and the total it is a
    share of in ``share_of``), never inside its text: ``text`` holds ``{people}`` and
    ``{share}`` where the number goes (and ``{persons}``, ``{are}``, ``{s}`` for the
    words that agree with it: "person"/"people", "is"/"are", ""/"s"), so ``--publish``
    can publish the count itself and the sentence shows the published one.
    """

    check: str
    text: str
    rows: Any = 0
    people: Any = None
    share_of: Any = None
    #: The rows counted are people (patient rows): published with them.
    rows_are_people: bool = False
    #: The cluster the note is about, when it is about one (a reference-price fallback).
    cluster: Any = None

    @property
    def detail(self) -> str:
        """The note as a reader sees it, with its numbers written in."""
        if self.people is None:
            return self.text
        # The words that agree with the count are chosen with it: it is written in
        # here, after --publish may have changed it ("1 person is", "<5 people are").
        one = isinstance(self.people, int | float) and self.people == 1
        return self.text.format(
            people=_count(self.people),
            share=_share(self.people, self.share_of),
            persons="person" if one else "people",
            are="is" if one else "are",
            s="" if one else "s",
        )


def _count(value: Any) -> str:
    return str(value) if not isinstance(value, int | float) else f"{value:,.0f}"


def _share(people: Any, total: Any) -> str:
    if not isinstance(people, int | float) or not isinstance(total, int | float) or not total:
        return str(people) if not isinstance(people, int | float) else "–"
    return f"{people / total:.1%}"


# --- where a tender's values came from (the Assumptions sheet says it) ---------------

#: Where a value came from, as the Assumptions sheet says it.
SHEET: Final = "sheet"
DEFAULT: Final = "default"
SCENARIO: Final = "scenario"

#: Where the NHS cost structure came from: headline f and s, cost pools, or defaults.
NHS_SOURCES: Final = ("sheet", "pools", "default", "scenario", "scenario pools")

#: Per bidder or lot name: field → ``sheet``, ``default`` or ``scenario``.
FieldSources = dict[str, dict[str, str]]


@dataclass(frozen=True)
class TenderSources:
    """Where each part of a :class:`~pbrkit.tender.model.TenderSpec` came from.

    Attributes:
        nhs: one of :data:`NHS_SOURCES`.
        bidders: bidder name → field → ``sheet``, ``default`` or ``scenario``.
        lots: lot name → field → ``sheet``, ``default`` or ``scenario``.
        sheets: which of ``nhs``, ``bidders``, ``lots`` the workbook had (with rows).
        assumed: which of ``bidders`` and ``lots`` were absent and took the docs/methodology.md §8
            default (one "Outside provider"; one fixed-tariff lot of every cluster);
            ``bidders_replaced`` (``lots_replaced``) when a scenario's ``replace_bidders``
            (``replace_lots``) dropped the workbook's and gave none; ``bidders_empty``
            (``lots_empty``) when the sheet was there with no rows.
    """

    nhs: str = DEFAULT
    bidders: FieldSources = field(default_factory=dict)
    lots: FieldSources = field(default_factory=dict)
    sheets: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()
    #: Which of ``bidders`` and ``lots`` the workbook had with a header and no rows (a
    #: blank template's): their default is said to stand for an empty sheet, not a
    #: missing one.
    empty: tuple[str, ...] = ()

    def defaulted(self, kind: str, name: str) -> list[str]:
        """Fields of bidder (``kind="bidders"``) or lot ``name`` that took a default."""
        table: FieldSources = getattr(self, kind)
        return [f for f, source in table.get(name, {}).items() if source == DEFAULT]


class InputFile(BaseModel):
    """An input file and its SHA-256, so a figure can be traced to the exact file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    sha256: str


class ReferenceInfo(BaseModel):
    """The reference set a run used; ``status`` says whether it is illustrative."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    status: str
    title: str = ""
    #: What the set's codes are, as reports name them ("care cluster", "resource group").
    codes: str = "care cluster"
    #: The tables the run took from the set (tariff, packages, unit_costs, profiles);
    #: None where the run did not record it (every table is then assumed the set's).
    used_for: tuple[str, ...] | None = None

    def illustrative_tables(self) -> str | None:
        """What an ILLUSTRATIVE banner names ("tariff prices and care packages"), or
        None when the run took nothing from an unofficial set (no banner: a workbook
        with its own tariff, packages and unit costs is the trust's figures)."""
        if self.status.casefold() == "official":
            return None
        if self.used_for is None:
            return "prices and care packages"
        words = [_TABLE_WORDS.get(t, t.replace("_", " ")) for t in self.used_for]
        if not words:
            return None
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    def illustrative_agreement(self) -> tuple[str, str]:
        """The banner's verb and noun for what :meth:`illustrative_tables` names: the
        bed-day unit cost alone "is" "an official figure"; anything else, a plural
        ("tariff prices", or several tables), "are" "official figures"."""
        if self.used_for is not None and tuple(self.used_for) == ("bed_day",):
            return "is", "an official figure"
        return "are", "official figures"


#: The tables a run can take from a reference set, in the order banners name them.
REFERENCE_TABLES: Final = ("tariff", "packages", "unit_costs")
#: How a banner names a table taken from a reference set ("tariff_some": the clusters a
#: partial local tariff leaves out).
_TABLE_WORDS = {
    "tariff": "tariff prices",
    "tariff_some": "tariff prices for clusters your tariff leaves out",
    "packages": "care packages",
    "unit_costs": "unit costs",
    "bed_day": "the inpatient bed-day unit cost (used only to count people who cost less "
    "than their own bed days)",
}
#: What a tender on patient rows that all have a cost says of the care packages: no
#: one's cost is modelled, so no package is costed (methodology §6.1).
PACKAGES_NOT_USED: Final = "not used: every patient's cost is given"
#: Ends the unit costs' source when the only one a run uses is the bed day's (the count
#: of people who cost less than their own bed days); the banner then names that alone.
BED_DAY_ONLY: Final = (
    ": the inpatient bed-day unit cost only, to count people who cost less than their own bed days"
)


class RunMetadata(BaseModel):
    """How a run was made: version, command, inputs, reference set, seed, options."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pbrkit_version: str
    command: str
    inputs: list[InputFile]
    reference: ReferenceInfo
    seed: int | None = None
    options: dict[str, object] = {}
    generated_at: str
    #: "Published with small-number suppression (…)" when ``--publish`` is on.
    disclosure: str | None = None
    #: ``--columns``: per sheet, the user's header → pbrkit column it was read as.
    column_map: dict[str, dict[str, str]] = {}
    #: How a single CSV/Parquet table was read ("a caseload", "patient rows", "ratings").
    read_as: list[str] = []
    #: Each input's own name where it has one (``pbrkit compare``: the run's name), in
    #: the order of ``inputs``; empty when the inputs are named by their paths alone.
    input_labels: list[str] = []

    @property
    def publish_advice(self) -> str:
        """What the not-for-publication banner tells a reader to do for figures they can
        release: advice this run's command can follow (review 9b: threshold and compare
        said "run again with --publish", and neither has the option)."""
        if self.command.endswith(" compare"):
            return "compare runs made with --publish for figures you can release."
        if self.command.endswith(" threshold"):
            return (
                "there is no --publish for pbrkit threshold, so check its figures against "
                "your organisation's disclosure rules before you release them."
            )
        return "run again with --publish for figures you can release."

    def input_names(self) -> list[str]:
        """How every output names each input: the shortest end of its path that no
        other input shares (``base/summary.json`` and ``mff/summary.json`` for two runs
        compared; ``clusters.xlsx`` alone), so no folder above that is written out.

        An input with a label (a compared run's name) is named by it and its path end,
        "a (base/summary.json)", so one file compared with itself reads as two runs,
        not "summary.json, summary.json"; the label is left out where the path end
        already starts with it (a run named after its folder, the default)."""
        return input_names([i.path for i in self.inputs], self.input_labels)


def input_names(paths: Sequence[str], labels: Sequence[str] = ()) -> list[str]:
    """:meth:`RunMetadata.input_names` for ``paths`` (and their ``labels``, if any)."""
    parts = [PurePath(p).parts for p in paths]
    names = []
    for i, own in enumerate(parts):
        others = parts[:i] + parts[i + 1 :]
        end = _distinct_end(own, others)
        label = labels[i] if i < len(labels) else ""
        if label and end == 1 and any(o[-1:] == own[-1:] for o in others):
            end = min(2, len(own))  # one file twice: its folder says which file
        names.append(_labelled(label, PurePath(*own[-end:]).as_posix()))
    return names


def _labelled(label: str, name: str) -> str:
    """``name`` with ``label`` before it, unless the name's first part or stem is it."""
    first = PurePath(name).parts[0]
    if not label or label in (first, PurePath(first).stem):
        return name
    return f"{label} ({name})"


def _distinct_end(own: tuple[str, ...], others: list[tuple[str, ...]]) -> int:
    """How many of ``own``'s last parts no other path ends with; 1 (the file name) when
    another input is the same path, which no folder would tell apart."""
    for k in range(1, len(own) + 1):
        if all(other[-k:] != own[-k:] for other in others):
            return k
    return 1


def describe_inputs(paths: list[Path]) -> list[InputFile]:
    """Hash each input (files; a folder of CSVs is hashed file by file)."""
    described: list[InputFile] = []
    for path in paths:
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            described.append(InputFile(path=str(file), sha256=sha256_file(file)))
    return described


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in blocks (inputs can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def generation_time() -> str:
    """The run's timestamp; ``SOURCE_DATE_EPOCH`` fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=UTC)
        if epoch and epoch.isdigit()
        else datetime.now(UTC)
    )
    return moment.replace(microsecond=0).isoformat()
