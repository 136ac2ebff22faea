"""Metric gate on ../shared dragnet/cleaneval: our extractors vs trafilatura on a small sample."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench" / "extraction"))

import score  # noqa: E402


def test_extract_benchmark_gate_dragnet_and_cleaneval(shared_dir: Path) -> None:
    assert (shared_dir / "eval" / "data" / "dragnet").exists()
    systems = ("text-cleaner", "html-path", "trafilatura")
    for dataset, n in (("dragnet", 20), ("cleaneval-dev", 10)):
        res = score.score_pages(dataset, n, systems=systems)
        text_f = res["text-cleaner"].mean()[2]
        html_f = res["html-path"].mean()[2]
        traf_f = res["trafilatura"].mean()[2]
        assert res["trafilatura"].n == n
        assert html_f >= traf_f - 0.01, (dataset, html_f, traf_f)
        assert text_f >= traf_f - 0.05, (dataset, text_f, traf_f)
