"""Time ``pbrkit import mhsds`` on a year of submissions, beside the same caseload in DuckDB.

Usage::

    PYTHONPATH=src python benchmarks/mhsds_import.py [--people 20000] [--runs 3]

The extract is synthetic (``examples/make_mhsds.py --people 20000 --parquet --resend 2``:
13 monthly Parquet submissions, April 2017 to April 2018, about 1.4 million MHS803 and
MHS802 rows) and cached in ``benchmarks/data/``. Each run is a fresh process timed from
outside, with its own peak RSS (``os.wait4``): the whole ``python -m pbrkit import
mhsds`` command (read, de-duplicate, check, count, ratings, write the workbook) and a
DuckDB process computing the caseload with the same rules in SQL (de-duplication by
window function, clipping, overlaps, union of spells). The two caseloads are compared
cell by cell. Writes ``benchmarks/results-import.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))

import make_mhsds  # noqa: E402

#: The caseload of 2017/18 in SQL, with the import's rules (docs/methodology.md §8).
QUERY = """
WITH RECURSIVE care AS (
  SELECT *, coalesce(UniqClustID, OrgIDProv || ClustId) AS k
  FROM read_parquet('{dir}/MHS803CareCluster_*.parquet', union_by_name = true)
  QUALIFY row_number() OVER (PARTITION BY k ORDER BY TRY_CAST(UniqMonthID AS BIGINT) DESC,
    TRY_CAST(UniqSubmissionID AS BIGINT) DESC NULLS LAST,
    TRY_CAST(MHS803UniqID AS BIGINT) DESC NULLS LAST) = 1
), tool AS (
  SELECT coalesce(UniqClustID, OrgIDProv || ClustId) AS k, LocalPatientId
  FROM read_parquet('{dir}/MHS801ClusterTool_*.parquet', union_by_name = true)
  QUALIFY row_number() OVER (PARTITION BY k ORDER BY TRY_CAST(UniqMonthID AS BIGINT) DESC,
    TRY_CAST(UniqSubmissionID AS BIGINT) DESC NULLS LAST,
    TRY_CAST(MHS801UniqID AS BIGINT) DESC NULLS LAST) = 1
), checked AS (
  SELECT c.k, c.OrgIDProv AS org,
    coalesce(c.Person_ID,
             'local:' || coalesce(c.OrgIDProv, '') || ':' || t.LocalPatientId) AS person,
    CAST(TRY_CAST(c.AMHCareClustCodeFin AS DOUBLE) AS INTEGER) AS cluster,
    TRY_CAST(c.StartDateCareClust AS DATE) AS start,
    TRY_CAST(c.EndDateCareClust AS DATE) AS finish
  FROM care c LEFT JOIN tool t USING (k)
  WHERE regexp_full_match(c.AMHCareClustCodeFin, '\\d{{1,2}}(\\.0+)?')
), periods AS (
  SELECT k, org, person, cluster, start,
    greatest(start, DATE '2017-04-01') AS s,
    least(coalesce(finish, DATE '2018-04-01'), DATE '2018-04-01') AS e
  FROM checked
  WHERE person IS NOT NULL AND cluster BETWEEN 0 AND 21 AND cluster <> 9
    AND start IS NOT NULL AND NOT coalesce(finish < start, false)
), ordered AS (
  SELECT *, row_number() OVER (PARTITION BY org, person ORDER BY start, k) AS rn
  FROM periods WHERE e > s
), walk(org, person, rn, k, kept, kept_end) AS (
  -- Each person's periods in start order: kept unless it starts before the end of a
  -- period already kept (a recursive walk, a few steps per person).
  SELECT org, person, rn, k, true, e FROM ordered WHERE rn = 1
  UNION ALL
  SELECT o.org, o.person, o.rn, o.k, o.s >= w.kept_end,
    CASE WHEN o.s >= w.kept_end THEN o.e ELSE w.kept_end END
  FROM walk w JOIN ordered o ON o.org = w.org AND o.person = w.person AND o.rn = w.rn + 1
), kept AS (
  SELECT o.* FROM ordered o JOIN walk w USING (k) WHERE w.kept
), spells AS (
  SELECT coalesce(Person_ID,
                  'local:' || coalesce(OrgIDProv, '') || ':' || LocalPatientId) AS person,
    greatest(TRY_CAST(StartDateHospProvSpell AS DATE), DATE '2017-04-01') AS s,
    least(coalesce(TRY_CAST(DischDateHospProvSpell AS DATE), DATE '2018-04-01'),
          DATE '2018-04-01') AS e,
    TRY_CAST(DischDateHospProvSpell AS DATE) AS discharge,
    TRY_CAST(StartDateHospProvSpell AS DATE) AS admission
  FROM read_parquet('{dir}/MHS501HospProvSpell_*.parquet', union_by_name = true)
  QUALIFY row_number() OVER (PARTITION BY UniqHospProvSpellID
    ORDER BY TRY_CAST(UniqMonthID AS BIGINT) DESC,
    TRY_CAST(UniqSubmissionID AS BIGINT) DESC NULLS LAST,
    TRY_CAST(MHS501UniqID AS BIGINT) DESC NULLS LAST) = 1
), usable_spells AS (
  SELECT person, s, e FROM spells
  WHERE person IS NOT NULL AND admission IS NOT NULL
    AND NOT coalesce(discharge < admission, false) AND e > s
), marked AS (
  SELECT *, CASE WHEN s <= max(e) OVER (PARTITION BY person ORDER BY s, e
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS new_run
  FROM usable_spells
), runs AS (
  SELECT person, min(s) AS s, max(e) AS e FROM (
    SELECT *, sum(new_run) OVER (PARTITION BY person ORDER BY s, e ROWS UNBOUNDED PRECEDING)
      AS run
    FROM marked) GROUP BY person, run
), admitted AS (
  SELECT p.k, sum(greatest(0, datediff('day', greatest(p.s, r.s), least(p.e, r.e)))) AS a
  FROM kept p JOIN runs r USING (person) GROUP BY p.k
)
SELECT cluster, count(DISTINCT person) AS service_users,
  sum(datediff('day', s, e)) AS cluster_days, count(*) AS episodes,
  sum(coalesce(a, 0)) AS admitted_days
FROM kept LEFT JOIN admitted USING (k) GROUP BY cluster ORDER BY cluster
"""

DUCKDB_CHILD = """
import sys, duckdb
frame = duckdb.sql(open(sys.argv[1]).read()).df()
frame.to_csv(sys.argv[2], index=False)
"""


def extract(people: int) -> Path:
    """The cached synthetic extract."""
    folder = ROOT / "benchmarks" / "data" / f"mhsds-{people}"
    if not (folder / "done").is_file():
        make_mhsds.write(folder, people, parquet_only=True, resend=2)
        (folder / "done").write_text("ok\n")
    return folder


def timed(args: list[str]) -> tuple[float, float]:
    """Run a process; (seconds, peak RSS in MB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results-import.md")
    args = parser.parse_args()
    folder = extract(args.people)
    work = ROOT / "benchmarks" / "data" / "mhsds-work"
    work.mkdir(parents=True, exist_ok=True)
    query = work / "caseload.sql"
    query.write_text(QUERY.format(dir=folder), encoding="utf-8")
    book, duck_csv = work / "trust.xlsx", work / "duckdb.csv"
    ours = [sys.executable, "-m", "pbrkit", "import", "mhsds", str(folder), "--year", "2017/18",
            str(book), "--force"]  # fmt: skip
    theirs = [sys.executable, "-c", DUCKDB_CHILD, str(query), str(duck_csv)]
    load_before = os.getloadavg()
    results: dict[str, list[tuple[float, float]]] = {"pbrkit": [], "duckdb": []}
    for _ in range(args.runs):  # round-robin: both see the same machine load
        results["pbrkit"].append(timed(ours))
        results["duckdb"].append(timed(theirs))
    load_after = os.getloadavg()
    mine = pd.read_excel(book, sheet_name="caseload", engine="calamine")
    duck = pd.read_csv(duck_csv)
    same = mine.astype("int64").equals(duck[list(mine.columns)].astype("int64"))
    rows = _row_counts(folder)
    write_report(args, results, rows, same, load_before, load_after, mine)
    print(args.out.read_text(encoding="utf-8"))


def _row_counts(folder: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    counts: dict[str, int] = {}
    for path in sorted(folder.glob("*.parquet")):
        table = path.name.split("_")[0]
        counts[table] = counts.get(table, 0) + pq.read_metadata(path).num_rows
    return counts


#: A 1-minute load average above this share of the cores means other work was running
#: beside the benchmark (which itself keeps about one core busy).
BUSY_LOAD_PER_CORE = 0.75


def machine_load(start: float, end: float) -> str:
    """The load average at the start and end, and whether the machine was shared."""
    figures = f"load average {start:.1f} at the start and {end:.1f} at the end"
    if max(start, end) > BUSY_LOAD_PER_CORE * (os.cpu_count() or 1):
        return (
            f"**Shared**: {figures} (other work on the same cores), so absolute times are "
            "inflated; the ratio is the fairer figure."
        )
    return f"Quiet: {figures}."


def write_report(
    args: argparse.Namespace,
    results: dict[str, list[tuple[float, float]]],
    rows: dict[str, int],
    same: bool,
    before: tuple[float, float, float],
    after: tuple[float, float, float],
    caseload: pd.DataFrame,
) -> None:
    med = {k: statistics.median(t for t, _ in v) for k, v in results.items()}
    peak = {k: max(m for _, m in v) for k, v in results.items()}
    total = rows.get("MHS803CareCluster", 0) + rows.get("MHS802ClusterAssess", 0)
    lines = [
        "# `pbrkit import mhsds`: a year of monthly submissions",
        "",
        f"Generated by `python benchmarks/mhsds_import.py` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; median of {args.runs} runs, "
        "each a fresh process timed from outside with its own peak RSS; the two commands ran "
        "round-robin, so they saw the same machine load.",
        "",
        f"- Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}. " + machine_load(before[0], after[0]),
        f"- Extract: {args.people:,} people, synthetic (`examples/make_mhsds.py --people "
        f"{args.people} --parquet --resend 2`), 13 monthly Parquet submissions: "
        + ", ".join(f"{k} {v:,}" for k, v in rows.items())
        + f" rows ({total:,} MHS803 + MHS802 rows).",
        f"- Result: {int(caseload['service_users'].sum()):,} service users over "
        f"{len(caseload)} clusters, {int(caseload['cluster_days'].sum()):,} cluster days, "
        f"{int(caseload['admitted_days'].sum()):,} admitted days. The DuckDB caseload is "
        + ("**identical**, cell by cell." if same else "**different**: investigate."),
        "",
        "| | median | runs | peak RSS |",
        "|---|---|---|---|",
    ]
    for name, label in (
        ("pbrkit", "`pbrkit import mhsds` end to end (read, check, count, ratings, write xlsx)"),
        ("duckdb", "DuckDB: the caseload only, one SQL query from the same Parquet files"),
    ):
        runs = ", ".join(f"{t:.1f}" for t, _ in results[name])
        lines.append(f"| {label} | {med[name]:.1f} s | {runs} | {peak[name]:,.0f} MB |")
    ok_time = "✓" if med["pbrkit"] <= 30 else "✗"
    ok_rss = "✓" if peak["pbrkit"] <= 2048 else "✗"
    lines += [
        "",
        f"Ratio pbrkit ÷ DuckDB: **{med['pbrkit'] / med['duckdb']:.1f}×**. "
        f"Targets: ≤ 30 s {ok_time} ({med['pbrkit']:.1f} s); ≤ 2 GB peak RSS {ok_rss} "
        f"({peak['pbrkit']:,.0f} MB).",
        "",
        "DuckDB computes only the caseload; pbrkit also builds `patients`, `ratings` (1.2M "
        "rated items pivoted to one row per person), `data_quality` with examples of every "
        "row left out, and writes the workbook.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
