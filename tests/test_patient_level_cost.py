"""``pbrkit cost`` on patient rows: six patients summed to a caseload by hand, then costed.

Prices and packages are those of test_costing.py's hand-worked example (review periods
R from the reference set: cluster 4 → 182, 11 → 365, 14 → 28):

    cluster  tariff                       package cost per community day k
    4        £10 per_day                  k4  = 7
    11       £3,650 per_year              k11 = 7.5
    14       £700 per_episode, £300/adm   k14 = 35         bed day b = £400

Six patients (no cost column):

    id    cluster    days  admitted
    P01   4           100         0
    P02   04           82         -      (blank admitted days = 0)
    P03   11          365         0
    P04   Cluster 11  200         0
    P05   14           28        10
    P06   MHCC14       56         4

Summed per cluster (service users = rows, days and admitted days added up):

    cluster 4:  N = 2, D = 100 + 82 = 182,   A = 0
    cluster 11: N = 2, D = 365 + 200 = 565,  A = 0
    cluster 14: N = 2, D = 28 + 56 = 84,     A = 10 + 4 = 14,  E = 84 / 28 = 3

Costed (docs/methodology.md §2):

    cluster 4:  income = 10 × 182 = 1,820;           cost = 7 × 182 = 1,274;      surplus 546
    cluster 11: income = 3,650 × 565 / 365 = 5,650;  cost = 7.5 × 565 = 4,237.5;  surplus 1,412.5
    cluster 14: income = 700 × 3 + 300 × 14 = 6,300; cost = 35 × (84 − 14) + 400 × 14
                                                          = 2,450 + 5,600 = 8,050; surplus −1,750
    totals: income 13,770; cost 13,561.5; surplus 208.5; cross-subsidy 546 + 1,412.5 = 1,958.5
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import WorkbookFactory, write_xlsx
from pbrkit.cli import cli
from pbrkit.costing import CostingResult, cost_caseload
from pbrkit.errors import InputError
from pbrkit.io import patients as patients_module
from pbrkit.io.inputs import QualityNote, read_cost_inputs
from pbrkit.reference import ReferenceSet, tariff_frame

NAN = float("nan")

TARIFF = {
    "cluster": [4, 11, 14],
    "price": [10.0, 3650.0, 700.0],
    "unit": ["per_day", "per_year", "per_episode"],
    "admitted_day_price": [NAN, NAN, 300.0],
}
PACKAGES = [
    (4, "care_coordination_hour", 1.0, "week"),
    (4, "psychiatrist_hour", 7.3, "year"),
    (11, "care_coordination_hour", 0.5, "week"),
    (11, "support_work_hour", 0.25, "day"),
    (14, "crisis_contact", 8.0, "episode"),
    (14, "care_coordination_hour", 2.0, "week"),
    (14, "psychiatrist_hour", 0.05, "day"),
]
UNIT_COSTS = {
    "care_coordination_hour": 35.0,
    "psychiatrist_hour": 100.0,
    "support_work_hour": 20.0,
    "crisis_contact": 70.0,
    "inpatient_bed_day": 400.0,
}

PATIENTS: list[dict[str, Any]] = [
    {"patient_id": "P01", "cluster": "4", "days": 100, "admitted_days": 0},
    {"patient_id": "P02", "cluster": "04", "days": 82, "admitted_days": None},
    {"patient_id": "P03", "cluster": "11", "days": 365, "admitted_days": 0},
    {"patient_id": "P04", "cluster": "Cluster 11", "days": 200, "admitted_days": 0},
    {"patient_id": "P05", "cluster": "14", "days": 28, "admitted_days": 10},
    {"patient_id": "P06", "cluster": "MHCC14", "days": 56, "admitted_days": 4},
]

EXPECTED = {
    # cluster: (N, D, A, income, cost, surplus)
    4: (2, 182, 0, 1_820.0, 1_274.0, 546.0),
    11: (2, 565, 0, 5_650.0, 4_237.5, 1_412.5),
    14: (2, 84, 14, 6_300.0, 8_050.0, -1_750.0),
}
TOTALS = {"income": 13_770.0, "cost": 13_561.5, "surplus": 208.5, "cross_subsidy": 1_958.5}


@pytest.fixture
def worked_ref(ref: ReferenceSet) -> ReferenceSet:
    """The shipped set's clusters with the hand-worked tariff, packages and unit costs."""
    return dataclasses.replace(
        ref,
        tariff=tariff_frame(pd.DataFrame(TARIFF)),
        packages=pd.DataFrame(PACKAGES, columns=["cluster", "resource", "quantity", "per"]),
        unit_costs=pd.DataFrame(
            {"resource": list(UNIT_COSTS), "unit_cost": list(UNIT_COSTS.values())}
        ),
    )


def numeric_patients() -> pd.DataFrame:
    """The six patients with integer cluster codes, as a national extract would hold them."""
    frame = pd.DataFrame(PATIENTS)
    frame["cluster"] = [4, 4, 11, 11, 14, 14]
    frame["admitted_days"] = frame["admitted_days"].astype("float64")
    return frame


