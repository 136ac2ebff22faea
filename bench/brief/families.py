"""The brief on the real development families: the five figures of issue 15.

Each family of ``../shared/eval/data/families-dev`` is analysed as one JSONL pile (the shared
harness, ``bench/families_common.py``). Its *main event* is the event story holding the most
non-distractor items (ties: the larger story, then the first). Its brief is measured:

1. **lead**: the brief's first sentence is one of the first three prose sentences of a
   non-distractor item. Prose sentences of an item: its text split by
   ``storylens.brief.text.split_sentences``, keeping pieces of >= 6 words that end in
   final punctuation (titles, bylines and captions drop out). "Is one of" = the item
   sentence contains >= 0.8 of the brief sentence's tokens (``support``) or the reverse.
2. **spun**: sentences with machine-spun wording. A sentence counts when its text contains
   (case-insensitive) a ``spin_evidence`` phrase of any item of the family, or when it is
   taken from an item of kind machine-spun or machine-paraphrase: such an item has a sentence
   supporting it at >= 0.9 and no item of another kind does.
3. **cut**: sentences that do not end in . ! ? (optionally followed by closing quotes or
   brackets): an excerpt's cut end, a title or caption fragment.
4. **quote**: sentences from inside a quotation that do not name the speaker. The brief
   sentence's best-supporting sentence among its cited items (items of the family when none
   is cited) is located in its paragraph; it is "inside a quotation" when a quotation is
   open where it starts (curly quotes counted open/close, straight ones toggling, per
   paragraph) or it starts with an opening quote mark. It names the speaker when, with its
   quoted spans removed, it keeps an attribution verb (said, told, according to, ...) next to
   at least one other word.
5. **contested**: brief sentences that state a figure of a gold *conflict* group (one of the
   group's value spans is contained in the sentence at support >= 0.8) and carry a non-empty
   ``contested``; shown as marked/stating. Also printed: sentences of the whole brief that
   carry ``contested`` (marked_all).

6. **updates** (gold update groups; values of the story's own items): sentences stating the
   latest figure that carry our "latest figure, as of ..." note / all stating it; sentences
   stating only an earlier, different figure without our note giving the latest one
   (stale); contested marks or dispute lines that
   only set one update's figures against each other (as dispute).

A last row gives the same figures for the storyline brief above each main event.

Per family and totals, overall and per half (da+po, bs). ``--oracle`` measures what the brief
does once the stages it reads are right (the other engineers' branches): it sets
``machine_spun.label`` on the items of kind machine-spun / machine-paraphrase and replaces
the claims and claim groups by the gold ones (conflict, update with ``order`` / ``current``,
agree, different-measure), then reruns the brief. Pipeline-only figures are the default.

``--cache DIR`` keeps each family's pipeline output (before the brief) as JSON under DIR
(outside the repository: third-party text) and, when present, reruns only the brief stage
on it (seconds instead of a minute). ``--claim-shape`` (with ``--oracle``) writes the gold
claims as the claims stage does (see :func:`claims_as_sentences`).

    cd WT && PYTHONPATH=src nice /work/main/.venv/bin/python bench/brief/families.py \
        --cache /tmp/brief-cache [--show]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from families_common import load_families, run_family

from storylens import brief as brief_stage
from storylens.brief.text import split_sentences, support
from storylens.records import Analysis, Brief, Claim, ClaimGroup, SpinAssessment
from storylens.settings import load_settings

SPUN_KINDS = frozenset({"machine-spun", "machine-paraphrase"})
_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|tell|added|adds|stated|states|according to|announced|"
    r"announces|wrote|writes|tweeted|posted|explained|noted|warned|insisted|declared|"
    r"confirmed|confirms|claimed|claims|argued|argues|asked|replied|recalled|urged|"
    r"cautioned|acknowledged|admitted|reported|reports|quoted)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|‘[^’]*’")


def prose_sentences(text: str) -> list[str]:
    return [s for s in split_sentences(text) if len(s.split()) >= 6 and _END.search(s)]


def is_cut(text: str) -> bool:
    return not _END.search(text.strip())


def quote_spans(text: str) -> list[tuple[str, bool, bool]]:
    """Sentences of ``text`` with whether each lies inside a quotation (per paragraph) and
    whether the quotation opened before it."""
    out: list[tuple[str, bool, bool]] = []
    for para in re.split(r"\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        pos = 0
        depth = 0
        for s in split_sentences(para):
            at = para.find(s, pos)
            if at < 0:
                at = pos
            before = para[pos:at]
            for ch in before:
                depth = _step(depth, ch)
            starts_quote = s[:1] in "“\"‘«"
            out.append((s, depth > 0 or starts_quote, depth > 0 and not starts_quote))
            for ch in s:
                depth = _step(depth, ch)
            pos = at + len(s)
    return out


def _step(depth: int, ch: str) -> int:
    if ch in "“«":
        return 1
    if ch in "”»":
        return 0
    if ch == '"':
        return 0 if depth else 1
    return depth


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def names_speaker(text: str, open_at_start: bool) -> bool:
    """An attribution verb outside quotes with a word beside it that is not a bare pronoun
    (a quotation open at the sentence's start runs to its first closing mark)."""
    if open_at_start:
        close = min((i for i in (text.find("”"), text.find('"')) if i >= 0), default=-1)
        text = text[close + 1:] if close >= 0 else ""
    rest = _QUOTED.sub(" ", text)
    m = _ATTRIBUTION.search(rest)
    if not m:
        return False
    other = (rest[:m.start()] + " " + rest[m.end():]).split()
    return any(any(ch.isalpha() for ch in w) and w.lower().strip(".,[]") not in _PRONOUNS
               for w in other)


@dataclass
class Figures:
    families: int = 0
    lead: int = 0
    sentences: int = 0
    spun: int = 0
    spun_phrase: int = 0  # of which: contain a spin_evidence phrase
    cut: int = 0
    quote: int = 0
    stating: int = 0
    marked: int = 0
    marked_all: int = 0
    latest: int = 0  # sentences stating the latest figure of a gold update group
    latest_timed: int = 0  # ... with our "latest figure, as of ..." note
    stale: int = 0  # sentences stating only an earlier figure of a gold update group
    update_disputes: int = 0  # contested marks / dispute lines that only set one update's figures
    notes: list[str] = field(default_factory=list)

    def add(self, o: Figures) -> None:
        for k in ("families", "lead", "sentences", "spun", "spun_phrase", "cut", "quote",
                  "stating", "marked", "marked_all", "latest", "latest_timed", "stale",
                  "update_disputes"):
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def row(self, name: str) -> str:
        return (f"{name:<8} lead {self.lead}/{self.families}  sentences {self.sentences:3d}  "
                f"spun {self.spun} (phrase {self.spun_phrase})  cut {self.cut}  "
                f"quote-no-speaker {self.quote}  "
                f"contested {self.marked}/{self.stating} (marked_all {self.marked_all})  "
                f"updates: latest timed {self.latest_timed}/{self.latest}, stale {self.stale}, "
                f"as dispute {self.update_disputes}")


def _alternate(ours: tuple[tuple[int, int], ...], n: int) -> list[tuple[int, int]]:
    """[source, ours, source, ours, ..., source] spans covering 0..n."""
    out: list[tuple[int, int]] = []
    pos = 0
    for a, b in sorted(ours):
        out += [(pos, a), (a, b)]
        pos = b
    return [*out, (pos, n)]


def main_event(analysis: Analysis, item_of: dict[str, str], kinds: dict[str, str]) -> str | None:
    best: tuple[int, int, int] | None = None
    best_id = None
    for i, s in enumerate(analysis.stories):
        if s.level != "event":
            continue
        n = sum(1 for a in s.articles
                if kinds.get(item_of.get(a, ""), "") not in ("", "distractor"))
        key = (n, len(s.articles), -i)
        if best is None or key > best:
            best, best_id = key, s.id
    return best_id


def measure(fam: dict[str, Any], analysis: Analysis, item_of: dict[str, str],
            show: bool, storyline: bool = False) -> Figures:
    """The figures of the main event's brief (of its storyline's, with ``storyline``)."""
    items = {it["id"]: it for it in fam["items"]}
    kinds = {iid: it["kind"] for iid, it in items.items()}
    fig = Figures(families=1)
    sid = main_event(analysis, item_of, kinds)
    if storyline:
        parent = next((s.parent for s in analysis.stories if s.id == sid), None)
        sid = parent if parent is not None else sid
    brief = next((b for b in analysis.brief if b.story == sid), None)
    if brief is None or not brief.sentences:
        fig.notes.append("no brief")
        return fig
    sents = {iid: split_sentences(it["text"]) for iid, it in items.items()}
    quoted = {iid: quote_spans(it["text"]) for iid, it in items.items()}
    evidence = [p.lower() for it in items.values() for p in it.get("spin_evidence", [])]
    updates = [[v["text"] for v in c["values"]] for c in fam["claims"]
               if c["status"] == "update"]
    # Per gold update group, among the values given by the story's own items: the latest
    # figure (latest as_of; gold lists values in order, so ties go to the later one) and the
    # earlier, different figures.
    in_story = {item_of.get(a, "") for s in analysis.stories if s.id == sid for a in s.articles}
    update_last: list[tuple[list[str], list[str]]] = []
    for c in fam["claims"]:
        vals = [v for v in c["values"] if c["status"] == "update" and v["item"] in in_story]
        if len({v["value"] for v in vals}) < 2:
            continue
        top = max(range(len(vals)), key=lambda k: (str(vals[k].get("as_of") or ""), k))
        now = vals[top]
        update_last.append(([v["text"] for v in vals if v["value"] == now["value"]],
                            [v["text"] for v in vals if v["value"] != now["value"]
                             and str(v.get("as_of") or "") < str(now.get("as_of") or "~")]))
    conflict_spans = [v["text"] for c in fam["claims"] if c["status"] == "conflict"
                      for v in c["values"]]

    def _update_only(text: str, min_values: int) -> bool:
        """``text`` sets figures of one gold update against each other (>= ``min_values``
        of its values) and states no conflict group's value."""
        if any(support(span, text) >= 0.8 for span in conflict_spans):
            return False
        return any(sum(1 for t in set(spans) if support(t, text) >= 0.8) >= min_values
                   for spans in updates)

    for d in brief.disputes:
        fig.update_disputes += _update_only(d.text, 2)
    conflicts = [
        (c["id"], [v["text"] for v in c["values"]])
        for c in fam["claims"] if c["status"] == "conflict"
    ]
    first = brief.sentences[0].text
    leads = [s for iid, it in items.items() if it["kind"] != "distractor"
             for s in prose_sentences(it["text"])[:3]]
    fig.lead = int(any(support(first, s) >= 0.8 or support(s, first) >= 0.8 for s in leads))
    for bs in brief.sentences:
        fig.sentences += 1
        text = bs.text
        flags: list[str] = []
        low = text.lower()
        best_spun = max((support(text, s) for iid in items if kinds[iid] in SPUN_KINDS
                         for s in sents[iid]), default=0.0)
        best_clean = max((support(text, s) for iid in items if kinds[iid] not in SPUN_KINDS
                          for s in sents[iid]), default=0.0)
        phrase = any(p in low for p in evidence)
        if phrase or (best_spun >= 0.9 and best_clean < 0.9):
            fig.spun += 1
            fig.spun_phrase += phrase
            flags.append("SPUN-PHRASE" if phrase else "SPUN")
        if is_cut(text):
            fig.cut += 1
            flags.append("CUT")
        cited = [item_of[a] for a in bs.articles if a in item_of] or list(items)
        cands = [(max(support(text, s), support(s, text)), inside, open_start)
                 for iid in cited for s, inside, open_start in quoted[iid]]
        if cands:
            score, inside, open_start = max(cands, key=lambda x: x[0])
            # our opening quote mark, when the brief added one, starts the quotation
            open_start = open_start and text[:1] not in "“\""
            if score >= 0.6 and inside and not names_speaker(text, open_start):
                fig.quote += 1
                flags.append("QUOTE")
        contested = tuple(getattr(bs, "contested", ()) or ())
        if contested:
            fig.marked_all += 1
        # the figures a source states: our marked words (a date prefix) left aside
        ours = tuple(getattr(bs, "ours", ()) or ())
        src_words = "".join(text[a:b] if i % 2 == 0 else " " for i, (a, b) in enumerate(
            _alternate(ours, len(text))))
        states = [cid for cid, spans in conflicts
                  if any(support(span, src_words) >= 0.8 for span in spans)]
        def said(spans: list[str], words: str = src_words) -> bool:
            return any(support(t, words) >= 0.8 for t in spans)

        last = [g for g in update_last if said(g[0])]
        earlier = [g for g in update_last if said(g[1]) and not said(g[0])]
        if last:
            fig.latest += 1
            timed = any(n.startswith("latest figure, as of") for n in getattr(bs, "notes", ()))
            fig.latest_timed += timed
            flags.append("LATEST-TIMED" if timed else "LATEST-UNTIMED")
        newer = any(n.startswith("earlier figure; latest") for n in getattr(bs, "notes", ()))
        if earlier and not newer:
            fig.stale += 1
            flags.append("STALE")
        elif earlier:
            flags.append("STALE-WITH-NEWER")
        if contested and not states and _update_only(src_words, 1):
            fig.update_disputes += 1
            flags.append("UPDATE-AS-DISPUTE")
        if states:
            fig.stating += 1
            if contested:
                fig.marked += 1
                flags.append(f"CONTESTED-OK {states}")
            else:
                flags.append(f"CONTESTED-UNMARKED {states}")
        if show:
            src = ",".join(item_of.get(a, a) for a in bs.articles)
            print(f"    [{' '.join(flags)}] {text}  [{src}] {list(contested)}")
            for note in getattr(bs, "notes", ()):
                print(f"        note: {note}")
    return fig


@dataclass(frozen=True, slots=True)
class GoldGroup(ClaimGroup):
    """A claim group as the claims branch will give it (``order``, ``current`` for updates)."""

    order: tuple[str, ...] = ()
    current: str | None = None


_STATUS = {"conflict": "conflict", "update": "update", "agree": "agree",
           "different-measure": "different-measure"}


def oracle(fam: dict[str, Any], analysis: Analysis, item_of: dict[str, str]) -> Analysis:
    """Gold spin labels and gold claim groups in place of the pipeline's (see --oracle)."""
    kinds = {it["id"]: it["kind"] for it in fam["items"]}
    arts = tuple(
        dataclasses.replace(a, machine_spun=SpinAssessment(1.0, True, a.machine_spun.evidence))
        if kinds.get(item_of.get(a.id, ""), "") in SPUN_KINDS else a
        for a in analysis.articles
    )
    article_of = {v: k for k, v in item_of.items()}
    story_of = {a: s.id for s in analysis.stories if s.level == "storyline" for a in s.articles}
    claims: list[Claim] = []
    groups: list[ClaimGroup] = []
    for gc in fam["claims"]:
        ids: list[str] = []
        for k, v in enumerate(gc["values"]):
            if v["item"] not in article_of or not isinstance(v.get("value"), (int, float)):
                continue
            cid = f"{gc['id']}:{k}"
            claims.append(Claim(cid, article_of[v["item"]], v["text"], "quantity",
                                float(v["value"]), v.get("unit"), v.get("qualifier"),
                                str(v.get("as_of") or "") or None))
            ids.append(cid)
        if len(ids) < 2:
            continue
        status: Any = _STATUS[gc["status"]]
        story = story_of.get(article_of[gc["values"][0]["item"]]) if gc["values"] else None
        groups.append(GoldGroup(gc["id"], tuple(ids), status, 0, gc["measure"], story,
                                order=tuple(ids) if status == "update" else (),
                                current=ids[-1] if status == "update" else None))
    return dataclasses.replace(analysis, articles=arts, claims=tuple(claims),
                               claim_groups=tuple(groups))


def claims_as_sentences(fam: dict[str, Any], analysis: Analysis,
                        item_of: dict[str, str]) -> Analysis:
    """The gold claims in the claims stage's shape (``--claim-shape``): each claim's text the
    whole item sentence holding its span, no unit, and a figure of millions kept as millions
    with the scale in the unit (7, "million"), as the pipeline writes them. The brief must
    find the same stated figures as with the gold spans."""
    items = {it["id"]: it for it in fam["items"]}
    out: list[Claim] = []
    for c in analysis.claims:
        sentences = split_sentences(items[item_of[c.article]]["text"])
        text = max(sentences, key=lambda s: support(c.text, s), default=c.text)
        value, unit = c.value, None
        if value is not None and value >= 1e6 and value % 1e5 == 0:
            value, unit = value / 1e6, "million"
        out.append(dataclasses.replace(c, text=text, value=value, unit=unit))
    return dataclasses.replace(analysis, claims=tuple(out))


def _brief_only(analysis: Analysis) -> Analysis:
    return brief_stage.run(analysis, load_settings())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", help="family id prefix (da, po, bs, da01)")
    ap.add_argument("--cache", type=Path, help="folder (outside the repo) for pipeline output")
    ap.add_argument("--show", action="store_true", help="print each brief with its flags")
    ap.add_argument("--oracle", action="store_true",
                    help="gold spin labels and gold claim groups in place of the pipeline's")
    ap.add_argument("--claim-shape", action="store_true",
                    help="with --oracle: gold claims written as the claims stage writes them")
    args = ap.parse_args()
    halves = {"da+po": Figures(), "bs": Figures()}
    total = Figures()
    storylines = Figures()
    for fam in load_families(args.only):
        cached = args.cache / f"{fam['id']}.json" if args.cache else None
        if cached is not None and cached.exists():
            d = json.loads(cached.read_text(encoding="utf-8"))
            analysis = _brief_only(Analysis.from_dict(d["analysis"]))
            item_of: dict[str, str] = d["item_of"]
        else:
            run = run_family(fam)
            analysis, item_of = run.analysis, run.item_of
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(json.dumps({"analysis": analysis.to_dict(),
                                              "item_of": item_of}), encoding="utf-8")
        if args.oracle:
            gold = oracle(fam, analysis, item_of)
            if args.claim_shape:
                gold = claims_as_sentences(fam, gold, item_of)
            analysis = _brief_only(gold)
        if args.show:
            print(f"== {fam['id']}: {fam['event'][:90]}")
        fig = measure(fam, analysis, item_of, args.show)
        print(fig.row(fam["id"]) + ("  " + "; ".join(fig.notes) if fig.notes else ""))
        total.add(fig)
        halves["bs" if fam["id"].startswith("bs") else "da+po"].add(fig)
        storylines.add(measure(fam, analysis, item_of, False, storyline=True))
    print()
    for name, f in halves.items():
        print(f.row(name))
    print(total.row("all"))
    print(storylines.row("storyline") + "  (the main event's storyline brief; its lead is "
          "the first event's)")


def brief_of(analysis: Analysis, story: str) -> Brief | None:
    return next((b for b in analysis.brief if b.story == story), None)


if __name__ == "__main__":
    main()
