"""A costing problem the tender raises for a CSV input names the file (fix4, item 2).

Found running ``pbrkit tender`` on a caseload CSV (c.csv: cluster 1 with 100 people and
20,000 days, cluster 99 with 2 people and 300 days) with a --tariff CSV pricing cluster
99 per_episode: the tender said "sheet 'caseload', row 3, column 'episodes'", a sheet the
CSV does not have, though `pbrkit cost` names the file since fix3 (the tender's costing
ran outside io.workbook.naming_files). The same for a folder of CSVs. It also ended a
missing price with "Hint: or run with --on-missing report", an option `pbrkit tender`
does not have; the hint now says what the tender can do.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import WorkbookFactory
from pbrkit.cli import cli

CASELOAD = "cluster,service_users,cluster_days\n1,100,20000\n99,2,300\n"
TARIFF = "cluster,price,unit\n1,357,per_episode\n99,100,per_episode\n"


def _refused(*args: str | Path) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_caseload_csv(tmp_path: Path) -> None:
    caseload = _write(tmp_path / "c.csv", CASELOAD)
    tariff = _write(tmp_path / "t.csv", TARIFF)
    out = _refused("tender", caseload, "--tariff", tariff, "--out", tmp_path / "o")
    assert "file 'c.csv', row 3, column 'episodes': cluster 99 is priced per_episode" in out
    assert "sheet" not in out
    assert not (tmp_path / "o").exists()


def test_a_folder_of_csvs(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    _write(folder / "caseload.csv", CASELOAD)
    _write(folder / "tariff.csv", TARIFF)
    out = _refused("tender", folder, "--out", tmp_path / "o")
    assert "file 'book/caseload.csv', row 3, column 'episodes'" in out
    assert "sheet 'caseload'" not in out


def test_a_missing_price_is_not_told_of_on_missing(tmp_path: Path) -> None:
    # A copy of the shipped reference set without cluster 3's price.
    reference = tmp_path / "ref"
    source = Path(__file__).parents[1] / "tariffs" / "illustrative-2014-15"
    reference.mkdir()
    for file in source.iterdir():
        text = file.read_text(encoding="utf-8")
        if file.name == "tariff.csv":
            text = "".join(line for line in text.splitlines(True) if not line.startswith("3,"))
        _write(reference / file.name, text)
    caseload = _write(tmp_path / "c.csv", "cluster,service_users,cluster_days\n3,2,364\n")
    out = _refused("tender", caseload, "--reference", reference, "--out", tmp_path / "o")
    assert "file 'c.csv', row 2, column 'cluster': cluster 3 has activity but no price" in out
    assert "run with --on-missing report" not in out  # pbrkit tender has no --on-missing
    assert "every patient the tender simulates needs a price" in out


def test_a_workbook_names_its_sheet(tmp_workbook: WorkbookFactory, tmp_path: Path) -> None:
    def rows(text: str) -> list[dict[str, object]]:
        header, *lines = text.splitlines()
        return [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines]

    book = tmp_workbook({"caseload": rows(CASELOAD), "tariff": rows(TARIFF)})
    out = _refused("tender", book, "--out", tmp_path / "o")
    assert "sheet 'caseload', row 3, column 'episodes'" in out
