"""The brief stage: `run(analysis, settings) -> analysis` (not built yet: adds nothing)."""

from __future__ import annotations

from storylens.records import Analysis
from storylens.settings import Settings


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Not built yet: returns the analysis unchanged."""
    return analysis
