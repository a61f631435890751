"""MHSDS table and column names, and ``--columns``: a warehouse's own names mapped to them.

Names follow NHS Digital's MHSDS technical output specification (tables MHS801, MHS802,
MHS803 and MHS501). Matching is case-insensitive and ignores spaces and underscores,
so ``person_id`` and ``PERSON ID`` both find ``Person_ID``.

``--columns FILE`` is a TOML file with one table per MHSDS table, mapping a column as
the warehouse names it to the MHSDS name::

    [MHS803CareCluster]
    "ClusterRef" = "UniqClustID"
    "Cluster" = "AMHCareClustCodeFin"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from pbrkit.errors import InputError, Problem, ProblemCollector

CARE_CLUSTER: Final = "MHS803CareCluster"
CLUSTER_TOOL: Final = "MHS801ClusterTool"
CLUSTER_ASSESS: Final = "MHS802ClusterAssess"
HOSPITAL_SPELL: Final = "MHS501HospProvSpell"

#: Tables in the order they are read; only MHS803 is required.
TABLES: Final = (CARE_CLUSTER, CLUSTER_TOOL, CLUSTER_ASSESS, HOSPITAL_SPELL)

#: Columns every table carries (the submission, the provider and the person).
_COMMON: Final = ("UniqMonthID", "UniqSubmissionID", "OrgIDProv", "Person_ID", "LocalPatientId")

#: The columns pbrkit reads from each table; others are ignored.
COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    CARE_CLUSTER: (
        *_COMMON,
        "ClustId",
        "UniqClustID",
        "AMHCareClustCodeFin",
        "StartDateCareClust",
        "EndDateCareClust",
        "MHS803UniqID",
    ),
    CLUSTER_TOOL: (*_COMMON, "ClustId", "UniqClustID", "AssToolCompDate", "MHS801UniqID"),
    CLUSTER_ASSESS: (
        *_COMMON,
        "ClustId",
        "UniqClustID",
        "CodedAssToolType",
        "PersScore",
        "MHS802UniqID",
    ),
    HOSPITAL_SPELL: (
        *_COMMON,
        "HospProvSpellID",
        "UniqHospProvSpellID",
        "UniqHospProvSpellNum",
        "StartDateHospProvSpell",
        "DischDateHospProvSpell",
        "MHS501UniqID",
    ),
}

#: Columns a file of each table must have. The end dates are required although their
#: cells may be blank: a missing (or misnamed) column would read every period and spell
#: as open and count days to the year end.
REQUIRED: Final[Mapping[str, tuple[str, ...]]] = {
    CARE_CLUSTER: ("UniqMonthID", "AMHCareClustCodeFin", "StartDateCareClust", "EndDateCareClust"),
    CLUSTER_TOOL: ("UniqMonthID", "AssToolCompDate"),
    CLUSTER_ASSESS: ("UniqMonthID", "CodedAssToolType", "PersScore"),
    HOSPITAL_SPELL: ("UniqMonthID", "StartDateHospProvSpell", "DischDateHospProvSpell"),
}

_CLUSTER_KEYS: Final = ("UniqClustID", "ClustId")

#: Each table's record key columns: a file needs at least one of them.
RECORD_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    CARE_CLUSTER: _CLUSTER_KEYS,
    CLUSTER_TOOL: _CLUSTER_KEYS,
    CLUSTER_ASSESS: _CLUSTER_KEYS,
    HOSPITAL_SPELL: ("UniqHospProvSpellID", "UniqHospProvSpellNum", "HospProvSpellID"),
}

#: Each table's row id: the last tie-break between two rows of one submission.
ROW_ID: Final[Mapping[str, str]] = {
    CARE_CLUSTER: "MHS803UniqID",
    CLUSTER_TOOL: "MHS801UniqID",
    CLUSTER_ASSESS: "MHS802UniqID",
    HOSPITAL_SPELL: "MHS501UniqID",
}

ColumnMap = Mapping[str, Mapping[str, str]]


def squash(name: str) -> str:
    """A column or table name for matching: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def table_of(file_name: str) -> str | None:
    """The MHSDS table a file holds, from its name (``mhs803carecluster_2017_04.csv``)."""
    squashed = squash(file_name)
    for table in TABLES:
        if squash(table) in squashed:
            return table
    return None


def canonical_names(table: str, header: list[str], mapping: ColumnMap) -> dict[str, str]:
    """Header names → MHSDS names for the columns pbrkit reads (others are dropped).

    A ``--columns`` mapping is applied first, so a header the user named wins over one
    that happens to carry the MHSDS name; other headers then match an MHSDS name when
    they squash to the same text. The first header to claim a name keeps it.
    """
    own = {squash(k): v for k, v in mapping.get(table, {}).items()}
    known = {squash(name): name for name in COLUMNS[table]}
    found: dict[str, str] = {}
    for names in (own, known):
        for header_name in header:
            target = names.get(squash(header_name))
            if target is not None and header_name not in found and target not in found.values():
                found[header_name] = target
    return found


def load_column_map(path: Path) -> dict[str, dict[str, str]]:
    """Read a ``--columns`` TOML file, checking every table and target name.

    Raises:
        InputError: unreadable TOML, an unknown table or MHSDS column, a non-text
            value, or two of the user's columns mapped to one MHSDS column.
    """
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(Problem(f"cannot read --columns file '{path}': {exc}")) from None
    problems = ProblemCollector()
    tables = {squash(t): t for t in TABLES}
    result: dict[str, dict[str, str]] = {}
    for section, entries in data.items():
        table = tables.get(squash(section))
        if table is None or not isinstance(entries, dict):
            problems.add(
                Problem(
                    f"--columns file '{path.name}': [{section}] is not an MHSDS table pbrkit reads",
                    expected=", ".join(TABLES),
                )
            )
            continue
        result[table] = _section(path, table, entries, problems)
    problems.raise_if_any(hint="correct the --columns file; nothing was written")
    return result


def _section(
    path: Path, table: str, entries: dict[str, object], problems: ProblemCollector
) -> dict[str, str]:
    known = {squash(name): name for name in COLUMNS[table]}
    mapped: dict[str, str] = {}
    for own, target in entries.items():
        name = known.get(squash(target)) if isinstance(target, str) else None
        if name is None:
            problems.add(
                Problem(
                    f"--columns file '{path.name}', [{table}]: '{own}' maps to an unknown column",
                    value=target,
                    expected=", ".join(COLUMNS[table]),
                )
            )
        elif name in mapped.values():
            problems.add(
                Problem(
                    f"--columns file '{path.name}', [{table}]: two columns map to '{name}'",
                    fix="map each MHSDS column from one of your columns only",
                )
            )
        else:
            mapped[own] = name
    return mapped
