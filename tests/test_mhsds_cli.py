"""``pbrkit import mhsds``: options, bad input (exit 2, nothing written), Parquet, --columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from mhsds_helpers import Y2017, care, caseload_of, extract, run, write_csv
from pbrkit.cli import cli
from pbrkit.errors import InputError
from pbrkit.mhsds import import_mhsds
from pbrkit.mhsds.items import load_item_codes

C803 = "MHS803CareCluster_2018_03.csv"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_help_shows_the_example() -> None:
    result = invoke("import", "mhsds", "--help")
    assert result.exit_code == 0
    assert "pbrkit example mhsds extract" in result.output
    assert "pbrkit import mhsds extract --year 2017/18 trust.xlsx" in result.output


def test_nothing_usable_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {C803: [care(AMHCareClustCodeFin="09")]})
    out = tmp_path / "out.xlsx"
    result = invoke("import", "mhsds", str(folder), "--year", "2017/18", str(out))
    assert result.exit_code == 2
    assert "no usable cluster period" in result.output
    assert not out.exists()


def test_missing_mhs803_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    write_csv(tmp_path / "x" / "notes.csv", [{"a": "1"}])
    result = invoke("import", "mhsds", str(tmp_path / "x"), "--year", "2017/18", "o.xlsx")
    assert result.exit_code == 2
    assert "no MHS803CareCluster file" in result.output


def test_missing_required_column_names_file_and_column(tmp_path: Path) -> None:
    row = care()
    del row["StartDateCareClust"]
    folder = extract(tmp_path / "x", {C803: [row]})
    result = invoke("import", "mhsds", str(folder), "--year", "2017/18", str(tmp_path / "o.xlsx"))
    assert result.exit_code == 2
    assert f"{C803}: column 'StartDateCareClust' is missing" in result.output
    assert "--columns" in result.output


def test_bad_year_exits_2(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {C803: [care()]})
    result = invoke("import", "mhsds", str(folder), "--year", "2017", str(tmp_path / "o.xlsx"))
    assert result.exit_code == 2
    assert "--year" in result.output


def test_existing_output_is_refused_without_force(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {C803: [care()]})
    out = tmp_path / "o.xlsx"
    out.write_bytes(b"keep me")
    result = invoke("import", "mhsds", str(folder), "--year", "2017/18", str(out))
    assert result.exit_code == 2
    assert out.read_bytes() == b"keep me"
    forced = invoke("import", "mhsds", str(folder), "--year", "2017/18", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes()[:2] == b"PK"


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {C803: [care()]})
    target = folder / "MHS803CareCluster_copy.xlsx"  # not read (not CSV/Parquet): fine
    assert invoke("import", "mhsds", str(folder), "--year", "2017/18", str(target)).exit_code == 0
    before = (folder / C803).read_bytes()
    clash = folder / C803
    result = invoke("import", "mhsds", str(folder), "--year", "2017/18", str(clash), "--force")
    assert result.exit_code == 2
    assert (folder / C803).read_bytes() == before


def test_json_summary(tmp_path: Path) -> None:
    folder = extract(tmp_path / "x", {C803: [care()]})
    result = invoke(
        "import", "mhsds", str(folder), "--year", "2017/18", str(tmp_path / "o.xlsx"), "--json"
    )
    assert result.exit_code == 0
    assert '"cluster_days": 365' in result.stdout


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    # Typed dates and integer month ids; a float code column written by pandas (3.0).
    folder = tmp_path / "x"
    folder.mkdir()
    table = pa.table(
        {
            "UniqMonthID": pa.array([1416, 1416], pa.int64()),
            "OrgIDProv": ["RXX", "RXX"],
            "Person_ID": ["00731", None],
            "LocalPatientId": [None, "L1"],
            "UniqClustID": ["RXX1", "RXX2"],
            "AMHCareClustCodeFin": pa.array([3.0, 12.0], pa.float64()),
            "StartDateCareClust": pa.array(
                [pd.Timestamp("2017-05-10").date(), pd.Timestamp("2017-10-02").date()],
                pa.date32(),
            ),
            "EndDateCareClust": pa.array([pd.Timestamp("2017-10-02"), None], pa.timestamp("us")),
        }
    )
    pq.write_table(table, folder / "mhs803carecluster_2018_03.parquet")
    result = import_mhsds(folder, Y2017)
    # 145 days (2017-05-10 → 2017-10-02) and 181 (2017-10-02 → open).
    assert caseload_of(result) == {3: (1, 145, 1, 0), 12: (1, 181, 1, 0)}
    assert set(result.patients["patient_id"]) == {"00731", "local:RXX:L1"}


def test_columns_file_maps_a_warehouse_s_own_names(tmp_path: Path) -> None:
    rows = [
        {"Month": "1416", "Org": "RXX", "Patient": "P1", "Ref": "R1", "Cluster": "4",
         "From": "2017-04-01", "To": "2017-05-01"},
    ]  # fmt: skip
    folder = extract(tmp_path / "x", {C803: rows})
    mapping = tmp_path / "ours.toml"
    mapping.write_text(
        "[MHS803CareCluster]\n"
        '"Month" = "UniqMonthID"\n"Org" = "OrgIDProv"\n"Patient" = "Person_ID"\n'
        '"Ref" = "UniqClustID"\n"Cluster" = "AMHCareClustCodeFin"\n'
        '"From" = "StartDateCareClust"\n"To" = "EndDateCareClust"\n',
        encoding="utf-8",
    )
    result = import_mhsds(folder, Y2017, columns=mapping)
    assert caseload_of(result) == {4: (1, 30, 1, 0)}  # April 2017


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[MHS999Nothing]\n"a" = "b"\n', "is not an MHSDS table"),
        ('[MHS803CareCluster]\n"a" = "NoSuchColumn"\n', "maps to an unknown column"),
        ('[MHS803CareCluster]\n"a" = "Person_ID"\n"b" = "Person_ID"\n', "two columns map to"),
        ("[MHS803CareCluster\n", "cannot read --columns file"),
    ],
)
def test_bad_columns_file_exits_2(tmp_path: Path, text: str, message: str) -> None:
    folder = extract(tmp_path / "x", {C803: [care()]})
    mapping = tmp_path / "bad.toml"
    mapping.write_text(text, encoding="utf-8")
    out = tmp_path / "o.xlsx"
    result = invoke(
        "import", "mhsds", str(folder), "--year", "2017/18", "--columns", str(mapping), str(out)
    )
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_shipped_item_codes_mark_13_and_a_to_e_unconfirmed() -> None:
    codes = load_item_codes()
    assert len(codes.frame) == 30  # HoNOS 1-12, HoNOS 65+ 1-12, 13 and A-E
    assert codes.unconfirmed_items() == ["13", "A", "B", "C", "D", "E"]
    honos = codes.frame[codes.frame["scale"] == "HoNOS"]
    assert honos.set_index("item")["snomed_ct_id"]["1"] == "979641000000103"
    assert (honos["status"] == "confirmed").all()


def test_item_codes_can_be_replaced(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    write_csv(codes, [{"snomed_ct_id": "123", "item": "07", "status": "confirmed"}])
    tool = {"UniqMonthID": "1416", "OrgIDProv": "RXX", "Person_ID": "P1", "UniqClustID": "RXX1",
            "AssToolCompDate": "2017-06-01"}  # fmt: skip
    item = {"UniqMonthID": "1416", "UniqClustID": "RXX1", "CodedAssToolType": "123",
            "PersScore": "04"}  # fmt: skip
    result = run(
        tmp_path / "x",
        {C803: [care()], "MHS801ClusterTool_1.csv": [tool], "MHS802ClusterAssess_1.csv": [item]},
        item_codes=codes,
    )
    assert result.ratings is not None
    assert result.ratings.loc[0, "7"] == 4
    assert result.ratings.loc[0, "item_mapping"] == ""


def test_bad_item_codes_file_names_the_row(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    write_csv(codes, [{"snomed_ct_id": "12x", "item": "F", "status": "confirmed"}])
    with pytest.raises(InputError) as caught:
        load_item_codes(codes)
    assert "row 2" in str(caught.value)
    assert "not a SNOMED CT id" in str(caught.value)
    assert "not an item" in str(caught.value)
