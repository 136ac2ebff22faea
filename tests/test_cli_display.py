"""The CLI draws the stages' tables from storylens.display (issue 17): `storylens framing`
prints the referent x outlet table of a stored run, loaded terms marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report_sample import sample_analysis
from test_web_app import seed_store
from typer.testing import CliRunner

from storylens import cli
from storylens.cli import app


def test_cli_framing_prints_the_table_from_display(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli.out, "_width", 200)  # cells not wrapped, whatever the terminal
    db = tmp_path / "storylens.db"
    seed_store(db, sample_analysis())
    run = CliRunner().invoke(app, ["framing", "ev1", "--db", str(db), "--evidence"])
    assert run.exit_code == 0, run.output
    out = run.output
    assert "Framing:" in out and "referent" in out
    assert "Harbor Wire" in out and "Valley Voice" in out
    assert "City officials" in out and "local government" in out
