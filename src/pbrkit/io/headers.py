"""Match a user's column headers to the known columns of a sheet, loosely but never wrongly.

A header matches a known column after Unicode normalisation (NFKC, so a full-width
``ｃｌｕｓｔｅｒ`` is ``cluster``; zero-width characters and byte-order marks removed)
and ignoring case, spaces, underscores, punctuation and a trailing unit: a bracketed
one (``Actual Cost (£)``, ``Admitted days (days)``) or a trailing currency sign or
word (``Income £``, ``Cost GBP``). See docs/methodology.md, "Reading your workbook".

A header that matches nothing but is *close* to a known column the sheet lacks
(``admited_days``; a known synonym such as ``Total cost`` for ``actual_cost``) is
reported, never silently kept as an extra column: a misspelt optional column would
otherwise be read as absent, and every value in it replaced by a default.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

#: Longest text one cell may hold (names, IDs, teams, trait values, headers). Here, not
#: in io.values, so that importing the CLI (which reads headers) stays free of pandas.
MAX_TEXT_CHARS: Final = 1_000
#: Characters that are invisible in a spreadsheet but make two texts differ:
#: zero-width space/joiners, word joiner, byte-order mark, soft hyphen.
INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")

_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
# A unit at the end: "(£)", "[days]", "{gbp}", or a currency sign or word.
_TRAILING_UNIT_RE = re.compile(
    r"(?:\s*[\(\[\{][^\(\)\[\]\{\}]*[\)\]\}]\s*|\s*(?:£|€|\$|%|\bgbp\b|\bpounds\b|\bin\s+£))+$",
    re.IGNORECASE,
)
_NOT_ALNUM_RE = re.compile(r"[\W_]+")


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` after NFKC with invisible characters removed, and the code points removed."""
    removed = tuple(sorted({f"U+{ord(c):04X}" for c in text if c in INVISIBLE}))
    return unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text)).strip(), removed


def is_too_long(label: object) -> bool:
    """A header longer than any text cell may be (``MAX_TEXT_CHARS``): refused, never
    matched (a 10 MB header was normalised for 17 s and published whole; review 7)."""
    return isinstance(label, str) and len(label) > MAX_TEXT_CHARS


def normalise_header(label: object) -> str:
    """The key a header is matched by: ``'Actual Cost (£)'`` → ``'actualcost'``.

    A label over the length limit matches nothing (its key is empty) at no cost.
    """
    if is_too_long(label):
        return ""
    text, _ = clean_text(str(label))
    stripped = _TRAILING_UNIT_RE.sub("", text)
    # A header that is nothing but a unit ("(£)") gives an empty key: it matches nothing.
    return _NOT_ALNUM_RE.sub("", (stripped or text).casefold())


def edit_distance(a: str, b: str, *, limit: int = 3) -> int:
    """Levenshtein distance between ``a`` and ``b``, capped at ``limit`` + 1 (cheap)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


def is_close(key: str, name: str) -> bool:
    """Whether a normalised header ``key`` looks like a misspelling of ``name``.

    Short names need a closer match (one edit within 4-6 characters, two beyond),
    and names under 4 characters are never guessed at: ``age`` is not ``days``.
    """
    if len(name) < 4 or len(key) < 3:
        return False
    allowed = 1 if len(name) <= 6 else 2
    return edit_distance(key, name, limit=allowed) <= allowed


@dataclass(frozen=True)
class NearMiss:
    """A header (0-based ``position``) that looks like the absent column ``column``."""

    position: int
    label: str
    column: str
    synonym: bool


def near_misses(
    labels: Iterable[tuple[int, str]],
    absent: Mapping[str, Iterable[str]],
    synonyms: Mapping[str, Iterable[str]],
    exact: Collection[str] = (),
) -> list[NearMiss]:
    """Unmatched headers close to an absent column (by its name, aliases or synonyms).

    ``labels`` are (position, header) pairs that matched no column; ``absent`` maps
    each absent column to its normalised names; ``synonyms`` to normalised synonyms.
    A header whose normalised key is in ``exact`` (a column's own name) is matched
    by synonym only, never taken for a misspelling.
    Each header is reported once, against the first column it resembles.
    """
    found: list[NearMiss] = []
    for position, label in labels:
        key = normalise_header(label)
        for column, names in absent.items():
            if key in set(synonyms.get(column, ())):
                found.append(NearMiss(position, label, column, synonym=True))
                break
            if key not in exact and any(is_close(key, name) for name in names):
                found.append(NearMiss(position, label, column, synonym=False))
                break
    return found
