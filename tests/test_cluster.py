"""Past one machine (issue 20): the analysis on a Dask LocalCluster equals the one-process
run; a worker killed mid-map is survived; clear errors when the cluster cannot be used.

One LocalCluster of two worker processes (one thread each) for the module: starting it costs
a few seconds, the tests stay small (CI time)."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storylens import parallel, pipeline
from storylens.records import Page, Rejection
from storylens.runner import analyze, write_outputs
from storylens.settings import Settings
from storylens.store import Store

pytest.importorskip("distributed", reason="the cluster extra (dask[distributed]) is not "
                    "installed: pip install -e '.[cluster]' (make test installs it)")

from storylens.cluster import (
    ClusterError,
    DaskBackend,
    dask_backend,
    extract_with_thread_budget,
    parse_spec,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
RUN_DATE = __import__("datetime").date(2026, 12, 3)


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskBackend]:
    with dask_backend("local:2") as backend:
        yield backend


def _analysis_json(out: Path) -> dict[str, object]:
    doc: dict[str, object] = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    doc.pop("meta")  # run id, store path
    return doc


def _run(out: Path, settings: Settings) -> dict[str, object]:
    with Store.open(out / "storylens.db") as store:
        analysis = analyze([str(EXAMPLES)], settings, store, run_date=RUN_DATE)
    write_outputs(analysis, out, settings)
    return _analysis_json(out)


def test_local_cluster_run_equals_one_process(cluster: DaskBackend, tmp_path: Path) -> None:
    from distributed import get_task_stream

    settings = Settings(workers=1)
    parallel.set_backend(None)
    try:
        alone = _run(tmp_path / "one", settings)
    finally:
        parallel.set_backend(cluster)
    assert parallel.resolve_workers(1) == 2  # the cluster's workers, whatever the setting
    with get_task_stream(cluster.client) as stream:
        pooled = _run(tmp_path / "dask", settings)
    assert pooled == alone
    ran = {t["key"].split("-")[0] for t in stream.data}
    assert {"_extract_chunk", "_run_chunk"} <= ran, ran  # the work did run on the cluster
    workers = {t["worker"] for t in stream.data}
    assert len(workers) == 2


def test_map_survives_a_killed_worker(cluster: DaskBackend, tmp_path: Path) -> None:
    marker = tmp_path / "killed-once"

    def one(x: int) -> tuple[int, int]:
        if x == 13 and not marker.exists():
            marker.touch()
            os._exit(1)  # the worker process dies mid-task; its nanny starts another
        return x * x, os.getpid()

    items = list(range(40))
    got = parallel.map_ordered(one, items, 2)
    assert marker.exists()
    assert [v for v, _ in got] == [x * x for x in items]  # every item exactly once, in order
    assert os.getpid() not in {pid for _, pid in got}


def test_closure_is_shipped_once_not_per_task(cluster: DaskBackend) -> None:
    big = list(range(200_000))  # what a stage's whole-run index looks like to the pickler

    @functools.lru_cache(maxsize=64)  # a memoised local function (the brief's loaded count)
    def square(x: int) -> int:
        return x * x

    def one(x: int) -> int:
        return big[x] + square(x)

    calls: list[object] = []
    real = cluster.client.scatter

    def counting(data: object, **kw: object) -> object:
        calls.append(data)
        return real(data, **kw)

    cluster.client.scatter = counting  # type: ignore[method-assign]
    try:
        assert parallel.map_ordered(one, list(range(64)), 2) == [x + x * x for x in range(64)]
    finally:
        cluster.client.scatter = real  # type: ignore[method-assign]
    assert len(calls) == 1 and isinstance(calls[0], bytes)  # one scatter for the whole map
    assert len(calls[0]) > 200_000  # the closure's data went with it, not with each task


def test_spec_errors_and_unreachable_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_spec("local:3") == (3, None)
    assert parse_spec("tcp://10.0.0.5:8786") == (0, "tcp://10.0.0.5:8786")
    for bad in ("local:0", "local", "10.0.0.5:8786", "tcp://host"):
        with pytest.raises(ClusterError):
            parse_spec(bad)
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr("storylens.cluster.CONNECT_TIMEOUT", 1.0)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"), \
            dask_backend(f"tcp://127.0.0.1:{port}"):
        pass
    assert parallel.backend() is None or isinstance(parallel.backend(), DaskBackend)


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ClusterError, match=r"storylens\[cluster\]"), dask_backend("local:1"):
        pass


def test_page_budget_off_the_main_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    def spin(page: Page, settings: Settings) -> Rejection:
        end = time.thread_time() + 30
        while time.thread_time() < end:
            pass
        raise AssertionError("not stopped")

    monkeypatch.setattr(pipeline, "_extract_one", spin)
    page = Page(id="p", source="p.html", kind="html", content="x", content_hash="h")
    got: list[object] = []
    worker = threading.Thread(target=lambda: got.append(
        extract_with_thread_budget(page, Settings(), 0.3)))
    started = time.monotonic()
    worker.start()
    worker.join(20)
    assert time.monotonic() - started < 10
    assert isinstance(got[0], Rejection) and "time budget exceeded" in got[0].reason
    fine = dataclasses.replace(page, id="q")
    monkeypatch.setattr(pipeline, "_extract_one",
                        lambda p, s: Rejection(p.id, p.source, "skipped", "fast"))
    assert extract_with_thread_budget(fine, Settings(), 0.3).reason == "fast"  # type: ignore[union-attr]


def test_a_page_that_kills_its_worker_every_time_is_failed_with_a_reason(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dask
    from distributed import Client, LocalCluster

    from storylens import cluster as cl

    real = cl._extract_chunk

    def chunk(pages: list[Page], settings: Settings) -> list[object]:
        if any(p.id == "poison" for p in pages):
            os._exit(1)  # as a page that exhausts the worker's memory
        return real(pages, settings)

    monkeypatch.setattr(cl, "_extract_chunk", chunk)  # looked up when the tasks are made
    text = "The harbour reopened on Monday after the storm, officials said. " * 5
    pages = [Page(id=n, source=f"{n}.txt", kind="text", content=f"{n.title()}\n\n{text}",
                  content_hash=n) for n in ("first", "poison", "last")]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as lc, \
            Client(lc) as client:
        got = list(DaskBackend(client).extract_pages(pages, Settings()))
    assert [p.id for p, _ in got] == ["first", "poison", "last"]  # every input, in order
    poison = got[1][1]
    assert isinstance(poison, Rejection) and "worker died" in poison.reason
    assert not isinstance(got[0][1], Rejection) and not isinstance(got[2][1], Rejection)
