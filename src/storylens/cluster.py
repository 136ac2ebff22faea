"""The Dask backend of :mod:`storylens.parallel`: the same analysis on a cluster (issue 20).

``storylens analyze ... --dask local:N`` starts a ``LocalCluster`` of N worker processes
(one thread each); ``--dask tcp://HOST:PORT`` connects to a running scheduler. While
:func:`dask_backend` is active, every ordered map of this process (per-article claims,
per-storyline grouping, per-story framing and brief, the stories stage's featurisation
chunks) runs as ``client.map`` over chunks of items, results gathered in item order; the
runner's extraction runs as one task per chunk of pages (:meth:`DaskBackend.extract_pages`).
The output is the same as one process's whatever the worker count and scheduling order: the
tasks are pure functions of their items (decision 0005) and results are taken in item order.

What crosses the network (docs/cluster.md): a map's function, with whatever it closes over
(the stage's whole-run indexes), is scattered once to every worker, not shipped per task;
the encoders inside it pickle by reference (:class:`storylens.stories.semantic.Encoder`), so
each worker loads its installed copy once. Then per task its items (pages, articles, story
records) go out and its results come back.

Worker loss: the scheduler reruns the tasks of a lost worker (up to Dask's
``distributed.scheduler.allowed-failures``); ``RETRIES`` reruns a task that raised. An
extraction chunk whose worker keeps dying (``KilledWorker``: a page that exhausts memory)
is retried page by page, and the page that kills its worker is failed with that reason, so
every input is accounted for exactly once.

Extraction's per-page CPU budget (decision 0603) runs inside the task's thread: a watchdog
thread reads that thread's CPU clock and raises :class:`storylens.budget.PageTimeout` in it
(a Dask task does not run on the main thread, where the CLI's ``SIGPROF`` timer works).
"""

from __future__ import annotations

import ctypes
import functools
import io
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from storylens import parallel
from storylens.budget import PageTimeout, timeout_rejection
from storylens.records import Article, Page, Rejection
from storylens.settings import Settings

RETRIES = 2
"""Reruns of a task that raised (a lost worker's tasks are rerun by the scheduler itself)."""

CONNECT_TIMEOUT = 10.0  # seconds
"""How long to wait for a ``tcp://`` scheduler before failing the run with a clear error."""

TASKS_PER_WORKER = 8
"""A map is cut into at least this many chunks per worker (when it has enough items), so a
slow chunk does not leave the other workers idle at the end; larger chunks than the caller's
``chunk`` cost fewer scheduler round trips (about a millisecond each)."""

_SPEC = re.compile(r"^(?:local:(?P<n>\d+)|(?P<addr>tcp://[^\s/]+:\d+))$")


class ClusterError(RuntimeError):
    """The cluster cannot be used: extra missing, bad ``--dask`` value, scheduler unreachable."""


def parse_spec(spec: str) -> tuple[int, str | None]:
    """``local:N`` -> (N, None); ``tcp://HOST:PORT`` -> (0, address)."""
    m = _SPEC.match(spec.strip())
    if m is None:
        raise ClusterError(f"--dask must be local:N or tcp://HOST:PORT, not {spec!r}")
    if m.group("n") is not None:
        n = int(m.group("n"))
        if n < 1:
            raise ClusterError("--dask local:N needs at least one worker")
        return n, None
    return 0, m.group("addr")


def _rebuild_cached(fn: Callable[..., Any], maxsize: int | None, typed: bool
                    ) -> Callable[..., Any]:
    return functools.lru_cache(maxsize=maxsize, typed=typed)(fn)


