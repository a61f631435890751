"""The benchmark cases: what each one runs, at a given number of rows.

A case is either *in-process* (a function run in a fresh ``python benchmarks/run.py
--case`` process, timing only the work with ``time.perf_counter`` after its imports and
set-up) or a *command* (a whole ``python -m pbrkit ...`` process, timed from outside,
start-up and report writing included). Either way each run is its own process, so its
peak RSS is its own (``os.wait4``), and one case cannot warm or pollute another.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datagen

#: In-process case functions: (rows, work folder) → seconds of the timed part.
InProcess = Callable[[int, Path], float]
#: Command cases: (rows, work folder) → arguments of ``run.py`` (``-m pbrkit …`` runs
#: the module in the child as ``python -m`` would, then reports its peak memory).
Command = Callable[[int, Path], list[str]]


@dataclass(frozen=True)
class Case:
    """One thing to time. ``data`` makes (and caches) its input before any run."""

    name: str
    label: str
    data: Callable[[int], Any]
    run: InProcess | None = None
    command: Command | None = None


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


#: Repeats of a short in-process measure (costing: about 0.2-0.4 s at 10M), after
#: one warm-up call: the median of these is the run's figure. One call of a 0.2 s
#: measure, first in its process, spread 1.5x-3.1x between fresh runs of the same
#: code on this shared machine (benchmarks/analysis.md, round 19).
SHORT_REPEATS = 5


def _timed_median(work: Callable[[], object], repeats: int = SHORT_REPEATS) -> float:
    """The median of ``repeats`` timed calls of ``work`` after one untimed warm-up, so
    that a measure of a few tenths of a second does not hang on one call's luck, nor
    on what only a process's first call pays (lazy imports, compiled passes loaded,
    the file's pages first read): the same for both sides of a ratio."""
    work()
    return statistics.median(_timed(work) for _ in range(repeats))


# --------------------------------------------------------------------- reading xlsx


def read_pbrkit(rows: int, _work: Path) -> float:
    from pbrkit.allocation import ratings_array
    from pbrkit.io.ratings import read_ratings

    path = datagen.ratings_xlsx(rows)

    def work() -> None:
        data = read_ratings(path)
        ratings_array(data.items, sheet=data.sheet, rows=data.rows)

    return _timed(work)


def read_fastexcel(rows: int, _work: Path) -> float:
    import fastexcel

    path = datagen.ratings_xlsx(rows)
    return _timed(lambda: fastexcel.read_excel(path).load_sheet(0).to_arrow())


def read_calamine(rows: int, _work: Path) -> float:
    from python_calamine import CalamineWorkbook

    path = datagen.ratings_xlsx(rows)
    return _timed(lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())


def read_pandas_openpyxl(rows: int, _work: Path) -> float:
    import pandas as pd

    path = datagen.ratings_xlsx(rows)
    return _timed(lambda: pd.read_excel(path, engine="openpyxl"))


# --------------------------------------------------------------------- clustering


def cluster_command(rows: int, work: Path) -> list[str]:
    path = datagen.ratings_parquet(rows)
    return ["-m", "pbrkit", "cluster", str(path), "--format", "parquet", "--out", str(work / "out")]


def cluster_baseline_command(rows: int, _work: Path) -> list[str]:
    """A whole process doing only Parquet read + the bare kernel (the practical limit)."""
    path = datagen.ratings_parquet(rows)
    return ["--bare-kernel", str(path)]


def bare_kernel(path: Path) -> None:
    """Read the 18 rating columns of a Parquet file and allocate: nothing else."""
    import numpy as np
    import pyarrow.parquet as pq

    from pbrkit.allocation import allocate, compile_profiles
    from pbrkit.reference import load_reference_set

    compiled = compile_profiles(load_reference_set().profiles)
    table = pq.read_table(path, columns=list(datagen.ITEMS))
    ratings = np.column_stack([table.column(i).to_numpy() for i in range(table.num_columns)])
    ratings[ratings == 9] = -1
    allocate(ratings, compiled)


def kernel_allocate(rows: int, _work: Path, kernel: str = "auto") -> float:
    """``allocate`` alone, on ratings already in memory (the compiled kernel when numba
    is installed: pbrkit's default at this size)."""
    import numpy as np
    import pyarrow.parquet as pq

    from pbrkit import allocation_kernel
    from pbrkit.allocation import allocate, compile_profiles
    from pbrkit.reference import load_reference_set

    compiled = compile_profiles(load_reference_set().profiles)
    table = pq.read_table(datagen.ratings_parquet(rows), columns=list(datagen.ITEMS))
    ratings = np.column_stack([table.column(i).to_numpy() for i in range(table.num_columns)])
    ratings[ratings == 9] = -1
    if kernel == "auto" and allocation_kernel.available():
        kernel = "compiled"  # what "auto" picks from 200,000 patients
    # Fold the grid's lookup tables once (cached), and load the compiled kernel.
    allocate(ratings[:1000], compiled, kernel=kernel)  # type: ignore[arg-type]
    return _timed(lambda: allocate(ratings, compiled, kernel=kernel))  # type: ignore[arg-type]


