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
import functools
import re
from collections.abc import Callable, Sequence

from storylens.brief.disputes import quote_claim, story_disputes, story_timeline
from storylens.brief.figures import (
    _SCALES,
    Figure,
    _lemma,
    claim_values,
    figures,
    same_value,
)
from storylens.brief.select import (
    Chosen,
    Pile,
    choose_sentences,
    spun_articles,
    story_sentences,
)
from storylens.brief.text import STOP_WORDS, similarity, support, tokens
from storylens.deadline import Overrun, add_overruns, bounded
from storylens.framing.lexicon import Lexicon, load_lexicon
from storylens.parallel import map_ordered, resolve_workers
from storylens.records import Analysis, Brief, BriefSentence, Claim, ClaimGroup, Story
from storylens.scope import Scope
from storylens.settings import Settings
from storylens.stories.semantic import load_multilingual

__all__ = ["build_brief", "run", "sentence_markdown", "to_markdown"]

# The stage contract (checked by storylens.pipeline): the analysis fields it reads,
# and the ones it fills ("articles.x": it sets that field of every article).
NEEDS = ("articles", "stories", "relations", "lineages", "claims", "claim_groups",
         "framing")
ADDS = ("brief",)


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


@functools.lru_cache(maxsize=4)
def _framing_lexicon(path: str) -> Lexicon:
    return load_lexicon(path)


def loaded_counter(
    settings: Settings, extra: Sequence[str] = ()
) -> Callable[[str], int]:
    """Counts the non-neutral terms of the framing lexicon (and ``extra`` terms, e.g. those
    the framing stage flagged as loaded in the story) in a sentence, outside its quotes."""
    lexicon = _framing_lexicon(str(settings.framing.lexicon))  # once a run, not per story
    phrases = [phrase for phrase, cat in lexicon.loaded if cat != "neutral"]
    phrases += [t for t in extra if t.strip()]
    patterns = [(phrase.lower() if phrase.isascii() else None, _loaded_pattern(phrase))
                for phrase in dict.fromkeys(phrases)]

    @functools.lru_cache(maxsize=1 << 14)
    def count(text: str) -> int:
        # Quotes out once per text (was once per pattern), and a pattern only searched when
        # its phrase is in the lower-cased text: a necessary condition of the case-blind
        # match for an ASCII phrase, unless the text holds one of the non-ASCII letters the
        # regex engine folds to an ASCII one (then every pattern is searched). Issue #17:
        # this count was a quarter of the brief stage.
        bare = _QUOTED.sub(" ", text)
        low = None if _ASCII_FOLDS.search(bare) else bare.lower()
        return sum(1 for key, p in patterns
                   if (key is None or low is None or key in low) and p.search(bare))

    return count


@functools.cache
def _loaded_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(phrase)}", re.IGNORECASE)


# Letters that re.IGNORECASE matches to an ASCII letter although str.lower() does not give
# it: dotless i, dotted capital I, long s, the Kelvin sign.
_ASCII_FOLDS = re.compile("[\u0131\u0130\u017f\u212a]")


# Quoted words ("called the arrest “an abduction”") are the speaker's, given as such: the
# loaded-term count of a wording leaves them aside.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


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
    dated = [c for c in claims if _as_of(c)]
    return max(dated, key=_as_of) if dated else None


def _as_of(claim: Claim) -> str:
    """When the figure holds: the claims stage's ``as_of`` (issue 14), else the date the
    claim states, else ""."""
    return claim.as_of or claim.date or ""


def _not_updates(
    disputed: list[tuple[ClaimGroup, list[Claim]]],
    updates: list[tuple[ClaimGroup, list[Claim]]],
) -> list[tuple[ClaimGroup, list[Claim]]]:
    """Disputed groups without the earlier figures of an update: two figures of one update
    group are one count at two times, never rivals (of such a pair the latest stays). A
    group left with fewer than two claims is dropped, and so is an attributed dispute left
    with one value (the same figure from several named sources is no dispute; a conflict
    with one value stays: its sides differ by qualifier, "more than 304" / "304")."""
    stale: list[Claim] = []
    latest: list[float] = []
    for g, cs in updates:
        cur = _current(g, cs)
        if cur is not None and cur.value is not None:
            stale += [c for c in cs if c.value != cur.value]
            latest.append(cur.value)
    out: list[tuple[ClaimGroup, list[Claim]]] = []
    for g, cs in disputed:
        kept = [c for c in cs if not any(_of_earlier_report(c, x) for x in stale)
                and not _revised_from(c, latest)]
        values = {c.value for c in kept}
        one_value = len(values) == 1 and None not in values
        if len(kept) >= 2 and not (one_value and str(g.status) == "attributed-dispute"):
            out.append((g, kept))
    return out


