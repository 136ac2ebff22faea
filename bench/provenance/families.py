"""Provenance on the real development families: same-lineage pair P/R/F1 and spin P/R.

Each family runs through the real ``analyze`` job (``bench/families_common.py``). Pairs:
``lineages[]`` of analysis.json turned into unordered item pairs, compared with
``gold_lineage_pairs`` (derived_from chains plus copies of one shared source). Spin: an
article's ``machine_spun.label`` against the item kind (machine-spun or machine-paraphrase).
Items the extraction skipped count as missed (their pairs as false negatives).

Figures are printed overall, for the da*+po* half and for the bs* half (tune on one half,
check on the other).

    PYTHONPATH=src nice .venv/bin/python bench/provenance/families.py
    PYTHONPATH=src nice .venv/bin/python bench/provenance/families.py --cache /tmp/famcache -v
    PYTHONPATH=src nice .venv/bin/python bench/provenance/families.py --cache /tmp/famcache --show

``--show`` prints the miss table: every spun or paraphrased page missed (or falsely labelled)
with its kind, whether a sibling or source of it is in the pile, its spin score and the best
relation the stage found to that sibling; then every pair error with its type.

``--cache DIR`` keeps each family's analysis *before* provenance (articles and stories, as
JSON in DIR, outside the repository; the text is third-party) and re-runs only the
provenance stage on later calls: seconds instead of a minute while tuning. Delete DIR after
changing anything upstream of provenance.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from families_common import gold_lineage_pairs, lineage_roots, load_families, run_family

from storylens import provenance
from storylens.provenance.semantic import load as load_encoder
from storylens.records import DERIVED_RELATIONS, Analysis, Relation
from storylens.settings import Settings, load_settings

SPUN_KINDS = ("machine-spun", "machine-paraphrase")


def _pre_provenance(fam: dict[str, Any], settings: Settings, cache: Path | None
                    ) -> tuple[Analysis, dict[str, str]]:
    """The family's analysis with relations/lineages/spin cleared, and article -> item."""
    path = cache / f"{fam['id']}.json" if cache else None
    if path and path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        return Analysis.from_dict(data["analysis"]), data["item_of"]
    run = run_family(fam, settings)
    a = run.analysis
    arts = tuple(dataclasses.replace(x, machine_spun=type(x.machine_spun)()) for x in a.articles)
    a = Analysis(articles=arts, inputs=a.inputs, stories=a.stories)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"analysis": a.to_dict(), "item_of": run.item_of}),
                        encoding="utf-8")
    return a, run.item_of


