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
from collections.abc import Callable, Sequence

from storylens.brief.disputes import quote_claim, story_disputes, story_timeline
from storylens.brief.select import choose_sentences, story_sentences
from storylens.brief.text import support
from storylens.framing.lexicon import load_lexicon
from storylens.records import Analysis, Brief, BriefSentence, Claim, ClaimGroup, Story
from storylens.settings import Settings

__all__ = ["build_brief", "run", "sentence_markdown", "to_markdown"]


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


def loaded_counter(
    settings: Settings, extra: Sequence[str] = ()
) -> Callable[[str], int]:
    """Counts the non-neutral terms of the framing lexicon (and ``extra`` terms, e.g. those
    the framing stage flagged as loaded in the story) in a sentence."""
    lexicon = load_lexicon(settings.framing.lexicon)
    phrases = [phrase for phrase, cat in lexicon.loaded if cat != "neutral"]
    phrases += [t for t in extra if t.strip()]
    patterns = [re.compile(rf"\b{re.escape(phrase)}", re.IGNORECASE)
                for phrase in dict.fromkeys(phrases)]
    return lambda text: sum(1 for p in patterns if p.search(text))


def _flagged_terms(analysis: Analysis, story_id: str) -> list[str]:
    """Terms the framing stage flagged as loaded in this story."""
    return [term for f in analysis.framing if f.story == story_id
            for o in f.outlets for term, cat in o.loaded if cat != "neutral"]


def _current(group: ClaimGroup, claims: list[Claim]) -> Claim | None:
    """The latest value of an update group: its ``current`` claim when the claims stage
    names it, else the claim with the latest date (None when undated)."""
    cur = getattr(group, "current", None)
    by_id = {c.id: c for c in claims}
    if isinstance(cur, str) and cur in by_id:
        return by_id[cur]
    order = [by_id[c] for c in getattr(group, "order", ()) or () if c in by_id]
    if order:
        return order[-1]
    dated = [c for c in claims if c.date]
    return max(dated, key=lambda c: c.date or "") if dated else None


def _who(claim: Claim, outlet: Callable[[str], str]) -> str:
    if claim.attributed_to:
        return f"according to {claim.attributed_to}, in {outlet(claim.article)}"
    return outlet(claim.article)


def _rival_notes(
    group: ClaimGroup, claims: list[Claim], source: str, outlet: Callable[[str], str]
) -> list[str]:
    """For a sentence stating one side of a disputed figure: each other side and who gives
    it ("rival figure: “32 nationalities” (The Pigeon Express)")."""
    stated = [c for c in claims if support(c.text, source) >= 0.8]
    values = {(c.value, c.attributed_to if str(group.status) == "attributed-dispute" else None)
              for c in stated}
    sides: dict[str, list[str]] = {}
    for c in claims:
        key = (c.value, c.attributed_to if str(group.status) == "attributed-dispute" else None)
        if c in stated or key in values:
            continue
        who = _who(c, outlet)
        sides.setdefault(quote_claim(c.text), [])
        if who not in sides[quote_claim(c.text)]:
            sides[quote_claim(c.text)].append(who)
    return [f"contested: rival figure {q} ({'; '.join(w)})" for q, w in sides.items()]


def _update_notes(
    current: Claim, stale: list[Claim], outlet: Callable[[str], str]
) -> list[str]:
    """For a sentence stating the latest value of an update: its as-of date and the
    earlier values with theirs ("12 dead in the morning report" style)."""
    notes = [f"latest figure, as of {current.date}"] if current.date else ["latest figure"]
    seen: set[str] = set()
    for c in sorted(stale, key=lambda c: c.date or ""):
        q = quote_claim(c.text)
        if q in seen:
            continue
        seen.add(q)
        when = f", as of {c.date}" if c.date else ""
        notes.append(f"earlier figure {q} ({outlet(c.article)}{when})")
    return notes


