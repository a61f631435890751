"""A folder of CSVs named `.` or `..` gets a default output folder of its own (review 6).

Found by running `pbrkit cost .` in a folder of CSVs (README: "a folder of CSVs (one
per sheet) are read"): the default folder is ./pbrkit-out/<input stem>/, and the stem
of `.` is empty, so the reports were to go into ./pbrkit-out/ itself (refused as "not
empty" once it held another run's folder); with `..` the "folder" was
./pbrkit-out/.., the working folder itself. The name now comes from the folder the path
resolves to: `.` in data/ writes to ./pbrkit-out/data/.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbrkit.cli import cli
from pbrkit.cli.options import default_out


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def csv_folder(folder: Path) -> Path:
    folder.mkdir()
    with (folder / "caseload.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["cluster", "service_users", "cluster_days"])
        writer.writerow([3, 10, 3000])
    return folder


@pytest.mark.parametrize("given", [".", "..", "./", "data/.", "data/../data"])
def test_default_out_is_named_after_the_folder_given(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "data" if given.startswith(".") else tmp_path
    (tmp_path / "data" / "sub").mkdir(parents=True)
    if given == "..":
        here = tmp_path / "data" / "sub"
    monkeypatch.chdir(here)
    assert default_out(Path(given)) == here / "pbrkit-out" / "data"
    assert default_out(Path(given), "tender") == here / "pbrkit-out" / "data-tender"


def test_cost_of_the_working_folder_writes_to_a_folder_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = csv_folder(tmp_path / "data")
    monkeypatch.chdir(data)
    for _ in range(2):  # the second run replaces the first, as for any input
        result = invoke("cost", ".")
        assert result.exit_code == 0, result.output
    assert {p.name for p in (data / "pbrkit-out").iterdir()} == {"data"}
    assert (data / "pbrkit-out" / "data" / "summary.json").is_file()
