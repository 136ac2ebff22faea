"""Display code lives next to the CLI (issue 17): no module of a stage package imports Rich,
or the CLI's display module, so stages stay pure functions of records that a worker without
a terminal can run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "storylens"
STAGES = ("extract", "stories", "provenance", "framing", "brief", "text")
# Decision 0608, "display code": claims/render.py is the one left (claims was being edited
# in the same session); the claims package is checked without it.
REMAINING = {"claims/render.py"}
FORBIDDEN = ("rich", "storylens.display", "storylens.cli")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _offenders(package: str) -> list[str]:
    out = []
    for path in sorted((SRC / package).rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in REMAINING:
            continue
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                out.append(f"{rel}: {name}")
    return out


@pytest.mark.parametrize("package", [*STAGES, "claims"])
def test_stage_packages_do_not_import_display_code(package: str) -> None:
    assert (SRC / package).is_dir()
    assert _offenders(package) == []


def test_the_check_sees_a_rich_import(tmp_path: Path) -> None:
    mod = tmp_path / "m.py"
    mod.write_text("def f() -> None:\n    from rich.table import Table\n", encoding="utf-8")
    assert _imports(mod) == ["rich.table"]
