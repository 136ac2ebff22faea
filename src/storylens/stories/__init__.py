"""The stories stage: events nested in storylines, and pair similarity.

- :func:`run` (pipeline stage): ``analysis.stories`` = events and storylines; earlier stories
  passed in are kept (ids stable) and extended with the new articles.
- :func:`compare` / :func:`compare_many`: event similarity of article pairs (``storylens
  compare``); :func:`article_from_obj` builds an Article from an inline JSON object.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from storylens.records import Analysis
from storylens.settings import Settings
from storylens.stories.cluster import group, story_id
from storylens.stories.similarity import (
    Scorer,
    article_from_obj,
    build_scorer,
    compare,
    compare_many,
)

__all__ = [
    "Scorer", "article_from_obj", "build_scorer", "compare", "compare_many", "group", "run",
    "story_id",
]

# The stage contract (checked by storylens.pipeline): the analysis fields it reads,
# and the ones it fills ("articles.x": it sets that field of every article).
NEEDS = ("articles",)
ADDS = ("stories",)


def run(analysis: Analysis, settings: Settings,
        progress: Callable[[int, int], None] | None = None) -> Analysis:
    """Pipeline stage: fill ``analysis.stories`` (every article in exactly one event, every
    event in exactly one storyline); articles are returned unchanged. ``progress(done,
    total)``: articles featurised so far."""
    return dataclasses.replace(analysis, stories=group(analysis, settings, progress=progress))