@dataclasses.dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    s_tp: int = 0
    s_fp: int = 0
    s_fn: int = 0

    def add(self, o: Counts) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(o, f.name))

    def line(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        sp = self.s_tp / (self.s_tp + self.s_fp) if self.s_tp + self.s_fp else 0.0
        sr = self.s_tp / (self.s_tp + self.s_fn) if self.s_tp + self.s_fn else 0.0
        return (f"| {name} | {p:.2f} | {r:.2f} | {f1:.2f} | {self.tp} / {self.fp} / {self.fn} "
                f"| {sp:.2f} | {sr:.2f} | {self.s_tp} / {self.s_fp} / {self.s_fn} |")


def score_family(fam: dict[str, Any], analysis: Analysis, item_of: dict[str, str],
                 verbose: bool) -> Counts:
    items = {i["id"]: i for i in fam["items"]}
    pred: set[frozenset[str]] = set()
    for lin in analysis.lineages:
        members = sorted(item_of[a] for a in lin.articles if a in item_of)
        pred.update(frozenset((x, y)) for k, x in enumerate(members) for y in members[k + 1:])
    gold = gold_lineage_pairs(fam)
    c = Counts(tp=len(pred & gold), fp=len(pred - gold), fn=len(gold - pred))
    labelled = {item_of[a.id]: a.machine_spun for a in analysis.articles if a.id in item_of}
    for iid, item in items.items():
        want = item["kind"] in SPUN_KINDS
        got = iid in labelled and labelled[iid].label
        c.s_tp += want and got
        c.s_fp += got and not want
        c.s_fn += want and not got
    if verbose:
        kinds = {i: items[i]["kind"] for i in items}
        rel = {frozenset((item_of.get(r.a, r.a), item_of.get(r.b, r.b))): r
               for r in analysis.relations}
        for pair in sorted(pred ^ gold, key=sorted):
            x, y = sorted(pair)
            tag = "FP" if pair in pred else "FN"
            r = rel.get(pair)
            why = f"{r.relation} {r.score:.2f} {'; '.join(r.evidence[:3])}" if r else "no relation"
            print(f"  {tag} {x}({kinds[x]}) {y}({kinds[y]}): {why}")
        for iid, item in items.items():
            sp = labelled.get(iid)
            want = item["kind"] in SPUN_KINDS
            if sp is None:
                if want:
                    print(f"  SPIN-MISS {iid}({item['kind']}): not extracted")
                continue
            if want != sp.label:
                tag = "SPIN-FP" if sp.label else "SPIN-MISS"
                print(f"  {tag} {iid}({item['kind']}) score {sp.score:.2f} {list(sp.evidence)[:6]}")
    return c


def _rel_summary(r: Relation | None) -> str:
    """Kind, score and the alignment's meaning profile of one relation (for ``--show``)."""
    if r is None:
        return "no relation kept (not a candidate, or independent outside one event)"
    cos = sorted((al.meaning for al in r.alignments), reverse=True)
    strong = next((e.split(" strong")[0] for e in r.evidence if "strong aligned" in e), "-")
    rew = next((e.split(" aligned")[0] for e in r.evidence if "reworded" in e), "-")
    prof = "/".join(str(sum(c >= t for c in cos)) for t in (0.8, 0.7, 0.6))
    return (f"{r.relation} {r.score:.2f}, chain {strong}, reworded {rew}, "
            f"cos>=.8/.7/.6 {prof} of {len(cos)}")


def _error_type(tag: str, x: str, y: str, items: dict[str, Any], roots: dict[str, str],
                gold: set[frozenset[str]], direct: Relation | None,
                extracted: set[str]) -> str:
    """A short name for a pair error (``--show``)."""
    if tag == "FN":
        if x not in extracted or y not in extracted:
            return "item not extracted"
        if direct is None:
            return "no direct relation kept, not joined through others"
        if direct.relation in DERIVED_RELATIONS:
            return "derived but dropped"  # cannot happen: kept for completeness
        return f"pair called {direct.relation}"
    lone = [i for i in (x, y) if not any(i in p for p in gold)]
    via = "direct edge" if direct is not None and direct.relation in DERIVED_RELATIONS \
        else "joined through other pages"
    if lone:
        kinds = ", ".join(f"{i} {items[i]['kind']}" for i in lone)
        return f"gold-lone page joined ({kinds}; {via})"
    return f"two gold lineages joined (roots {roots[x]}, {roots[y]}; {via})"


def directions(fam: dict[str, Any], analysis: Analysis, item_of: dict[str, str]
               ) -> tuple[Counter[str], list[str]]:
    """Direction of the derived relations whose two items the gold links by ``derived_from``:
    counts of right / wrong / none (no direction given), and a row per wrong one with the
    reason the stage gave (``--show``)."""
    items = {i["id"]: i for i in fam["items"]}
    counts: Counter[str] = Counter()
    rows: list[str] = []
    for r in analysis.relations:
        x, y = item_of.get(r.a), item_of.get(r.b)
        if r.relation not in DERIVED_RELATIONS or x is None or y is None:
            continue
        if items[y].get("derived_from") == x:
            want = "a->b"
        elif items[x].get("derived_from") == y:
            want = "b->a"
        else:
            continue
        tag = "none" if r.direction is None else ("right" if r.direction == want else "wrong")
        counts[tag] += 1
        if tag == "wrong":
            why = r.evidence[-1] if r.evidence else "-"
            copy = y if want == "a->b" else x
            rows.append(f"| direction wrong | {x} {y} | {items[x]['kind']} / {items[y]['kind']} "
                        f"| {r.relation}: {why} | - | gold: {copy} derives from the other |")
    return counts, rows


def show_family(fam: dict[str, Any], analysis: Analysis, item_of: dict[str, str]) -> list[str]:
    """Markdown rows of the miss table for one family (spin errors, then pair errors)."""
    items = {i["id"]: i for i in fam["items"]}
    gold = gold_lineage_pairs(fam)
    roots = lineage_roots(fam)
    extracted = set(item_of.values())
    rel = {frozenset((item_of.get(r.a, r.a), item_of.get(r.b, r.b))): r
           for r in analysis.relations}
    pred: set[frozenset[str]] = set()
    for lin in analysis.lineages:
        members = sorted(item_of[a] for a in lin.articles if a in item_of)
        pred.update(frozenset((x, y)) for k, x in enumerate(members) for y in members[k + 1:])
    labelled = {item_of[a.id]: a.machine_spun for a in analysis.articles if a.id in item_of}
    rows: list[str] = []
    for iid, item in items.items():
        want = item["kind"] in SPUN_KINDS
        sp = labelled.get(iid)
        got = bool(sp and sp.label)
        if want == got:
            continue
        sibs = sorted(next(iter(p - {iid})) for p in gold if iid in p)
        src = item.get("derived_from") or item.get("shared_source") or "-"
        where = f"yes: {', '.join(sibs)}" if sibs else f"no (source {src} absent)"
        best = max((rel.get(frozenset((iid, o))) for o in sibs), default=None,
                   key=lambda r: (r is not None, r.score if r else 0.0))
        score = "not extracted" if sp is None else f"{sp.score:.2f} ({len(sp.evidence)} items)"
        tag = "spin miss" if want else "spin FP"
        rows.append(f"| {tag} | {iid} | {item['kind']} | {where} | {score} "
                    f"| {_rel_summary(best) if sibs else '-'} |")
    for pair in sorted(pred ^ gold, key=sorted):
        x, y = sorted(pair)
        tag = "FP" if pair in pred else "FN"
        r = rel.get(pair)
        kinds = f"{items[x]['kind']} / {items[y]['kind']}"
        rows.append(f"| pair {tag} | {x} {y} | {kinds} "
                    f"| {_error_type(tag, x, y, items, roots, gold, r, extracted)} | - "
                    f"| {_rel_summary(r)} |")
    return rows


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep pre-provenance analyses here (outside the repository)")
    ap.add_argument("--only", default=None, help="family id prefix (da, po, bs, da01)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every error")
    ap.add_argument("--show", action="store_true",
                    help="print the miss table (spin misses and pair errors, with types)")
    args = ap.parse_args(list(argv) if argv is not None else None)
    settings = load_settings()
    encoder = load_encoder(settings.provenance.semantic)  # once, not per family
    halves = {"da+po": Counts(), "bs": Counts()}
    t0 = time.perf_counter()
    prov_time = 0.0
    table: list[str] = []
    dir_counts: Counter[str] = Counter()
    for fam in load_families(args.only):
        pre, item_of = _pre_provenance(fam, settings, args.cache)
        t1 = time.perf_counter()
        analysis = provenance.run(pre, settings, encoder)
        prov_time += time.perf_counter() - t1
        if args.verbose:
            print(fam["id"], fam["event"][:70])
        c = score_family(fam, analysis, item_of, args.verbose)
        if args.show:
            table += show_family(fam, analysis, item_of)
            counts, wrong = directions(fam, analysis, item_of)
            dir_counts.update(counts)
            table += wrong
        halves["bs" if fam["id"].startswith("bs") else "da+po"].add(c)
    total = Counts()
    for c in halves.values():
        total.add(c)
    print("| families | pair P | pair R | pair F1 | tp / fp / fn | spin P | spin R "
          "| spin tp / fp / fn |")
    print("|---|---|---|---|---|---|---|---|")
    print(total.line("all 24"))
    for name, c in halves.items():
        print(c.line(name))
    if args.show:
        print()
        print("| error | item(s) | kind | sibling in pile / error type | spin score "
              "| best relation to a sibling (pair: the direct relation) |")
        print("|---|---|---|---|---|---|")
        print("\n".join(table))
        print(f"\nDirections of derived relations between gold derived_from pairs: "
              f"{dir_counts['right']} right, {dir_counts['wrong']} wrong, "
              f"{dir_counts['none']} none given")
    print(f"(total {time.perf_counter() - t0:.1f} s, provenance stage {prov_time:.1f} s)")


if __name__ == "__main__":
    main()
