"""The extract stage: Page -> Article (or a Rejection with a reason)."""

from __future__ import annotations

from storylens.records import Article, Page, Rejection
from storylens.settings import Settings


def extract(page: Page, settings: Settings) -> Article | Rejection:
    """Placeholder: the extraction work replaces this."""
    raise NotImplementedError