def _of_earlier_report(claim: Claim, stale: Claim) -> bool:
    """``claim`` belongs to an update's earlier report (``stale``: an earlier figure of an
    update group): it is that claim, or the same figure (:func:`_same_figure`: the same
    value with the same unit or counted word), or another figure of the same earlier
    sentence ("More than 70 people were killed and 3,000 injured": the 3,000 injured is as
    old as the 70 killed). Such a figure
    set against a later one is a count at two times, not a dispute (decision 0508)."""
    if claim.id == stale.id:
        return True
    if _same_figure(claim, stale):
        return True
    return claim.article == stale.article and claim.text == stale.text


# Words by which one sentence gives a figure as replaced by another ("down to 253, from the
# previous figure of 359", "lowering the total from 359 to 253", "253 and not 359"): ordinary
# English revision wording, not a list of one story's words.
_REVISION = re.compile(
    r"\b(?:previous(?:ly)?|earlier|initial(?:ly)?|first estimates?|revis\w*|"
    r"lower(?:ed|ing)|rais(?:ed|ing)|down to|and not|instead of|rather than)\b",
    re.IGNORECASE)


def _revised_from(claim: Claim, latest: Sequence[float]) -> bool:
    """``claim`` is the replaced figure of a revision its own sentence states: the sentence
    also writes an update's latest value (another value than the claim's) and revision
    wording (:data:`_REVISION`). Decision 0508."""
    if claim.value is None or not _REVISION.search(claim.text):
        return False
    written = figures(claim.text)
    return any(cur != claim.value and not same_value(cur, claim.value)
               and any(same_value(f.value, cur) for f in written) for cur in latest)


def _who(claim: Claim, outlet: Callable[[str], str]) -> str:
    if claim.attributed_to:
        return f"according to {claim.attributed_to}, in {outlet(claim.article)}"
    return outlet(claim.article)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _figures(claim: Claim) -> list[Figure]:
    """The claim's figure as written in its text: its value (scale included, "7 million")
    and the counted word after it ("people", "nationality"), however the number is written
    ("Forty-nine", "1.8 million", "2½", "62km": :mod:`storylens.brief.figures`)."""
    if claim.value is None:
        return []
    values = claim_values(claim.value, claim.unit)
    return [f for f in figures(claim.text) if any(same_value(f.value, v) for v in values)]


def _same_figure(a: Claim, b: Claim) -> bool:
    """Two claims give the same figure: the same value (up to rounding, scale words
    read) with the same non-empty unit, or the same value and counted word in their texts."""
    if a.value is None or b.value is None:
        return False
    va, vb = claim_values(a.value, a.unit), claim_values(b.value, b.unit)
    if a.unit and a.unit == b.unit and any(same_value(x, y) for x in va for y in vb):
        return True
    return any(same_value(f.value, g.value) and f.word and f.word == g.word
               for f in _figures(a) for g in _figures(b))


def _counted(claim: Claim) -> set[str]:
    """The words a claim's figure counts: the word after its number as written, and its unit
    ("magnitude 7.6": the unit names it, the next word does not)."""
    out = {f.word for f in _figures(claim) if f.word}
    if claim.unit and claim.unit.isalpha():
        out.add(_lemma(claim.unit))
    return out


def writes_side(claims: Sequence[Claim], source: str, ratio: float) -> bool:
    """The sentence (``source``, its own words) writes one more side of a disputed group: a
    figure of the counted word every claim of the group shares, at a value within
    ``ratio`` of one of theirs ("a 7.2-magnitude earthquake" when sources dispute
    magnitude 7.6 against 7.4). A value far from all of them counts something else
    ("1,800 injured" beside a dispute over 304 killed). Decision 0508."""
    shared = set.intersection(*(_counted(c) for c in claims)) if claims else set()
    if not shared:
        return False
    values = [v for c in claims if c.value is not None
              for v in claim_values(c.value, c.unit) if v > 0]
    return any(f.word in shared and f.value > 0 and any(
        max(f.value, v) / min(f.value, v) <= ratio for v in values)
        for f in figures(source))


