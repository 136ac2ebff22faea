"""The claims stage: `run(analysis, settings) -> analysis` (not built yet: adds nothing)."""

from __future__ import annotations

from storylens.records import Analysis
from storylens.settings import Settings


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Placeholder until the claims issue lands: returns the analysis unchanged (no invented content)."""
    return analysis
