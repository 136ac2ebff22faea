"""The framing stage: how each outlet names the actors and actions of a story.

``run(analysis, settings)`` adds one :class:`~storylens.records.Framing` per story and referent
(an actor such as the government side, or an action such as taking territory). For each outlet
(``Article.outlet`` or the article id) it lists the terms used, most frequent first, with the
loaded-term category from the lexicon (src/storylens/data/framing_lexicon.toml).

Terms come from lexicon patterns filled per story, from noun phrases in the agent role of an
action, and from substitutions in provenance alignments (see :mod:`storylens.framing.terms`).
With no relations the first two still work.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from storylens.framing.lexicon import Lexicon, load_lexicon, story_slots
from storylens.framing.table import render_table
from storylens.framing.terms import Mention, article_text, find_mentions
from storylens.records import Analysis, Article, Framing, OutletTerms, Story
from storylens.settings import Settings

__all__ = ["frame_story", "load_lexicon", "outlet_of", "render_table", "run"]


def outlet_of(article: Article) -> str:
    """The outlet name shown for an article: ``Article.outlet`` or, failing that, its id."""
    return article.outlet or article.id


def frame_story(
    analysis: Analysis, story: Story, lexicon: Lexicon, max_terms: int = 8
) -> list[Framing]:
    """Framing records for one story, one per referent that any outlet names."""
    arts = [a for a in (analysis.article(i) for i in story.articles) if a is not None]
    if not arts:
        return []
    slots = story_slots(article_text(a) for a in arts)
    mentions = find_mentions(arts, lexicon, slots, analysis.relations)
    outlets = {a.id: outlet_of(a) for a in arts}
    order = {a.id: i for i, a in enumerate(arts)}
    out: list[Framing] = []
    for ref in lexicon.referents:
        per_outlet: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.referent == ref.id:
                per_outlet[outlets[m.article]].append(m)
        if not per_outlet:
            continue
        rows: list[OutletTerms] = []
        first_seen = {o: min(order[m.article] for m in ms) for o, ms in per_outlet.items()}
        for outlet in sorted(per_outlet, key=first_seen.__getitem__):
            ms = per_outlet[outlet]
            counts: Counter[str] = Counter()
            first: dict[str, tuple[int, int]] = {}
            surface: dict[str, str] = {}
            for m in ms:
                key = m.term.casefold()
                counts[key] += 1
                first.setdefault(key, (order[m.article], m.start if m.start >= 0 else 10**9))
                surface.setdefault(key, m.term)
            keys = sorted(counts, key=lambda k: (-counts[k], first[k]))[:max_terms]
            terms = tuple(surface[k] for k in keys)
            loaded = tuple(
                (t, cat) for t in terms if (cat := lexicon.category(t)) is not None
            )
            articles = tuple(sorted({m.article for m in ms}, key=lambda i: order[i]))
            rows.append(OutletTerms(outlet, articles, terms, loaded))
        out.append(Framing(story.id, ref.label, tuple(rows)))
    return out


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Add ``framing[]``: per story, per referent, the terms each outlet uses."""
    lexicon = load_lexicon(settings.framing.lexicon)
    framing: list[Framing] = []
    for story in analysis.stories:
        framing.extend(frame_story(analysis, story, lexicon, settings.framing.max_terms))
    return dataclasses.replace(analysis, framing=tuple(framing))