def stated_claims(
    claims: Sequence[Claim], own: Sequence[Claim], source: str = ""
) -> list[Claim]:
    """The claims of a group (``claims``) that a sentence states, given the claims it states
    (``own``, :func:`sentence_claims`): by claim id, or the same figure as one of ``own``
    (one page's count of the same thing, :func:`_same_figure`), or, in the sentence's own
    words (``source``), the claim's value with the same counted word ("35 nationalities"
    when the claims stage found no claim in the sentence)."""
    ids = {c.id for c in own}
    out = [c for c in claims if c.id in ids]
    out += [c for c in claims if c not in out and any(_same_figure(c, x) for x in own)]
    if source:
        written = [f for f in figures(source) if f.word]
        out += [c for c in claims if c not in out and any(
            same_value(f.value, g.value) and f.word == g.word
            for g in _figures(c) for f in written)]
    return out


def sentence_claims(
    claims: Sequence[Claim], source: str, article: str, cited: Sequence[str], share: float,
    sents: dict[str, list[str]] | None = None,
) -> list[Claim]:
    """The claims a brief sentence states, found by where each claim sits, not by looking
    for its figure anywhere: the claims of the sentence the wording is taken from (claims of
    ``article`` whose text, a sentence or a span of one, lies in ``source`` at support
    >= 0.8), and the claims of a cited article that lie in a sentence of theirs (``sents``)
    supporting ``source`` at ``share``, and any claim whose words lie in ``source``, both
    when the claim's number is among ``source``'s tokens (the same figure, said by another
    page). Without ``article`` (a step of ours) any article's claim in ``source`` counts."""
    sents = sents or {}
    out: list[Claim] = []
    written = figures(source)
    for c in claims:
        figure = c.value is not None and any(
            same_value(f.value, v) for v in claim_values(c.value, c.unit) for f in written)
        inside = support(c.text, source) >= 0.8
        here = inside and (not article or c.article == article)
        copied = inside and figure  # another page's same words, figure included
        said_too = figure and c.article in cited and any(
            support(c.text, s) >= 0.8 and support(source, s) >= share
            for s in sents.get(c.article, ()))
        if here or copied or said_too:
            out.append(c)
    return out


def figure_excerpt(claim: Claim, before: int = 6, after: int = 4) -> str:
    """The words around the claim's number (the whole text when short or no number found),
    with "…" where it is cut: a rival figure readable in a note."""
    words = claim.text.split()
    if len(words) <= before + after + 1:
        return claim.text
    if claim.value is None:
        return claim.text
    number = _number(claim.value)
    at = next((i for i, w in enumerate(words) if number in tokens(w.replace("-", " "))),
              None)
    if at is None:
        return claim.text
    lo, hi = max(at - before, 0), min(at + after + 1, len(words))
    return ("… " if lo else "") + " ".join(words[lo:hi]) + (" …" if hi < len(words) else "")


def _rival_notes(
    group: ClaimGroup, claims: list[Claim], stated: list[Claim], outlet: Callable[[str], str]
) -> list[str]:
    """For a sentence stating one side of a disputed figure: each other value (another
    attribution, for an attributed dispute) and who gives it ("contested: rival figure
    “32 nationalities” (The Pigeon Express)")."""
    dispute = str(group.status) == "attributed-dispute"
    sides: dict[tuple[float | None, str | None], tuple[str, list[str]]] = {}
    for c in claims:
        # the claims stage judged the values incompatible: every other value is a rival (the
        # same value from another source is not, whoever it is attributed to)
        if c in stated or any(c.value == x.value and (c.value is not None or not dispute
                                                      or x.attributed_to == c.attributed_to)
                              for x in stated):
            continue
        key = (c.value, c.attributed_to if dispute else None)
        whos = sides.setdefault(key, (quote_claim(figure_excerpt(c)), []))[1]
        if _who(c, outlet) not in whos:
            whos.append(_who(c, outlet))
    return [f"contested: rival figure {q} ({'; '.join(w)})" for q, w in sides.values()]


