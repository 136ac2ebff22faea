"""Scale bench: piles of N saved HTML pages, trafilatura alone vs the whole ``analyze``.

    PYTHONPATH=src nice .venv/bin/python bench/scale/scale.py --sizes 1000 4000
    PYTHONPATH=src nice .venv/bin/python bench/scale/scale.py --sizes 500 --profile /tmp/p.prof

Piles are generated at run time into ``--work`` (a temporary folder by default, deleted after
the run; never in the repository) from ../shared/eval/data:

- layouts: the dragnet, cleaneval and readability HTML pages (real page chrome);
- texts: the families-dev items (real copy families) and the SemEval-2022 task 8 texts
  (several languages), swapped into a layout's main block (its largest run of ``<p>``);
  other originals keep their layout's own article;
- a third of the pages are copies of a swapped-text original, inside its story, each in a
  different layout: verbatim, edited (a sentence dropped, a credit line added) or word-swapped
  (common news words replaced by synonyms, as a spinner does).

Beyond the material (about 3,200 kept layouts and 1,750 texts), originals are made of the
first half of one text and the second half of another (``mashup`` in the pile summary), so
piles of 10,000 and more pages carry more accidental overlap than real ones.

Each size runs in a fresh subprocess: trafilatura's ``extract`` alone over the pile (pages/s),
then the full ``analyze`` job into a fresh store plus ``write_outputs`` (pages/s), with the
time of each phase (from the job's progress callback), the ratio and the peak RSS. The growth
ratio is the time of a size over the time of the previous size.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(os.environ.get("STORYLENS_SHARED")
              or Path(__file__).resolve().parents[3] / "shared") / "eval/data"
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")

# A spinner's word swaps (common news words -> synonyms); for word-swapped copies only.
SWAPS = {
    "said": "stated", "killed": "slain", "people": "individuals", "government": "administration",
    "week": "seven days", "increase": "rise", "help": "assist", "large": "huge",
    "important": "significant", "began": "commenced", "police": "law enforcement",
    "city": "metropolis", "country": "nation", "attack": "assault", "show": "demonstrate",
    "after": "following", "many": "numerous", "also": "additionally", "announced": "declared",
    "company": "firm", "children": "kids", "officials": "authorities", "reported": "documented",
    "about": "roughly", "new": "fresh", "first": "initial", "last": "final", "need": "require",
    "year": "twelve months", "percent": "per cent", "told": "informed", "expected": "anticipated",
}
CREDIT = ("Additional reporting by the newsroom staff.", "This story has been updated.",
          "Editing by the regional desk.")


@dataclass
class Text:
    title: str
    paras: list[str]
    date: str | None


def _layouts() -> list[Path]:
    out = sorted((SHARED / "dragnet/input").glob("*.html*"))
    for part in ("dev", "final"):
        out += sorted((SHARED / f"cleaneval/{part}/input").glob("*.html*"))
    out += sorted((SHARED / "readability/pages").glob("*/source.html"))
    return out


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _texts() -> list[Text]:
    out: list[Text] = []
    fams = json.loads((SHARED / "families-dev/families.json").read_text(encoding="utf-8"))
    for fam in fams["families"]:
        for item in fam["items"]:
            lines = [x.strip() for x in item["text"].splitlines() if x.strip()]
            if len(lines) >= 2:
                out.append(Text(lines[0][:200], lines[1:], item.get("date")))
    csv.field_size_limit(sys.maxsize)
    with (SHARED / "semeval2022-task8/hfl_sample/training_set.csv").open(
            encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not re.fullmatch(r"\d+_\d+", row["pair_id"]):
                continue
            for text in (row["text1"], row["text2"]):
                title, _, body = text.partition("  ")
                sents = [s for s in SENT.split(body.strip()) if s]
                if title and len(sents) >= 3:
                    paras = [" ".join(sents[i:i + 3]) for i in range(0, len(sents), 3)]
                    out.append(Text(title.strip()[:200], paras, None))
    return out


def _swap_words(para: str) -> str:
    def one(m: re.Match[str]) -> str:
        w = m.group(0)
        new = SWAPS.get(w.lower())
        if new is None:
            return w
        return new.capitalize() if w[0].isupper() else new
    return re.sub(r"[A-Za-z]+", one, para)


def _copy(text: Text, kind: str, rnd: random.Random) -> Text:
    if kind == "verbatim":
        return text
    if kind == "edited":
        sents = [s for p in text.paras for s in SENT.split(p)]
        if len(sents) > 3:
            del sents[rnd.randrange(1, len(sents))]
        paras = [" ".join(sents[i:i + 3]) for i in range(0, len(sents), 3)]
        return Text(text.title, [*paras, rnd.choice(CREDIT)], text.date)
    return Text(_swap_words(text.title), [_swap_words(p) for p in text.paras], text.date)


def _put(raw: bytes, text: Text | None) -> bytes:
    """The layout with ``text`` in its main block (None: the layout as it is), as UTF-8."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(raw)
    except Exception:
        return raw
    for meta in doc.xpath("//meta[@charset or @http-equiv]"):
        meta.getparent().remove(meta)
    head = doc.find("head")
    if head is None:
        head = lxml.html.Element("head")
        doc.insert(0, head)
    head.insert(0, lxml.html.Element("meta", charset="utf-8"))
    if text is not None:
        score: dict[Any, int] = {}
        for p in doc.iter("p"):
            parent = p.getparent()
            if parent is not None:
                score[parent] = score.get(parent, 0) + len(p.text_content())
        body = doc.find("body")
        box = max(score, key=score.__getitem__) if score else body
        if box is None:
            return raw
        for child in list(box):
            box.remove(child)
        box.text = None
        h1 = lxml.html.Element("h1")
        h1.text = text.title
        box.append(h1)
        for para in text.paras:
            p = lxml.html.Element("p")
            p.text = para
            box.append(p)
        for old in doc.xpath("//title"):
            old.text = text.title
        for old in doc.xpath("//h1"):
            if old is not h1:
                old.text = text.title
        for old in doc.xpath("//meta[@property='article:published_time']"):
            old.getparent().remove(old)
        if text.date:
            head.append(lxml.html.Element("meta", property="article:published_time",
                                          content=text.date))
    out: bytes = lxml.html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>")
    return out