def write_parquet(path: Path, frame: pd.DataFrame, **kwargs: Any) -> Path:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, **kwargs)
    return path


def cost(path: Path, reference: ReferenceSet) -> tuple[CostingResult, list[QualityNote]]:
    inputs, notes = read_cost_inputs(path, reference)
    return cost_caseload(inputs), notes


def assert_hand_worked(result: CostingResult) -> None:
    clusters = result.clusters
    assert clusters.index.tolist() == [4, 11, 14]
    for code, (n, days, admitted, income, cost_, surplus) in EXPECTED.items():
        row = clusters.loc[code]
        assert row["service_users"] == n
        assert row["cluster_days"] == days
        assert row["admitted_days"] == admitted
        assert row["income"] == pytest.approx(income, rel=1e-12)
        assert row["cost"] == pytest.approx(cost_, rel=1e-12)
        assert row["surplus"] == pytest.approx(surplus, rel=1e-12, abs=1e-9)
        assert row["cost_source"] == "modelled"
    assert clusters.loc[14, "episodes"] == pytest.approx(3.0)
    for name, value in TOTALS.items():
        assert result.totals[name] == pytest.approx(value, rel=1e-12)
    assert result.totals["service_users"] == 6


# --- one hand-worked answer, whatever the container ---------------------------------


def test_patients_sheet_is_summed_and_costed(
    tmp_workbook: WorkbookFactory, worked_ref: ReferenceSet
) -> None:
    path = tmp_workbook({"patients": PATIENTS})
    result, notes = cost(path, worked_ref)
    assert_hand_worked(result)
    by_check = {n.check: n for n in notes}
    assert "6 patient rows summed to 3 clusters" in by_check["patient-level input"].detail
    assert by_check["rows read"].rows == 6


