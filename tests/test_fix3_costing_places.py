"""A costing problem at a row of a CSV caseload names the file (fix3, item 3).

Found by running ``pbrkit cost`` and ``pbrkit validate`` on a caseload CSV whose
cluster 99 (no review period) a --tariff CSV prices per_episode, with no episodes
column: the reading's problems name the file since fix2, but the costing's (raised
after the reading) still said "sheet 'caseload', row 3, column 'episodes'", a sheet the
CSV does not have. The costing is now run under the same rule as the reading
(io.workbook.naming_files): "file 'c.csv', row 3, column 'episodes'".
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n1,100,20000\n99,2,300\n"
TARIFF = "cluster,price,unit\n1,357,per_episode\n99,100,per_episode\n"


def _refused(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_a_caseload_csv(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(CASELOAD, encoding="utf-8")
    (tmp_path / "t.csv").write_text(TARIFF, encoding="utf-8")
    tariff = ["--tariff", str(tmp_path / "t.csv")]
    for command in (["cost", "--out", str(tmp_path / "o")], ["validate"]):
        out = _refused(command[0], str(tmp_path / "c.csv"), *tariff, *command[1:])
        assert "file 'c.csv', row 3, column 'episodes': cluster 99 is priced" in out
        assert "sheet 'caseload'" not in out
    assert not (tmp_path / "o").exists()


def test_a_folder_of_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "caseload.csv").write_text(CASELOAD, encoding="utf-8")
    (folder / "tariff.csv").write_text(TARIFF, encoding="utf-8")
    out = _refused("cost", str(folder), "--out", str(tmp_path / "o"))
    assert "file 'book/caseload.csv', row 3, column 'episodes'" in out


def test_a_workbook_names_its_sheet(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    def rows(text: str) -> list[dict[str, object]]:
        header, *lines = text.splitlines()
        return [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines]

    book = tmp_workbook({"caseload": rows(CASELOAD), "tariff": rows(TARIFF)})
    out = _refused("cost", str(book), "--out", str(tmp_path / "o"))
    assert "sheet 'caseload', row 3, column 'episodes'" in out
