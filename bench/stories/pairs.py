"""Load the SemEval-2022 task 8 dev pairs (hfl_sample/training_set.csv) as Articles.

Only the original pairs (pair_id ``^\\d+_\\d+$``); the texts are title + body, the title
separated by two spaces (HFL's cleaning). Read at run time from ../shared; never copied.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from storylens.records import Article

CSV = (
    Path(__file__).resolve().parents[3]
    / "shared/eval/data/semeval2022-task8/hfl_sample/training_set.csv"
)


@dataclass(frozen=True)
class Pair:
    pair_id: str
    langs: str  # "en-en"
    a: Article
    b: Article
    overall: float  # 1 = same story .. 4 = unrelated


def _article(pid: str, text: str, lang: str) -> Article:
    title, _, body = text.partition("  ")
    if not body:
        title, body = "", text
    return Article(id=pid, source="semeval", title=title.strip(), body=body.strip(),
                   language=lang)


def load_pairs(path: Path = CSV, translated: bool = False) -> list[Pair]:
    """The original pairs; ``translated=True``: instead HFL's machine-translated copies of
    pairs (pair_id with a language suffix, e.g. ``..zh``; zh, it, ru, fr and cross-language
    pairs such as es-en, zh-en), which are never used for fitting (60 of the 487 are
    translations of original pairs that are)."""
    csv.field_size_limit(sys.maxsize)
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            pid = row["pair_id"]
            if bool(re.fullmatch(r"\d+_\d+", pid)) == translated:
                continue
            a_id, b_id = pid.split("_")
            out.append(Pair(
                pid, f"{row['lang1']}-{row['lang2']}",
                _article(a_id, row["text1"], row["lang1"]),
                _article(b_id, row["text2"], row["lang2"]),
                float(row["Overall"]),
            ))
    return out
