"""``pbrkit validate --tariff FILE`` checks the tariff file the commands' ``--tariff``
would read (found in review4: validate had no ``--tariff``, so a local price list was
first checked by the run that used it)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbrkit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT / "examples" / "clusters.xlsx"
RATINGS = ROOT / "examples" / "ratings.xlsx"


def _validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", *args])
    return result.exit_code, result.output


def test_a_bad_price_in_the_tariff_file_is_named_in_that_file(tmp_path: Path) -> None:
    tariff = tmp_path / "local-prices.csv"
    tariff.write_text("cluster,price,unit\n1,400,per_episode\n2,abc,per_episode\n", "utf-8")
    code, output = _validate(str(CLUSTERS), "--tariff", str(tariff))
    assert code == 2
    assert "file 'local-prices.csv', row 3, column 'price'" in output
    assert "correct local-prices.csv; nothing was written" in output  # not clusters.xlsx


def test_a_good_tariff_file_is_what_cost_and_tender_read(tmp_path: Path) -> None:
    tariff = tmp_path / "local-prices.csv"
    tariff.write_text("cluster,price,unit\n1,400,per_episode\n", "utf-8")
    code, output = _validate(str(CLUSTERS), "--tariff", str(tariff))
    assert code == 0, output
    assert "tariff: local-prices.csv; clusters 0, 2, 3" in output  # cost's own source line
    assert "valid for pbrkit cost, pbrkit tender" in output


def test_the_ratings_tariff_too(tmp_path: Path) -> None:
    tariff = tmp_path / "prices.csv"
    tariff.write_text("cluster,price,unit\n3,-5,per_episode\n", "utf-8")
    code, output = _validate(str(RATINGS), "--tariff", str(tariff))
    assert code == 2
    assert "file 'prices.csv'" in output and "column 'price'" in output
