"""The brief stage: a consolidated account per story in which every sentence names its sources.

``run(analysis, settings)`` adds one :class:`~storylens.records.Brief` per story (events and
storylines). The brief is extractive: each sentence is a sentence of one article, worded from
a clean (not machine-spun) article whenever one states the same thing, and cites every
article that states it (see :mod:`storylens.brief.select`). Conflicting and attributed
figures go to ``disputes`` (who says what, quoted); dated facts to ``timeline``. Works with
empty relations/claims: sentences are then clustered by similarity alone.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from storylens.brief.disputes import story_disputes, story_timeline
from storylens.brief.select import choose_sentences, story_sentences
from storylens.framing.lexicon import load_lexicon
from storylens.records import Analysis, Brief, BriefSentence, Claim, ClaimGroup, Story
from storylens.settings import Settings

__all__ = ["build_brief", "run", "to_markdown"]


def _groups_in(
    analysis: Analysis, ids: set[str]
) -> list[tuple[ClaimGroup, list[Claim]]]:
    """Claim groups restricted to the claims of the given articles (empty groups dropped)."""
    by_id = {c.id: c for c in analysis.claims}
    out: list[tuple[ClaimGroup, list[Claim]]] = []
    for g in analysis.claim_groups:
        claims = [by_id[c] for c in g.claims if c in by_id and by_id[c].article in ids]
        if claims:
            out.append((g, claims))
    return out


def loaded_counter(settings: Settings) -> Callable[[str], int]:
    """Counts the non-neutral terms of the framing lexicon in a sentence."""
    lexicon = load_lexicon(settings.framing.lexicon)
    patterns = [re.compile(rf"\b{re.escape(phrase)}", re.IGNORECASE)
                for phrase, cat in lexicon.loaded if cat != "neutral"]
    return lambda text: sum(1 for p in patterns if p.search(text))


def build_brief(
    analysis: Analysis, story: Story, settings: Settings,
    loaded: Callable[[str], int] | None = None,
) -> Brief:
    """The brief of one story (event or storyline)."""
    bs = settings.brief
    arts = [a for a in (analysis.article(i) for i in story.articles) if a is not None]
    ids = {a.id for a in arts}
    names = {a.id: a.outlet or a.id for a in arts}

    def outlet(aid: str) -> str:
        if aid in names:
            return names[aid]
        art = analysis.article(aid)
        return (art.outlet or art.id) if art is not None else aid

    lineage_of = {a: lin.id for lin in analysis.lineages for a in lin.articles}
    groups = _groups_in(analysis, ids)
    agree = [(g, cs) for g, cs in groups if g.status == "agree"]
    disputed = [(g, cs) for g, cs in groups if g.status in ("conflict", "attributed-dispute")]
    disputes = story_disputes(disputed, outlet)
    # Figures under dispute are not stated as fact (only in disputes, with who says what).
    conflict_claims = [c for g, cs in disputed for c in cs] if disputes else []
    limit = bs.max_sentences_storyline if story.level == "storyline" else bs.max_sentences_event
    sents = story_sentences(arts)
    chosen = choose_sentences(
        analysis, arts, sents, lineage_of, agree, conflict_claims, limit, bs,
        loaded or loaded_counter(settings),
    )
    sentences = tuple(
        BriefSentence(c.text, _outlets(c.articles, outlet), c.articles) for c in chosen
    )
    story_claims = [c for c in analysis.claims if c.article in ids]
    timeline = story_timeline(
        analysis, story.id, arts, story_claims, outlet, bs.equivalent_min, bs.claim_support_min
    )
    return Brief(story.id, sentences, tuple(disputes), tuple(timeline))


def _outlets(articles: tuple[str, ...], outlet: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(outlet(a) for a in articles))


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Add ``brief[]``: one brief per story (events and storylines)."""
    loaded = loaded_counter(settings)
    briefs = tuple(build_brief(analysis, s, settings, loaded) for s in analysis.stories)
    return dataclasses.replace(analysis, brief=briefs)


def to_markdown(analysis: Analysis, story_id: str) -> str:
    """The brief of one story as Markdown: sentences with [sources], Disputes, Timeline.

    Uses ``analysis.brief`` when it holds the story, else builds it with default settings.
    """
    brief = next((b for b in analysis.brief if b.story == story_id), None)
    story = next((s for s in analysis.stories if s.id == story_id), None)
    if brief is None:
        if story is None:
            raise KeyError(f"no story {story_id!r} in the analysis")
        brief = build_brief(analysis, story, Settings())
    title = story.title if story is not None and story.title else story_id
    level = f" ({story.level})" if story is not None else ""
    lines = [f"# Brief: {title}{level}", ""]
    if brief.sentences:
        lines += [f"- {s.text} [{', '.join(s.sources)}]" for s in brief.sentences]
    else:
        lines.append("_No sentence could be drawn from the sources._")
    lines += ["", "## Disputes", ""]
    if brief.disputes:
        lines += [f"- {d.text} [{', '.join(d.sources)}]" for d in brief.disputes]
    else:
        lines.append("_None found._")
    lines += ["", "## Timeline", ""]
    if brief.timeline:
        lines += [f"- {t.date}: {t.text} [{', '.join(t.sources)}]" for t in brief.timeline]
    else:
        lines.append("_No dated facts._")
    return "\n".join(lines) + "\n"
