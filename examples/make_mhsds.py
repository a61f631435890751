"""Write a SYNTHETIC MHSDS care-cluster extract: ``examples/mhsds/`` (and benchmark inputs).

Nothing here is real patient data: every id, date, cluster and rating is drawn from a
seeded random generator. The files have the shape of a trust's MHSDS submissions for
financial year 2017/18 (NHS Digital's MHSDS tables MHS803CareCluster, MHS801ClusterTool,
MHS802ClusterAssess and MHS501HospProvSpell; one file per table per monthly submission,
April 2017 to April 2018) and the mess real extracts have:

- the same records in several monthly files (an open period is re-sent every month),
  a Refresh submission for September 2017 that corrects some rows of its Primary, and
  end dates corrected in the April 2018 submission, after the year end;
- cluster codes padded ('03') and unpadded ('3'); cluster 09; open periods;
  a period ending before it starts; overlapping periods of one person;
- dates ISO (yyyy-mm-dd) in most files and dd/mm/yyyy in the winter months' files;
- unknown item codes (HoNOS-ABI ids) and ratings out of range;
- people with no Person_ID, known only by LocalPatientId (which MHS803 does not carry);
- CSV files for most months, Parquet for the last three and for hospital spells.

Usage::

    python examples/make_mhsds.py                 # rewrite examples/mhsds/
    python examples/make_mhsds.py --out DIR --people 20000 --parquet   # a large extract

Deterministic for a given numpy: ``tests/test_mhsds_example.py`` regenerates the
extract and checks that it imports to the same workbook as the committed files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20170401
PROVIDER = "RZZ"  # not a real trust's ODS code
EPOCH = np.datetime64("1970-01-01", "D")

#: Submission months: April 2017 (UniqMonthID 1405) to April 2018 (1417).
MONTHS = tuple(range(1405, 1418))
REFRESH_MONTH = 1410  # September 2017: a Refresh submission follows the Primary
DMY_MONTHS = frozenset({1412, 1413, 1414})  # Nov-Jan files write dates day first
PARQUET_MONTHS = frozenset({1415, 1416, 1417})

#: Clusters drawn with these weights (0-21 without 9), and their review periods (days).
CLUSTERS = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21])
WEIGHTS = np.array([3, 9, 8, 13, 9, 4, 2, 7, 3, 4, 9, 7, 5, 2, 1, 3, 3, 4, 5, 3, 2], dtype=float)
REVIEW = {
    0: 182,
    1: 84,
    2: 105,
    7: 365,
    8: 365,
    10: 365,
    11: 365,
    12: 365,
    13: 365,
    14: 28,
    15: 28,
    18: 365,
}

HONOS = [
    979641000000103,
    979651000000100,
    979661000000102,
    979671000000109,
    979681000000106,
    979691000000108,
    979701000000108,
    979711000000105,
    979721000000104,
    979731000000102,
    979741000000106,
    979751000000109,
]
HONOS_65 = [
    980761000000107,
    980771000000100,
    980781000000103,
    980791000000101,
    980801000000102,
    980811000000100,
    980821000000106,
    980831000000108,
    980841000000104,
    980851000000101,
    980861000000103,
    980871000000105,
]
TOOL_ITEMS = [
    985071000000105,
    985081000000107,
    985111000000104,
    985121000000105,
    985131000000107,
    985141000000103,
]
UNKNOWN_ITEM = 1053011000000101  # a HoNOS-ABI id: not a clustering-tool item


def month_bounds(month: int) -> tuple[int, int]:
    """First day and the day after the last day of a UniqMonthID, as day numbers."""
    year, index = divmod(month + 2, 12)
    first = np.datetime64(f"{1900 + year}-{index + 1:02d}-01", "D")
    after = (first.astype("datetime64[M]") + 1).astype("datetime64[D]")
    return int((first - EPOCH).astype(int)), int((after - EPOCH).astype(int))


def day(text: str) -> int:
    """A date as a day number."""
    return int((np.datetime64(text, "D") - EPOCH).astype(int))


def periods(rng: np.random.Generator, people: int) -> pd.DataFrame:
    """Consecutive cluster periods, 1-3 per person, the last often open."""
    count = rng.integers(1, 4, size=people)
    person = np.repeat(np.arange(people), count)
    order = np.concatenate([np.arange(c) for c in count])
    cluster = rng.choice(CLUSTERS, size=len(person), p=WEIGHTS / WEIGHTS.sum())
    review = np.array([REVIEW.get(int(c), 182) for c in CLUSTERS])
    length = np.maximum(
        7, (review[np.searchsorted(CLUSTERS, cluster)] * rng.uniform(0.3, 1.6, len(person)))
    ).astype(np.int64)
    first = rng.integers(day("2016-05-01"), day("2018-03-01"), size=people)
    offset = np.concatenate([[0], np.cumsum(length)[:-1]])
    group_start = np.repeat(np.concatenate([[0], np.cumsum(count)[:-1]]), count)
    start = first[person] + offset - offset[group_start]
    end = (start + length).astype(np.float64)
    last = order == count[person] - 1
    end[last & (rng.random(len(person)) < 0.5)] = np.nan
    frame = pd.DataFrame({"person": person, "cluster": cluster, "start": start, "end": end})
    return _add_mess(rng, frame, people)


def _add_mess(rng: np.random.Generator, frame: pd.DataFrame, people: int) -> pd.DataFrame:
    """Overlapping extra periods, cluster 09 and periods that end before they start."""
    extra = frame.drop_duplicates("person").sample(frac=0.02, random_state=rng)
    extra = extra.assign(
        start=extra["start"] + 10,
        end=extra["start"] + 40.0,
        cluster=rng.choice(CLUSTERS, size=len(extra)),
    )
    frame = pd.concat([frame, extra], ignore_index=True)
    n = len(frame)
    code = np.char.mod("%d", frame["cluster"].to_numpy())
    padded = np.char.zfill(code, 2)
    code = np.where(rng.random(n) < 0.5, padded, code)
    code = np.where(rng.random(n) < 0.01, "09", code)
    closed = ~np.isnan(frame["end"].to_numpy())
    backwards = closed & (rng.random(n) < 0.01)
    end = np.where(backwards, frame["start"] - 7, frame["end"])
    frame = frame.assign(code=code, end=end, record=np.arange(n))
    del people
    return frame


def ids(rng: np.random.Generator, people: int) -> pd.DataFrame:
    """Person_ID (blank for 5%) and LocalPatientId per person, text with leading zeros."""
    national = np.char.add("SYN", np.char.zfill(np.char.mod("%d", np.arange(people) * 7 + 11), 9))
    local = np.char.zfill(np.char.mod("%d", np.arange(people) + 101), 7)
    blank = rng.random(people) < 0.05
    return pd.DataFrame({"Person_ID": np.where(blank, "", national), "LocalPatientId": local})


def care_rows(found: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """MHS803 rows: each period in every month it is live; End blank until its month."""
    rows = []
    for month in MONTHS:
        first, after = month_bounds(month)
        # A period recorded as ending before it starts is live until its start.
        closing = np.where(found["end"].isna(), np.inf, np.maximum(found["end"], found["start"]))
        live = (found["start"] < after) & ~(closing < first)
        part = found.loc[live]
        shown = np.where(closing[live.to_numpy()] < after, part["end"], np.nan)
        if month == MONTHS[-1]:  # April 2018 corrects some end dates after the year end
            shown = np.where(part["record"] % 17 == 0, part["end"] + 14, shown)
        rows.append(part.assign(month=month, end_shown=shown))
    care = pd.concat(rows, ignore_index=True)
    return pd.DataFrame(
        {
            "UniqMonthID": care["month"],
            "UniqSubmissionID": care["month"] * 10,
            "OrgIDProv": PROVIDER,
            "Person_ID": people["Person_ID"].to_numpy()[care["person"]],
            "ClustId": np.char.add("CL", np.char.mod("%07d", care["record"].to_numpy())),
            "AMHCareClustCodeFin": care["code"],
            "StartDateCareClust": care["start"],
            "EndDateCareClust": care["end_shown"],
            "MHS803UniqID": care["month"] * 1_000_000 + np.arange(len(care)) % 1_000_000,
        }
    ).assign(UniqClustID=lambda f: PROVIDER + f["ClustId"])


def tool_rows(
    rng: np.random.Generator, found: pd.DataFrame, people: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """MHS801 (one assessment per period, on its start) and MHS802 (18 rated items)."""
    first_month = np.clip((found["start"].to_numpy() // 1), day("2017-04-01"), None)
    month = np.array([_month_of(int(d)) for d in np.unique(first_month)])
    lookup = dict(zip(np.unique(first_month), month, strict=True))
    sent = np.vectorize(lookup.__getitem__)(first_month)
    in_files = sent <= MONTHS[-1]
    found, sent = found.loc[in_files], sent[in_files]
    clust = np.char.add("CL", np.char.mod("%07d", found["record"].to_numpy()))
    tool = pd.DataFrame(
        {
            "UniqMonthID": sent,
            "UniqSubmissionID": sent * 10,
            "OrgIDProv": PROVIDER,
            "Person_ID": people["Person_ID"].to_numpy()[found["person"]],
            "LocalPatientId": people["LocalPatientId"].to_numpy()[found["person"]],
            "ClustId": clust,
            "UniqClustID": np.char.add(PROVIDER, clust),
            "AssToolCompDate": found["start"].to_numpy().astype(np.float64),
            "MHS801UniqID": np.arange(len(found)) + 1,
        }
    )
    older = np.isin(found["cluster"].to_numpy(), [18, 19, 20, 21])
    items = np.where(older[:, None], np.array(HONOS_65)[None, :], np.array(HONOS)[None, :])
    codes = np.concatenate([items, np.tile(TOOL_ITEMS, (len(found), 1))], axis=1).ravel()
    codes = np.where(rng.random(len(codes)) < 0.01, UNKNOWN_ITEM, codes)
    scores = rng.choice(["0", "1", "2", "3", "4", "00", "01", "02", "03"], size=len(codes))
    scores = np.where(rng.random(len(codes)) < 0.002, "9", scores)
    assess = pd.DataFrame(
        {
            "UniqMonthID": np.repeat(sent, 18),
            "UniqSubmissionID": np.repeat(sent * 10, 18),
            "OrgIDProv": PROVIDER,
            "Person_ID": np.repeat(tool["Person_ID"].to_numpy(), 18),
            "ClustId": np.repeat(clust, 18),
            "UniqClustID": np.repeat(tool["UniqClustID"].to_numpy(), 18),
            "CodedAssToolType": np.char.mod("%d", codes),
            "PersScore": scores,
            "MHS802UniqID": np.arange(len(codes)) + 1,
        }
    )
    return tool, assess


def _month_of(number: int) -> int:
    date = EPOCH + np.timedelta64(number, "D")
    year, month = int(str(date)[:4]), int(str(date)[5:7])
    return 12 * (year - 1900) + month - 3


def spell_rows(rng: np.random.Generator, found: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """MHS501: admissions for 10% of people, sent at admission and again at discharge."""
    firsts = found.drop_duplicates("person")
    chosen = firsts.loc[rng.random(len(firsts)) < 0.10]
    chosen = chosen.loc[chosen["start"] >= day("2017-04-01")]
    admit = chosen["start"].to_numpy() + rng.integers(0, 30, len(chosen))
    discharge = (admit + rng.integers(3, 60, len(chosen))).astype(np.float64)
    discharge[rng.random(len(chosen)) < 0.1] = np.nan
    spell = np.char.add("SP", np.char.mod("%06d", np.arange(len(chosen))))
    base = pd.DataFrame(
        {
            "OrgIDProv": PROVIDER,
            "Person_ID": people["Person_ID"].to_numpy()[chosen["person"]],
            "LocalPatientId": people["LocalPatientId"].to_numpy()[chosen["person"]],
            "HospProvSpellID": spell,
            "UniqHospProvSpellID": np.char.add(PROVIDER, spell),
            "StartDateHospProvSpell": admit.astype(np.float64),
        }
    )
    at_admission = base.assign(
        UniqMonthID=[_month_of(int(d)) for d in admit], DischDateHospProvSpell=np.nan
    )
    ended = ~np.isnan(discharge)
    at_discharge = base.loc[ended].assign(
        UniqMonthID=[_month_of(int(d)) for d in discharge[ended]],
        DischDateHospProvSpell=discharge[ended],
    )
    spells = pd.concat([at_admission, at_discharge], ignore_index=True)
    spells = spells.loc[spells["UniqMonthID"].between(MONTHS[0], MONTHS[-1])]
    return spells.assign(
        UniqSubmissionID=spells["UniqMonthID"] * 10, MHS501UniqID=np.arange(len(spells)) + 1
    )


def _resent(frame: pd.DataFrame, times: int) -> pd.DataFrame:
    copies = [
        frame.assign(
            UniqMonthID=frame["UniqMonthID"] + k,
            UniqSubmissionID=frame["UniqSubmissionID"] + 10 * k,
        )
        for k in range(times)
    ]
    joined = pd.concat(copies, ignore_index=True)
    return joined.loc[joined["UniqMonthID"] <= MONTHS[-1]]


def _dates(frame: pd.DataFrame, columns: list[str], day_first: bool) -> pd.DataFrame:
    out = frame.copy()
    for name in columns:
        values = out[name].to_numpy(dtype=np.float64)
        text = (EPOCH + np.nan_to_num(values).astype("timedelta64[D]")).astype(str)
        if day_first:
            text = np.char.add(
                np.char.add(
                    np.char.add(np.char.add([t[8:10] for t in text], "/"), [t[5:7] for t in text]),
                    "/",
                ),
                [t[:4] for t in text],
            )
        out[name] = np.where(np.isnan(values), "", text)
    return out


def write(out: Path, people: int, *, parquet_only: bool = False, resend: int = 1) -> list[Path]:
    """Write the extract into ``out``; return the files written.

    ``resend`` > 1 re-sends each assessment and its items in that many monthly
    submissions (the benchmark's extract), as a live record is re-sent.
    """
    rng = np.random.default_rng(SEED)
    who = ids(rng, people)
    found = periods(rng, people)
    tables = {
        "MHS803CareCluster": (care_rows(found, who), ["StartDateCareClust", "EndDateCareClust"]),
    }
    tool, assess = (_resent(frame, resend) for frame in tool_rows(rng, found, who))
    tables["MHS801ClusterTool"] = (tool, ["AssToolCompDate"])
    tables["MHS802ClusterAssess"] = (assess, [])
    spells = spell_rows(rng, found, who)
    tables["MHS501HospProvSpell"] = (spells, ["StartDateHospProvSpell", "DischDateHospProvSpell"])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, (frame, dates) in tables.items():
        for month, part in frame.groupby("UniqMonthID", sort=True):
            written += _write_month(out, table, int(month), part, dates, parquet_only, rng)
    return written


def _write_month(
    out: Path,
    table: str,
    month: int,
    part: pd.DataFrame,
    dates: list[str],
    parquet_only: bool,
    rng: np.random.Generator,
) -> list[Path]:
    year, index = divmod(month + 2, 12)
    stem = f"{table}_{1900 + year}_{index + 1:02d}"
    as_parquet = parquet_only or month in PARQUET_MONTHS or table == "MHS501HospProvSpell"
    text = _dates(part, dates, day_first=month in DMY_MONTHS and not as_parquet)
    if table == "MHS803CareCluster":  # the national MHS803 layout has no LocalPatientId
        text = text.drop(columns=[c for c in ("LocalPatientId",) if c in text.columns])
    files = [(out / f"{stem}_Primary", text)]
    if month == REFRESH_MONTH and table == "MHS803CareCluster":
        refresh = text.assign(UniqSubmissionID=text["UniqSubmissionID"] + 1)
        changed = rng.random(len(refresh)) < 0.05
        refresh.loc[changed, "AMHCareClustCodeFin"] = "11"
        files.append((out / f"{stem}_Refresh", refresh))
    paths = []
    for base, frame in files:
        if as_parquet:
            path = base.with_suffix(".parquet")
            frame.astype(str).replace({"nan": None, "": None}).to_parquet(path, index=False)
        else:
            path = base.with_suffix(".csv")
            frame.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: write the example extract."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "mhsds")
    parser.add_argument("--people", type=int, default=250)
    parser.add_argument("--parquet", action="store_true", help="write every file as Parquet")
    parser.add_argument("--resend", type=int, default=1, help="months each assessment is sent")
    args = parser.parse_args()
    files = write(args.out, args.people, parquet_only=args.parquet, resend=args.resend)
    print(f"wrote {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
