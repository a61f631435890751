"""Codes, dates, people and de-duplication: the rules that make raw MHSDS rows usable.

Sources: NHS Data Dictionary, ADULT MENTAL HEALTH CARE CLUSTER CODE (FINAL) (codes
00-21; 09 "should not be used"); NHS England's mental-health-monthly-statistics code
(accepts unpadded '0'-'8' as well as '00'-'08'; ratings '0'-'4' and '00'-'04'; ties in
one submission go to the highest MHS803UniqID).
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pbrkit.mhsds.quality import FILE, RECORD, QualityLog

Days = npt.NDArray[np.float64]

#: Column holding the person key; blank (NA) for an unknown person.
PERSON = "_person"
#: Column holding the record key (UniqClustID, UniqHospProvSpellID, ...).
KEY = "_key"

_ISO = r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$"
#: dd/mm/yyyy, optionally with a time (Excel writes a date-time cell as '01/05/2017 00:00').
_DMY = r"^\d{1,2}/\d{1,2}/\d{4}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_EPOCH = np.datetime64("1970-01-01", "D")


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text column, all NULL when the file did not have it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series(pd.NA, index=frame.index, dtype=pd.StringDtype("pyarrow"))


def parse_days(values: pd.Series) -> tuple[Days, npt.NDArray[np.bool_]]:
    """Dates as day numbers (NaN when blank), and which non-blank values are not dates.

    ISO ``yyyy-mm-dd`` or ``dd/mm/yyyy`` (a time after either is ignored), day first
    always: ``03/04/2017`` is 3 April. The format is decided value by value by its
    shape, never guessed per column.
    """
    text = values.astype(pd.StringDtype("pyarrow"))
    iso = text.str.match(_ISO).fillna(False).to_numpy(dtype=bool)
    dmy = text.str.match(_DMY).fillna(False).to_numpy(dtype=bool)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    if iso.any():
        parsed[iso] = pd.to_datetime(text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    if dmy.any():
        day_part = text[dmy].str.replace(r"[T ].*$", "", regex=True)
        parsed[dmy] = pd.to_datetime(day_part, format="%d/%m/%Y", errors="coerce")
    days = (parsed.to_numpy(dtype="datetime64[D]") - _EPOCH).astype("timedelta64[D]")
    number = np.where(np.isnat(days), np.nan, days.astype(np.int64).astype(np.float64))
    blank = text.isna().to_numpy(dtype=bool)
    return number, ~blank & np.isnan(number)


#: A dd/mm/yyyy-shaped date whose second field is 13-31 and first 1-12: month first only.
_MONTH_FIRST = r"^(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])/\d{4}(?:[T ].*)?$"


def month_first_example(values: pd.Series) -> str | None:
    """A value that can only be a month-first date (``12/25/2017``), if the column has one.

    Dates are read day first (:func:`parse_days`); such a value shows the column was
    written month first (Excel set to US English), so its other dates were misread
    (review 7: 07/04/2017, meant as 4 July, was 7 April, with no warning).
    """
    text = values.astype(pd.StringDtype("pyarrow")).str.strip()
    hits = text.str.match(_MONTH_FIRST).fillna(False).to_numpy(dtype=bool)
    return str(text[hits].iloc[0]) if hits.any() else None


def whole_numbers(values: pd.Series) -> npt.NDArray[np.float64]:
    """Text as whole numbers (NaN when blank or not a whole number: '12', '12.0' are 12).

    Arrow casts the text column in one pass (pandas' ``to_numeric`` on Arrow strings is
    an order of magnitude slower on a year of submissions).
    """
    text = pa.array(values.astype(pd.StringDtype("pyarrow")).array)
    ok = pc.fill_null(pc.match_substring_regex(text, r"^-?\d{1,15}(?:\.0+)?$"), False)
    number = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64())
    return np.asarray(number.to_numpy(zero_copy_only=False), dtype=np.float64)


def small_code(values: pd.Series) -> npt.NDArray[np.float64]:
    """A one- or two-digit code as a number: '3', '03' and '3.0' are 3; else NaN."""
    text = values.astype(pd.StringDtype("pyarrow"))
    ok = text.str.fullmatch(r"\d{1,2}(?:\.0+)?").fillna(False).to_numpy(dtype=bool)
    number = whole_numbers(text)
    return np.where(ok, number, np.nan)


def add_person(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the person key: ``Person_ID``, else the provider's ``LocalPatientId``.

    The two id spaces are kept apart: a local id becomes ``local:ORG:ID`` (with the
    provider, since two trusts may use the same local number), so it can never equal
    a national pseudonymised ``Person_ID``.
    """
    national = column(frame, "Person_ID")
    local = column(frame, "LocalPatientId")
    org = column(frame, "OrgIDProv").fillna("")
    local_key = ("local:" + org + ":" + local).str.replace("local::", "local:", regex=False)
    return frame.assign(**{PERSON: national.fillna(local_key)})


