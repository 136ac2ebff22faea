"""Issue 17: display code (Rich) lives next to the CLI (storylens.display), not in the stages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "storylens"
STAGES = ("extract", "stories", "provenance", "claims", "framing", "brief", "text")


@pytest.mark.parametrize("stage", STAGES)
def test_stage_packages_import_no_rich(stage: str) -> None:
    for path in sorted((SRC / stage).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "rich" or n.startswith("rich.") for n in names), path.name