def build_pile(n: int, out: Path, seed: int = 0) -> dict[str, int]:
    """Write n pages into ``out``; return how many of each kind."""
    rnd = random.Random(seed)
    layouts = _layouts()
    texts = _texts()
    rnd.shuffle(texts)
    kept = list(layouts)
    rnd.shuffle(kept)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    n_copies = n // 3
    n_orig = n - n_copies
    n_swapped = min(len(texts), n_orig // 2)
    n_kept = min(len(kept), n_orig - n_swapped)
    n_mash = n_orig - n_swapped - n_kept
    originals: list[Text] = texts[:n_swapped]
    for _ in range(n_mash):
        a, b = rnd.sample(texts, 2)
        originals.append(Text(a.title, a.paras[: max(1, len(a.paras) // 2)]
                              + b.paras[len(b.paras) // 2:], a.date))
    pages: list[tuple[str, Path, Text | None]] = []
    for i, t in enumerate(originals):
        pages.append(("swapped" if i < n_swapped else "mashup", rnd.choice(layouts), t))
    pages += [("kept", p, None) for p in kept[:n_kept]]
    kinds = ("verbatim", "edited", "word-swapped")
    made = 0
    while made < n_copies:
        src = rnd.choice(originals)
        if src.date is None:
            src.date = f"2021-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        for _ in range(min(rnd.randint(1, 3), n_copies - made)):
            kind = kinds[made % 3]
            pages.append((kind, rnd.choice(layouts), _copy(src, kind, rnd)))
            made += 1
    rnd.shuffle(pages)
    for i, (kind, layout, text) in enumerate(pages):
        (out / f"p{i:06d}.html").write_bytes(_put(_read(layout), text))
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_rss_mb() -> float:
    """The peak RSS of the largest finished worker process (extraction, per-story stages)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu() -> float:
    """CPU time of this process and of its finished workers (user + system)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def measure(pile: Path, work: Path, profile: str | None,
            workers: int | None = None) -> dict[str, Any]:
    """trafilatura alone, then the full analyze + outputs, in this process."""
    import trafilatura

    from storylens.runner import analyze, write_outputs
    from storylens.settings import load_settings
    from storylens.store import Store

    files = sorted(pile.glob("*.html"))
    t0, c0 = time.perf_counter(), _cpu()
    for f in files:
        trafilatura.extract(f.read_bytes().decode("utf-8", "replace"), include_comments=False)
    traf, traf_cpu = time.perf_counter() - t0, _cpu() - c0
    rss_traf = _rss_mb()

    phases: dict[str, float] = {}
    phases_cpu: dict[str, float] = {}
    state: dict[str, Any] = {"phase": "", "since": 0.0, "cpu": 0.0}

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase != state["phase"]:
            now, cpu = time.perf_counter(), _cpu()
            if state["phase"]:
                name = state["phase"]
                phases[name] = phases.get(name, 0.0) + now - state["since"]
                phases_cpu[name] = phases_cpu.get(name, 0.0) + cpu - state["cpu"]
            state.update(phase=phase, since=now, cpu=cpu)

    settings = load_settings()
    if workers is not None:
        settings = settings.with_overrides({"workers": workers})
    store = Store.open(work / "storylens.db")
    prof = None
    if profile:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    t0, c0 = time.perf_counter(), _cpu()
    state.update(phase="extract", since=t0, cpu=c0)
    try:
        analysis = analyze([str(pile)], settings, store, progress=progress)
    finally:
        store.close()
    progress("outputs", 0, None)
    write_outputs(analysis, work / "out")
    progress("", 0, None)
    full, full_cpu = time.perf_counter() - t0, _cpu() - c0
    if prof is not None and profile:
        prof.disable()
        prof.dump_stats(profile)
    statuses: dict[str, int] = {}
    for rec in analysis.inputs:
        statuses[rec.status] = statuses.get(rec.status, 0) + 1
    return {
        "pages": len(files), "trafilatura_s": traf, "analyze_s": full,
        "trafilatura_pps": len(files) / traf, "analyze_pps": len(files) / full,
        "ratio": traf / full, "trafilatura_cpu_s": traf_cpu, "analyze_cpu_s": full_cpu,
        "ratio_cpu": traf_cpu / full_cpu, "phases": phases, "phases_cpu": phases_cpu,
        "peak_rss_mb": _rss_mb(), "peak_worker_rss_mb": _children_rss_mb(),
        "workers": settings.workers,
        "rss_after_trafilatura_mb": rss_traf, "inputs": statuses,
        "stories": len(analysis.stories), "relations": len(analysis.relations),
        "report_mb": sum(p.stat().st_size for p in (work / "out").rglob("*")
                         if p.is_file()) / 2**20,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500])
    ap.add_argument("--work", type=Path, help="keep piles and outputs here (else a temp dir)")
    ap.add_argument("--profile", help="cProfile stats file of the analyze job (one size)")
    ap.add_argument("--json", type=Path, help="append each size's figures here")
    ap.add_argument("--workers", type=int, help="the workers setting (default: settings)")
    ap.add_argument("--one", nargs=2, metavar=("PILE", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        res = measure(Path(args.one[0]), Path(args.one[1]), args.profile, args.workers)
        print("RESULT " + json.dumps(res))
        return
    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory(prefix="storylens-scale-")
        base = Path(tmp.name)
    else:
        base = args.work
    prev: dict[str, Any] | None = None
    for n in args.sizes:
        pile = base / f"pile-{n}"
        if not pile.exists() or len(list(pile.glob("*.html"))) != n:
            t0 = time.perf_counter()
            counts = build_pile(n, pile)
            print(f"pile {n}: {counts} ({time.perf_counter() - t0:.0f} s to build)", flush=True)
        work = base / f"run-{n}"
        if work.exists():
            import shutil
            shutil.rmtree(work)
        work.mkdir(parents=True)
        cmd = [sys.executable, __file__, "--one", str(pile), str(work)]
        if args.profile:
            cmd += ["--profile", args.profile]
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(proc.stdout[-2000:], proc.stderr[-4000:])
            sys.exit(f"size {n} failed")
        res = json.loads(line[7:])
        print(f"\n{n} pages: trafilatura {res['trafilatura_pps']:.1f} pages/s, analyze "
              f"{res['analyze_pps']:.2f} pages/s ({res['analyze_s']:.0f} s), ratio "
              f"{res['ratio']:.3f}, peak RSS {res['peak_rss_mb']:.0f} MB (largest worker "
              f"{res['peak_worker_rss_mb']:.0f} MB), "
              f"outputs {res['report_mb']:.1f} MB")
        print(f"  CPU time: trafilatura {res['trafilatura_cpu_s']:.1f} s, analyze "
              f"{res['analyze_cpu_s']:.1f} s, ratio {res['ratio_cpu']:.3f}")
        if prev is not None:
            print(f"  growth x{res['analyze_s'] / prev['analyze_s']:.2f} wall, "
                  f"x{res['analyze_cpu_s'] / prev['analyze_cpu_s']:.2f} CPU for "
                  f"x{n / prev['pages']:.1f} pages")
        print("  wall: " + ", ".join(f"{k} {v:.1f} s" for k, v in res["phases"].items()))
        print("  CPU:  " + ", ".join(f"{k} {v:.1f} s" for k, v in res["phases_cpu"].items()))
        print(f"  inputs {res['inputs']}, stories {res['stories']}, "
              f"relations {res['relations']}", flush=True)
        if args.json:
            with args.json.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"size": n, **res}) + "\n")
        prev = res
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
