"""The four claim figures of issue 14 on the real development families.

Runs each family of ``../shared/eval/data/families-dev`` through the real ``analyze`` job
(bench/families_common.py), then scores ``claims[]`` and ``claim_groups[]`` against the gold
claim groups. Prints counts only (no text of the families).

How a gold value is matched to our claims: a gold value is (item, exact text span, value).
Its item is mapped to our article (by URL). The candidate claims are that article's claims
whose sentence (``Claim.text``) overlaps the span: the span is inside the sentence, the
sentence inside the span, or they share a run of at least 20 characters (sentences are cut
to ``max_text_chars`` and extraction may change spacing). Among the candidates, the claim
whose value equals the gold value (numbers: within 0.5% after the unit's scale, "USD
billion" = 1e9; dates: the same yyyymmdd / yyyymm; clock times "hhmm" as minutes of the
day; durations in days within 2%, "12 months" = "one year") is the match. Without a value match the
gold value is unmapped (we did not read that figure); a gold value may match several of our
claims (a sentence read twice), all of them count.

The figures (issue 14):

- agreements grouped: a gold ``agree`` group is grouped when two of its values from two
  different pages map to claims in one of our groups with status ``agree``;
- conflicts found: a gold ``conflict`` group is found when two of its incompatible values
  (gold intervals under their qualifiers do not overlap: "about" +-10%, a clock time
  "about" +-15 minutes, "more than"/"at least" open above, "up to" from 0) map to claims
  in one of our groups with status ``conflict`` or ``attributed-dispute``;
- false conflicts: one of our groups with status ``conflict`` is false unless two of its
  claims (on different pages) map to values of one gold ``conflict`` group;
- updates found: a gold ``update`` group is found when two of its values with different
  values map to claims in one of our groups with status ``update``.

Also printed: gold ``different-measure`` groups whose two values of different measures (a
different scope, or a different value when no scope is given) land in one of our groups
that is not ``different-measure``/``single`` (wrongly merged), gold ``different-measure``
groups whose two such values land in one of our ``different-measure`` groups (shown), and
how many gold values map
to a claim at all.

    cd WT && PYTHONPATH=src nice /work/main/.venv/bin/python bench/claims/families.py
    # --cache DIR: keep each family's analysis (pickled) and re-run only the claims stage
    # --only da: families whose id starts with "da"; --verbose: per-group lines (ids only)
    # --show conflict,update: a miss table by cause for those gold statuses, with each
    #   value's span and what we read there (prints family text: for local diagnosis only,
    #   never paste it into the repository)
"""

from __future__ import annotations

import argparse
import dataclasses
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from families_common import load_families, run_family

from storylens import claims
from storylens.claims.numbers import DURATION_DAYS
from storylens.records import Analysis, Claim
from storylens.settings import load_settings

_SCALES = {"billion": 1e9, "million": 1e6, "thousand": 1e3}
_BIG = float("inf")


def _scaled(v: dict[str, Any]) -> float | None:
    value = v.get("value")
    if not isinstance(value, (int, float)):
        return None
    unit = str(v.get("unit") or "")
    for word, scale in _SCALES.items():
        if word in unit:
            return float(value) * scale
    return float(value)


def _is_date(v: dict[str, Any]) -> str | None:
    unit = str(v.get("unit") or "")
    if unit in {"yyyymmdd", "yyyymm"}:
        s = str(v["value"])
        return f"{s[:4]}-{s[4:6]}-{s[6:8]}" if len(s) == 8 else f"{s[:4]}-{s[4:6]}"
    return None


def _overlaps(span: str, sentence: str) -> bool:
    if span in sentence or sentence in span:
        return True
    n = 20
    return any(span[i:i + n] in sentence for i in range(0, max(1, len(span) - n + 1)))


# Gold durations in days per unit, and our claims' duration units (numbers.DURATION_DAYS).
_GOLD_DAYS = {"seconds": 1 / 86400, "minutes": 1 / 1440, "hours": 1 / 24, "days": 1.0,
              "weeks": 7.0, "months": 30.44, "years": 365.25}


