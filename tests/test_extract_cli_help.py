"""`storylens analyze --help` names the TOML sections of --config (issue 18)."""

from __future__ import annotations

import dataclasses

from typer.testing import CliRunner

from storylens.cli import app
from storylens.settings import Settings


def test_extract_cli_help_lists_config_sections() -> None:
    run = CliRunner().invoke(app, ["analyze", "--help"], env={"COLUMNS": "300"},
                             terminal_width=300)
    assert run.exit_code == 0
    text = " ".join(run.output.split())
    assert "sections , ," not in text
    for f in dataclasses.fields(Settings):
        if dataclasses.is_dataclass(f.default_factory):  # type: ignore[arg-type]
            assert f"[{f.name}]" in text, f.name