def writes_earlier(stale: Sequence[Claim], own: Sequence[Claim], source: str) -> bool:
    """The sentence states an update's earlier figure: one of ``stale`` by
    :func:`stated_claims`, or, in its own words, a stale value of three digits or more that
    is no year, written with no counted word or the claim's own ("has spiraled to 732" when
    the claims stage read the figure's unit as "week"; a count that large rarely recurs by
    chance in one story, but "2,700 tonnes" beside "2,700 people were hurt" does)."""
    if stated_claims(stale, own, source):
        return True
    large = [c for c in stale if c.value is not None and c.value >= 100
             and not (1900 <= c.value <= 2100 and c.value == int(c.value))]
    # unless a word right after the number counts something else: "2,700 tonnes" is not
    # the earlier figure of "2,700 people were hurt" ("has spiraled to 732, and" is)
    return any(c.value is not None and same_value(f.value, c.value)
               and not _counts_other(source, c)
               for f in figures(source) for c in large)


_COUNTED_NEXT = re.compile(r"(\d[\d,.]*\d|\d)\s+([^\W\d_]+)")


def _counts_other(source: str, claim: Claim) -> bool:
    """``source`` writes ``claim``'s number directly followed by a word that is not what the
    claim counts ("2,700 tonnes" for a count of people), scale words aside."""
    counted = _counted(claim)
    for m in _COUNTED_NEXT.finditer(source):
        word = m.group(2).lower()
        if word in _SCALES or word in STOP_WORDS:
            continue
        number = m.group(1).replace(",", "")
        try:
            value = float(number)
        except ValueError:
            continue
        if (claim.value is not None and same_value(value, claim.value)
                and _lemma(word) not in counted):
            return True
    return False


def _newer_note(current: Claim, outlet: Callable[[str], str]) -> str:
    """For a sentence stating an earlier figure of an update: the latest one, with its
    source and as-of time (issue 15: never a stale figure without the newer one)."""
    when = f", as of {_as_of(current)}" if _as_of(current) else ""
    return (f"earlier figure; latest {quote_claim(figure_excerpt(current))} "
            f"({outlet(current.article)}{when})")


def _update_notes(
    current: Claim, stale: list[Claim], outlet: Callable[[str], str], most: int = 3
) -> list[str]:
    """For a sentence stating the latest value of an update: its as-of date and up to
    ``most`` earlier values (other than the latest) with theirs."""
    notes = [f"latest figure, as of {_as_of(current)}"] if _as_of(current) else [
        "latest figure"]
    seen: set[float | None] = {current.value}
    for c in sorted(stale, key=_as_of):
        if c.value in seen or len(notes) > most:
            continue
        seen.add(c.value)
        when = f", as of {_as_of(c)}" if _as_of(c) else ""
        notes.append(f"earlier figure {quote_claim(c.text)} ({outlet(c.article)}{when})")
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


def _source_words(s: BriefSentence) -> str:
    return "".join(piece for piece, ours in s.parts() if not ours).strip()


def _steps(
    analysis: Analysis, story: Story, children: dict[str, Brief], excluded: Sequence[Claim],
    protected: Sequence[Claim],
) -> list[Chosen]:
    """What changed from event to event: the lead of each child event of a storyline, in
    date order, introduced by our "On DATE:" / "Then, on DATE:" (marked as ours). A lead
    that states a figure the storyline does not state (an excluded claim), or that only spun
    copies give, is skipped."""
    events = [s for s in analysis.stories if s.parent == story.id and s.id in children
              and children[s.id].sentences]

    def first_date(s: Story) -> str:
        dates = [a.published for a in (analysis.article(i) for i in s.articles)
                 if a is not None and a.published]
        return min(dates) if dates else ""

    events.sort(key=lambda s: (first_date(s) == "", first_date(s), s.id))
    if len(events) < 2:
        return []
    spun = spun_articles(analysis, [a for a in (analysis.article(i) for i in story.articles)
                                    if a is not None])
    out: list[Chosen] = []
    for ev in events:
        lead = children[ev.id].sentences[0]
        if lead.articles and all(a in spun for a in lead.articles):
            continue  # an event told only by spun copies: its words stay out of the storyline
        src = _source_words(lead)
        if any(support(c.text, src) >= 0.8 for c in excluded) and not any(
            support(c.text, src) >= 0.8 for c in protected
        ):
            continue
        date = first_date(ev)
        prefix = (("Then, on " if out else "On ") + f"{date}: ") if date else (
            "Then: " if out else "")
        shift = len(prefix)
        ours = (((0, shift),) if prefix else ()) + tuple(
            (a + shift, b + shift) for a, b in lead.ours)
        out.append(Chosen(prefix + lead.text, lead.articles, 0.0, (date, 0.0),
                          source=src, ours=ours, cluster=-2 - len(out)))
    return out