_DIGITS = re.compile(r"(\d+)")


def natural_rank(keys: pd.Series) -> npt.NDArray[np.int64]:
    """Each key's place in the natural order of record keys (docs/methodology.md §9).

    A UniqClustID is a provider's code and its own running number (RZZCL0000001): each
    run of digits is compared as a number, so RXX9 comes before RXX10 (as text, "9"
    sorts after "1"); the text between runs of digits as text, and keys equal that way
    (RXX09, RXX9) by the text as written. Ranks the distinct keys once: a year holds
    millions of rows and far fewer keys.
    """
    codes, uniques = pd.factorize(keys)
    # re.split gives text at even places and digits at odd ones: like compared with like.
    order = sorted(
        range(len(uniques)),
        key=lambda i: (
            [int(p) if n % 2 else p for n, p in enumerate(_DIGITS.split(str(uniques[i])))],
            str(uniques[i]),
        ),
    )
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[order] = np.arange(len(uniques))
    return rank[codes]


def deduplicate(
    frame: pd.DataFrame, table: str, keys: list[str], row_id: str, log: QualityLog
) -> pd.DataFrame:
    """Keep one row per record: the latest ``UniqMonthID``, then ``UniqSubmissionID``.

    Two rows for one record in one submission: the higher row id (``MHS803UniqID``…)
    wins; identical ids then fall back to the later file and record. Rows of every month
    in the folder take part, also months after the year: a later correction counts.
    The rows not kept are logged as duplicates. Rows without a month id, with a
    submission id that is not a whole number, or without a record key are logged and
    left out first.
    """
    month = whole_numbers(frame["UniqMonthID"])
    frame = log.leave_out(table, "UniqMonthID blank or not a whole number", frame, np.isnan(month))
    # An integer in the MHSDS specification, and what orders two submissions of one
    # month: a value that is not one (`SUB-A`) cannot be ordered, so the row is left
    # out as a bad month is (a blank is the oldest submission, as before).
    submission = column(frame, "UniqSubmissionID")
    unordered = submission.notna().to_numpy(dtype=bool) & np.isnan(whole_numbers(submission))
    frame = log.leave_out(table, "UniqSubmissionID not a whole number", frame, unordered)
    blank_key = np.zeros(len(frame), dtype=bool)
    for key in keys:
        blank_key |= frame[key].isna().to_numpy(dtype=bool)
    frame = log.leave_out(
        table, "no record key (UniqClustID or the table's own id)", frame, blank_key
    )
    # One numpy lexsort over integer codes (the last key is the primary one): much
    # faster than sorting text keys, and the same order.
    order = [
        frame[RECORD].to_numpy(),
        frame[FILE].cat.codes.to_numpy(),
        np.nan_to_num(whole_numbers(column(frame, row_id)), nan=-1),
        np.nan_to_num(whole_numbers(column(frame, "UniqSubmissionID")), nan=-1),
        whole_numbers(frame["UniqMonthID"]),
    ]
    record = np.zeros(len(frame), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(frame[key])
        record = record * (len(uniques) + 1) + codes
    _, record = np.unique(record, return_inverse=True)
    position = np.lexsort([*order, record])
    sorted_record = record[position]
    last = np.ones(len(position), dtype=bool)
    last[:-1] = sorted_record[:-1] != sorted_record[1:]
    sorted_frame = frame.iloc[position]
    latest = last
    log.record(
        table,
        "duplicate: an older or repeated submission of a record (the latest is kept)",
        sorted_frame.loc[~latest],
    )
    return sorted_frame.loc[latest]
