"""The same pages give the same analysis in every run: nothing may depend on Python's
per-process string hash seed (set iteration order), which once changed provenance
alignments between duplicated boilerplate sentences (float sums in a different order broke
ties differently)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _analyze(out: Path, seed: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "storylens.cli", "analyze", str(EXAMPLES),
                    "--out", str(out), "-q"], check=True, env=env, capture_output=True)
    data: dict[str, Any] = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("meta", "inputs")}


def test_analysis_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    first = _analyze(tmp_path / "a", "1")
    second = _analyze(tmp_path / "b", "2")
    assert first.keys() == second.keys()
    for key in first:
        assert first[key] == second[key], key