def _ours_outside_quotes(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` outside its “quoted” parts: a dispute sentence is our wording
    around the sources' quoted words."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"“[^”]*”", text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return tuple(spans)


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
    disputed = [(g, cs) for g, cs in groups
                if str(g.status) in ("conflict", "attributed-dispute")]
    disputes = [
        dataclasses.replace(d, ours=_ours_outside_quotes(d.text))
        for d in story_disputes(disputed, outlet)
    ]
    # Never stated: the outlier side of a conflict whose two sides are in the story (the
    # disputes section gives it, with who says it); the earlier values of an update.
    excluded = [c for g, cs in disputed if g.outlier for c in cs
                if c.article == g.outlier] if disputes else []
    protected: list[Claim] = []
    updates: list[tuple[ClaimGroup, Claim, list[Claim]]] = []
    for g, cs in groups:
        if str(g.status) != "update":
            continue
        cur = _current(g, cs)
        if cur is None:
            continue
        stale = [c for c in cs if c.id != cur.id]
        excluded += stale
        protected.append(cur)
        updates.append((g, cur, stale))
    limit = bs.max_sentences_storyline if story.level == "storyline" else bs.max_sentences_event
    sents = story_sentences(arts)
    if loaded is None or _flagged_terms(analysis, story.id):
        loaded = loaded_counter(settings, _flagged_terms(analysis, story.id))
    chosen = choose_sentences(
        analysis, arts, sents, lineage_of, agree, excluded, limit, bs, loaded, protected,
    )
    sentences: list[BriefSentence] = []
    for c in chosen:
        contested: list[str] = []
        notes: list[str] = []
        for g, cs in disputed:
            if any(support(x.text, c.source) >= 0.8 for x in cs):
                contested.append(g.id)
                notes += _rival_notes(g, cs, c.source, outlet)
        for _, cur, stale in updates:
            if support(cur.text, c.source) >= 0.8:
                notes += _update_notes(cur, stale, outlet)
        sentences.append(BriefSentence(
            c.text, _outlets(c.articles, outlet), c.articles, tuple(contested), c.ours,
            tuple(dict.fromkeys(notes)),
        ))
    story_claims = [c for c in analysis.claims if c.article in ids]
    timeline = story_timeline(
        analysis, story.id, arts, story_claims, outlet, bs.equivalent_min, bs.claim_support_min
    )
    return Brief(story.id, tuple(sentences), tuple(disputes), tuple(timeline))


def _outlets(articles: tuple[str, ...], outlet: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(outlet(a) for a in articles))


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Add ``brief[]``: one brief per story (events and storylines)."""
    loaded = loaded_counter(settings)
    briefs = tuple(build_brief(analysis, s, settings, loaded) for s in analysis.stories)
    return dataclasses.replace(analysis, brief=briefs)


def sentence_markdown(s: BriefSentence, esc: Callable[[str], str] = lambda x: x) -> str:
    """One brief sentence as Markdown: our words in ⟨angle brackets⟩, then [sources], then
    our notes (the rival figure of a contested one, earlier figures of an update) in italics.
    ``esc`` escapes source text for the caller's Markdown dialect."""
    pieces: list[str] = []
    for piece, ours in s.parts():
        inner = esc(piece)
        if ours and inner:
            lead = " " if piece[:1].isspace() else ""
            trail = " " if piece[-1:].isspace() else ""
            inner = f"{lead}⟨{inner}⟩{trail}"
        elif inner:
            inner = (" " if piece[:1].isspace() else "") + inner + (
                " " if piece[-1:].isspace() else "")
        pieces.append(inner)
    text = "".join(pieces).strip()
    out = f"{text} {esc('[')}{', '.join(esc(x) for x in s.sources)}{esc(']')}"
    if s.notes:
        out += " _(" + "; ".join(esc(n) for n in s.notes) + ")_"
    return out


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
        lines += [f"- {sentence_markdown(s)}" for s in brief.sentences]
        if any(s.ours for s in brief.sentences):
            lines += ["", "_Words in ⟨angle brackets⟩ are ours, not a source's._"]
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
