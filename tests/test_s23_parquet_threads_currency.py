"""A Parquet patient table read on two threads is read in the run's reference set
(session 23).

The batches are read and checked on worker threads (pbrkit.io.parquet_units), and the
reference set's cluster codes (the "currency": pbrkit.currency.active_currency) are a
context variable, which a thread pool's workers do not inherit. Each worker read the
batch's codes in the default set's: under `--reference illustrative-mhnrg` (text codes
such as PSY_COM) every row's code was "not a code", so each row's exact cost went to
code 0 while the keys, checked later on the main thread, passed. The workers now run in
the caller's context.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pbrkit.currency import using_currency
from pbrkit.io import parquet_units, patients
from pbrkit.io.inputs import read_cost_inputs
from pbrkit.reference import load_reference_set


@pytest.mark.parametrize("cores", [1, 2])
def test_two_threads_read_the_runs_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    monkeypatch.setattr(patients, "BATCH_ROWS", 4)
    monkeypatch.setattr(parquet_units.os, "cpu_count", lambda: cores)
    ref = load_reference_set("illustrative-mhnrg")
    codes = ["PSY_COM", "MA_COM", "PSY_COM", "MA_COM"] * 4
    costs = [0.1, 0.2, 0.3, 0.7] * 4
    table = pa.table(
        {
            "patient_id": [f"P{i}" for i in range(16)],
            "cluster": codes,
            "days": np.full(16, 30.0),
            "cost": costs,
        }
    )
    path = tmp_path / "patients.parquet"
    pq.write_table(table, path, row_group_size=4)  # four units of one batch each
    with using_currency(ref.currency):
        caseload = read_cost_inputs(path, ref)[0].caseload
        psy, ma = (ref.currency.parse(code) for code in ("PSY_COM", "MA_COM"))
    got = caseload.set_index("cluster")["actual_cost"]
    assert sorted(got.index) == sorted([psy, ma])
    assert got[psy] == math.fsum([0.1, 0.3] * 4)
    assert got[ma] == math.fsum([0.2, 0.7] * 4)


def test_a_writer_alongside_reads_the_runs_codes(tmp_path: Path) -> None:
    # A writer run in a thread of its own (Alongside) sees the run's reference set, as
    # the writers run on the main thread do.
    from pbrkit.currency import active_currency
    from pbrkit.io.output import Alongside, write_outputs

    ref = load_reference_set("illustrative-mhnrg")

    def write(path: Path) -> None:
        path.write_text(active_currency().unit)

    with using_currency(ref.currency):
        write_outputs(tmp_path / "out", {"unit.txt": Alongside(write)}, inputs=[])
    assert (tmp_path / "out" / "unit.txt").read_text() == ref.currency.unit
    assert ref.currency.unit != load_reference_set().currency.unit
