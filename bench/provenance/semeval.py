"""Relations on the SemEval 2022 task 8 English pairs, with and without the boilerplate guard.

Data: ``../shared/eval/data/semeval2022-task8/hfl_sample/training_set.csv`` (read SOURCE.md
there; nothing is copied into the repository). The 161 original en-en rows pair reports of
different outlets: same story when Overall <= 1.5, else different stories. None is a copy,
so every derived relation is a false one. The pile for the boilerplate guard is every
English original page of the file; its event stories are the same-story rows joined
(union-find), every other page a story of its own.

    PYTHONPATH=src nice .venv/bin/python bench/provenance/semeval.py [-v]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
from collections import Counter
from pathlib import Path

from storylens.provenance import _pair, mark_boilerplate
from storylens.provenance.semantic import cosine, embed_docs
from storylens.provenance.semantic import load as load_encoder
from storylens.provenance.text import make_doc, word_stats
from storylens.records import DERIVED_RELATIONS, Article, SpinAssessment
from storylens.settings import Settings

DATA = (Path(__file__).resolve().parents[3] / "shared/eval/data/semeval2022-task8/hfl_sample"
        / "training_set.csv")
SAME_STORY = 1.5


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", action="store_true", help="list the derived pairs")
    ap.add_argument("--min-stories", type=int, default=None,
                    help="boilerplate_min_stories (default: the setting)")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"no data at {DATA}")
    csv.field_size_limit(10**8)
    texts: dict[str, str] = {}
    rows: list[tuple[str, str, bool]] = []
    with DATA.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            k1, k2 = r["pair_id"].split("_")
            for k, lang, text in ((k1, r["lang1"], r["text1"]), (k2, r["lang2"], r["text2"])):
                if k.isdigit() and lang == "en":
                    texts.setdefault(k, text)
            if k1.isdigit() and k2.isdigit() and r["lang1"] == r["lang2"] == "en":
                rows.append((k1, k2, float(r["Overall"]) <= SAME_STORY))
    parent = {k: k for k in texts}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b, same in rows:
        if same:
            parent[find(a)] = find(b)
    keys = sorted(texts)
    story = {k: find(k) for k in keys}
    s = Settings().provenance
    if args.min_stories is not None:
        s = dataclasses.replace(s, boilerplate_min_stories=args.min_stories)
    plain = [make_doc(k, texts[k]) for k in keys]
    guarded = mark_boilerplate(plain, story, s)
    marked = Counter(len(d.boilerplate) for d in guarded)
    print(f"{len(keys)} English pages, {len(rows)} en-en pairs; pages with boilerplate "
          f"sentences: {sum(n for m, n in marked.items() if m)}")
    pos = {k: i for i, k in enumerate(keys)}
    wanted = {pos[k] for a, b, _ in rows for k in (a, b)}
    emb = embed_docs(plain, wanted, load_encoder(s.semantic))
    freqs = word_stats()
    none = SpinAssessment()
    arts = {k: Article(id=k, source=k, title="", language="en", body=texts[k]) for k in keys}
    for name, docs in (("without guard", plain), ("with guard", guarded)):
        derived = Counter()
        total = Counter(same for _, _, same in rows)
        for a, b, same in rows:
            i, j = pos[a], pos[b]
            rel = _pair(arts[a], arts[b], docs[i], docs[j], none, none, freqs, s,
                        cosine(emb.get(i), emb.get(j)))
            if rel.relation in DERIVED_RELATIONS:
                derived[same] += 1
                if args.v:
                    print(f"  {name}: {a} {b} same-story={same} {rel.relation} "
                          f"{'; '.join(rel.evidence[:3])}")
        print(f"{name}: derived {derived[True]} of {total[True]} same-story pairs, "
              f"{derived[False]} of {total[False]} different-story pairs")


if __name__ == "__main__":
    main()
