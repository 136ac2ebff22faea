"""Extraction on the real development families (../shared/eval/data/families-dev).

Each family runs through the real ``analyze`` job (bench/families_common.run_family: one JSONL
pile of the items' flattened page excerpts). Per family half (da+po: disasters and politics;
bs: business, sport, science) and overall:

- kept        : items that became articles (the rest were skipped as not article text);
- claim spans : share of the gold claim value spans (``claims[].values[].text``, hand-marked
  in each excerpt) found in the article's title + body, compared after folding case, quotes
  and whitespace: article text lost by extraction shows up here;
- repaired    : articles whose text ftfy repaired (``text_repair``), and how many of those
  still hold mojibake markers ("Ã", "â€") in the body afterwards.

    PYTHONPATH=src .venv/bin/python bench/extraction/families.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from families_common import load_families, run_family

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "`": "'", "–": "-", "—": "-"})
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€")


def fold(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


def main() -> int:
    t0 = time.time()
    rows: dict[str, list[int]] = {}  # half -> [items, kept, spans, spans found, repaired, left]
    for fam in load_families():
        half = "bs" if fam["id"].startswith("bs") else "da+po"
        run = run_family(fam)
        arts = {a.id: a for a in run.analysis.articles}
        r = rows.setdefault(half, [0, 0, 0, 0, 0, 0])
        r[0] += len(fam["items"])
        r[1] += sum(1 for i in fam["items"] if i["id"] in run.article_of)
        for claim in fam.get("claims", []):
            for v in claim["values"]:
                r[2] += 1
                aid = run.article_of.get(v["item"])
                if aid is not None and fold(v["text"]) in fold(arts[aid].text):
                    r[3] += 1
        for a in arts.values():
            if getattr(a, "text_repair", None):
                r[4] += 1
            if _MOJIBAKE.search(a.body):
                r[5] += 1
    rows["all"] = [sum(v[k] for v in rows.values()) for k in range(6)]
    print("| families | items | kept | claim spans found | repaired | mojibake left |")
    print("|---|---|---|---|---|---|")
    for half in ("da+po", "bs", "all"):
        n, kept, spans, found, rep, left = rows[half]
        print(f"| {half} | {n} | {kept} | {found}/{spans} ({found / spans:.3f}) | {rep} | "
              f"{left} |")
    print(f"({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