def _value_match(v: dict[str, Any], c: Claim) -> bool:
    date = _is_date(v)
    if date is not None:
        return c.date is not None and c.date.startswith(date)
    gold = _scaled(v)
    if gold is None or c.value is None:
        return False
    unit = str(v.get("unit") or "")
    if unit.startswith("hhmm"):  # gold clock time 1804 = 18:04; ours: minutes of the day
        gold = (gold // 100) * 60 + gold % 100
    elif unit in _GOLD_DAYS and c.unit in DURATION_DAYS:  # "12 months" = "one year"
        gold, value = gold * _GOLD_DAYS[unit], c.value * DURATION_DAYS[c.unit]
        return abs(value - gold) <= 0.02 * gold
    return abs(c.value - gold) <= 0.005 * max(abs(gold), 1e-9)


def map_values(family: dict[str, Any], analysis: Analysis,
               article_of: dict[str, str]) -> dict[tuple[str, int], set[str]]:
    """(gold group id, value index) -> our claim ids."""
    by_article: dict[str, list[Claim]] = {}
    for c in analysis.claims:
        by_article.setdefault(c.article, []).append(c)
    out: dict[tuple[str, int], set[str]] = {}
    for g in family["claims"]:
        for k, v in enumerate(g["values"]):
            art = article_of.get(v["item"])
            hits = {c.id for c in by_article.get(art or "", [])
                    if _overlaps(v["text"], c.text) and _value_match(v, c)}
            if hits:
                out[(g["id"], k)] = hits
    return out


def _interval(v: dict[str, Any]) -> tuple[float, float] | None:
    x = _scaled(v)
    if x is None:
        return None
    if str(v.get("unit") or "").startswith("hhmm"):  # a clock time: minutes, "about" +-15
        x = (x // 100) * 60 + x % 100
        match v.get("qualifier"):
            case "about":
                return x - 15, x + 15
            case "more than" | "at least":
                return x, x + 15
            case "up to":
                return x - 15, x
        return x, x
    match v.get("qualifier"):
        case "more than":
            return x, _BIG
        case "at least":
            return x, _BIG
        case "up to":
            return 0.0, x
        case "about":
            return 0.9 * x, 1.1 * x
    return x, x


def incompatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return a.get("value") != b.get("value")
    if ia == ib:
        return False
    if ia[0] == ia[1] and ib[0] == ib[1]:
        return ia[0] != ib[0]
    return ia[1] < ib[0] or ib[1] < ia[0]


@dataclasses.dataclass
class Score:
    agree: list[int] = dataclasses.field(default_factory=lambda: [0, 0])
    conflict: list[int] = dataclasses.field(default_factory=lambda: [0, 0])
    raised: list[int] = dataclasses.field(default_factory=lambda: [0, 0])  # false, raised
    update: list[int] = dataclasses.field(default_factory=lambda: [0, 0])
    dm_merged: list[int] = dataclasses.field(default_factory=lambda: [0, 0])
    dm_shown: list[int] = dataclasses.field(default_factory=lambda: [0, 0])
    mapped: list[int] = dataclasses.field(default_factory=lambda: [0, 0])
    disputes: int = 0
    statuses: Counter[str] = dataclasses.field(default_factory=Counter)

    def add(self, other: Score) -> None:
        for name in ("agree", "conflict", "raised", "update", "dm_merged", "dm_shown",
                     "mapped"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        self.disputes += other.disputes
        self.statuses.update(other.statuses)


def score_family(family: dict[str, Any], analysis: Analysis, article_of: dict[str, str],
                 verbose: bool = False) -> Score:
    s = Score()
    mapping = map_values(family, analysis, article_of)
    group_of: dict[str, list[tuple[str, str]]] = {}
    for grp in analysis.claim_groups:
        s.statuses[grp.status] += 1
        for cid in grp.claims:
            group_of.setdefault(cid, []).append((grp.id, grp.status))
    art_of_claim = {c.id: c.article for c in analysis.claims}

    def groups_of(g: str, k: int) -> set[tuple[str, str]]:
        return {x for cid in mapping.get((g, k), ()) for x in group_of.get(cid, [])}

    def joint(g: dict[str, Any], statuses: set[str], pair_ok: Any) -> bool:
        vals = g["values"]
        for i in range(len(vals)):
            for j in range(i + 1, len(vals)):
                if not pair_ok(vals[i], vals[j]):
                    continue
                common = groups_of(g["id"], i) & groups_of(g["id"], j)
                if any(st in statuses for _, st in common):
                    return True
        return False

    for g in family["claims"]:
        n = len(g["values"])
        s.mapped[1] += n
        s.mapped[0] += sum(1 for k in range(n) if (g["id"], k) in mapping)
        st = g["status"]
        found = False
        if st == "agree":
            found = joint(g, {"agree"}, lambda a, b: a["item"] != b["item"])
            s.agree[0] += found
            s.agree[1] += 1
        elif st == "conflict":
            found = joint(g, {"conflict", "attributed-dispute"}, incompatible)
            s.conflict[0] += found
            s.conflict[1] += 1
        elif st == "update":
            found = joint(g, {"update"}, lambda a, b: a.get("value") != b.get("value"))
            s.update[0] += found
            s.update[1] += 1
        elif st == "different-measure":
            found = joint(g, {"agree", "conflict", "attributed-dispute", "update"},
                          lambda a, b: (a.get("scope") != b.get("scope")) if (
                              a.get("scope") or b.get("scope")) else
                          a.get("value") != b.get("value"))
            s.dm_merged[0] += found
            s.dm_merged[1] += 1
            shown = joint(g, {"different-measure"}, lambda a, b: (
                a.get("scope") != b.get("scope")) if (a.get("scope") or b.get("scope"))
                else a.get("value") != b.get("value"))
            s.dm_shown[0] += shown
            s.dm_shown[1] += 1
        if verbose:
            print(f"  {g['id']:10s} {st:18s} {'HIT' if found else '-':4s} "
                  f"mapped {sum(1 for k in range(n) if (g['id'], k) in mapping)}/{n}")
    # Raised conflicts: true when two claims on different pages map to one gold conflict.
    gold_of_claim: dict[str, set[str]] = {}
    status_of_gold = {g["id"]: g["status"] for g in family["claims"]}
    for (gid, _), cids in mapping.items():
        for cid in cids:
            gold_of_claim.setdefault(cid, set()).add(gid)
    for grp in analysis.claim_groups:
        if grp.status == "attributed-dispute":
            s.disputes += 1
        if grp.status != "conflict":
            continue
        s.raised[1] += 1
        pages: dict[str, set[str]] = {}
        for cid in grp.claims:
            for gid in gold_of_claim.get(cid, ()):
                if status_of_gold[gid] == "conflict":
                    pages.setdefault(gid, set()).add(art_of_claim[cid])
        ok = any(len(p) >= 2 for p in pages.values())
        if not ok:
            s.raised[0] += 1
        if verbose:
            print(f"  raised {grp.id} {'ok' if ok else 'FALSE'} {grp.summary[:0]}")
    return s


def miss_cause(family: dict[str, Any], g: dict[str, Any], analysis: Analysis,
               mapping: dict[tuple[str, int], set[str]]) -> str:
    """Why a gold group was missed: ``read`` (fewer than two values on two pages mapped; for
    a conflict, no incompatible pair mapped; for an update, no pair of different values),
    ``rule`` (a conflict whose values are mapped but no pair of them is incompatible under
    the scorer's qualifier intervals: "about 900" and 850, an exact count and "more than"
    it), ``group`` (such a pair mapped, never in one group), ``status`` (in one group,
    another status), ``hit``."""
    want = {"agree": {"agree"}, "conflict": {"conflict", "attributed-dispute"},
            "update": {"update"}}.get(g["status"], set())
    vals = g["values"]
    group_of: dict[str, set[tuple[str, str]]] = {}
    for grp in analysis.claim_groups:
        for cid in grp.claims:
            group_of.setdefault(cid, set()).add((grp.id, grp.status))

    def pair_ok(a: dict[str, Any], b: dict[str, Any]) -> bool:
        if g["status"] == "agree":
            return bool(a["item"] != b["item"])
        if g["status"] == "conflict":
            return incompatible(a, b)
        return bool(a.get("value") != b.get("value"))

    pairs = [(i, j) for i in range(len(vals)) for j in range(i + 1, len(vals))
             if pair_ok(vals[i], vals[j])]
    read = [(i, j) for i, j in pairs if (g["id"], i) in mapping and (g["id"], j) in mapping]
    if not read:
        if g["status"] == "conflict" and not pairs and any(
                (g["id"], i) in mapping and (g["id"], j) in mapping
                and vals[i]["item"] != vals[j]["item"]
                for i in range(len(vals)) for j in range(i + 1, len(vals))):
            return "rule"
        return "read"
    status = "group"
    for i, j in read:
        gi = {x for c in mapping[(g["id"], i)] for x in group_of.get(c, set())}
        gj = {x for c in mapping[(g["id"], j)] for x in group_of.get(c, set())}
        common = gi & gj
        if any(st in want for _, st in common):
            return "hit"
        if common:
            status = "status"
    return status


def show(family: dict[str, Any], analysis: Analysis, article_of: dict[str, str],
         statuses: set[str], causes: Counter[tuple[str, str]]) -> None:
    """Per gold group of ``statuses``: its miss cause, each value with what we read there."""
    mapping = map_values(family, analysis, article_of)
    claims_of: dict[str, list[Claim]] = {}
    for c in analysis.claims:
        claims_of.setdefault(c.article, []).append(c)
    group_of: dict[str, list[str]] = {}
    for grp in analysis.claim_groups:
        for cid in grp.claims:
            group_of.setdefault(cid, []).append(f"{grp.id.split(':')[-1]}/{grp.status}")
    by_id = {c.id: c for c in analysis.claims}
    for g in family["claims"]:
        if g["status"] not in statuses:
            continue
        cause = miss_cause(family, g, analysis, mapping)
        causes[(g["status"], cause)] += 1
        print(f"  {g['id']} {g['status']} -> {cause.upper()}: {g.get('measure', '')}")
        for k, v in enumerate(g["values"]):
            art = article_of.get(v["item"], "?")
            hits = mapping.get((g["id"], k), set())
            head = (f"    [{v['item'][-1]}] {v.get('qualifier') or ''} {v.get('value')} "
                    f"{v.get('unit') or ''} as_of={v.get('as_of')} | {v['text'][:90]!r}")
            if hits:
                got = "; ".join(f"{by_id[c].value:g}{'/' + by_id[c].unit if by_id[c].unit else ''}"
                                f" {','.join(group_of.get(c, ['-']))}"
                                if by_id[c].value is not None else c for c in sorted(hits))
                print(f"{head}\n        read: {got}")
            else:
                near = [c for c in claims_of.get(art, []) if _overlaps(v["text"], c.text)]
                seen = ", ".join(f"{c.value if c.value is not None else c.date}"
                                 f"{'/' + c.unit if c.unit else ''}" for c in near) or \
                    "no claim in that sentence"
                print(f"{head}\n        NOT READ; there: {seen}")


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else f"{a}/0"


def report(name: str, s: Score) -> None:
    print(f"{name:8s} agree grouped {_pct(*s.agree):14s} conflicts found "
          f"{_pct(*s.conflict):14s} false conflicts {_pct(*s.raised):14s} updates found "
          f"{_pct(*s.update):14s} diff-measure merged {_pct(*s.dm_merged):14s} "
          f"values mapped {_pct(*s.mapped)} disputes {s.disputes} "
          f"diff-measure shown {_pct(*s.dm_shown)}")


def analyses(only: str | None, cache: Path | None) -> list[tuple[dict[str, Any], Analysis,
                                                                  dict[str, str]]]:
    settings = load_settings()
    out = []
    for fam in load_families(only):
        path = cache / f"{fam['id']}.pickle" if cache else None
        if path is not None and path.exists():
            analysis, article_of = pickle.loads(path.read_bytes())
            analysis = claims.run(
                dataclasses.replace(analysis, claims=(), claim_groups=()), settings)
        else:
            run = run_family(fam, settings)
            analysis, article_of = run.analysis, run.article_of
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pickle.dumps((analysis, article_of)))
        out.append((fam, analysis, article_of))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=None)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--show", default=None, help="gold statuses, comma-separated")
    args = ap.parse_args()
    halves = {"da+po": Score(), "bs": Score(), "all": Score()}
    causes: Counter[tuple[str, str]] = Counter()
    for fam, analysis, article_of in analyses(args.only, args.cache):
        if args.verbose or args.show:
            print(fam["id"])
        if args.show:
            show(fam, analysis, article_of, set(args.show.split(",")), causes)
        s = score_family(fam, analysis, article_of, args.verbose)
        halves["bs" if fam["id"].startswith("bs") else "da+po"].add(s)
        halves["all"].add(s)
    for name, s in halves.items():
        report(name, s)
    print("our statuses:", dict(sorted(halves["all"].statuses.items())))
    if args.show:
        print("miss causes:", dict(sorted(causes.items())))


if __name__ == "__main__":
    main()
