"""Synthetic inputs for the benchmarks, written once and cached under ``benchmarks/data/``.

Every table is drawn with numpy from a seeded generator (no per-row Python), so even
10 million rows take seconds. Ratings follow the example workbook's cluster profiles
(examples/make_examples.py), so allocations look like real ones: mostly a clear best
cluster, some ties and variance, a few patients with too many unknown items.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ITEMS = (*(str(i) for i in range(1, 14)), "A", "B", "C", "D", "E")
#: Bump when a generator changes, so stale cached files are not reused.
VERSION = 1
TEAMS = ("North", "South", "East", "West", "Crisis", "Early intervention", "Older adults")


@cache
def _examples() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "examples" / "make_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ids(n: int, start: int = 0) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    numbers = pa.array(np.arange(start + 1, start + n + 1, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise("P", pc.utf8_lpad(numbers, 8, "0"), "")


def _clusters(rng: np.random.Generator, n: int) -> np.ndarray:
    ex = _examples()
    codes = np.array(ex.NEED_CLUSTERS)
    weights = np.array([ex.TYPICAL_YEAR[c][0] for c in codes], dtype=float)
    return rng.choice(codes, size=n, p=weights / weights.sum()).astype(np.int16)


def _activity(rng: np.random.Generator, latent: np.ndarray) -> dict[str, np.ndarray]:
    n = len(latent)
    days = rng.integers(1, 366, n).astype(np.float64)
    admitted = np.where(rng.random(n) < 0.06, np.floor(days * rng.random(n)), 0.0)
    rate = np.asarray(_community_rate())[latent]
    cost = np.round((days - admitted) * rate * rng.lognormal(-0.08, 0.4, n) + admitted * 365, 2)
    return {"days": days, "admitted_days": admitted, "cost": cost}


@cache
def _community_rate() -> tuple[float, ...]:
    ex = _examples()
    table = np.zeros(100)
    for code, rate in ex.COMMUNITY_RATE.items():
        table[code] = rate
    return tuple(table.tolist())


def ratings_table(n: int, seed: int = 1) -> Any:
    """25 columns: patient_id, the 18 MHCT items, cluster, days, admitted_days, cost,
    age, team. About 1.5% of ratings are 9 (unknown)."""
    import pyarrow as pa

    ex = _examples()
    rng = np.random.default_rng([seed, n])
    latent = _clusters(rng, n)
    profile = np.full((100, len(ITEMS)), ex.BASE_RATING)
    for code, items in ex.PROFILES.items():
        for item, mean in items.items():
            profile[code, ITEMS.index(item)] = mean
    columns: dict[str, Any] = {"patient_id": _ids(n)}
    severity = rng.normal(0.0, 0.3, n).astype(np.float32)
    for j, item in enumerate(ITEMS):
        raw = profile[latent, j].astype(np.float32) + severity
        raw += rng.normal(0.0, 0.6, n).astype(np.float32)
        rating = np.clip(np.rint(raw), 0, 4).astype(np.int8)
        rating[rng.random(n) < 0.015] = 9
        columns[item] = rating
    clinician = latent.copy()
    differs = rng.random(n) < 0.38
    clinician[differs] = _clusters(rng, int(differs.sum()))
    columns["cluster"] = clinician
    columns.update(_activity(rng, latent))
    columns["age"] = np.clip(rng.normal(45, 16, n), 18, 99).astype(np.int16)
    columns["team"] = pa.DictionaryArray.from_arrays(
        rng.integers(0, len(TEAMS), n).astype(np.int8), pa.array(TEAMS)
    )
    return pa.table(columns)


def patients_table(n: int, seed: int = 2) -> Any:
    """Patient-level activity for costing: patient_id, cluster, days, admitted_days,
    cost, age (built in slices of a million rows to keep memory flat)."""
    import pyarrow as pa

    parts = []
    for start in range(0, n, 1_000_000):
        size = min(1_000_000, n - start)
        rng = np.random.default_rng([seed, n, start])
        latent = _clusters(rng, size)
        columns: dict[str, Any] = {"patient_id": _ids(size, start), "cluster": latent}
        columns.update(_activity(rng, latent))
        columns["age"] = np.clip(rng.normal(45, 16, size), 18, 99).astype(np.int16)
        parts.append(pa.table(columns))
    return pa.concat_tables(parts)


def _cached(name: str, write: Any) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"v{VERSION}-{name}"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        write(partial)
        partial.rename(path)
    return path


def ratings_parquet(n: int) -> Path:
    import pyarrow.parquet as pq

    return _cached(f"ratings-{n}.parquet", lambda p: pq.write_table(ratings_table(n), p))


def patients_parquet(n: int) -> Path:
    import pyarrow.parquet as pq

    return _cached(f"patients-{n}.parquet", lambda p: pq.write_table(patients_table(n), p))


def ratings_frame(n: int) -> pd.DataFrame:
    """The ratings table as pandas (text columns as Python strings)."""
    frame = ratings_table(n).to_pandas()
    frame["team"] = frame["team"].astype(str)
    frame["patient_id"] = frame["patient_id"].astype(str)
    return frame


def ratings_xlsx(n: int) -> Path:
    """The ratings table as one ``ratings`` sheet (XlsxWriter, constant memory)."""

    def write(path: Path) -> None:
        import xlsxwriter

        frame = ratings_frame(n)
        book = xlsxwriter.Workbook(
            str(path), {"constant_memory": True, "strings_to_numbers": False}
        )
        ws = book.add_worksheet("ratings")
        ws.write_row(0, 0, list(frame.columns))
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            ws.write_row(r, 0, row)
        book.close()

    return _cached(f"ratings-{n}.xlsx", write)


def tender_folder(n: int, bidders: int = 5) -> Path:
    """A folder of CSVs for ``pbrkit tender``: ``patients`` (n rows), ``bidders``,
    ``lots`` and ``nhs``."""

    def write(path: Path) -> None:
        path.mkdir()
        patients = patients_table(n, seed=3).to_pandas()
        patients.drop(columns=["age"]).to_csv(path / "patients.csv", index=False)
        lots = pd.DataFrame(
            {
                "name": ["Common mental health", "Psychosis", "Organic"],
                "clusters": ["1-8", "10-17", "18-21"],
                "award": ["fixed_tariff", "competitive", "fixed_tariff"],
            }
        )
        lots.to_csv(path / "lots.csv", index=False)
        rows = []
        for b in range(bidders):
            rows.append(
                {
                    "name": f"Bidder {b + 1}",
                    "cost_factor": 0.85 + 0.05 * b,
                    "info_quality": 0.4 + 0.1 * b,
                    "hurdle_margin": 0.05,
                    "capacity": n // (2 * bidders),
                    "clusters": ["1-8", "10-17", "1-21", "18-21", "1-4"][b % 5],
                }
            )
        pd.DataFrame(rows).to_csv(path / "bidders.csv", index=False)
        pd.DataFrame({"fixed_cost_share": [0.5], "shed_rate": [0.25]}).to_csv(
            path / "nhs.csv", index=False
        )

    return _cached(f"tender-{n}-{bidders}", write)
