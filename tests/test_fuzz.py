"""Fuzzing the readers: random workbooks, valid and broken, through validate and cost.

Hypothesis builds workbooks — as .xlsx (XlsxWriter) and as folders of CSVs — with
sheet names and headers that are right, nearly right (case, spaces, typos) or
wrong, and cells of every kind: numbers (huge, negative, fractional), text
(unicode, formula-looking), dates, booleans, blanks, Excel errors, and cluster codes
written every way. ``pbrkit validate`` and ``pbrkit cost`` must each end in one of
two ways only: exit 0 (cost having written its three reports), or exit 2 with an
``Error:`` message and nothing written. Never exit 1, never a traceback.

Bounded for everyday runs: ``PBRKIT_FUZZ_EXAMPLES`` examples per test (default 60),
no deadline. With ``CI`` (or ``PBRKIT_FUZZ_DERANDOMIZE``) set, examples are drawn
from a fixed seed (the ``pbrkit-fuzz-ci`` profile), so every CI run tries the same
workbooks and a failure reproduces exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, event, find, given, settings
from hypothesis import strategies as st

from pbrkit.cli import cli

EXAMPLES = int(os.environ.get("PBRKIT_FUZZ_EXAMPLES", "60"))
DERANDOMIZE = bool(os.environ.get("CI") or os.environ.get("PBRKIT_FUZZ_DERANDOMIZE"))

settings.register_profile(
    "pbrkit-fuzz-ci",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings(
    settings.get_profile("pbrkit-fuzz-ci"),
    derandomize=DERANDOMIZE,
    database=None if DERANDOMIZE else settings.default.database,
)

REPORTS = {"summary.json", "report.xlsx", "report.html", "summary.pdf"}

# -------------------------------------------------------------- cell strategies

_CLUSTER_CODES = st.one_of(
    st.integers(0, 21),
    st.sampled_from([99, 9, 22, -1, 100]),
    st.sampled_from(["C1", "Cluster 4", "MHCC01", "01", "1.0", "11", "C 99", "cluster21"]),
    st.sampled_from(["", "abc", "1,2", "4.5", "0x1", "١", "C-1", "Cluster"]),
)
_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "=1+1",
            '=HYPERLINK("http://evil","x")',
            "@SUM(A1)",
            "+44",
            "-2+3",
            "\tTAB",
            "£1,234.50",
            "1.234,5",
            "NaN",
            "inf",
            "-0",
            "1e400",
            "ｆｕｌｌ",
            "😀",
            "<script>",
            "#N/A",
            "yes",
            "per_day",
            "day",
        ]
    ),
)
_NUMBER = st.one_of(
    st.integers(-5, 10_000),
    st.floats(min_value=-1e6, max_value=1e7, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1e15, 1e300, -1e300, 2**63, 0.1, 1e-300]),
)
_CELL = st.one_of(
    st.none(),
    _NUMBER,
    _TEXT,
    _CLUSTER_CODES,
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from([float("nan"), float("inf")]),  # Excel errors (#NUM!) in xlsx
)

#: Right names, near misses and wrong ones.
_SHEET_NAMES = st.one_of(
    st.sampled_from(["caseload", "Caseload", "CASE LOAD", "case_load", " caseload "]),
    st.sampled_from(["caseloads", "caseload1", "Sheet1", "tariff", "packages", "unit_costs"]),
    st.text(
        alphabet=st.characters(blacklist_characters="[]:*?/\\'", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=12,
    ),
)
_HEADERS = {
    "cluster": ["cluster", "Cluster", "CLUSTER ", "clsuter", "clusters", "care cluster"],
    "service_users": ["service_users", "Service Users", "people", "patients", "service_user"],
    "cluster_days": ["cluster_days", "Cluster days", "days", "clusterdays", "cluster_dyas"],
    "admitted_days": ["admitted_days", "bed_days", "admitted days", "admited_days"],
    "episodes": ["episodes", "Episodes", "episode"],
    "actual_cost": ["actual_cost", "actual cost", "cost"],
    "team": ["team", "Team", "teams"],
}


@st.composite
def caseload_rows(draw: st.DrawFn, *, nearly_right: bool = False) -> list[list[Any]]:
    """A header row (right, nearly right or wrong) and rows of plausible or wild values.

    ``nearly_right``: the required columns under their own names or aliases, values
    that make sense, and now and then one wild cell: most of these pass.
    """
    names = draw(st.lists(st.sampled_from(sorted(_HEADERS)), min_size=0, max_size=7, unique=True))
    if nearly_right or draw(st.booleans()):
        names = list(dict.fromkeys(["cluster", "service_users", "cluster_days", *names]))
    required = {"cluster": 2, "service_users": 4, "cluster_days": 2}  # the right spellings
    header: list[Any] = [
        draw(st.sampled_from(_HEADERS[n][: required.get(n, 0)] if nearly_right and n in required
                             else _HEADERS[n]))
        for n in names
    ]  # fmt: skip
    if not nearly_right and draw(st.integers(0, 4)) == 0:
        header.append(draw(st.one_of(_TEXT, st.none(), _NUMBER)))
    plausible = nearly_right or draw(st.booleans())
    wild = -1 if not nearly_right else draw(st.integers(0, 30))
    rows: list[list[Any]] = [header]
    for r in range(draw(st.integers(1 if nearly_right else 0, 8))):
        row = []
        for c, name in enumerate(names):
            if r * len(names) + c == wild:
                value = draw(_CELL)
            elif plausible and name == "cluster":
                codes = st.sampled_from(["C1", "Cluster 4", "MHCC01", "99"])
                value = draw(st.one_of(st.integers(0, 21).filter(lambda c: c != 9), codes))
            elif plausible and name in ("service_users", "cluster_days", "episodes"):
                value = draw(st.integers(1, 5_000))
            elif plausible and name == "admitted_days":
                value = draw(st.integers(0, 50))
            elif plausible and name == "actual_cost":
                value = draw(st.one_of(st.none(), st.integers(0, 10**7), st.just("£1,234.50")))
            elif plausible and name == "team":
                value = draw(_TEXT)
            else:
                value = draw(_CELL)
            row.append(value)
        rows.append(row)
    if draw(st.integers(0, 5)) == 0:  # a title block above the header
        rows.insert(0, [draw(_TEXT)])
    return rows


#: The optional cost sheets: their columns, and plausible values for each.
_SIDE_SHEETS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "tariff": {
        "cluster": st.integers(0, 21),
        "price": st.one_of(st.integers(0, 20_000), st.just("£1,234.50")),
        "unit": st.sampled_from(["per_day", "per_episode", "per_year", "per day", "weekly"]),
        "admitted_day_price": st.one_of(st.none(), st.integers(0, 900)),
    },
    "packages": {
        "cluster": st.integers(0, 21),
        "resource": st.sampled_from(["care_coordinator_hour", "inpatient_bed_day", "widget"]),
        "quantity": st.one_of(st.integers(0, 50), st.floats(0, 5)),
        "per": st.sampled_from(["day", "week", "episode", "year", "fortnight"]),
    },
    "unit_costs": {
        "resource": st.sampled_from(["care_coordinator_hour", "inpatient_bed_day", "widget"]),
        "unit_cost": st.one_of(st.integers(0, 1_000), st.just("£45.00")),
    },
}


@st.composite
def side_sheet(draw: st.DrawFn, name: str) -> list[list[Any]]:
    """A tariff, packages or unit_costs sheet: plausible, with the odd wild cell."""
    columns = _SIDE_SHEETS[name]
    header = [c for c in columns if c in ("cluster", "resource") or draw(st.integers(0, 5))]
    rows: list[list[Any]] = [list(header)]
    for _ in range(draw(st.integers(0, 6))):
        rows.append(
            [draw(_CELL) if draw(st.integers(0, 12)) == 0 else draw(columns[c]) for c in header]
        )
    return rows


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[Any]]]:
    """Half nearly-right caseloads (maybe with tariff, packages, unit costs), half anything."""
    if draw(st.booleans()):
        name = draw(st.sampled_from(["caseload", "Caseload", "CASE LOAD", "case_load"]))
        sheets = {name: draw(caseload_rows(nearly_right=True))}
        for side in _SIDE_SHEETS:
            if draw(st.integers(0, 3)) == 0:
                sheets[side] = draw(side_sheet(side))
        return sheets
    sheets: dict[str, list[list[Any]]] = {}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(_SHEET_NAMES).strip()[:31] or "Sheet"
        if name.casefold() in {n.casefold() for n in sheets}:
            continue
        sheets[name] = draw(caseload_rows())
    return sheets


# ------------------------------------------------------------------- writers


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True},
    )
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    ws.write_datetime(r, c, value, date_format)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    ws.write_number(r, c, float(value))
                else:
                    ws.write_string(r, c, str(value))
    book.close()
    return path


def write_csv_folder(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    path.mkdir()
    for name, rows in sheets.items():
        safe = "".join(ch if ch.isalnum() or ch in " _-" else "_" for ch in name) or "sheet"
        target = path / f"{safe}.csv"
        if target.exists():
            continue
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow(["" if v is None else _csv_text(v) for v in row])
    return path


def _csv_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


# -------------------------------------------------------------------- checks


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _check(result: Result, *, wrote: Callable[[], set[str]], label: str) -> None:
    output = result.output + (result.stderr or "")
    described = f"{label}: exit {result.exit_code}\n{output[-2000:]}"
    assert result.exit_code in (0, 2), described
    assert "Traceback" not in output, described
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert "Error:" in (result.stderr or result.output), described
        assert wrote() == set(), described
    return None


def _run_both(source: Path, work: Path) -> None:
    validated = _invoke("validate", str(source))
    _check(validated, wrote=lambda: set(), label="validate")
    out = work / "out"
    costed = _invoke("cost", str(source), "--out", str(out))

    def written() -> set[str]:
        return {p.name for p in out.iterdir()} if out.exists() else set()

    _check(costed, wrote=written, label="cost")
    event(f"validate exit {validated.exit_code}, cost exit {costed.exit_code}")
    if costed.exit_code == 0:
        assert written() == REPORTS, written()
    # validate and cost read the same way: a workbook valid for one is valid for the other.
    if validated.exit_code == 0:
        assert costed.exit_code == 0, costed.stderr
    assert not list(work.rglob(".pbrkit-staging-*"))


def _fresh() -> Path:
    return Path(tempfile.mkdtemp(prefix="pbrkit-fuzz-"))


@FUZZ
@given(workbooks())
def test_fuzzed_xlsx_exit_0_or_2(sheets: dict[str, list[list[Any]]]) -> None:
    work = _fresh()
    try:
        _run_both(write_xlsx(work / "input.xlsx", sheets), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@FUZZ
@given(workbooks())
def test_fuzzed_csv_folders_exit_0_or_2(sheets: dict[str, list[list[Any]]]) -> None:
    work = _fresh()
    try:
        _run_both(write_csv_folder(work / "input", sheets), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_validate_runs_the_costing_checks(tmp_path: Path) -> None:
    """Found by fuzzing: a unit_costs sheet replaces the reference's, so the reference
    packages' resources lose their unit costs. validate said "valid", cost exit 2."""
    sheets: dict[str, list[list[Any]]] = {
        "caseload": [["cluster", "service_users", "cluster_days"], [1, 10, 900]],
        "unit_costs": [["resource", "unit_cost"], ["care_coordinator_hour", 45]],
    }
    source = write_xlsx(tmp_path / "input.xlsx", sheets)
    validated = _invoke("validate", str(source))
    assert validated.exit_code == 2
    assert "has no unit cost" in validated.stderr
    assert _invoke("cost", str(source), "--out", str(tmp_path / "out")).exit_code == 2


def test_the_strategy_makes_valid_workbooks_too() -> None:
    """Some fuzzed workbooks pass, or the fuzzing would only ever test the error path."""

    def valid(sheets: dict[str, list[list[Any]]]) -> bool:
        work = _fresh()
        try:
            source = write_xlsx(work / "input.xlsx", sheets)
            return _invoke("validate", str(source)).exit_code == 0
        finally:
            shutil.rmtree(work, ignore_errors=True)

    find(
        workbooks(),
        valid,
        settings=settings(
            max_examples=200,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],  # one valid workbook is enough: no shrinking
        ),
    )
