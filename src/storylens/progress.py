"""Progress of the stage running now, without passing a callback through every stage.

The pipeline sets a reporter for the duration of a stage (:func:`reporting`); a stage wraps
the loop that carries its cost in :func:`track` (one story, one storyline, one candidate
pair...), which reports ``(done, total)`` to it. Without a reporter :func:`track` only
yields, so stages stay pure and usable on their own. Drawing (bars, rate, time left) is the
caller's business (storylens.display, next to the CLI).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
Reporter = Callable[[int, int | None], None]

_REPORTER: ContextVar[Reporter | None] = ContextVar("storylens_progress", default=None)


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Send :func:`track` progress to ``reporter`` inside the ``with`` block."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)


def track(items: Iterable[T], total: int | None = None) -> Iterator[T]:
    """Yield ``items``, reporting how many were done (of ``total``, default ``len(items)``)
    after each."""
    reporter = _REPORTER.get()
    if reporter is None:
        yield from items
        return
    if total is None:
        total = len(items) if isinstance(items, Sized) else None
    reporter(0, total)
    for done, item in enumerate(items, 1):
        yield item
        reporter(done, total)
