"""Framing on the real development families: actor recall, referent precision, loaded terms.

Gold: ``../shared/eval/data/families-dev/framing.json`` (per family: actors and actions, the
exact phrases each item uses for them, and the loaded phrases). Each family is analysed as one
pile (bench/families_common.py); the framing records of all its stories are pooled.

Measures (the issue's definitions; phrases compared after normalisation: case, quotes,
leading determiner/possessive, whitespace):

- actor recall: a gold actor is found when one referent's terms (all outlets pooled) match
  at least two of the actor's distinct gold terms (one, when the actor has only one);
- unmatched referents: referents none of whose terms matches any gold actor or action term;
- loaded recall: a gold loaded phrase is found when a term flagged delegitimising or
  legitimising equals it, or one contains the other at word boundaries;
- false flags: distinct flagged terms (per family) that match no gold loaded phrase.

``strict`` compares normalised phrases for equality; ``lenient`` also accepts one phrase
inside the other at word boundaries ("killed" ~ "were killed"). Both are printed.

    PYTHONPATH=src python bench/framing/families.py [--only da] [--cache /tmp/fam-cache]
      [--show da01]

``--cache`` keeps each family's analysis (before framing is re-run) in a pickle so framing
changes can be measured without re-running the whole pipeline; the text stays in /tmp.
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from families_common import load_families, load_framing, run_family

from storylens import framing
from storylens.records import Analysis
from storylens.settings import load_settings

_DET = re.compile(r"^(?:the|a|an|his|her|its|their|our|this|that|these|those)\s+")
FLAG_CATEGORIES = frozenset({"delegitimising", "legitimising", "marked"})


def norm(phrase: str) -> str:
    p = phrase.replace("’", "'").replace("‘", "'").casefold()
    p = " ".join(p.split()).strip(" ,.;:()\"'")
    return _DET.sub("", p)


def inside(a: str, b: str) -> bool:
    """a equals b or occurs in b at word boundaries."""
    return a == b or re.search(rf"(?<!\w){re.escape(a)}(?!\w)", b) is not None


def match(a: str, b: str, lenient: bool) -> bool:
    if not a or not b:
        return False
    return a == b or (lenient and (inside(a, b) or inside(b, a)))


def gold_terms(entry: dict[str, Any]) -> set[str]:
    return {norm(t) for ts in entry["terms"].values() for t in ts} - {""}


def referents(analysis: Analysis) -> list[tuple[str, set[str], set[str]]]:
    """(label, all terms, flagged terms) per framing record."""
    out = []
    for f in analysis.framing:
        terms: set[str] = set()
        flagged: set[str] = set()
        for o in f.outlets:
            terms.update(norm(t) for t in o.terms)
            flagged.update(norm(t) for t, cat in o.loaded if cat in FLAG_CATEGORIES)
        out.append((f.referent, terms, flagged))
    return out


@dataclasses.dataclass
class Score:
    actors: int = 0
    actors_found: int = 0
    refs: int = 0
    refs_unmatched: int = 0
    loaded: int = 0
    loaded_found: int = 0
    flags: int = 0
    false_flags: int = 0

    def add(self, o: Score) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(o, f.name))

    def line(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:5.1f}%" if b else "   n/a"
        actors = pct(self.actors_found, self.actors)
        refs = pct(self.refs_unmatched, self.refs)
        loaded = pct(self.loaded_found, self.loaded)
        return (
            f"{name:<8} actors {self.actors_found:3d}/{self.actors:3d} {actors}"
            f" | unmatched refs {self.refs_unmatched:3d}/{self.refs:3d} {refs}"
            f" | loaded {self.loaded_found:2d}/{self.loaded:2d} {loaded}"
            f" | flags {self.flags:3d} false {self.false_flags:3d}"
        )


def score_family(
    analysis: Analysis, gold: dict[str, Any], lenient: bool, show: bool = False
) -> Score:
    s = Score()
    refs = referents(analysis)
    entries = [*gold["actors"], *gold["actions"]]
    all_gold = [gold_terms(e) for e in entries]
    for actor in gold["actors"]:
        gt = gold_terms(actor)
        need = min(2, len(gt))
        s.actors += 1
        hit = any(
            sum(1 for g in gt if any(match(t, g, lenient) for t in terms)) >= need
            for _, terms, _ in refs
        )
        s.actors_found += hit
        if show:
            print(f"  {'+' if hit else '-'} actor {actor['referent'][:50]!r}: {sorted(gt)[:6]}")
    for label, terms, _ in refs:
        s.refs += 1
        ok = any(match(t, g, lenient) for gt in all_gold for g in gt for t in terms)
        s.refs_unmatched += not ok
        if show:
            print(f"  {'=' if ok else 'x'} referent {label!r}: {sorted(terms)[:8]}")
    gold_loaded = {norm(p) for e in entries for p in e.get("loaded", ())}
    flagged = set().union(*(f for _, _, f in refs)) if refs else set()
    for g in gold_loaded:
        s.loaded += 1
        s.loaded_found += any(match(t, g, True) for t in flagged)
    for t in flagged:
        s.flags += 1
        false = not any(match(t, g, True) for g in gold_loaded)
        s.false_flags += false
        if show:
            print(f"  {'!' if false else '*'} flag {t!r}")
    if show:
        print(f"  gold loaded: {sorted(gold_loaded)}")
    return s


def analyses(
    only: str | None, cache: Path | None, overrides: dict[str, Any]
) -> Iterable[tuple[str, Analysis]]:
    settings = load_settings()
    for fam in load_families(only):
        path = cache / f"{fam['id']}.pkl" if cache else None
        if path is not None and path.exists():
            analysis: Analysis = pickle.loads(path.read_bytes())
        else:
            analysis = run_family(fam, settings).analysis
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pickle.dumps(analysis))
        yield fam["id"], framing.run(analysis, settings.with_overrides(overrides))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="family id prefix (da, po, bs, da01)")
    ap.add_argument("--cache", type=Path, help="pickle folder for analyses (outside the repo)")
    ap.add_argument("--show", help="print referents and flags of families with this prefix")
    ap.add_argument("--show-mode", default="lenient", choices=("strict", "lenient"))
    ap.add_argument("--set", action="append", default=[],
                    help="framing setting override, e.g. max_actors=5 (repeatable)")
    args = ap.parse_args()
    overrides: dict[str, Any] = {}
    for kv in args.set:
        k, v = kv.split("=", 1)
        overrides[f"framing.{k}"] = float(v) if "." in v else int(v)
    gold = load_framing()
    halves = {"da+po": ("da", "po"), "bs": ("bs",)}
    totals = {
        mode: {h: Score() for h in [*halves, "all"]} for mode in ("strict", "lenient")
    }
    for fid, analysis in analyses(args.only, args.cache, overrides):
        show = bool(args.show and fid.startswith(args.show))
        if show:
            print(f"== {fid}")
        for mode in totals:
            sc = score_family(analysis, gold[fid], mode == "lenient",
                              show and mode == args.show_mode)
            for h, prefixes in halves.items():
                if fid.startswith(prefixes):
                    totals[mode][h].add(sc)
            totals[mode]["all"].add(sc)
    for mode, by_half in totals.items():
        print(f"-- {mode}")
        for h, sc in by_half.items():
            print(sc.line(h))


if __name__ == "__main__":
    main()
