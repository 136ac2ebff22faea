"""Cluster bench (issue 20): one generated pile, analysed one process vs ``--dask local:1`` vs
``--dask local:2``; equality of the outputs, wall and CPU time, speed-up; from Dask's per-task
timings a simulated plan for 10 and 100 workers (what dominates).

    PYTHONPATH=src nice .venv/bin/python bench/cluster/cluster.py --pages 500 \
        --json /tmp/cluster.json

The pile comes from bench/scale's generator (real layouts from ../shared/eval/data, a third
copies inside their stories); it is written to a temporary folder (``--work`` to keep it).
Each mode runs in a fresh subprocess, so no mode inherits another's loaded models; CPU time
is the subprocess's own plus its reaped children (the LocalCluster's worker processes).

The plan (``simulate``) is a model, not a measurement: the client's serial time (everything
outside the maps: ingest, stories clustering, store, outputs) stays; each map's items keep
their measured compute time (a task's time split evenly over its items), are re-chunked as
the backend would for W workers and placed longest-first on W workers; each task adds the
measured per-task overhead (median gap between a worker's consecutive tasks of one map);
the scheduler handles tasks one at a time (``SCHEDULER_S`` per task, serial); the scattered
function of each map goes from the client to all W workers over ``LINK_BYTES_S``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import heapq
import itertools
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scale"))

SCHEDULER_S = 0.0005
"""Serial scheduler time per task (Dask's documentation: "about 200 us to 1 ms" overhead per
task; we take the middle; the measured gaps below include the worker-side part)."""
LINK_BYTES_S = 125e6
"""1 Gbit/s between the client and the workers."""
TASKS_PER_WORKER = 8  # as storylens.cluster
RUN_DATE = dt.date(2026, 12, 3)


def _cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def run_one(mode: str, pile: Path, work: Path) -> dict[str, Any]:
    """One mode in this process: analyze + outputs; task stream for the Dask modes."""
    from storylens.runner import analyze, write_outputs
    from storylens.settings import load_settings
    from storylens.store import Store

    settings = load_settings().with_overrides({"workers": 1})
    t0, c0 = time.perf_counter(), _cpu()
    tasks: list[dict[str, Any]] = []
    log: list[dict[str, Any]] = []
    setup = 0.0
    with Store.open(work / "storylens.db") as store:
        if mode == "one":
            analysis = analyze([str(pile)], settings, store, run_date=RUN_DATE)
        else:
            from distributed import get_task_stream

            from storylens.cluster import dask_backend

            with dask_backend(mode) as backend:
                setup = time.perf_counter() - t0
                with get_task_stream(backend.client) as stream:
                    analysis = analyze([str(pile)], settings, store, run_date=RUN_DATE)
                log = backend.log
                for t in stream.data:
                    compute = [s for s in t["startstops"] if s["action"] == "compute"]
                    if not compute:
                        continue
                    tasks.append({"key": t["key"], "worker": t["worker"],
                                  "start": compute[0]["start"], "stop": compute[-1]["stop"],
                                  "nbytes": t.get("nbytes", 0)})
        analysis_s = time.perf_counter() - t0
        write_outputs(analysis, work / "out", settings)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"mode": mode, "wall_s": wall, "cpu_s": cpu, "analyze_s": analysis_s,
            "cluster_start_s": setup, "tasks": tasks, "log": log,
            "articles": len(analysis.articles), "inputs": len(analysis.inputs)}


def _same(a: Path, b: Path) -> bool:
    da = json.loads((a / "out" / "analysis.json").read_text(encoding="utf-8"))
    db = json.loads((b / "out" / "analysis.json").read_text(encoding="utf-8"))
    da.pop("meta")
    db.pop("meta")
    return bool(da == db)


def _makespan(costs: list[float], workers: int) -> float:
    """Longest-processing-time-first placement of ``costs`` on ``workers``."""
    loads = [0.0] * workers
    heapq.heapify(loads)
    for c in sorted(costs, reverse=True):
        heapq.heappush(loads, heapq.heappop(loads) + c)
    return max(loads)


def simulate(run: dict[str, Any], workers: int) -> dict[str, float]:
    """The model of the module docstring for ``workers`` workers, from one Dask run."""
    by_key = {t["key"]: t for t in run["tasks"]}
    gaps: list[float] = []
    in_maps = 0.0
    compute = 0.0
    maps: list[tuple[list[float], int, int]] = []  # item costs, caller chunk, shipped bytes
    for entry in run["log"]:
        ts = [by_key[k] for k in entry.get("keys", []) if k in by_key]
        if not ts or "end" not in entry:
            continue
        in_maps += entry["end"] - entry["start"]
        per_worker: dict[str, list[dict[str, Any]]] = {}
        for t in ts:
            per_worker.setdefault(t["worker"], []).append(t)
        for mine in per_worker.values():
            mine.sort(key=lambda t: t["start"])
            gaps += [b["start"] - a["stop"] for a, b in itertools.pairwise(mine)]
        n = entry["items"]
        costs = [t["stop"] - t["start"] for t in ts]
        compute += sum(costs)
        share = [c / max(1, n / len(ts)) for c in costs for _ in range(max(1, n // len(ts)))]
        maps.append((share[:n] or costs, 1, int(entry.get("shipped_bytes", 0))))
    overhead = statistics.median(gaps) if gaps else 0.0
    serial = run["analyze_s"] - run["cluster_start_s"] - in_maps
    total = max(0.0, serial)
    sched = ship = 0.0
    for items, chunk, shipped in maps:
        size = max(chunk, len(items) // (workers * TASKS_PER_WORKER), 1)
        tasks = [sum(items[k:k + size]) + overhead for k in range(0, len(items), size)]
        sched += len(tasks) * SCHEDULER_S
        ship += shipped * workers / LINK_BYTES_S
        total += max(_makespan(tasks, workers), len(tasks) * SCHEDULER_S) \
            + shipped * workers / LINK_BYTES_S
    return {"workers": workers, "wall_s": total, "serial_client_s": max(0.0, serial),
            "task_compute_s": compute, "per_task_overhead_s": overhead,
            "scheduler_s": sched, "shipping_s": ship,
            "items": sum(len(m[0]) for m in maps)}


def serial_segments(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The client's time between maps (over a second), named by the map that follows: what
    the client computes alone (e.g. before the claims map: stories clustering and
    provenance)."""
    out: list[dict[str, Any]] = []
    log = [e for e in run["log"] if "end" in e]
    for prev, e in itertools.pairwise(log):
        gap = e["start"] - prev["end"]
        if gap > 1.0:
            out.append({"before": e["what"], "after": prev["what"], "s": gap})
    if log:
        tail = run["analyze_s"] - run["cluster_start_s"] - (log[-1]["end"] - log[0]["start"])
        out.append({"before": "end of the job", "after": log[-1]["what"], "s": tail})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--modes", nargs="+", default=["one", "local:1", "local:2"])
    ap.add_argument("--work", type=Path, help="keep the pile and outputs here")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--one", nargs=3, metavar=("MODE", "PILE", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        mode, pile, work = args.one
        Path(work).mkdir(parents=True, exist_ok=True)
        result = run_one(mode, Path(pile), Path(work))
        (Path(work) / "result.json").write_text(json.dumps(result), encoding="utf-8")
        return
    from scale import build_pile

    root = args.work or Path(tempfile.mkdtemp(prefix="storylens-cluster-"))
    pile = root / f"pile-{args.pages}"
    if not pile.exists():
        print(f"pile of {args.pages}: {build_pile(args.pages, pile)}", flush=True)
    runs: dict[str, dict[str, Any]] = {}
    for mode in args.modes:
        work = root / mode.replace(":", "-")
        if not (work / "result.json").exists():  # kept from an earlier run in --work
            shutil.rmtree(work, ignore_errors=True)  # a fresh store for each mode
            subprocess.run([sys.executable, __file__, "--one", mode, str(pile), str(work)],
                           check=True)
        runs[mode] = json.loads((work / "result.json").read_text(encoding="utf-8"))
        r = runs[mode]
        print(f"{mode:8} wall {r['wall_s']:7.1f} s  cpu {r['cpu_s']:7.1f} s  "
              f"(cluster start {r['cluster_start_s']:.1f} s, {len(r['tasks'])} tasks)",
              flush=True)
    base = args.modes[0]
    summary: dict[str, Any] = {"date": str(dt.date.today()), "pages": args.pages, "modes": {}}
    for mode, r in runs.items():
        same = mode == base or _same(root / base.replace(":", "-"), root / mode.replace(":", "-"))
        summary["modes"][mode] = {k: r[k] for k in ("wall_s", "cpu_s", "analyze_s",
                                                    "cluster_start_s", "articles", "inputs")}
        summary["modes"][mode]["same_as_" + base] = same
        summary["modes"][mode]["tasks"] = len(r["tasks"])
        print(f"{mode:8} same output as {base}: {same}")
    if "local:1" in runs and "local:2" in runs:
        sp = runs["local:1"]["wall_s"] / runs["local:2"]["wall_s"]
        summary["speedup_local2_over_local1"] = sp
        print(f"speed-up local:2 over local:1: x{sp:.2f}")
    source = runs.get("local:2") or runs.get("local:1")
    if source is not None:
        summary["plan"] = [simulate(source, w) for w in (1, 2, 10, 100)]
        summary["serial_segments"] = serial_segments(source)
        summary["maps"] = [{k: e.get(k) for k in ("what", "items", "shipped_bytes")}
                           | {"tasks": len(e.get("keys", [])),
                              "wall_s": e.get("end", e["start"]) - e["start"]}
                           for e in source["log"]]
        for p in summary["plan"]:
            print(f"plan {p['workers']:3} workers: {p['wall_s']:7.1f} s (serial client "
                  f"{p['serial_client_s']:.1f} s, scheduler {p['scheduler_s']:.2f} s, "
                  f"shipping {p['shipping_s']:.2f} s, overhead/task "
                  f"{p['per_task_overhead_s'] * 1000:.1f} ms)")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
