"""The framing stage: how each outlet names the actors and actions of a story.

``run(analysis, settings)`` adds one :class:`~storylens.records.Framing` per story and
referent. Referents are found in the story's own pages, with general word lists only
(src/storylens/data/framing_lexicon.toml; decision 0502):

1. actors (:mod:`storylens.framing.actors`): name chunks clustered into entities, with the
   titles, role nouns and appositions said of them and the descriptions linked to them
   ("the airline", "the prime minister"); and group noun phrases, one referent per group
   class ("protesters" / "demonstrators" / "rioters");
2. actions (:mod:`storylens.framing.actions`): the words of the lexicon's action classes
   ("killed" / "were killed" / "massacre");
3. counterpart terms across provenance alignments (a spun copy's substitution);
4. loaded lexicon words a sentence uses beside a kept referent, outside its terms
   (:mod:`storylens.framing.loaded`: "removed through a conspiracy"; decision 0505).

A referent is kept when at least ``min_outlets`` outlets name it (one, for a one-outlet
story, named twice); the ``max_actors`` and ``max_actions`` most widely named are kept. For
each outlet (``Article.outlet`` or the article id) the terms are listed most frequent first,
with how often and the sentences they were read in, and flagged: by the loaded-term lexicon
(delegitimising / legitimising / neutral), and by contrast ("marked": one outlet's rare word
where the other outlets agree on a common one, see :func:`contrast_flags`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict

from storylens.deadline import Overrun, add_overruns, bounded
from storylens.framing.actions import find_actions
from storylens.framing.actors import actor_kind, cluster, find_candidates, keep_actor
from storylens.framing.lexicon import Lexicon, load_lexicon
from storylens.framing.loaded import loaded_mentions
from storylens.framing.terms import Mention, from_substitutions
from storylens.parallel import map_ordered, resolve_workers
from storylens.records import Analysis, Article, Framing, OutletTerms, Story
from storylens.scope import Scope
from storylens.settings import FramingSettings, Settings

__all__ = ["frame_story", "load_lexicon", "outlet_of", "run"]

# The stage contract (checked by storylens.pipeline): the analysis fields it reads,
# and the ones it fills ("articles.x": it sets that field of every article).
NEEDS = ("articles", "stories", "relations")
ADDS = ("framing",)


def outlet_of(article: Article) -> str:
    """The outlet name shown for an article: ``Article.outlet`` or, failing that, its id."""
    return article.outlet or article.id


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def contrast_flags(
    per_outlet: dict[str, Counter[str]], lexicon: Lexicon, min_gap: float,
    skip: frozenset[str] = frozenset(),
) -> dict[tuple[str, str], str]:
    """(outlet, term) -> "marked" for a term whose last word only that outlet uses while at
    least two other outlets share another last word that is ``min_gap`` zipf more common
    (wordfreq): "the social media behemoth" where others write "the company". Terms that
    the lexicon lists as neutral, and outlets in ``skip`` (machine-spun copies, whose odd
    words are the spinner's, not a stance), are never marked."""
    last_words: dict[str, set[str]] = defaultdict(set)
    for outlet, terms in per_outlet.items():
        for t in terms:
            last_words[t.split()[-1].casefold()].add(outlet)
    out: dict[tuple[str, str], str] = {}
    shared = {w: os_ for w, os_ in last_words.items() if len(os_) >= 2}
    if not shared:
        return out
    common = max(shared, key=lambda w: (len(shared[w]), w))
    for outlet, terms in per_outlet.items():
        if outlet in skip:
            continue
        for t in terms:
            w = t.split()[-1].casefold()
            if len(last_words[w]) != 1 or lexicon.category(t) is not None or not w.isalpha():
                continue
            if _zipf(common) - _zipf(w) >= min_gap:
                out[(outlet, t)] = "marked"
    return out


def _label(ms: list[Mention]) -> str:
    """The referent's name: its most used term (possessive dropped)."""
    counts = Counter(re.sub(r"[’']s$", "", m.term) for m in ms)
    return max(counts, key=lambda t: (counts[t], len(t), t))


def frame_story(
    analysis: Analysis, story: Story, lexicon: Lexicon, settings: FramingSettings | None = None
) -> list[Framing]:
    """Framing records for one story, one per referent the story's outlets name."""
    fs = settings or FramingSettings()
    arts = [a for a in (analysis.article(i) for i in story.articles) if a is not None]
    if not arts:
        return []
    outlets = {a.id: outlet_of(a) for a in arts}
    order = {a.id: i for i, a in enumerate(arts)}
    spun = frozenset(
        o for o in set(outlets.values())
        if all(a.machine_spun is not None and a.machine_spun.label
               for a in arts if outlets[a.id] == o)
    )
    cands = find_candidates(arts, lexicon)
    groups = cluster(cands, lexicon)
    mentions: list[Mention] = []
    kinds: dict[str, str] = {}
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in cands:
        taken[c.article].append((c.start, c.end))
    for key, cs in groups.items():
        if not keep_actor(key, cs, fs.country_min_acting_share):
            continue
        kinds[key] = actor_kind(key, cs, lexicon)
        mentions.extend(Mention(c.article, key, c.term, c.start, c.end, c.sentence) for c in cs)
    actions = find_actions(arts, lexicon, taken)
    for m in actions:
        kinds[m.referent] = "action"
    mentions.extend(actions)
    mentions.extend(from_substitutions(arts, mentions, analysis.relations))
    by_ref: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_ref[m.referent].append(m)
    n_outlets = len(set(outlets.values()))
    if n_outlets < fs.min_outlets:
        return []  # one outlet: nothing to set side by side
    need = fs.min_outlets
    scored: list[tuple[tuple[int, int], str]] = []
    for key, ms in by_ref.items():
        named_by = {outlets[m.article] for m in ms}
        if len(named_by) < need or len(ms) < 2:
            continue
        scored.append(((len(named_by), len(ms)), key))
    scored.sort(key=lambda x: (-x[0][0], -x[0][1], x[1]))
    actors = [k for _, k in scored if kinds[k] != "action"][: fs.max_actors]
    acts = [k for _, k in scored if kinds[k] == "action"][: fs.max_actions]
    labels = {k: _label(by_ref[k]) for k in actors + acts}  # named by its own terms
    if fs.loaded_nearby:
        for m in loaded_mentions(arts, lexicon,
                                 [m for k in actors + acts for m in by_ref[k]]):
            by_ref[m.referent].append(m)
    out: list[Framing] = []
    for key in actors + acts:
        ms = by_ref[key]
        per_outlet: dict[str, list[Mention]] = defaultdict(list)
        for m in ms:
            per_outlet[outlets[m.article]].append(m)
        counts_by: dict[str, Counter[str]] = {}
        surface: dict[str, dict[str, str]] = {}
        for outlet, oms in per_outlet.items():
            cnt: Counter[str] = Counter()
            surf: dict[str, str] = {}
            for m in oms:
                cnt[m.term.casefold()] += 1
                surf.setdefault(m.term.casefold(), m.term)
            counts_by[outlet] = cnt
            surface[outlet] = surf
        marked = contrast_flags(
            {o: Counter({surface[o][k]: n for k, n in c.items()}) for o, c in counts_by.items()},
            lexicon, fs.contrast_min_zipf_gap, spun,
        ) if fs.contrast_min_zipf_gap > 0 else {}
        first_seen = {o: min(order[m.article] for m in oms) for o, oms in per_outlet.items()}
        rows: list[OutletTerms] = []
        for outlet in sorted(per_outlet, key=first_seen.__getitem__):
            oms = per_outlet[outlet]
            cnt = counts_by[outlet]
            first: dict[str, tuple[int, int]] = {}
            for m in oms:
                first.setdefault(m.term.casefold(), (order[m.article], m.start))
            keys = sorted(cnt, key=lambda k: (-cnt[k], first[k], k))[: fs.max_terms]
            terms = tuple(surface[outlet][k] for k in keys)
            loaded = []
            for t in terms:
                cat = lexicon.category(t) or marked.get((outlet, t))
                if cat is not None:
                    loaded.append((t, cat))
            evidence: list[str] = []
            flagged = {t.casefold() for t, cat in loaded if cat != "neutral"}
            # the sentences of flagged terms first: they are what a reader checks
            for k in sorted(keys, key=lambda k: k not in flagged):
                sent = next((m.sentence for m in oms if m.term.casefold() == k and m.sentence),
                            "")
                if sent and sent not in evidence and len(evidence) < fs.max_evidence:
                    evidence.append(sent[: fs.max_evidence_chars])
            articles = tuple(sorted({m.article for m in oms}, key=lambda i: order[i]))
            rows.append(OutletTerms(outlet, articles, terms, tuple(loaded),
                                    tuple(cnt[k] for k in keys), tuple(evidence)))
        out.append(Framing(story.id, labels[key], tuple(rows), kinds[key]))
    return out


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Add ``framing[]``: per story, per referent, the terms each outlet uses."""
    lexicon = load_lexicon(settings.framing.lexicon)
    scope = Scope(analysis)  # each story sees only its own records (issue #17)

    def one(story: Story) -> tuple[list[Framing] | None, float]:
        budget = settings.unit_timeout * len(story.articles)  # storylens.deadline
        return bounded("framing.story", budget, frame_story, scope.of(story), story, lexicon,
                       settings.framing), budget

    # Story by story, on every core (storylens.parallel: same result for any worker count).
    framing: list[Framing] = []
    overruns: list[Overrun] = []
    for story, (got, budget) in zip(analysis.stories, map_ordered(
            one, analysis.stories, resolve_workers(settings.workers)), strict=True):
        if got is None:
            overruns.append(Overrun("framing", "framing of the story", story.articles, budget,
                                    "unit_timeout"))
        else:
            framing.extend(got)
    return dataclasses.replace(analysis, framing=tuple(framing),
                               meta=add_overruns(analysis.meta, overruns))
