"""No care-cluster literal in src/pbrkit outside the reference-set loader (issue 14, item 6).

Everything specific to care clusters (codes 0-21 and 99, the unused 9, superclasses,
review periods, the spellings accepted) comes from a reference set's ``clusters.csv``
and ``set.toml``. This test reads every module's tokens (comments and docstrings are
left out: they may explain care clusters) and fails on a number or a string that
names a care-cluster code. ``test_the_scan_finds_a_planted_literal`` shows it can fail.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pbrkit"

#: The one module allowed to know the shape of a currency (it reads clusters.csv).
ALLOWED = {"reference.py"}

#: 99 (not assessed) is flagged anywhere in code.
NOT_ASSESSED = "99"
#: 21 and 22 (the highest code, one past it) and the unused 9 only on a line about
#: clusters, codes or ranges, so that a zip header's 22 bytes is not flagged.
CONTEXT_NUMBERS = {"9", "21", "22"}
CLUSTER_LINE = re.compile(r"cluster|unused|code|range\(|<=|>=", re.IGNORECASE)
#: Column widths and paper sizes are numbers about a sheet, not about clusters; the
#: MHCT's "not known" rating 9 is about a rated item, not a cluster.
LAYOUT_LINE = re.compile(r"\bCol\(|set_column\(|set_paper\(|UNKNOWN_CODE")
#: Strings that spell care-cluster codes or their ranges.
CODE_TEXT = re.compile(
    r"\bclusters?\s+0?(?:0|9|99)\b|\(99\)|\bnot 99\b|\b(?:0|1|10)-(?:8|21)\b"
    r"|under review|should not be used|\bmhcc\b|(?<![\w.,£])99(?![\w,%])",
    re.IGNORECASE,
)


def cluster_literals(source: str) -> list[tuple[int, str]]:
    """(line, token) for each care-cluster literal in ``source`` (code only)."""
    found: list[tuple[int, str]] = []
    lines = source.splitlines()
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        kind, text, (row, _), _, _ = token
        if kind == tokenize.NUMBER:
            line = lines[row - 1].split("#")[0]
            about_clusters = CLUSTER_LINE.search(line) and not LAYOUT_LINE.search(line)
            if text == NOT_ASSESSED or (text in CONTEXT_NUMBERS and about_clusters):
                found.append((row, text))
        elif kind == tokenize.STRING and previous not in (tokenize.NEWLINE, tokenize.INDENT):  # noqa: SIM102
            # A string at the start of a statement is a docstring: prose, not a literal.
            if CODE_TEXT.search(text):
                found.append((row, text))
        if kind not in (tokenize.COMMENT, tokenize.NL):
            previous = kind
    return found


def test_no_cluster_literal_outside_the_reference_loader() -> None:
    hits = [
        f"{path.relative_to(SRC)}:{row}: {text[:60]}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name not in ALLOWED
        for row, text in cluster_literals(path.read_text(encoding="utf-8"))
    ]
    assert hits == []


@pytest.mark.parametrize(
    "planted",
    [
        "NOT_ASSESSED = 99\n",
        "codes = range(22)\n",
        "if cluster == 9:\n    pass\n",
        "UNUSED_CLUSTER = 9\n",
        'message = "cluster 9 is not used"\n',
        'fix = "use a code 0-8, 10-21"\n',
        'label = "Patients with a suggestion (not 99)"\n',
        'note = "a suggestion other than 99."\n',
        "top = c <= 21\n",
        "PROFILED = frozenset([*range(1, 9), *range(10, 22)])\n",
        'pattern = r"^(?:mhcc|cluster|c)0*(\\d+)$"\n',
    ],
)
def test_the_scan_finds_a_planted_literal(planted: str) -> None:
    assert cluster_literals(planted), planted


@pytest.mark.parametrize(
    "innocent",
    [
        '"""Clusters 0-21 and 99 come from clusters.csv (a docstring)."""\n',
        "x = 1  # cluster 99 in a comment\n",
        "TRIM_HIGH = 0.99\n",
        "ws.set_paper(9)  # A4\n",
        "GRID_POINTS = 9\n",
        'Col("cluster", "Cluster", None, 9)\n',
        "start = max(0, size - (22 + 0xFFFF))\n",
        'money = "£99"\n',
    ],
)
def test_the_scan_leaves_prose_and_other_numbers(innocent: str) -> None:
    assert cluster_literals(innocent) == []
