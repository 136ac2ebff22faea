"""Provenance benchmark: alignment time per pair size, and the provenance pass over a large
synthetic pile versus the MinHash (LSH) pass alone.

Synthetic articles are made at run time from the dragnet gold texts (../shared/eval/data,
honest English pages; never stored): per original, a verbatim copy, a word-swapped "spin"
(one content word in three replaced by another word of similar frequency, names and numbers
kept) and a "rewrite" (sentences dropped and reordered, some words swapped).

    PYTHONPATH=src .venv/bin/python bench/provenance/run.py --align
    PYTHONPATH=src .venv/bin/python bench/provenance/run.py --pile 10000
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from storylens.provenance import run
from storylens.provenance.align import align_docs
from storylens.provenance.candidates import lsh_pairs
from storylens.provenance.relate import relation
from storylens.provenance.semantic import cosine, embed_docs
from storylens.provenance.semantic import load as load_encoder
from storylens.provenance.text import (
    frequencies,
    make_doc,
    split_sentences,
    word_stats,
    zipf,
)
from storylens.records import Analysis, Article, SpinAssessment
from storylens.settings import Settings

GOLD = Path(__file__).resolve().parents[3] / "shared/eval/data/dragnet/GoldStandard"


def originals(min_words: int = 150) -> list[str]:
    out = []
    for f in sorted(GOLD.glob("*.txt")):
        text = f.read_text(encoding="utf-8", errors="replace").split("!@#$%^&*() COMMENTS")[0]
        if len(text.split()) >= min_words:
            out.append(text.strip())
    return out


def swapper(freqs: dict[str, float], seed: int) -> dict[str, str]:
    """A fixed word -> word map between words of similar frequency (a crude thesaurus)."""
    rng = random.Random(seed)
    words = [w for w in freqs if w.isalpha() and 3.0 <= zipf(w, freqs) <= 6.0][:30000]
    by_band: dict[int, list[str]] = {}
    for w in words:
        by_band.setdefault(int(zipf(w, freqs) * 4), []).append(w)
    out = {}
    for band in by_band.values():
        shuffled = band[:]
        rng.shuffle(shuffled)
        out.update(zip(band, shuffled, strict=True))
    return out


def spin(text: str, table: dict[str, str], rng: random.Random, rate: float = 0.33) -> str:
    def one(word: str) -> str:
        low = word.lower()
        if word[:1].isupper() or low not in table or rng.random() > rate:
            return word
        return table[low]

    return "\n".join(" ".join(one(w) for w in line.split(" ")) for line in text.split("\n"))


def rewrite(text: str, table: dict[str, str], rng: random.Random) -> str:
    sents = [text[a:b].strip() for a, b in split_sentences(text)]
    kept = [s for s in sents if rng.random() > 0.3]
    if len(kept) > 3:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return spin(" ".join(kept), table, rng, rate=0.1)


def words_of(texts: list[str], n: int, start: int) -> str:
    out: list[str] = []
    k = start
    while len(out) < n:
        out.extend(texts[k % len(texts)].split(" "))
        k += 1
    return " ".join(out[:n])


def bench_align(texts: list[str], table: dict[str, str], repeats: int = 7) -> None:
    """Per pair: sentence splitting, the alignment (with the encoder's cosine matrix when
    the multilingual extra is installed, as a run does), alignment plus relation features,
    and, apart, embedding both pages' sentences (one batched encoder call; a run embeds all
    its articles in one call, so this cost is per article, not per pair)."""
    s = Settings().provenance
    freqs = word_stats()
    encoder = load_encoder(s.semantic)
    print("| words per article | pair | make_doc x2 (ms) | align (ms) | align + relation (ms) "
          "| embed both pages, batched (ms) |")
    print("|---|---|---|---|---|---|")
    for n in (300, 1000, 3000):
        base = words_of(texts, n, start=n)
        rng = random.Random(n)
        for kind, other in (("copy", base), ("spin", spin(base, table, rng))):
            t_doc, t_al, t_rel, t_emb = [], [], [], []
            for _ in range(repeats):
                t0 = time.perf_counter()
                da, db = make_doc("a", base), make_doc("b", other)
                t1 = time.perf_counter()
                emb = embed_docs([da, db], {0, 1}, encoder)
                t_emb.append(time.perf_counter() - t1)
                meaning = cosine(emb.get(0), emb.get(1))
                t1 = time.perf_counter()
                al = align_docs(da, db, freqs, s.min_similarity, s.merge_containment, meaning,
                                s.meaning_min, s.meaning_lexical)
                t2 = time.perf_counter()
                a = Article(id="a", source="a", title="", body=base)
                b = Article(id="b", source="b", title="", body=other)
                relation(a, b, da, db, al, SpinAssessment(), SpinAssessment(), freqs, s)
                t3 = time.perf_counter()
                t_doc.append(t1 - t0 - t_emb[-1])
                t_al.append(t2 - t1)
                t_rel.append(t3 - t1)
            emb_ms = f"{1000 * statistics.median(t_emb):.0f}" if encoder else "(no encoder)"
            print(
                f"| {n} | {kind} | {1000 * statistics.median(t_doc):.1f} | "
                f"{1000 * statistics.median(t_al):.1f} | {1000 * statistics.median(t_rel):.1f} "
                f"| {emb_ms} |"
            )


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_pile(texts: list[str], table: dict[str, str], n: int) -> None:
    rng = random.Random(7)
    arts: list[Article] = []
    k = 0
    while len(arts) < n:
        base = texts[k % len(texts)]
        if k >= len(texts):  # reuse an original with a different cut so it is a new story
            base = " ".join(base.split(" ")[k // len(texts) * 20 :])
        variants = [base, base, spin(base, table, rng), rewrite(base, table, rng)]
        for v, text in enumerate(variants):
            arts.append(Article(id=f"s{k}-{v}", source="bench", title="", body=text))
        k += 1
    arts = arts[:n]
    settings = Settings()
    s = settings.provenance
    freqs = word_stats()
    t0 = time.perf_counter()
    docs = [make_doc(a.id, a.text) for a in arts]
    t1 = time.perf_counter()
    pairs = lsh_pairs(docs, s, freqs)
    t2 = time.perf_counter()
    print(f"articles {len(arts)}; make_doc {t1 - t0:.1f}s; MinHash LSH pass {t2 - t1:.1f}s; "
          f"{len(pairs)} candidate pairs; peak RSS so far {peak_rss_mb():.0f} MB", flush=True)
    t3 = time.perf_counter()
    out = run(Analysis(articles=tuple(arts)), settings)
    t4 = time.perf_counter()
    kinds: dict[str, int] = {}
    for r in out.relations:
        kinds[r.relation] = kinds.get(r.relation, 0) + 1
    spun = sum(a.machine_spun.label for a in out.articles)
    print(f"full provenance pass {t4 - t3:.1f}s = {(t4 - t3) / (t2 - t1):.1f}x the LSH pass "
          f"({(t4 - t3) / (t2 - t0):.1f}x make_doc + LSH); relations {kinds}; "
          f"lineages {len(out.lineages)}; labelled spun {spun}")
    print(f"peak RSS {peak_rss_mb():.0f} MB (whole process: pile, the LSH pass above and run)")


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--align", action="store_true")
    p.add_argument("--pile", type=int, default=0)
    args = p.parse_args(argv)
    texts = originals()
    freqs = dict(frequencies())
    table = swapper(freqs, seed=3)
    if args.align:
        bench_align(texts, table)
    if args.pile:
        bench_pile(texts, table, args.pile)


if __name__ == "__main__":
    main(sys.argv[1:])