def dumps(fn: Callable[..., Any]) -> bytes:
    """``fn`` with what it closes over, pickled by value (cloudpickle). A memoised local
    function inside it (``functools.lru_cache`` on a closure, as the brief's loaded-term count)
    is rebuilt on the other side around the same function, with an empty memo: plain pickling
    refuses it (it would look it up by name)."""
    import cloudpickle

    class _Pickler(cloudpickle.Pickler):  # type: ignore[misc]
        def reducer_override(self, obj: Any) -> Any:
            if (isinstance(obj, functools._lru_cache_wrapper)
                    and "<locals>" in getattr(obj, "__qualname__", "")):
                params = obj.cache_parameters()
                return _rebuild_cached, (obj.__wrapped__, params["maxsize"], params["typed"])
            return super().reducer_override(obj)

    buf = io.BytesIO()
    _Pickler(buf, protocol=5).dump(fn)
    return buf.getvalue()


# The functions a worker process has unpickled, by map token: each map's function is loaded
# once per worker, not once per task (the last few kept; a run has a handful of maps).
_LOADED: dict[str, Callable[[Any], Any]] = {}
_LOADED_LOCK = threading.Lock()


def _function(token: str, blob: bytes) -> Callable[[Any], Any]:
    with _LOADED_LOCK:
        fn = _LOADED.get(token)
        if fn is None:
            import cloudpickle

            fn = cloudpickle.loads(blob)
            while len(_LOADED) >= 2:
                del _LOADED[next(iter(_LOADED))]
            _LOADED[token] = fn
        return fn


def _run_chunk(items: Sequence[Any], token: str, blob: bytes) -> list[Any]:
    """A map's task on a worker: the map's function over its chunk, in order (progress is
    drawn by the client only)."""
    from storylens.progress import reporting

    fn = _function(token, blob)
    with reporting(None):
        return [fn(x) for x in items]


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None)


def extract_with_thread_budget(page: Page, settings: Settings, budget: float | None
                               ) -> Article | Rejection:
    """Extract one page on this thread, failed with the budget reason after ``budget``
    seconds of this thread's CPU time (a watchdog thread polls the clock every 50 ms and
    raises :class:`PageTimeout` in this thread; Python code stops at once, one long C call
    when it returns, as with the CLI's ``SIGPROF`` timer)."""
    from storylens.pipeline import _extract_one

    if budget is None or not hasattr(time, "pthread_getcpuclockid"):
        return _extract_one(page, settings)
    tid = threading.get_ident()
    clock = time.pthread_getcpuclockid(tid)
    start = time.clock_gettime(clock)
    done = threading.Event()
    fired: list[bool] = []

    def watch() -> None:
        while not done.wait(0.05):
            if time.clock_gettime(clock) - start >= budget:
                fired.append(True)
                _raise_in(tid, PageTimeout)
                return

    watcher = threading.Thread(target=watch, daemon=True, name="storylens-page-budget")
    watcher.start()
    try:
        try:
            return _extract_one(page, settings)
        finally:
            done.set()
            watcher.join()
            if fired:  # raised after the page ended, still pending: clear it
                _raise_in(tid, None)
    except PageTimeout:
        return timeout_rejection(page, budget)


def _extract_chunk(pages: Sequence[Page], settings: Settings) -> list[Article | Rejection]:
    """An extraction task on a worker: its pages in order, each within the page budget."""
    budget = settings.page_timeout if settings.page_timeout > 0 else None
    return [extract_with_thread_budget(p, settings, budget) for p in pages]


