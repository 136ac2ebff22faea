"""Throughput and memory of the stories stage on a synthetic corpus.

    PYTHONPATH=src .venv/bin/python bench/stories/throughput.py --sizes 10000 40000

The corpus is made from the SemEval dev texts (read at run time, never stored): every text
is split into sentences; a synthetic "event" takes one text's sentences, and each of its
2-6 articles keeps a random 60% of them plus two random sentences from anywhere. Each size
runs in a fresh subprocess (peak RSS from getrusage); the English semantic extra is off (it is
English-only and dominated by the model: measure it separately); the multilingual encoder is on
when installed (``--no-multilingual``: lexical only). Also prints B-cubed
precision/recall of the events against the synthetic events (a sanity check, not a gold:
articles of one synthetic event share only ~60% of their sentences, and different synthetic
events can come from texts about the same story).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pairs import load_pairs

from storylens.records import Analysis, Article
from storylens.settings import Settings
from storylens.stories import run

_SENT = re.compile(r"(?<=[.!?])\s+")


def synthetic(n: int, seed: int = 0) -> tuple[list[Article], dict[str, int]]:
    """n articles and the synthetic event each was made from."""
    rnd = random.Random(seed)
    texts: list[tuple[str, list[str]]] = []
    for p in load_pairs():
        for a in (p.a, p.b):
            sents = [s for s in _SENT.split(a.body) if len(s) > 20]
            if len(sents) >= 3:
                texts.append((a.language or "en", sents))
    pool = [s for _, ss in texts for s in ss]
    out: list[Article] = []
    truth: dict[str, int] = {}
    ev = 0
    while len(out) < n:
        lang, sents = texts[rnd.randrange(len(texts))]
        day = 1 + rnd.randrange(300)
        for _ in range(rnd.randint(2, 6)):
            kept = [s for s in sents if rnd.random() < 0.6] + rnd.sample(pool, 2)
            title = " ".join(kept[0].split()[:10])
            truth[f"syn{len(out):06d}"] = ev
            out.append(Article(
                id=f"syn{len(out):06d}", source="synthetic", title=title, body=" ".join(kept),
                published=f"2021-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}", language=lang,
            ))
        ev += 1
    return out[:n], truth


def bcubed(events: list[tuple[str, ...]], truth: dict[str, int]) -> tuple[float, float]:
    """B-cubed precision and recall of predicted events against the synthetic events."""
    pred = {a: k for k, ev in enumerate(events) for a in ev}
    size_pred = Counter(pred.values())
    size_true = Counter(truth[a] for a in pred)
    both = Counter((pred[a], truth[a]) for a in pred)
    p = sum(both[(pred[a], truth[a])] / size_pred[pred[a]] for a in pred) / len(pred)
    r = sum(both[(pred[a], truth[a])] / size_true[truth[a]] for a in pred) / len(pred)
    return p, r


def measure(n: int, multilingual: bool) -> dict[str, float]:
    arts, truth = synthetic(n)
    settings = Settings().with_overrides({"stories.semantic": False,
                                          "stories.multilingual": multilingual})
    t = time.perf_counter()
    out = run(Analysis(articles=tuple(arts)), settings)
    secs = time.perf_counter() - t
    event_list = [s.articles for s in out.stories if s.level == "event"]
    events = len(event_list)
    precision, recall = bcubed(event_list, truth)
    lines = sum(1 for s in out.stories if s.level == "storyline")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": n, "seconds": round(secs, 1), "per_1k": round(1000 * secs / n, 2),
            "peak_rss_mb": round(rss), "events": events, "true_events": len(set(truth.values())),
            "storylines": lines, "bcubed_p": round(precision, 3), "bcubed_r": round(recall, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 40000])
    ap.add_argument("--one", type=int, default=0)
    ap.add_argument("--no-multilingual", action="store_true")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, not args.no_multilingual)))
        return
    results = []
    flags = ["--no-multilingual"] if args.no_multilingual else []
    for n in args.sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", str(n), *flags], check=True,
                              capture_output=True, text=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        print(f"time ratio {b['articles']}/{a['articles']}: {b['seconds'] / a['seconds']:.2f}")


if __name__ == "__main__":
    main()
