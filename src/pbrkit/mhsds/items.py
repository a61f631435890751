"""Rated items: the SNOMED CT id → clustering-tool item mapping, and the ``ratings`` sheet.

Each MHS802ClusterAssess row is one rated item of one MHS801ClusterTool assessment,
coded by its SNOMED CT id in ``CodedAssToolType`` and rated in ``PersScore`` ('0'-'4'
or '00'-'04'). The mapping ships as ``mhsds_item_codes.csv`` in the reference set;
items 13 and A-E there are marked ``unconfirmed`` (see its SOURCES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pbrkit.errors import InputError, Problem, ProblemCollector
from pbrkit.io.ratings import ITEMS
from pbrkit.mhsds.clean import KEY, PERSON, add_person, natural_rank, parse_days, small_code
from pbrkit.mhsds.columns import CLUSTER_ASSESS, CLUSTER_TOOL
from pbrkit.mhsds.quality import FILE, RECORD, QualityLog
from pbrkit.mhsds.year import FinancialYear, iso_dates
from pbrkit.reference import DEFAULT_REFERENCE, tariffs_root

ITEM_CODES_FILE = "mhsds_item_codes.csv"
_MAX_SCORE = 4


@dataclass(frozen=True)
class ItemCodes:
    """The mapping: ``frame`` has ``snomed_ct_id``, ``item``, ``scale``, ``status``."""

    source: str
    frame: pd.DataFrame

    def unconfirmed_items(self) -> list[str]:
        """Items whose id → item assignment is not confirmed."""
        rows = self.frame[self.frame["status"] != "confirmed"]
        return [item for item in ITEMS if item in set(rows["item"])]


def shipped_item_codes() -> Path:
    """The mapping shipped with the default reference set."""
    return tariffs_root() / DEFAULT_REFERENCE / ITEM_CODES_FILE


def load_item_codes(path: Path | None = None) -> ItemCodes:
    """Read an item-codes CSV (the shipped one when ``path`` is None), checking every row."""
    path = path or shipped_item_codes()
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"cannot read item codes '{path}': {exc}")) from None
    problems = ProblemCollector()
    for name in ("snomed_ct_id", "item", "status"):
        if name not in frame.columns:
            problems.add(Problem(f"column '{name}' is missing", file=path.name))
    problems.raise_if_any(hint="columns: snomed_ct_id, item, scale, label, status, source")
    frame = frame.assign(
        snomed_ct_id=frame["snomed_ct_id"].str.strip(),
        item=frame["item"].str.strip().str.upper().str.lstrip("0"),
        status=frame["status"].str.strip().str.lower(),
        scale=frame.get("scale", pd.Series("", index=frame.index)),
    )
    ids = frame["snomed_ct_id"].str.fullmatch(r"\d+").to_numpy(dtype=bool)
    for row in np.flatnonzero(~ids):
        problems.add(
            Problem(
                "not a SNOMED CT id",
                file=path.name,
                row=int(row) + 2,
                column="snomed_ct_id",
                value=frame["snomed_ct_id"].iloc[row],
            )
        )
    for row in np.flatnonzero(~frame["item"].isin(ITEMS).to_numpy(dtype=bool)):
        problems.add(
            Problem(
                "not an item",
                file=path.name,
                row=int(row) + 2,
                column="item",
                value=frame["item"].iloc[row],
                expected="1-13 or A-E",
            )
        )
    repeated = frame["snomed_ct_id"].duplicated()
    for row in np.flatnonzero(repeated.to_numpy()):
        problems.add(
            Problem(
                "id listed twice",
                file=path.name,
                row=int(row) + 2,
                column="snomed_ct_id",
                value=frame["snomed_ct_id"].iloc[row],
            )
        )
    problems.raise_if_any(hint="correct the item codes file; nothing was written")
    return ItemCodes(str(path.name), frame)


def latest_assessments(tool: pd.DataFrame, year: FinancialYear, log: QualityLog) -> pd.DataFrame:
    """De-duplicated MHS801 rows → each person's latest assessment in ``year``.

    Ties on the date go to the higher UniqClustID, its digits compared as numbers
    (RXX10 after RXX9, :func:`~pbrkit.mhsds.clean.natural_rank`). Returns ``_key``,
    ``_person``, ``date`` and the row's file and record.
    """
    table = CLUSTER_TOOL
    tool = add_person(tool)
    tool = log.leave_out(
        table, "unknown person (no Person_ID or LocalPatientId)", tool, tool[PERSON].isna()
    )
    day, bad = parse_days(tool["AssToolCompDate"])
    tool = log.leave_out(table, "assessment date blank or not a date", tool, bad | np.isnan(day))
    day, _ = parse_days(tool["AssToolCompDate"])
    outside = ~((day >= year.start) & (day < year.end_exclusive))
    tool = log.leave_out(
        table, f"assessment not in {year.label}", tool, outside, note="informational"
    )
    chosen = pd.DataFrame(
        {KEY: tool[KEY].to_numpy(), PERSON: tool[PERSON].to_numpy(), "date": day[~outside],
         FILE: tool[FILE].to_numpy(), RECORD: tool[RECORD].to_numpy(),  # where, to name it
         "_rank": natural_rank(tool[KEY])},
        index=tool.index,
    ).sort_values([PERSON, "date", "_rank"], kind="stable").drop(columns="_rank")  # fmt: skip
    latest = ~chosen.duplicated(PERSON, keep="last").to_numpy()
    log.record(
        table,
        f"not the person's latest assessment in {year.label}",
        tool.loc[chosen.index[~latest]],
        note="informational",
    )
    return chosen.loc[latest]


def item_scores(assess: pd.DataFrame, codes: ItemCodes, log: QualityLog) -> pd.DataFrame:
    """De-duplicated MHS802 rows → ``_key``, ``item``, ``score``, ``status``, ``scale``."""
    table = CLUSTER_ASSESS
    code = assess["CodedAssToolType"].str.replace(r"\.0+$", "", regex=True)
    lost = code.str.contains(r"[eE]\+?\d", regex=True).fillna(False).to_numpy(dtype=bool)
    assess = log.leave_out(
        table,
        "item code in scientific notation (digits lost)",
        assess,
        lost,
        note="save the ids as text, not numbers",
    )
    code = code[~lost]
    mapping = codes.frame.set_index("snomed_ct_id")
    # Look each distinct id up once (a year holds millions of rows, a few dozen ids).
    distinct, uniques = pd.factorize(code)
    row = np.asarray(mapping.index.get_indexer(pd.Index(uniques)))[distinct]
    row = np.where(distinct < 0, -1, row)
    known = row >= 0
    assess = log.leave_out(
        table,
        "unknown item code",
        assess,
        ~known,
        note=f"not in {codes.source} (other scales such as HoNOS-ABI "
        "and HoNOSCA are not clustering-tool items)",
    )
    row = row[known]
    # A blank score is an item not rated (missing, §9), not a bad value to look for.
    blank = assess["PersScore"].isna().to_numpy(dtype=bool)
    assess = log.leave_out(table, "score blank (item not rated)", assess, blank)
    row = row[~blank]
    score = small_code(assess["PersScore"])
    out_of_range = ~(score <= _MAX_SCORE)
    assess = log.leave_out(table, "score out of range (not 0-4)", assess, out_of_range)
    found = mapping.iloc[row[~out_of_range]]
    return pd.DataFrame(
        {
            KEY: assess[KEY].to_numpy(),
            "item": found["item"].to_numpy(),
            "score": score[~out_of_range].astype(np.int64),
            "status": found["status"].to_numpy(),
            "scale": found["scale"].to_numpy(),
        },
        index=assess.index,
    )


def ratings_sheet(
    chosen: pd.DataFrame,
    scores: pd.DataFrame,
    clinician: pd.Series,
    assess: pd.DataFrame,
    log: QualityLog,
) -> pd.DataFrame:
    """The ``ratings`` sheet: one row per person, the latest assessment's items.

    ``clinician`` maps UniqClustID → the clinician's cluster of that assessment
    (:func:`pbrkit.mhsds.clinician.clinician_clusters`; absent: blank).
    """
    scores = _usable_scores(chosen, scores, assess, log)
    # The items of each assessment as a grid: one row per assessment, one column per item.
    assessment, keys_found = pd.factorize(scores[KEY])
    grid = np.full((len(keys_found), len(ITEMS)), np.nan)
    grid[assessment, pd.Index(ITEMS).get_indexer(pd.Index(scores["item"]))] = scores[
        "score"
    ].to_numpy()
    row = np.asarray(pd.Index(keys_found).get_indexer(chosen[KEY]))
    has_items = row >= 0
    # The latest assessment decides, as for every record: with no item it gives no
    # ratings row (an earlier assessment never takes its place), and says so.
    log.record(
        CLUSTER_TOOL,
        "latest assessment has no usable rated item (MHS802): no ratings row for the person",
        chosen.loc[~has_items],
        note="its MHS802 rows are missing or were left out for the reasons listed",
    )
    row = row[has_items]
    sheet = pd.DataFrame(
        {
            "patient_id": chosen[PERSON].to_numpy()[has_items],
            "cluster": chosen[KEY].map(clinician).astype("Int64").to_numpy()[has_items],
            "assessed_on": iso_dates(chosen["date"].to_numpy()[has_items]),
        }
    )
    for column, item in enumerate(ITEMS):
        sheet[item] = pd.array(grid[row, column], dtype="Int64")
    sheet["honos_version"] = _scale_names(scores, assessment, len(keys_found))[row]
    unconfirmed = np.zeros(len(keys_found), dtype=bool)
    np.logical_or.at(unconfirmed, assessment, (scores["status"] != "confirmed").to_numpy())
    sheet["item_mapping"] = np.where(
        unconfirmed[row], "items 13/A-E from ids whose item assignment is unconfirmed", ""
    )
    return sheet.sort_values("patient_id", kind="stable").reset_index(drop=True)


def _usable_scores(
    chosen: pd.DataFrame, scores: pd.DataFrame, assess: pd.DataFrame, log: QualityLog
) -> pd.DataFrame:
    """The scores of the chosen assessments, each item once; the rest logged, and the
    items read through an unconfirmed id noted (they are used)."""
    used = scores[KEY].isin(chosen[KEY]).to_numpy(dtype=bool)
    log.record(
        CLUSTER_ASSESS,
        "item of an assessment not used (not a person's latest in the "
        "year, or no matching MHS801 row)",
        assess.loc[scores.index[~used]],
        note="informational",
    )
    scores = _each_item_once(scores.loc[used], assess, log)
    unsure = (scores["status"] != "confirmed").to_numpy()
    log.record(
        CLUSTER_ASSESS,
        "rated item read through an UNCONFIRMED id → item assignment (items 13, A-E)",
        assess.loc[scores.index[unsure]],
        note="the ratings are used; replace the mapping with --item-codes FILE",
        left_out=False,
    )
    return scores


def _each_item_once(scores: pd.DataFrame, assess: pd.DataFrame, log: QualityLog) -> pd.DataFrame:
    """One score per item of an assessment, whatever the order of the rows.

    An assessment can rate an item through two ids (HoNOS item 1 and HoNOS 65+ item 1).
    Two different scores say the item is not known: both rows are left out, so it is
    blank, as an item not rated (rev11: "the first id" kept was the first row in the
    file, so reordering an extract changed a rating). The same score twice counts once.
    """
    per_item = scores.groupby([KEY, "item"], sort=False)["score"]
    differ = per_item.transform("nunique").gt(1).to_numpy(dtype=bool)
    log.record(
        CLUSTER_ASSESS,
        "item rated twice in one assessment with different scores (both left out: not known)",
        assess.loc[scores.index[differ]],
    )
    scores = scores.loc[~differ]
    twice = scores.duplicated([KEY, "item"]).to_numpy()
    log.record(
        CLUSTER_ASSESS,
        "item rated twice in one assessment with the same score (counted once)",
        assess.loc[scores.index[twice]],
    )
    return scores.loc[~twice]


def _scale_names(scores: pd.DataFrame, assessment: np.ndarray, count: int) -> np.ndarray:
    """Per assessment, the scales its items came from: ``HoNOS + clustering tool``."""
    scale, names = pd.factorize(scores["scale"])
    flags = np.zeros(count, dtype=np.int64)
    np.bitwise_or.at(flags, assessment, np.left_shift(1, scale))
    labels = {
        flag: " + ".join(sorted(n for b, n in enumerate(names) if flag >> b & 1))
        for flag in np.unique(flags).tolist()  # a handful of combinations, not rows
    }
    lookup = np.full(max(labels, default=0) + 1, "", dtype=object)
    for flag, label in labels.items():
        lookup[flag] = label
    return lookup[flags]
