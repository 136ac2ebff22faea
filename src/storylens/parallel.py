"""Per-story work on both cores: an ordered map over forked worker processes (issue #17).

The stages after extraction work one story (or storyline) at a time, each a pure function
of that story's records. :func:`map_ordered` runs such a function over a list of items in
``workers`` processes and returns the results in the items' order, so the analysis is the
same for one worker and for several (the function must not depend on what ran before it in
the same process).

Workers are forked from the running process: they inherit the loaded lexicons and encoders
and the function itself (a closure over the stage's whole-run indexes is fine; nothing but
item positions and results crosses the pipe). Where fork is unsafe or missing (a process with
other threads, such as the web app's job thread; platforms without fork), or for few items,
the map runs in-process. Each worker runs the encoders on one torch thread
(:data:`storylens.stories.semantic.TORCH_THREADS`). A worker that dies fails the run (a
stage function that crashes is a bug, not bad input: extraction has its own killable pool,
:mod:`storylens.budget`).

A **backend** (:func:`set_backend`; issue 20: :mod:`storylens.cluster`, a Dask cluster) takes
over every map of this process while it is set, whatever ``workers`` the caller passes, and
:func:`resolve_workers` then returns the backend's worker count. The functions' results must
not depend on which process runs them, so the output is the same.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from storylens.progress import reporting, track

T = TypeVar("T")
R = TypeVar("R")

# The job of the current map, set before the pool forks (workers read it from their copy of
# this module): (function, items).
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None

# Below this many items a map runs in-process: forking and the pipe cost more than they save.
MIN_ITEMS = 8


class Backend(Protocol):
    """Where the maps run instead of forked processes (:mod:`storylens.cluster`)."""

    def workers(self) -> int: ...

    def imap(self, fn: Callable[[Any], Any], items: Sequence[Any], chunk: int
             ) -> Iterator[Any]: ...


_BACKEND: Backend | None = None


def set_backend(backend: Backend | None) -> None:
    """Run every map of this process on ``backend`` (None: forked processes again)."""
    global _BACKEND
    _BACKEND = backend


def backend() -> Backend | None:
    """The backend set by :func:`set_backend`, if any."""
    return _BACKEND


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def resolve_workers(workers: int) -> int:
    """``workers`` setting -> process count: 0 (the default) is one per core; with a
    backend set, its worker count."""
    if _BACKEND is not None:
        return _BACKEND.workers()
    return cores() if workers <= 0 else workers


def _fork_usable() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _JOB is not None
    fn, items = _JOB
    with reporting(None):  # the parent reports progress; a worker draws nothing
        return [fn(items[k]) for k in range(*bounds)]


def imap_ordered(fn: Callable[[T], R], items: Sequence[T], workers: int,
                 chunk: int = 4, min_items: int | None = None) -> Iterator[R]:
    """``fn(x) for x in items``, yielded in order as they are done, in ``workers`` forked
    processes when that is worth it (at least ``min_items`` items, default
    :data:`MIN_ITEMS`; chunks of ``chunk`` items, handed out in order). A map inside a
    worker's function runs in that worker."""
    global _JOB
    n = len(items)
    if _BACKEND is not None and _JOB is None and n >= (MIN_ITEMS if min_items is None
                                                        else min_items):
        yield from _BACKEND.imap(fn, items, chunk)
        return
    if (workers <= 1 or n < (MIN_ITEMS if min_items is None else min_items)
            or _JOB is not None or not _fork_usable()):
        for x in items:
            yield fn(x)
        return
    bounds = [(k, min(n, k + chunk)) for k in range(0, n, chunk)]
    _JOB = (fn, items)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # no fork warning from HF
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(workers, len(bounds)), mp_context=ctx) as pool:
            for part in pool.map(_run_chunk, bounds):
                yield from part
    finally:
        _JOB = None


def map_ordered(fn: Callable[[T], R], items: Sequence[T], workers: int,
                chunk: int = 4) -> list[R]:
    """``[fn(x) for x in items]`` through :func:`imap_ordered`; progress through
    :func:`storylens.progress.track` either way."""
    return list(track(imap_ordered(fn, items, workers, chunk), total=len(items)))
