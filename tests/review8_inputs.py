"""Small inputs the review-8 tests share: five people in clusters 4 and 11, as a folder."""

from __future__ import annotations

from pathlib import Path

PATIENTS = (
    "patient_id,cluster,days,cost\np1,4,100,800\np2,4,200,1500\np3,11,365,3000\n"
    "p4,11,365,9000\np5,4,300,400\n"
)


def patients_folder(tmp_path: Path, **sheets: str) -> Path:
    """``tmp_path/in`` with patients.csv and each of ``sheets`` as NAME.csv."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {"patients": PATIENTS, **sheets}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def one_draw_scenario(tmp_path: Path) -> Path:
    """A scenario of one draw over :func:`patients_folder` (for sweep and explore)."""
    patients_folder(tmp_path)
    scenario = tmp_path / "s.toml"
    scenario.write_text('schema_version = 1\nworkbook = "in"\ndraws = 1\n', encoding="utf-8")
    return scenario
