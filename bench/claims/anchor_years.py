"""How far the latest year a news article mentions lies from its publication year, and what
the anchor-year rule of decision 0404 (claims/anchor.py) would infer.

Data (measuring only, nothing stored or printed but counts): the English articles of the
SemEval-2022 task 8 sample with texts (../shared/eval/data/semeval2022-task8/hfl_sample), with
publication dates taken from the /YYYY/MM/DD/ paths of their URLs in the official pair lists
(../shared/eval/data/semeval2022-task8/official). Only articles with such a URL date are
scored.

1. Gap: publication year minus the latest year mentioned (``years_mentioned``, which drops
   "by 2030", "© 2024" ...). Negative: the article mentions a later year.
2. Rule: for each article, a pair made from its own publication date ("<weekday>, <month>
   <day>", as a page stating its day would give it) goes through ``infer_year`` with the
   article's lower bound; right / wrong / no inference, per window. This isolates the year
   rule (the lower bound and the calendar) from how often pages state such a pair.
3. Pairs the articles state themselves, and what the rule infers from them.

    PYTHONPATH=src .venv/bin/python bench/claims/anchor_years.py
"""

from __future__ import annotations

import collections
import contextlib
import csv
import datetime as dt
import re
import sys
from pathlib import Path

from storylens.claims.anchor import WeekdayDate, infer_year, weekday_dates, years_mentioned
from storylens.claims.lexicon import load_lexicon

DATA = Path(__file__).resolve().parents[3] / "shared/eval/data/semeval2022-task8"
LATEST = 2022  # the data was collected in 2020-2021; no later year may be inferred


def load() -> tuple[dict[str, str], dict[str, dt.date]]:
    csv.field_size_limit(sys.maxsize)
    texts: dict[str, str] = {}
    with (DATA / "hfl_sample/training_set.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not re.fullmatch(r"\d+_\d+", row["pair_id"]):
                continue  # machine-translated augmentations
            a, b = row["pair_id"].split("_")
            for aid, lang, text in ((a, row["lang1"], row["text1"]),
                                    (b, row["lang2"], row["text2"])):
                if lang == "en":
                    texts[aid] = text
    dates: dict[str, dt.date] = {}
    for name in ("semeval-2022_task8_train-data_batch_2.csv", "final_evaluation_data.csv"):
        with (DATA / "official" / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                a, b = row["pair_id"].split("_")
                for aid, link in ((a, row.get("link1") or ""), (b, row.get("link2") or "")):
                    m = re.search(r"/(20[12]\d)[/-](\d\d)[/-](\d\d)/", link)
                    if m:
                        with contextlib.suppress(ValueError):
                            dates[aid] = dt.date(int(m[1]), int(m[2]), int(m[3]))
    return texts, dates


def main() -> None:
    lex = load_lexicon()
    texts, dates = load()
    scored = {k: t for k, t in texts.items() if k in dates}
    print(f"English articles: {len(texts)}; with a URL date: {len(scored)}")
    gaps: collections.Counter[str] = collections.Counter()
    lower: dict[str, int | None] = {}
    for k, text in scored.items():
        years = years_mentioned(text, lex, LATEST)
        lower[k] = max(years) if years else None
        gaps["none" if lower[k] is None else str(dates[k].year - (lower[k] or 0))] += 1
    order = sorted(gaps, key=lambda g: (g == "none", int(g) if g != "none" else 0))
    print("publication year - latest year mentioned:",
          ", ".join(f"{g}: {gaps[g]}" for g in order))
    for window in (0, 1, 2, 3, 4, 6):
        out: collections.Counter[str] = collections.Counter()
        for k in scored:
            d = dates[k]
            pair = WeekdayDate(d.weekday(), d.month, d.day, "own date")
            year = infer_year([pair], lower[k], window, LATEST)
            out["none" if year is None else "right" if year == d.year else "wrong"] += 1
        print(f"window {window}: right {out['right']}, wrong {out['wrong']}, "
              f"no inference {out['none']}")
    stated = {k: weekday_dates(t, lex, k) for k, t in texts.items()}
    with_pairs = {k: p for k, p in stated.items() if p}
    print(f"articles stating a weekday + month-day pair: {len(with_pairs)} of {len(texts)}")
    result: collections.Counter[str] = collections.Counter()
    for k, pairs in with_pairs.items():
        years = years_mentioned(texts[k], lex, LATEST)
        year = infer_year(pairs, max(years) if years else None, 3, LATEST)
        truth = dates.get(k)
        result["none" if year is None else "unscored" if truth is None else
               "right" if year == truth.year else "wrong"] += 1
    print("  inferred from them (window 3):", dict(result))


if __name__ == "__main__":
    main()