def build_brief(
    analysis: Analysis, story: Story, settings: Settings,
    loaded: Callable[[str], int] | None = None,
    children: dict[str, Brief] | None = None,
    pile: Pile | None = None,
) -> Brief:
    """The brief of one story (event or storyline). A storyline's brief opens with what
    changed from event to event (``children``: the briefs of its events, by story id), then
    its own selection."""
    bs = settings.brief
    pile = pile or Pile(analysis, load_multilingual(bs.semantic))
    arts = [a for a in (analysis.article(i) for i in story.articles) if a is not None]
    ids = {a.id for a in arts}
    names = {a.id: a.outlet or a.id for a in arts}

    def outlet(aid: str) -> str:
        if aid in names:
            return names[aid]
        # a page outside the story (a cleaner wording from a linked page, 0508): the pile
        # holds the whole run
        art = analysis.article(aid) or pile.analysis.article(aid)
        return (art.outlet or art.id) if art is not None else aid

    lineage_of = {a: lin.id for lin in analysis.lineages for a in lin.articles}
    groups = _groups_in(analysis, ids)
    agree = [(g, cs) for g, cs in groups if g.status == "agree"]
    disputed = _not_updates(
        [(g, cs) for g, cs in groups if str(g.status) in ("conflict", "attributed-dispute")],
        [(g, cs) for g, cs in groups if str(g.status) == "update"],
    )
    disputes = [
        dataclasses.replace(d, ours=_ours_outside_quotes(d.text))
        for d in story_disputes(disputed, outlet)
    ]
    # Never stated: the outlier side of a conflict whose two sides are in the story (the
    # disputes section gives it, with who says it); the earlier values of an update.
    excluded = [c for g, cs in disputed if g.outlier for c in cs
                if c.article == g.outlier] if disputes else []
    protected: list[Claim] = []
    updates: list[tuple[Claim, list[Claim], list[Claim]]] = []
    for g, cs in groups:
        if str(g.status) != "update":
            continue
        cur = _current(g, cs)
        if cur is None:
            continue
        # the latest figure, as every page gives it; the earlier figures are other values
        latest = [c for c in cs if c.value == cur.value]
        stale = [c for c in cs if c.value != cur.value]
        excluded += stale
        protected += latest
        updates.append((cur, latest, stale))
    limit = bs.max_sentences_storyline if story.level == "storyline" else bs.max_sentences_event
    sents = story_sentences(arts)
    if loaded is None or _flagged_terms(analysis, story.id):
        loaded = loaded_counter(settings, _flagged_terms(analysis, story.id))
    chosen = choose_sentences(
        analysis, arts, sents, lineage_of, agree, excluded, limit, bs, loaded, protected,
        pile, pile.scope(story),
    )
    if story.level == "storyline" and children:
        steps = _steps(analysis, story, children, excluded, protected)[:limit]
        rest = [c for c in chosen if not any(
            similarity(c.source, st.source) >= bs.redundancy_max for st in steps)]
        chosen = steps + rest[:max(limit - len(steps), 0)]
    story_claims = [c for c in analysis.claims if c.article in ids]
    sentences: list[BriefSentence] = []
    given: set[str] = set()  # earlier-figure notes already given in this brief (said once)
    spun = spun_articles(analysis, arts)
    for c in chosen:
        contested: list[str] = []
        notes: list[str] = []
        if c.article in spun:
            # only in a story told by spun copies alone (select leaves such wording out
            # whenever a clean page exists): the reader is told whose words these are
            notes.append(f"wording of a machine-spun page ({outlet(c.article)}); "
                         "no clean page of this story states it")
        own = sentence_claims(story_claims, c.source, c.article, c.articles,
                              bs.support_min, sents)
        for g, cs in disputed:
            stated = stated_claims(cs, own, c.source)
            if stated or writes_side(cs, c.source, bs.rival_ratio_max):
                contested.append(g.id)
                notes += _rival_notes(g, cs, stated, outlet)
        for cur, latest, stale in updates:
            if stated_claims(latest, own, c.source):
                update = _update_notes(cur, stale, outlet)
                notes += update[:1] + [n for n in update[1:] if n not in given]
                given.update(update[1:])
            elif writes_earlier(stale, own, c.source):
                notes.append(_newer_note(cur, outlet))
        if contested and any(set(contested) & set(p.contested) for p in sentences):
            continue  # a disputed figure is stated once, its rivals in that note (0508)
        sentences.append(BriefSentence(
            c.text, _outlets(c.articles, outlet), c.articles, tuple(contested), c.ours,
            tuple(dict.fromkeys(notes)),
        ))
    timeline = story_timeline(
        analysis, story.id, arts, story_claims, outlet, bs.equivalent_min, bs.claim_support_min
    )
    return Brief(story.id, tuple(sentences), tuple(disputes), tuple(timeline))


