"""Per-page time budget for extraction: a page that takes longer is failed with a reason
and the run goes on (docs/decisions/0603).

The budget is CPU time (user + system, ``ITIMER_PROF``), not wall time, so a busy machine
does not fail pages that would pass on an idle one (results must not depend on load).
Two ways, picked by :func:`storylens.pipeline.extract_pages`:

- **In-process, main thread** (``workers <= 1``, the CLI's default): a ``SIGPROF`` interval
  timer raises :class:`PageTimeout` inside the page's extraction. Costs nothing per page.
  :class:`PageTimeout` derives from ``BaseException`` so a library's ``except Exception``
  cannot swallow it. Python code is interrupted at once; a single long C call (one lxml
  parse) is interrupted when it returns.
- **Supervised worker processes** (``workers >= 2``, or not in the main thread, e.g. the web
  app's background job): each worker takes one page at a time over a pipe and
  arms the same CPU timer around each page; a worker still busy after ``WALL_FACTOR`` times
  the budget in wall time (blocked, or stuck in one C call) is killed (SIGKILL: C code cannot
  ignore it), the page is failed, and a fresh worker replaces it. A worker that dies (out
  of memory, crash) fails only its page the same way. Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import Any

from storylens.records import Article, Page, Rejection
from storylens.settings import Settings

ExtractFn = Callable[[Page, Settings], Article | Rejection]
WALL_FACTOR = 3.0
"""Wall-clock backstop of a worker process, in multiples of the CPU budget."""


class PageTimeout(BaseException):
    """Raised inside a page's extraction when its time budget runs out."""


def timeout_rejection(page: Page, budget: float, wall: bool = False) -> Rejection:
    what = f"{budget:g} s of wall time" if wall else f"{budget:g} s of CPU time"
    return Rejection(page.id, page.source, "failed",
                     f"time budget exceeded: extraction took over {what} "
                     "(settings page_timeout)")


def alarm_usable() -> bool:
    """True where CPU-time interval timers work: a Unix main thread."""
    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


def _raise_timeout(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


def run_with_alarm(fn: ExtractFn, page: Page, settings: Settings, budget: float
                   ) -> Article | Rejection:
    """``fn(page, settings)``, failed with a reason after ``budget`` seconds of CPU time
    (main thread only)."""
    previous = signal.signal(signal.SIGPROF, _raise_timeout)
    try:
        signal.setitimer(signal.ITIMER_PROF, budget)
        try:
            return fn(page, settings)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    except PageTimeout:
        return timeout_rejection(page, budget)
    finally:
        signal.signal(signal.SIGPROF, previous)


def _worker_main(conn: Connection, fn: ExtractFn, settings: Settings,
                 budget: float | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, page = job
        if budget is not None and hasattr(signal, "setitimer"):
            result = run_with_alarm(fn, page, settings, budget)
        else:
            result = fn(page, settings)
        conn.send((index, result))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    job: int | None = None
    deadline: float = 0.0
    started: float = field(default_factory=time.monotonic)

    def stop(self, kill: bool) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=0 if kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=2)
        self.conn.close()


def _context() -> Any:
    """fork from a single-threaded process (the CLI): the worker inherits the loaded modules,
    so starting or replacing a killed worker costs milliseconds. From a process with other
    threads (the web app) forking can copy a lock held by another thread, so forkserver,
    with the pipeline preloaded once in the server; spawn where neither exists."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["storylens.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


def _spawn(fn: ExtractFn, settings: Settings, budget: float | None) -> _Worker:
    ctx = _context()
    parent, child = ctx.Pipe()
    process = ctx.Process(target=_worker_main, args=(child, fn, settings, budget), daemon=True,
                          name="storylens-extract")
    process.start()
    child.close()
    return _Worker(process, parent)


def run_supervised(fn: ExtractFn, pages: Iterable[Page], settings: Settings, workers: int,
                   budget: float | None, ahead: int = 0
                   ) -> Iterator[tuple[Page, Article | Rejection]]:
    """Extract ``pages`` in ``workers`` killable processes, yielding results in order.

    One pool for the whole stream (issue #17: a pool per batch of 32 pages forked fresh
    workers each time, and extraction on two workers cost more CPU than on one): the workers
    are forked once, pages are read from ``pages`` as workers free up, at most ``ahead``
    (default four per worker) taken but not yet yielded; a page that overruns kills and
    replaces only its own worker."""
    source = iter(pages)
    limit = ahead if ahead > 0 else 4 * max(workers, 1)
    window: dict[int, Page] = {}  # pages read and not yet yielded, by position
    todo: deque[int] = deque()
    done: dict[int, Article | Rejection] = {}
    pool: list[_Worker] = []
    next_in = next_out = 0
    exhausted = False
    try:
        while True:
            while not exhausted and next_in - next_out < limit:
                try:
                    page = next(source)
                except StopIteration:
                    exhausted = True
                    break
                window[next_in] = page
                todo.append(next_in)
                next_in += 1
            if exhausted and next_out == next_in:
                return
            idle = [w for w in pool if w.job is None]
            while todo and (idle or len(pool) < workers):
                worker = idle.pop() if idle else _spawn(fn, settings, budget)
                if worker not in pool:
                    pool.append(worker)
                first = todo.popleft()
                worker.conn.send((first, window[first]))
                worker.job = first
                worker.deadline = (time.monotonic() + budget * WALL_FACTOR if budget
                                   else float("inf"))
            busy = [w for w in pool if w.job is not None]
            if busy:
                _collect(busy, pool, window, done, budget)
            while next_out in done:
                yield window.pop(next_out), done.pop(next_out)
                next_out += 1
    finally:
        for worker in pool:
            worker.stop(kill=worker.job is not None)


def _collect(busy: list[_Worker], pool: list[_Worker], window: dict[int, Page],
             done: dict[int, Article | Rejection], budget: float | None) -> None:
    """Wait for a busy worker to answer, die or pass its deadline; record what it did (a
    dead or overrunning worker is killed, removed from ``pool`` and its page failed)."""
    wait_for = min(w.deadline for w in busy) - time.monotonic()
    handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
    ready = set(wait(handles, timeout=None if wait_for == float("inf")
                     else max(0.0, wait_for)))
    now = time.monotonic()
    for worker in busy:
        if worker.job is None:
            continue
        index: int = worker.job
        result: Article | Rejection | None = None
        if worker.conn in ready:
            try:
                got, result = worker.conn.recv()
                assert got == index
            except (EOFError, OSError):
                result = None
        if result is not None:
            worker.job = None
            done[index] = result
            continue
        page = window[index]
        if worker.process.sentinel in ready or worker.conn in ready:
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            why = (f"killed by signal {-code} (out of memory?)" if code and code < 0
                   else f"exit code {code}")
            done[index] = Rejection(page.id, page.source, "failed",
                                    f"extraction worker died: {why}")
        elif now >= worker.deadline:
            assert budget is not None
            done[index] = timeout_rejection(page, budget * WALL_FACTOR, wall=True)
        else:
            continue
        worker.stop(kill=True)
        pool.remove(worker)