def kernel_numpy(rows: int, work: Path) -> float:
    """``allocate`` with the numpy kernel (the fallback without numba)."""
    return kernel_allocate(rows, work, kernel="numpy")


def startup_command(*args: str, python: str | None = None) -> Callable[[int, Path], float]:
    """A fresh ``python -m pbrkit ARGS`` process (or ``python -c PYTHON``, the
    interpreter's own start for comparison), timed from outside."""
    argv = ["-c", python] if python is not None else ["-m", "pbrkit", *args]

    def run(_rows: int, _work: Path) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, *argv], check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    return run


# --------------------------------------------------------------------- costing


def cost_pbrkit(rows: int, _work: Path) -> float:
    """Read and cost the patient table (:func:`_timed_median`, as DuckDB's side)."""
    from pbrkit.costing import cost_caseload
    from pbrkit.io.inputs import read_cost_inputs
    from pbrkit.reference import load_reference_set

    ref = load_reference_set()
    path = datagen.patients_parquet(rows)
    return _timed_median(lambda: cost_caseload(read_cost_inputs(path, ref)[0]))


def cost_command(rows: int, work: Path) -> list[str]:
    return ["-m", "pbrkit", "cost", str(datagen.patients_parquet(rows)), "--out", str(work / "o")]


COST_SQL = """
WITH patients AS (
    SELECT cluster, days, coalesce(admitted_days, 0) AS admitted, cost
    FROM read_parquet(?)
),
sums AS (
    SELECT cluster,
           count(*) AS service_users,
           sum(days) AS cluster_days,
           sum(admitted) AS admitted_days,
           sum(cost) AS cost_sum,
           count(cost) AS costed,
           -- the same checks pbrkit makes on every row
           count(*) FILTER (WHERE days IS NULL OR days < 0 OR isnan(days)) AS bad_days,
           count(*) FILTER (WHERE admitted < 0 OR admitted > days) AS bad_admitted,
           count(*) FILTER (WHERE cost < 0) AS bad_cost
    FROM patients
    GROUP BY cluster
)
SELECT s.cluster, s.service_users, s.cluster_days, s.admitted_days,
       CASE t.unit
           WHEN 'per_day' THEN t.price * s.cluster_days
           WHEN 'per_episode' THEN t.price * s.cluster_days / c.review_days
           ELSE t.price * s.cluster_days / 365.0
       END + coalesce(t.admitted_day_price, 0) * s.admitted_days AS income,
       CASE WHEN s.costed = s.service_users THEN s.cost_sum
            ELSE k.k * (s.cluster_days - s.admitted_days) + ? * s.admitted_days
       END AS cost,
       s.bad_days + s.bad_admitted + s.bad_cost AS bad_rows
FROM sums s
JOIN tariff t USING (cluster)
JOIN clusters c ON c.code = s.cluster
LEFT JOIN rates k USING (cluster)
ORDER BY s.cluster
"""


def cost_duckdb(rows: int, _work: Path) -> float:
    """The same costing as one DuckDB query over the same Parquet file
    (:func:`_timed_median`, as pbrkit's side)."""
    import duckdb
    import pandas as pd

    from pbrkit.costing import package_cost_per_day
    from pbrkit.reference import load_reference_set

    ref = load_reference_set()
    tariff = ref.tariff.reset_index()[["cluster", "price", "unit", "admitted_day_price"]]
    clusters = ref.clusters.reset_index()[["cluster", "review_days"]].rename(
        columns={"cluster": "code"}
    )
    units = ref.unit_costs.set_index("resource")
    rates = package_cost_per_day(ref.packages, units, ref.clusters["review_days"])
    rates = rates.reset_index()[["cluster", "k"]]
    bed_day = float(units.loc["inpatient_bed_day", "unit_cost"])
    path = str(datagen.patients_parquet(rows))
    con = duckdb.connect()
    for name, frame in (("tariff", tariff), ("clusters", clusters), ("rates", rates)):
        con.register(name, pd.DataFrame(frame))

    def work() -> None:
        con.execute(COST_SQL, [path, bed_day]).fetchall()

    return _timed_median(work)


# --------------------------------------------------------------------- writing xlsx


def write_pbrkit(rows: int, work: Path) -> float:
    from pbrkit.reports.patient_table import write_patient_table

    frame = datagen.ratings_frame(rows)
    return _timed(lambda: write_patient_table(frame, work / "patients.xlsx"))