def _outlets(articles: tuple[str, ...], outlet: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(outlet(a) for a in articles))


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Add ``brief[]``: one brief per story (events and storylines)."""
    loaded = loaded_counter(settings)
    scope = Scope(analysis)  # each story sees only its own records (issue #17)
    # wording statistics and sentence embeddings of the whole pile, computed once (0506, 0507)
    pile = Pile(analysis, load_multilingual(settings.brief.semantic))
    # Events first (a storyline's brief opens with its events' leads), then storylines;
    # story by story, on every core (storylens.parallel: same result for any worker count).
    workers = resolve_workers(settings.workers)
    if workers > 1:
        pile.page_counts()  # once, before the workers fork
    overruns: list[Overrun] = []

    def one(s: Story, events: dict[str, Brief] | None) -> Brief | None:
        budget = settings.unit_timeout * len(s.articles)  # storylens.deadline
        return bounded("brief.story", budget, build_brief, scope.of(s), s, settings, loaded,
                       events, pile)

    def kept(stories: list[Story], got: list[Brief | None]) -> dict[str, Brief]:
        out: dict[str, Brief] = {}
        for s, b in zip(stories, got, strict=True):
            if b is None:  # an empty brief, the reason in inputs[]
                overruns.append(Overrun("brief", "brief of the story", s.articles,
                                        settings.unit_timeout * len(s.articles),
                                        "unit_timeout"))
                b = Brief(s.id, ())
            out[s.id] = b
        return out

    # One unit of work per storyline: its events, then itself, in one process, so the
    # sentence embeddings and wording answers of the storyline's pages (what its briefs
    # compare: Pile.scope) are computed once for all its briefs, then dropped (issue #17:
    # with events and storylines in two maps, every worker embedded the pile's sentences
    # again for the storylines, and each worker's cache grew with the pile).
    members: dict[str, list[Story]] = {}
    for s in analysis.stories:
        if s.level == "event" and s.parent is not None:
            members.setdefault(s.parent, []).append(s)
    units: list[tuple[list[Story], Story | None]] = []
    claimed: set[str] = set()
    for s in analysis.stories:
        if s.level != "event":
            evs = members.get(s.id, [])
            units.append((evs, s))
            claimed.update(e.id for e in evs)
    units += [([s], None) for s in analysis.stories
              if s.level == "event" and s.id not in claimed]

    def unit(u: tuple[list[Story], Story | None]) -> list[Brief | None]:
        evs, top = u
        got = [one(e, None) for e in evs]
        if top is not None:
            got.append(one(top, kept_quiet(evs, got)))
        pile.release()
        return got

    def kept_quiet(evs: list[Story], got: list[Brief | None]) -> dict[str, Brief]:
        return {e.id: b if b is not None else Brief(e.id, ())
                for e, b in zip(evs, got, strict=True)}

    results = map_ordered(unit, units, workers)
    done: dict[str, Brief] = {}
    for want_events in (True, False):  # overruns listed events first, then storylines
        for (evs, top), got in zip(units, results, strict=True):
            pairs = list(zip([*evs, *([top] if top is not None else [])], got, strict=True))
            pairs = [(s, b) for s, b in pairs if (s.level == "event") == want_events]
            done.update(kept([s for s, _ in pairs], [b for _, b in pairs]))
    briefs = tuple(done[s.id] for s in analysis.stories)
    return dataclasses.replace(analysis, brief=briefs,
                               meta=add_overruns(analysis.meta, overruns))


def sentence_markdown(s: BriefSentence, esc: Callable[[str], str] = lambda x: x) -> str:
    """One brief sentence as Markdown: our words in ⟨angle brackets⟩, then [sources], then
    our notes (the rival figure of a contested one, earlier figures of an update) in italics.
    ``esc`` escapes source text for the caller's Markdown dialect."""
    pieces: list[str] = []
    for piece, ours in s.parts():
        inner = esc(piece.strip()) if ours else esc(piece)
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
