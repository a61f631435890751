"""``import mhsds --provider XYZ`` with no match names the providers the extract holds (fix6).

Found at the last stop (review3): a provider code that matches no row was told "no
usable cluster period with a day in 2017/18 is left" and a "row(s) left out: another
provider" problem per table (5 problems), none saying which providers the extract
holds. Now one problem names XYZ and lists the OrgIDProv codes found in the MHS803
files (the first 20, then "and N more"); exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mhsds_helpers import care, extract
from pbrkit.cli import cli

C803 = "MHS803CareCluster_2018_03.csv"


def _import(tmp_path: Path, providers: list[str], chosen: str) -> tuple[int, str, Path]:
    rows = [
        care(OrgIDProv=code, UniqClustID=f"{code}{i}", Person_ID=f"P{i}", MHS803UniqID=str(i))
        for i, code in enumerate(providers)
    ]
    folder = extract(tmp_path / "extract", {C803: rows})
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(
        cli,
        ["import", "mhsds", str(folder), "--year", "2017/18", "--provider", chosen, str(out)],
    )
    return result.exit_code, " ".join(result.output.split()), out


def test_no_match_lists_the_providers_found(tmp_path: Path) -> None:
    code, out, written = _import(tmp_path, ["RYY", "RXX", "RYY"], "XYZ")
    assert code == 2, out
    assert not written.exists()
    assert out.startswith("Error: --provider XYZ matches no row of the MHS803CareCluster files"), (
        out
    )
    assert "(column OrgIDProv holds RXX, RYY)" in out, out
    assert "problems found" not in out  # one problem, not five
    assert "Fix: give one of these codes to --provider, or leave --provider out" in out, out
    assert "nothing was written" in out


def test_many_providers_are_capped_at_20(tmp_path: Path) -> None:
    # 23 providers R00 … R22: the first 20 in order, then "and 3 more".
    codes = [f"R{i:02d}" for i in range(23)]
    code, out, _ = _import(tmp_path, codes[::-1], "XYZ")
    assert code == 2, out
    shown = ", ".join(codes[:20])
    assert f"(column OrgIDProv holds {shown} and 3 more)" in out, out


def test_a_match_in_other_capitals_still_imports(tmp_path: Path) -> None:
    code, out, written = _import(tmp_path, ["RYY", "RXX"], "rxx")
    assert code == 0, out
    assert written.exists()