def write_xlsxwriter(rows: int, work: Path) -> float:
    """Raw XlsxWriter in constant-memory mode, the fastest plain use: ``write_row``."""
    import xlsxwriter

    frame = datagen.ratings_frame(rows)

    def write() -> None:
        book = xlsxwriter.Workbook(str(work / "raw.xlsx"), {"constant_memory": True})
        ws = book.add_worksheet("Patients")
        ws.write_row(0, 0, list(frame.columns))
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            ws.write_row(r, 0, row)
        book.close()

    return _timed(write)


def write_pandas_openpyxl(rows: int, work: Path) -> float:
    frame = datagen.ratings_frame(rows)
    return _timed(lambda: frame.to_excel(work / "pandas.xlsx", index=False, engine="openpyxl"))


# --------------------------------------------------------------------- tender


def tender_command(draws: int) -> Command:
    def command(rows: int, work: Path) -> list[str]:
        folder = datagen.tender_folder(rows)
        return ["-m", "pbrkit", "tender", str(folder), "--draws", str(draws), "--seed", "1",
                "--out", str(work / "out")]  # fmt: skip

    return command


# --------------------------------------------------------------------- registry


def _no_data(_rows: int) -> None:
    """The start-up cases read nothing."""


def cases(tender_draws: int) -> dict[str, Case]:
    """Every case by name."""
    listed = [
        Case("read.pbrkit", "pbrkit read_ratings (xlsx)", datagen.ratings_xlsx, run=read_pbrkit),
        Case("read.fastexcel", "fastexcel → Arrow", datagen.ratings_xlsx, run=read_fastexcel),
        Case("read.calamine", "python-calamine → lists", datagen.ratings_xlsx, run=read_calamine),
        Case(
            "read.pandas",
            "pandas.read_excel (openpyxl)",
            datagen.ratings_xlsx,
            run=read_pandas_openpyxl,
        ),
        Case(
            "cluster.pbrkit",
            "pbrkit cluster (end to end)",
            datagen.ratings_parquet,
            command=cluster_command,
        ),
        Case(
            "cluster.bare",
            "Parquet read + allocate (process)",
            datagen.ratings_parquet,
            command=cluster_baseline_command,
        ),
        Case("kernel.allocate", "allocate() alone", datagen.ratings_parquet, run=kernel_allocate),
        Case(
            "kernel.numpy",
            "allocate() alone, numpy kernel",
            datagen.ratings_parquet,
            run=kernel_numpy,
        ),
        Case(
            "startup.help", "pbrkit --help (fresh process)", _no_data, run=startup_command("--help")
        ),
        Case(
            "startup.reference",
            "pbrkit reference list (fresh process)",
            _no_data,
            run=startup_command("reference", "list"),
        ),
        Case(
            "startup.python",
            "python -c pass (the interpreter alone)",
            _no_data,
            run=startup_command(python="pass"),
        ),
        Case(
            "cost.pbrkit",
            "pbrkit read_cost_inputs + cost_caseload (median of 5 calls after a warm-up)",
            datagen.patients_parquet,
            run=cost_pbrkit,
        ),
        Case(
            "cost.duckdb",
            "DuckDB SQL (same costing; median of 5 calls after a warm-up)",
            datagen.patients_parquet,
            run=cost_duckdb,
        ),
        Case(
            "cost.cli",
            "pbrkit cost (end to end)",
            datagen.patients_parquet,
            command=cost_command,
        ),
        Case(
            "write.pbrkit",
            "pbrkit write_patient_table",
            datagen.ratings_table,
            run=write_pbrkit,
        ),
        Case(
            "write.xlsxwriter",
            "raw XlsxWriter constant_memory",
            datagen.ratings_table,
            run=write_xlsxwriter,
        ),
        Case(
            "write.pandas",
            "pandas.to_excel (openpyxl)",
            datagen.ratings_table,
            run=write_pandas_openpyxl,
        ),
        Case(
            "tender.pbrkit",
            f"pbrkit tender (5 bidders, {tender_draws:,} draws)",
            datagen.tender_folder,
            command=tender_command(tender_draws),
        ),
        Case(
            "national.cost",
            "pbrkit cost (end to end)",
            datagen.patients_parquet,
            command=cost_command,
        ),
        Case(
            "national.cluster",
            "pbrkit cluster (end to end)",
            datagen.ratings_parquet,
            command=cluster_command,
        ),
    ]
    return {case.name: case for case in listed}


def run_in_process(name: str, rows: int, work: Path, tender_draws: int) -> float:
    """Entry point of a ``--case`` child process."""
    case = cases(tender_draws)[name]
    assert case.run is not None, f"{name} is a command case"
    return case.run(rows, work)


if __name__ == "__main__":  # pragma: no cover - run through run.py
    sys.exit("run benchmarks/run.py")
