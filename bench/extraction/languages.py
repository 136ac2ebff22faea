"""Text cleaner on plain-text pages in other languages: how much of the article it keeps.

    PYTHONPATH=src .venv/bin/python bench/extraction/languages.py [--per-lang 60]

There is no labelled extraction data outside English here, so the pages are built: each
SemEval-2022 dev text (news prose in ar, de, en, es, fr, it, pl, ru, tr, zh; read at run time
from ../shared, never stored) becomes a page of our own site chrome (a menu, a breadcrumb, a
share bar, a cookie line, related links, a footer: English words, written by us), its title on
one line and its body in paragraphs of three sentences, one paragraph per line (as a page
renders to text). Printed per language:
pages kept as articles, body recall (share of the article's sentences in the output), chrome
leak (share of chrome lines in the output), and the median stopword share of its sentences
(what the line classifier's stop_low / stop_high thresholds are compared with).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stories"))
from pairs import load_pairs

from storylens.extract import extract
from storylens.extract.meta import stopwords, tokens
from storylens.records import Page, Rejection
from storylens.settings import Settings

CHROME_TOP = ["Home | World | Politics | Business | Sport | Culture | Opinion",
              "Home > News > World", "Share on Facebook | Share on X | Email"]
CHROME_BOTTOM = ["Related stories", "Markets close higher on Friday",
                 "Weather: storms expected this weekend",
                 "We use cookies to improve your experience. Accept all | Manage settings",
                 "About us | Contact | Privacy policy | Terms of use",
                 "Copyright 2031 Example Media Group. All rights reserved."]
_SENT = re.compile(r"(?<=[.!?。！？])\s*")


def page_text(title: str, body: str) -> tuple[str, list[str]]:
    sents = [s.strip() for s in _SENT.split(body) if len(s.strip()) > 15]
    paras = [" ".join(sents[k:k + 3]) for k in range(0, len(sents), 3)]
    head = "\n".join(CHROME_TOP) + ("\n\n" + title if title else "")
    return head + "\n\n" + "\n\n".join(paras) + "\n\n" + "\n".join(CHROME_BOTTOM), sents


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-lang", type=int, default=60)
    args = ap.parse_args()
    settings = Settings()
    stats: dict[str, list[tuple[bool, float, float, float]]] = defaultdict(list)
    seen: set[str] = set()
    for p in load_pairs() + load_pairs(translated=True):
        for a in (p.a, p.b):
            lang = a.language or "en"
            if a.id in seen or len(stats[lang]) >= args.per_lang or len(a.body) < 300:
                continue
            seen.add(a.id)
            text, sents = page_text(a.title, a.body)
            page = Page(id=a.id, source=a.id, kind="text", content=text, content_hash=a.id)
            out = extract(page, settings)
            stop = stopwords(lang, settings.extract.stoplist_size)
            shares = [sum(t in stop for t in tk) / len(tk) for s in sents
                      if (tk := tokens(s, lang))]
            share = float(np.median(shares)) if shares else 0.0
            if isinstance(out, Rejection):
                stats[lang].append((False, 0.0, 0.0, share))
                continue
            body = " ".join(out.body.split())
            recall = sum(1 for s in sents if " ".join(s.split()) in body) / max(1, len(sents))
            chrome = CHROME_TOP + CHROME_BOTTOM
            leak = sum(1 for c in chrome if c in out.body) / len(chrome)
            stats[lang].append((True, recall, leak, share))
    print("| lang | pages | kept | body recall | chrome leak | median stopword share |")
    print("|---|---|---|---|---|---|")
    for lang in sorted(stats):
        rows = stats[lang]
        kept = [r for r in rows if r[0]]
        print(f"| {lang} | {len(rows)} | {len(kept)} | "
              f"{np.mean([r[1] for r in rows]):.3f} | "
              f"{np.mean([r[2] for r in kept]) if kept else 0:.3f} | "
              f"{np.median([r[3] for r in rows]):.3f} |")


if __name__ == "__main__":
    main()