def test_patient_csv_file(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    path = tmp_path / "patients.csv"
    pd.DataFrame(PATIENTS).to_csv(path, index=False)
    result, _ = cost(path, worked_ref)
    assert_hand_worked(result)


def test_patient_parquet_is_streamed(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    path = write_parquet(tmp_path / "patients.parquet", numeric_patients())
    assert isinstance(
        patients_module._parquet_patients(path), patients_module.ParquetPatients
    )  # the fast path, not the text grid
    result, _ = cost(path, worked_ref)
    assert_hand_worked(result)
    inputs, _ = read_cost_inputs(path, worked_ref)
    assert inputs.sources["caseload"].startswith("6 patient rows")


def test_parquet_text_cluster_codes(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    frame = numeric_patients()
    frame["cluster"] = [p["cluster"] for p in PATIENTS]  # "04", "Cluster 11", "MHCC14", …
    result, _ = cost(write_parquet(tmp_path / "p.parquet", frame), worked_ref)
    assert_hand_worked(result)


def test_parquet_in_many_small_batches(
    tmp_path: Path, worked_ref: ReferenceSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches and row groups are summed together exactly (2 rows a batch here)."""
    monkeypatch.setattr(patients_module, "BATCH_ROWS", 2)
    path = write_parquet(tmp_path / "p.parquet", numeric_patients(), row_group_size=3)
    result, _ = cost(path, worked_ref)
    assert_hand_worked(result)


def test_cli_costs_a_patient_parquet(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    path = write_parquet(tmp_path / "patients.parquet", numeric_patients())
    result = CliRunner().invoke(cli, ["cost", str(path), "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # stderr holds the headline
    # The shipped (illustrative) prices here: only the sums of people and days are hand-made.
    assert summary["totals"]["service_users"] == 6
    assert summary["totals"]["cluster_days"] == 182 + 565 + 84
    assert {c["cluster"] for c in summary["clusters"]} == {4, 11, 14}


# --- costs: Σ cost where every patient has one, else modelled ------------------------


def test_cost_column_gives_actual_cost_per_cluster(
    tmp_workbook: WorkbookFactory, tmp_path: Path, worked_ref: ReferenceSet
) -> None:
    # Cluster 4: both patients costed → actual cost = 800 + 500 = 1,300 (surplus 520).
    # Cluster 11: nobody costed → modelled 4,237.5. Cluster 14: only P05 costed →
    # modelled 8,050, and a note names cluster 14.
    rows = [dict(p) for p in PATIENTS]
    for row, value in zip(rows, [800, 500, None, None, 3000, None], strict=True):
        row["cost"] = value
    for path in (
        tmp_workbook({"patients": rows}),
        write_parquet(
            tmp_path / "p.parquet",
            numeric_patients().assign(cost=[800.0, 500.0, NAN, NAN, 3000.0, NAN]),
        ),
    ):
        result, notes = cost(path, worked_ref)
        clusters = result.clusters
        assert clusters.loc[4, "cost"] == 1_300.0
        assert clusters.loc[4, "cost_source"] == "actual"
        assert clusters.loc[4, "surplus"] == pytest.approx(520.0)
        assert clusters.loc[11, "cost"] == pytest.approx(4_237.5)
        assert clusters.loc[14, "cost"] == pytest.approx(8_050.0)
        assert clusters.loc[14, "cost_source"] == "modelled"
        partly = [n for n in notes if n.check == "cost partly missing"]
        assert len(partly) == 1 and "cluster(s) 14" in partly[0].detail


# --- bad rows are located, every one at once ----------------------------------------


def bad_patients() -> pd.DataFrame:
    frame = numeric_patients()
    frame.loc[1, "cluster"] = 9  # row 3: cluster 9 is unused
    frame.loc[2, "days"] = -5  # row 4: negative days
    frame.loc[4, "admitted_days"] = 40  # row 6: admitted 40 > days 28
    return frame


def located(error: pytest.ExceptionInfo[InputError]) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.column) for p in error.value.problems}


def test_bad_parquet_rows_are_located(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    frame = bad_patients().astype({"days": "float64"})
    frame.loc[5, "days"] = NAN  # row 7: blank days (null in Parquet)
    path = write_parquet(tmp_path / "bad.parquet", frame)
    with pytest.raises(InputError) as error:
        read_cost_inputs(path, worked_ref)
    assert located(error) == {
        (3, "cluster"),
        (4, "days"),
        (6, "admitted_days"),
        (7, "days"),
    }
    messages = {p.row: p.message for p in error.value.problems}
    assert "cluster 9 is not used" in messages[3]
    assert "exceed" in messages[6]
    assert "blank" in messages[7]


def test_bad_parquet_rows_in_later_batches(
    tmp_path: Path, worked_ref: ReferenceSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patients_module, "BATCH_ROWS", 2)
    path = write_parquet(tmp_path / "bad.parquet", bad_patients())
    with pytest.raises(InputError) as error:
        read_cost_inputs(path, worked_ref)
    assert located(error) == {(3, "cluster"), (4, "days"), (6, "admitted_days")}


def test_bad_text_cluster_codes_in_parquet(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    frame = numeric_patients()
    frame["cluster"] = ["4", "C22", "11", None, "14", "Cluster 9"]
    with pytest.raises(InputError) as error:
        read_cost_inputs(write_parquet(tmp_path / "p.parquet", frame), worked_ref)
    messages = {p.row: (p.message, p.value) for p in error.value.problems}
    assert set(messages) == {3, 5, 7}
    assert messages[3] == ("not a valid cluster code", "C22")
    assert messages[5][0] == "required value is blank"
    assert messages[7][0].startswith("cluster 9 is not used")


def test_blank_patient_id_in_parquet(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    frame = numeric_patients()
    frame.loc[3, "patient_id"] = None
    with pytest.raises(InputError) as error:
        read_cost_inputs(write_parquet(tmp_path / "p.parquet", frame), worked_ref)
    assert located(error) == {(5, "patient_id")}


def test_bad_sheet_rows_are_located(
    tmp_workbook: WorkbookFactory, worked_ref: ReferenceSet
) -> None:
    rows = [dict(p) for p in PATIENTS]
    rows[1]["cluster"] = "C9"  # row 3
    rows[2]["days"] = -5  # row 4
    rows[3]["days"] = None  # row 5: blank
    rows[4]["admitted_days"] = 40  # row 6
    with pytest.raises(InputError) as error:
        read_cost_inputs(tmp_workbook({"patients": rows}), worked_ref)
    assert located(error) == {
        (3, "cluster"),
        (4, "days"),
        (5, "days"),
        (6, "admitted_days"),
    }


def test_patients_without_days_cannot_be_costed(
    tmp_workbook: WorkbookFactory, worked_ref: ReferenceSet
) -> None:
    rows = [{"patient_id": "P1", "cluster": 4}]
    with pytest.raises(InputError, match="days"):
        read_cost_inputs(tmp_workbook({"patients": rows}), worked_ref)


def test_a_caseload_sheet_wins_over_patients(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    path = write_xlsx(
        tmp_path / "both.xlsx",
        {
            "caseload": [{"cluster": 4, "service_users": 50, "cluster_days": 9_100}],
            "patients": PATIENTS,
        },
    )
    inputs, _ = read_cost_inputs(path, worked_ref)
    assert inputs.caseload["service_users"].tolist() == [50.0]


def test_caseload_parquet_is_still_a_caseload(tmp_path: Path, worked_ref: ReferenceSet) -> None:
    frame = pd.DataFrame({"cluster": [4], "service_users": [50], "cluster_days": [9_100.0]})
    inputs, _ = read_cost_inputs(write_parquet(tmp_path / "c.parquet", frame), worked_ref)
    assert inputs.caseload["service_users"].tolist() == [50.0]
    assert np.isnan(inputs.caseload["actual_cost"].iloc[0])