class DaskBackend:
    """The maps and the extraction of a run on a ``distributed.Client``."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._workers: int | None = None
        # One entry per map / extraction batch (what, items, task keys, wall span, the
        # pickled size of the shipped function): bench/cluster reads
        # it with Dask's task stream to plan larger clusters.
        self.log: list[dict[str, Any]] = []

    def workers(self) -> int:
        """Worker threads of the cluster (at least one), read once per run."""
        if self._workers is None:
            info = self.client.scheduler_info()["workers"]
            self._workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.values()))
        return self._workers

    def _chunks(self, n: int, chunk: int) -> list[tuple[int, int]]:
        size = max(chunk, 1, n // (self.workers() * TASKS_PER_WORKER))
        return [(k, min(n, k + size)) for k in range(0, n, size)]

    def imap(self, fn: Callable[[Any], Any], items: Sequence[Any], chunk: int
             ) -> Iterator[Any]:
        """``fn(x) for x in items`` as tasks, yielded in item order. ``fn`` (and what it closes
        over) is scattered to every worker once; each task carries only its chunk of items."""
        bounds = self._chunks(len(items), chunk)
        entry = self._entry(getattr(fn, "__qualname__", repr(fn)), len(items))
        blob = dumps(fn)
        entry["shipped_bytes"] = len(blob)
        shipped = self.client.scatter(blob, broadcast=True, hash=False)
        token = uuid.uuid4().hex
        futures = self.client.map(_run_chunk, [list(items[a:b]) for a, b in bounds],
                                  token=token, blob=shipped, pure=False, retries=RETRIES)
        entry["keys"] = [f.key for f in futures]
        try:
            for future in futures:
                yield from future.result()
        finally:
            entry["end"] = time.time()
            self.client.cancel([*futures, shipped])

    def _entry(self, what: str, items: int) -> dict[str, Any]:
        entry: dict[str, Any] = {"what": what, "items": items, "start": time.time()}
        self.log.append(entry)
        return entry

    def extract_pages(self, pages: Sequence[Page], settings: Settings
                      ) -> Iterator[tuple[Page, Article | Rejection]]:
        """Extract ``pages`` as tasks, yielding (page, result) in order; a page that kills its
        worker every time is failed with that reason."""
        from distributed import KilledWorker

        bounds = self._chunks(len(pages), 1)
        entry = self._entry("extract", len(pages))
        futures = self.client.map(_extract_chunk, [list(pages[a:b]) for a, b in bounds],
                                  settings=settings, pure=False, retries=RETRIES)
        entry["keys"] = [f.key for f in futures]
        try:
            for (a, b), future in zip(bounds, futures, strict=True):
                try:
                    results = future.result()
                except KilledWorker:
                    results = [self._extract_alone(p, settings) for p in pages[a:b]]
                yield from zip(pages[a:b], results, strict=True)
        finally:
            entry["end"] = time.time()
            self.client.cancel(futures)

    def _extract_alone(self, page: Page, settings: Settings) -> Article | Rejection:
        from distributed import KilledWorker

        future = self.client.submit(_extract_chunk, [page], settings=settings, pure=False)
        try:
            result: Article | Rejection = future.result()[0]
            return result
        except KilledWorker as exc:
            return Rejection(page.id, page.source, "failed",
                             "extraction worker died on this page every time it ran "
                             f"({exc!s:.120})")


@contextmanager
def dask_backend(spec: str) -> Iterator[DaskBackend]:
    """Run this process's maps on the cluster named by ``spec`` (``local:N`` or
    ``tcp://HOST:PORT``) until the block ends."""
    n, address = parse_spec(spec)
    try:
        import dask
        import distributed
    except ImportError as exc:
        raise ClusterError(
            "--dask needs the cluster extra: pip install 'storylens[cluster]' "
            f"(dask[distributed]; {exc})") from exc
    dist: Any = distributed  # typed loosely: distributed's own hints are partial
    cluster: Any = None
    # No "event loop blocked" warnings while a task holds the GIL for seconds (pure Python).
    with dask.config.set({"distributed.admin.tick.limit": "60s"}):
        if address is None:
            cluster = dist.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client: Any = dist.Client(cluster)
        else:
            try:
                client = dist.Client(address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {address}: "
                                   f"{exc!s:.200}") from exc
    if address is not None:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            client.close()
            raise ClusterError(f"the Dask scheduler at {address} has no workers "
                               f"({exc!s:.120})") from exc
    runner = DaskBackend(client)
    previous = parallel.backend()
    parallel.set_backend(runner)
    try:
        yield runner
    finally:
        parallel.set_backend(previous)
        client.close()
        if cluster is not None:
            cluster.close()

