"""Translated copies on SemEval 2022 task 8 pages and HFL's machine translations of them.

Data: ``../shared/eval/data/semeval2022-task8/hfl_sample/training_set.csv`` (read SOURCE.md
there; nothing is copied into the repository). Article ids in ``pair_id`` are
``<number><lang suffix>``: a suffix (``1484039360it``) marks HFL's machine translation of
article ``1484039360`` into that language. Pairs scored, all across two languages:

- positive: an original article and its translation;
- hard negative: an original article against the translation of its partner in a SemEval
  row (same story when the row's Overall <= 1.5, else another story), and a translation
  against its partner's original;
- original cross-language rows (de-en): two different reports, never a translation.

Prints precision / recall of "translated copy" (relation ``rewrite`` from the translation
rule), for the tuning half (article number even) and the check half (odd), for the old
cross-language path (greedy sentence match at cosine >= 0.7, the same-language classifier)
and the new one, plus a sweep of cosine x share on the tuning half.

    PYTHONPATH=src nice .venv/bin/python bench/provenance/translations.py [--sweep]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import re
import sys
import time
from pathlib import Path

import numpy as np

from storylens.provenance import translation as tr
from storylens.provenance.align import align_docs
from storylens.provenance.relate import relation, translation_relation
from storylens.provenance.semantic import cosine, embed_docs
from storylens.provenance.semantic import load as load_encoder
from storylens.provenance.text import Doc, make_doc, word_stats
from storylens.records import Article, SpinAssessment
from storylens.settings import ProvenanceSettings, Settings

DATA = (Path(__file__).resolve().parents[3] / "shared/eval/data/semeval2022-task8/hfl_sample"
        / "training_set.csv")
SAME_STORY = 1.5  # Overall <= 1.5: same story (1 = very similar, 4 = very dissimilar)


@dataclasses.dataclass
class Pair:
    a: str  # article keys: "<number>" (original) or "<number><lang>" (translation)
    b: str
    label: str  # "translation", "same-story", "other-story", "orig-cross"
    half: str  # "tune" / "check"


def load(path: Path) -> tuple[dict[str, tuple[str, str]], list[Pair]]:
    """Articles (key -> (language, text)) and the scored pairs."""
    csv.field_size_limit(10**8)
    arts: dict[str, tuple[str, str]] = {}
    rows: list[tuple[str, str, float]] = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            k1, k2 = r["pair_id"].split("_")
            for key, lang, text in ((k1, r["lang1"], r["text1"]), (k2, r["lang2"], r["text2"])):
                arts.setdefault(key, (lang, text))
            rows.append((k1, k2, float(r["Overall"])))

    def num(key: str) -> str:
        m = re.match(r"\d+", key)
        return m.group() if m else key

    def half(key: str) -> str:
        return "tune" if int(num(key)) % 2 == 0 else "check"

    pairs: list[Pair] = []
    seen: set[frozenset[str]] = set()

    def add(a: str, b: str, label: str) -> None:
        if a not in arts or b not in arts or arts[a][0] == arts[b][0]:
            return
        key = frozenset((a, b))
        if key in seen:
            return
        seen.add(key)
        pairs.append(Pair(a, b, label, half(a)))

    translations = [k for k in arts if not k.isdigit()]
    for t in translations:
        add(num(t), t, "translation")
    for k1, k2, overall in rows:
        label = "same-story" if overall <= SAME_STORY else "other-story"
        x, y = num(k1), num(k2)
        if x == y:
            continue
        if k1.isdigit() and k2.isdigit():
            add(x, y, "orig-cross")
        for t in (k for k in translations if num(k) == y):
            add(x, t, label)
        for t in (k for k in translations if num(k) == x):
            add(t, y, label)
    return arts, pairs


def score(preds: list[tuple[Pair, bool]], half: str) -> str:
    sel = [(p, d) for p, d in preds if half == "all" or p.half == half]
    tp = sum(d and p.label == "translation" for p, d in sel)
    fp = sum(d and p.label != "translation" for p, d in sel)
    pos = sum(p.label == "translation" for p, _ in sel)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / pos if pos else 0.0
    f = {lab: (sum(d for p, d in sel if p.label == lab), sum(p.label == lab for p, _ in sel))
         for lab in ("same-story", "other-story", "orig-cross")}
    neg = ", ".join(f"{lab} {x}/{n}" for lab, (x, n) in f.items())
    return f"P {prec:.2f} R {rec:.2f} ({tp}/{pos}; false: {neg})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("-v", action="store_true", help="list the errors of the translation rule")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"no data at {DATA}")
    arts, pairs = load(DATA)
    print(f"{len(pairs)} cross-language pairs: " + ", ".join(
        f"{lab} {sum(p.label == lab for p in pairs)}"
        for lab in ("translation", "same-story", "other-story", "orig-cross")))
    keys = sorted({k for p in pairs for k in (p.a, p.b)})
    pos = {k: i for i, k in enumerate(keys)}
    docs: list[Doc] = [make_doc(k, arts[k][1]) for k in keys]
    articles = [Article(id=k, source=k, title="", language=arts[k][0], body=arts[k][1])
                for k in keys]
    encoder = load_encoder(True)
    if encoder is None:
        sys.exit("the multilingual encoder (extra) is not installed")
    t0 = time.perf_counter()
    emb = embed_docs(docs, set(range(len(docs))), encoder)
    print(f"embedded {sum(len(d.sentences) for d in docs)} sentences of {len(docs)} pages "
          f"in {time.perf_counter() - t0:.0f} s")
    s = Settings().provenance
    freqs = word_stats()
    none = SpinAssessment()

    def run(ps: ProvenanceSettings, old: bool = False) -> list[tuple[Pair, bool]]:
        out = []
        for p in pairs:
            i, j = pos[p.a], pos[p.b]
            meaning = cosine(emb.get(i), emb.get(j))
            assert meaning is not None
            if old:
                als = align_docs(docs[i], docs[j], freqs, ps.min_similarity,
                                 ps.merge_containment, meaning, ps.meaning_min_cross_language,
                                 0.0)
                rel = relation(articles[i], articles[j], docs[i], docs[j], als, none, none,
                               freqs, ps)
            else:
                als = tr.align_translation(docs[i], docs[j], meaning, ps)
                rel = translation_relation(articles[i], articles[j], docs[i], docs[j], als, ps)
            out.append((p, rel.relation != "independent"))
        return out

    t0 = time.perf_counter()
    new = run(s)
    took = (time.perf_counter() - t0) / len(pairs) * 1000
    old = run(s, old=True)
    for name, preds in (("before (greedy, classify)", old), ("translation rule", new)):
        print(f"\n{name}")
        for half in ("tune", "check", "all"):
            print(f"  {half:5s} {score(preds, half)}")
    print(f"\nalignment + decision: {took:.1f} ms per pair (embeddings excluded)")
    if args.v:
        for p, derived in new:
            if derived != (p.label == "translation"):
                i, j = pos[p.a], pos[p.b]
                meaning = cosine(emb.get(i), emb.get(j))
                assert meaning is not None
                als = tr.align_translation(docs[i], docs[j], meaning, s)
                n, shorter = tr.translation_share(als, docs[i], docs[j], s)
                ia = tr.counted(docs[i].sentences, s.translation_max_sentences)
                ib = tr.counted(docs[j].sentences, s.translation_max_sentences)
                short = (meaning[np.ix_(ia, ib)] if len(ia) <= len(ib)
                         else meaning[np.ix_(ia, ib)].T)
                best = float(np.median(short.max(axis=1))) if short.size else 0.0
                print(f"  {p.label:12s} {p.half:5s} {p.a} {p.b} ({arts[p.a][0]}-{arts[p.b][0]})"
                      f": {n} of {shorter} aligned, sentences {len(docs[i].sentences)} / "
                      f"{len(docs[j].sentences)}, median best cosine {best:.2f}")
    if args.sweep:
        print("\nsweep on the tuning half (cosine x share), anchors on / off")
        keep = tr.anchors_agree
        for anchors in (True, False):
            tr.anchors_agree = keep if anchors else (lambda a, b: True)  # type: ignore[assignment]
            for c in (0.6, 0.65, 0.7, 0.75, 0.8):
                for sh in (0.3, 0.4, 0.5, 0.6):
                    ps = dataclasses.replace(s, translation_min_cosine=c,
                                             translation_min_share=sh)
                    preds = run(ps)
                    print(f"  anchors {anchors!s:5s} cos {c:.2f} share {sh:.1f}: "
                          f"{score(preds, 'tune')}")
        tr.anchors_agree = keep


if __name__ == "__main__":
    main()
