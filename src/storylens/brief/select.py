"""Choosing the brief's sentences: equivalent sentences across articles, scored and cited.

1. Candidates: body sentences of the story's articles (``min_words``..``max_words``) that
   end in final punctuation (an excerpt's cut end, a title or caption fragment never
   qualifies), minus those that state an excluded claim (the outlier figure of a conflict,
   the stale figure of an update). A sentence from inside a quotation is kept only with a
   named speaker, worded by :mod:`storylens.brief.quotes` (the words we add are marked).
2. Equivalence: two sentences of different articles state the same thing when a provenance
   alignment pairs them or their content-token Dice similarity is >= ``equivalent_min``.
   Equivalent sentences form one cluster (union-find).
3. Wording: the cluster's representative is a sentence of a clean article (not labelled
   spun or paraphrased, not the copy side of a directed spun-copy relation) whenever the
   cluster has one; among those: fewer loaded framing terms outside quotes, then
   corroborated wording (another page of the storyline has it in the same words,
   ``consensus_min``), then (when ``prefer_lineage_origin``) not a copy of a lineage whose
   origin is known, then a page with any corroborated sentence, then the version whose own
   words more other pages use (:func:`word_support`), then the most articles supporting
   it, then the wording closest to the cluster's other members, then the shortest
   (decision 0506).
4. Citations (by construction): every story article with a sentence that supports the
   representative's source words at >= ``support_min`` (see
   :func:`storylens.brief.text.support`); plus the articles of an agreeing claim group whose
   claim the sentence states, if their claim sentence supports it at >= ``claim_support_min``.
5. Score: independent lineages cited, articles cited, agreeing claim groups, lead position,
   centrality; sentences opening on a pronoun count less. Greedy selection without repeats
   (``redundancy_max``, or the same agreeing claim group). Left out (decision 0507), when
   the story has a clean page: a cluster of labelled-spun sentences only, and a cluster
   whose meaning no page of another lineage carries (encoder cosine >= ``meaning_min``)
   when all its pages are labelled spun or carry provenance's spin evidence.
6. Lead: the brief opens with the best-corroborated lead sentence (one of the first
   ``lead_positions`` prose sentences of a clean article, not a quotation): most lineages,
   then articles citing it, then score. The other sentences follow in reading order.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from storylens.brief.index import ContentMatrix
from storylens.brief.quotes import article_units, attributed, speaker_for
from storylens.brief.text import (
    article_sentences,
    content_tokens,
    similarity,
    support,
    supported_by,
    tokens,
)
from storylens.deadline import checkpoint
from storylens.records import Analysis, Article, Claim, ClaimGroup, Story
from storylens.settings import BriefSettings
from storylens.stories.semantic import MultiEncoder

# Sentences are embedded from at most this many characters (the provenance stage's cut: the
# start of a sentence carries its meaning, the encoder's cost grows with length).
MAX_SENTENCE_CHARS = 400

_DANGLING = re.compile(
    r"^[\"“‘]?(?:He|She|It|They|This|These|Those|That|But|And|However|Also|The latter|"
    r"The former|Meanwhile|Instead)\b"
    # a pronoun subject after an opening phrase: "Formed in 1955, it is a club ..." (whose
    # "it" the brief's previous sentence may not be; decision 0508)
    r"|^[A-Z][^,;:\"“]{0,60},\s+(?:he|she|it|they)\s"
)
# A lead names whom or where (decision 0508): a capitalised word after the first, or a first
# word that is no determiner or pronoun ("Evergrande has ..."). "The contract will last
# until 2025." names nothing and cannot open a brief.
_NAMES = re.compile(
    r"\s[\"“‘(]?[A-Z][\w’'.-]*"
    r"|^[\"“‘]?(?!(?:The|A|An|This|That|These|Those|It|He|She|They|We|I|You|Its|His|Her|"
    r"Their|Our|There|Here|Some|Many|Most|All|Both|Each|Such|One|Two|Three)\b)[A-Z]")
# Final punctuation, optionally followed by closing quotes or brackets: a whole sentence.
FINAL = re.compile(r"[.!?…][\"”’'»)\]]*$")
_BULLET = re.compile(r"^[•·▪●■\-–—*]+\s*")
# A dateline or credit before the first word of a story: "BEIRUT — ", "LIMA, Peru (AP) — ",
# "April 25 (UPI) -- ", "LONDON: ", "Jeremie: " (one or two place words before a colon),
# "(AP) – ". Left out of the brief's words: they name the wire, not what happened (decision
# 0507). The next word must start with a capital or a quote, so "Johnson – who ..." stays
# whole; only a story's first sentence is read for one.
_DATELINE = re.compile(
    r"^(?!(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our|Mr|Mrs|Ms|Dr)\b)"
    r"(?:(?:[A-Z][\w.'’]*(?:,?\s+[A-Z0-9][\w.'’]*){0,3})?\s*(?:\([A-Za-z.]{2,12}\))?"
    r"\s*(?:—|–|--|-)\s+"
    r"|[A-Z][A-Z.'’]+(?:\s+[A-Z][A-Z.'’]+){0,2}(?:,\s*[A-Z][a-z]+)?\s*:\s+"
    r"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?:\s+)"
    r"(?=[A-Z“\"‘])"
)
# A dateline naming its agency, "GENEVA (AP) — ": left out wherever it opens a sentence (a
# page may put a kicker or title line before it; decision 0508).
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’]+(?:,?\s+[A-Z][\w.'’]*){0,3}\s*\([A-Za-z.]{2,12}\)\s*(?:—|–|--|-)\s+"
    r"(?=[A-Z“\"‘])")
# A photo caption in agency style: it ends on the picture's full date (", Tuesday, May 9,
# 2023.") or a photo credit ("(AP Photo/...)"); a news sentence does not (decision 0508: po04
# opened on one).
_CAPTION = re.compile(
    r",\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+[A-Z][a-z]+\.?"
    r"\s+\d{1,2},\s+\d{4}\.?[\"”’')\]]*$|\((?:AP|AFP|Reuters|EPA)\s+Photo\b", re.IGNORECASE)
_NOT_SPUN = frozenset({"", "none", "clean", "original", "no", "false", "human"})


_QUOTE_SPAN = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")


def quoted_share(text: str) -> float:
    """The share of ``text``'s words inside quotation marks (an unclosed quote runs to the
    end): a sentence that is mostly a quotation is somebody's statement, not a lead."""
    total = len(text.split())
    inside = sum(len(m.group().split()) for m in _QUOTE_SPAN.finditer(text))
    return inside / total if total else 0.0


def is_spun(article: Article) -> bool:
    """The article is labelled machine-spun or machine-paraphrased (label a bool or, after
    the provenance stage names its labels, a string such as "spun" / "paraphrase")."""
    label: object = article.machine_spun.label
    if isinstance(label, str):
        return label.strip().lower() not in _NOT_SPUN
    return bool(label)


@dataclass(frozen=True, slots=True)
class Sent:
    article: str
    index: int
    text: str  # the brief's wording: the source sentence, plus any attribution of ours
    rel_pos: float  # 0 = first sentence of the article, 1 = last
    source: str = ""  # the sentence as the article has it (cited, compared)
    prose: int = 0  # index among the article's whole sentences (for the lead)
    ours: tuple[tuple[int, int], ...] = ()
    quoted: bool = False

    @property
    def words(self) -> str:
        return self.source or self.text


@dataclass(frozen=True, slots=True)
class Chosen:
    text: str
    articles: tuple[str, ...]
    score: float
    order: tuple[str, float]  # (article date or "", relative position) for reading order
    facts: frozenset[str] = frozenset()  # agreeing claim groups the sentence states
    source: str = ""  # the source words (without our additions)
    ours: tuple[tuple[int, int], ...] = ()
    cluster: int = -1
    lineages: int = 0
    article: str = ""  # the article whose sentence gives the wording ("" for our steps)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def story_sentences(articles: Sequence[Article]) -> dict[str, list[str]]:
    """All body sentences per article id (for citing), unfiltered."""
    return {a.id: article_sentences(a) for a in articles}


def _states(claims: Sequence[Claim], aid: str, text: str) -> bool:
    return any(c.article == aid and support(c.text, text) >= 0.8 for c in claims)


def candidates(
    articles: Sequence[Article], excluded: Sequence[Claim], settings: BriefSettings,
    protected: Sequence[Claim] = (),
) -> list[Sent]:
    """Whole sentences of the articles that may enter the brief (see the module docstring);
    ``excluded`` claims are not stated unless the sentence also states a ``protected`` one."""
    out: list[Sent] = []
    for art in articles:
        units = article_units(art)
        n = max(len(units) - 1, 1)
        prose = 0
        for i, u in enumerate(units):
            checkpoint()  # storylens.deadline: the story's budget
            src = _BULLET.sub("", u.text)
            if prose == 0:  # a dateline opens a story's first sentence only
                src = _DATELINE.sub("", src, count=1)
            else:  # ... unless it names its wire ("GENEVA (AP) — " after a kicker line)
                src = _WIRE_DATELINE.sub("", src, count=1)
            if not FINAL.search(src) or _CAPTION.search(src):
                continue
            words = len(src.split())
            if not settings.min_words <= words <= settings.max_words:
                continue
            position = prose
            prose += 1
            if _states(excluded, art.id, src) and not _states(protected, art.id, src):
                continue
            text, ours = src, tuple[tuple[int, int], ...]()
            if u.inside:
                speaker = speaker_for(units, i, settings.quote_lookback)
                if speaker is None:
                    continue  # a quotation whose speaker we cannot name stays out
                text, ours = attributed(dataclasses.replace(u, text=src), speaker)
            out.append(Sent(art.id, i, text, i / n, src, position, ours, u.inside))
    return out


def same_wording(a: str, b: str) -> float:
    """Token-sequence similarity of two sentences (difflib ratio over
    :func:`~storylens.brief.text.tokens`): 1.0 for the same words in the same order; a
    spinner's synonym every few words brings it well below 0.8."""
    return difflib.SequenceMatcher(None, tokens(a), tokens(b), autojunk=False).ratio()


def wording_twins(
    cands: Sequence[Sent], sents: dict[str, list[str]], settings: BriefSettings,
    memo: dict[tuple[str, str], bool] | None = None,
) -> list[int]:
    """For each candidate: how many other articles (of ``sents``: the story's storyline) have
    a sentence in the same wording (:func:`same_wording` >= ``consensus_min``; content Dice
    >= ``equivalent_min`` first, so only likely pairs are compared). Wording shared by two
    pages is corroborated: a spinner's or paraphraser's rewording is on its one page only.
    ``memo`` keeps (sentence, article) answers across the briefs of one run (an event's
    candidates come back in its storyline's brief)."""
    memo = {} if memo is None else memo
    out: list[int] = []
    flat = [(aid, x) for aid, sentences in sents.items() for x in sentences]
    matrix = ContentMatrix([x for _, x in flat]) if settings.equivalent_min > 0 else None
    for c in cands:
        checkpoint()
        n = 0
        near: dict[str, list[str]] | None = None
        for aid, sentences in sents.items():
            if aid == c.article:
                continue
            key = (c.words, aid)
            if key not in memo:
                if matrix is not None and near is None:
                    # only the sentences that may reach equivalent_min (exact prefilter)
                    near = {}
                    for k in matrix.dice_at_least(c.words, settings.equivalent_min):
                        near.setdefault(flat[k][0], []).append(flat[k][1])
                memo[key] = any(
                    similarity(c.words, s) >= settings.equivalent_min
                    and same_wording(c.words, s) >= settings.consensus_min
                    for s in (sentences if near is None else near.get(aid, ())))
            n += memo[key]
        out.append(n)
    return out


def meaning_lineages(
    cands: Sequence[Sent], sents: dict[str, list[str]], lineage_of: dict[str, str],
    pile: Pile, meaning_min: float,
) -> list[set[str]]:
    """For each candidate: the lineages (an article outside any lineage is its own) of the
    articles of ``sents`` (its storyline) with a sentence meaning the same: the candidate's
    own page, and every other page with a sentence at encoder cosine >= ``meaning_min``.
    Without an encoder: the own lineage only (the Dice clusters still link equivalents)."""
    own = [{lineage_of.get(c.article, c.article)} for c in cands]
    pairs = [(aid, s) for aid, ss in sents.items() for s in ss]
    ce = pile.embed([c.words for c in cands])
    se = pile.embed([s for _, s in pairs])
    if ce is None or se is None or not pairs or not cands:
        return own
    hits = np.asarray(ce @ se.T) >= meaning_min
    for i, c in enumerate(cands):
        for k in np.flatnonzero(hits[i]):
            aid = pairs[int(k)][0]
            if aid != c.article:
                own[i].add(lineage_of.get(aid, aid))
    return own


def has_spin_evidence(article: Article, floor: float) -> bool:
    """Provenance found spin evidence on the page (score above ``floor`` or evidence
    phrases), whether or not it labelled it spun."""
    return article.machine_spun.score > floor or bool(article.machine_spun.evidence)


def _words(text: str) -> set[str]:
    return {t for t in content_tokens(text) if not t[0].isdigit()}


class Pile:
    """What the brief reads from the whole pile, computed once per run (lazily): each
    article's sentences and content words, how many pages use each word, and sentence
    embeddings by the shared multilingual encoder (``encoder``; None: no meaning check)."""

    def __init__(self, analysis: Analysis, encoder: MultiEncoder | None = None) -> None:
        self.analysis = analysis
        self.encoder = encoder
        self._sents: dict[str, list[str]] = {}
        self._words: dict[str, set[str]] = {}
        self._pages: Counter[str] | None = None
        self._emb: dict[str, np.ndarray] = {}
        self.twin_memo: dict[tuple[str, str], bool] = {}
        self._stories: dict[str, Story] | None = None

    def embed(self, texts: Sequence[str]) -> np.ndarray | None:
        """L2-normalised rows for ``texts`` (each text embedded once per run), or None
        without an encoder."""
        if self.encoder is None:
            return None
        missing = [t for t in dict.fromkeys(texts) if t not in self._emb]
        if missing:
            rows = self.encoder.encode([t[:MAX_SENTENCE_CHARS] for t in missing])
            self._emb.update(zip(missing, rows, strict=True))
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._emb[t] for t in texts])

    def release(self) -> None:
        """Drop the per-storyline caches (embeddings, wording answers) once a storyline's
        briefs are done: their keys are that storyline's pages (issue #17: bounded memory)."""
        self._emb.clear()
        self.twin_memo.clear()

    def sentences(self, aid: str) -> list[str]:
        if aid not in self._sents:
            art = self.analysis.article(aid)
            self._sents[aid] = article_sentences(art) if art is not None else []
        return self._sents[aid]

    def words(self, aid: str) -> set[str]:
        if aid not in self._words:
            self._words[aid] = set().union(*(_words(x) for x in self.sentences(aid)))
        return self._words[aid]

    def pages(self, word: str) -> int:
        """The number of articles of the pile using ``word``."""
        return self.page_counts()[word]

    def page_counts(self) -> Counter[str]:
        """Pages per word over the whole pile (computed on first use; the brief stage calls
        it before its worker processes fork, so they share one copy)."""
        if self._pages is None:
            self._pages = Counter(w for a in self.analysis.articles for w in self.words(a.id))
        return self._pages

    def scope(self, story: Story) -> list[str]:
        """The articles whose wording can corroborate a story's: its storyline's (the stories
        stage may split one event's copies over sibling events), else its own."""
        if self._stories is None:  # by id, built once (a scan per story was quadratic)
            self._stories = {}
            for s in self.analysis.stories:
                self._stories.setdefault(s.id, s)
        parent = self._stories.get(story.parent) if story.parent is not None else None
        return list((parent or story).articles)


def word_support(
    text: str, article: str, others: Sequence[tuple[str, str]], pile: Pile
) -> float:
    """How much of the pile uses the words in which ``text`` (of ``article``) differs from
    the equivalent sentences ``others`` ((article, text) pairs): the mean, over its content
    words that no other version has, of the number of other pages (neither ``article`` nor
    an ``others`` one) using that word. A spinner's synonyms ("abdication" for
    "resignation") are rarely another page's words; the original's usually are. Infinite
    when every word of ``text`` is in another version (nothing of its own)."""
    own = _words(text) - set().union(*(_words(t) for _, t in others))
    if not own:
        return float("inf")
    skip = {article, *(a for a, _ in others)}
    return sum(pile.pages(w) - sum(1 for a in skip if w in pile.words(a))
               for w in own) / len(own)


def _alignment_links(analysis: Analysis, cands: list[Sent]) -> list[tuple[int, int]]:
    """Candidate pairs that a provenance alignment pairs up."""
    by_article: dict[str, list[int]] = {}
    for i, c in enumerate(cands):
        by_article.setdefault(c.article, []).append(i)
    links: list[tuple[int, int]] = []
    for rel in analysis.relations:
        if rel.a not in by_article or rel.b not in by_article:
            continue
        for al in rel.alignments:
            left = [i for i in by_article[rel.a] if support(cands[i].words, al.a_text) >= 0.8
                    or support(al.a_text, cands[i].words) >= 0.8]
            right = [j for j in by_article[rel.b] if support(cands[j].words, al.b_text) >= 0.8
                     or support(al.b_text, cands[j].words) >= 0.8]
            links.extend((i, j) for i in left for j in right)
    return links


def _centrality(cands: list[Sent]) -> list[float]:
    if len(cands) < 2:
        return [1.0] * len(cands)
    try:
        m = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [c.words for c in cands]
        )
    except ValueError:  # empty vocabulary
        return [0.0] * len(cands)
    centroid = np.asarray(m.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    sims = np.asarray(m @ centroid).ravel() / norm
    top = float(sims.max()) or 1.0
    return [float(s) / top for s in sims]


def page_cleanliness(aid: str, spun: set[str], copies: set[str],
                     corroborated: set[str]) -> tuple[bool, bool, bool]:
    """How far a page's wording can be trusted, from what the brief knows without a spin
    label of its own: not labelled spun, not a copy of a lineage with a known origin, and
    holding at least one sentence whose wording another page shares (a wire text or its
    copy; a spinner's or paraphraser's page has none). Compared as a tuple."""
    return (aid not in spun, aid not in copies, aid in corroborated)


def cleaner_equivalents(
    cands: Sequence[Sent], twins: Sequence[int], spun: set[str], copies: set[str],
    corroborated: set[str], pile: Pile, meaning_min: float, n_own: int | None = None,
) -> dict[int, int]:
    """For a candidate i whose wording no other page shares (no wording twin): the sentence
    j of a strictly cleaner page (:func:`page_cleanliness`) that means the same (encoder
    cosine >= ``meaning_min``; the cleanest page, then the closest meaning), whose words
    then stand for i's. Only the first ``n_own`` candidates (the story's own) are given
    another wording. Only towards a cleaner page: two equally clean versions stay as they
    are (letting the wording order choose between them picked the rewording, decision
    0507); and clusters are not joined (a chain of such pairs merged different facts)."""
    rank = {c.article: page_cleanliness(c.article, spun, copies, corroborated) for c in cands}
    top = max(rank.values(), default=(True, True, True))
    n_own = len(cands) if n_own is None else n_own
    low = [i for i, c in enumerate(cands[:n_own])
           if not twins[i] and rank[c.article] < top]
    if not low:
        return {}
    high = [j for j, c in enumerate(cands) if rank[c.article] > min(rank[cands[i].article]
                                                                     for i in low)]
    le = pile.embed([cands[i].words for i in low])
    he = pile.embed([cands[j].words for j in high])
    if le is None or he is None or not high:
        return {}
    sims = np.asarray(le @ he.T)
    out: dict[int, int] = {}
    for a, i in enumerate(low):
        best: tuple[tuple[bool, bool, bool], float] | None = None
        for b in np.flatnonzero(sims[a] >= meaning_min):
            j = high[int(b)]
            key = (rank[cands[j].article], float(sims[a, b]))
            if cands[j].article != cands[i].article and \
                    rank[cands[j].article] > rank[cands[i].article] and (
                        best is None or key > best):
                best, out[i] = key, j
    return out


def spun_articles(analysis: Analysis, articles: Sequence[Article]) -> set[str]:
    """Articles whose wording the brief does not use when a clean one states the same:
    labelled spun/paraphrased, or the copy side of a directed spun-copy relation."""
    ids = {a.id for a in articles}
    out = {a.id for a in articles if is_spun(a)}
    for r in analysis.relations:
        if r.relation == "spun-copy" and r.direction is not None:
            copy = r.b if r.direction == "a->b" else r.a
            if copy in ids:
                out.add(copy)
    return out


def lineage_copies(analysis: Analysis, ids: set[str]) -> set[str]:
    """Articles of a lineage with a known origin that are not that origin (its copies)."""
    out: set[str] = set()
    for lin in analysis.lineages:
        if lin.origin is not None and lin.origin in lin.articles and len(lin.articles) > 1:
            out.update(a for a in lin.articles if a != lin.origin and a in ids)
    return out


def choose_sentences(
    analysis: Analysis,
    articles: Sequence[Article],
    sents: dict[str, list[str]],
    lineage_of: dict[str, str],
    agree_groups: Sequence[tuple[ClaimGroup, list[Claim]]],
    conflict_claims: Sequence[Claim],
    limit: int,
    settings: BriefSettings,
    loaded: Callable[[str], int] = lambda text: 0,
    protected: Sequence[Claim] = (),
    pile: Pile | None = None,
    scope: Sequence[str] = (),
) -> list[Chosen]:
    """The brief's sentences for a story, each with the articles that support it, the lead
    first and the others in reading order.

    ``conflict_claims`` are figures never stated (unless a ``protected`` claim is stated in
    the same sentence). ``loaded`` counts loaded (non-neutral) framing terms in a sentence:
    among equivalent sentences, the one with fewer loaded terms gives the wording."""
    pile = pile or Pile(analysis)
    spun = spun_articles(analysis, articles)
    dates = {a.id: a.published or "" for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    copies = lineage_copies(analysis, set(order))
    any_clean = any(a.id not in spun for a in articles)
    cands = candidates(articles, conflict_claims, settings, protected)
    if not cands:
        return []
    n_own = len(cands)  # the story's own candidates; after them, its storyline siblings'
    uf = _UnionFind(n_own)
    # Pairs that share enough content tokens to reach equivalent_min (an exact prefilter,
    # brief/index.py: the union-find's clusters do not depend on the order of unions).
    pairs = (ContentMatrix([c.words for c in cands]).dice_pairs(settings.equivalent_min)
             if settings.equivalent_min > 0 else
             [(i, j) for i in range(len(cands)) for j in range(i + 1, len(cands))])
    for i, j in pairs:
        if cands[i].article != cands[j].article and (
            similarity(cands[i].words, cands[j].words) >= settings.equivalent_min
        ):
            uf.union(i, j)
    for i, j in _alignment_links(analysis, cands):
        uf.union(i, j)
    wider = {**{a: pile.sentences(a) for a in scope}, **sents}
    twins = wording_twins(cands, wider, settings, pile.twin_memo)
    # Articles with at least one sentence in words another page shares (wire text and its
    # copies); a spun or paraphrased page has none.
    corroborated = {cands[i].article for i in range(len(cands)) if twins[i]}
    central = _centrality(cands)
    if settings.semantic and settings.cleaner_meaning_min > 0:
        # Wording from a cleaner page of the storyline (decision 0508): the stories stage
        # may put a wire text and its paraphrase in sibling events, so the storyline's pages
        # in a lineage with one of the story's are candidates for the wording only (never
        # clusters of their own). Lineage kin only: a story's own records (brief/scope.py),
        # not every sibling page once per event (the brief's cost at scale, issue #17).
        kin = {a for lin in analysis.lineages for a in lin.articles}
        outside = [a for a in (pile.analysis.article(x) for x in dict.fromkeys(scope)
                               if x in kin and x not in order) if a is not None]
        spun |= {a.id for a in outside if is_spun(a)}
        copies |= lineage_copies(analysis, {a.id for a in outside})
        extra = candidates(outside, conflict_claims, settings, protected) if outside else []
        extra_twins = wording_twins(extra, wider, settings, pile.twin_memo) if extra else []
        corroborated |= {c.article for c, t in zip(extra, extra_twins, strict=True) if t}
        cands = cands + extra
        twins = twins + extra_twins
        uf.parent += list(range(n_own, len(cands)))
        central += [0.0] * len(extra)
        cleaner = cleaner_equivalents(cands, twins, spun, copies, corroborated, pile,
                                      settings.cleaner_meaning_min, n_own)
    else:
        cleaner = {}
    clusters: dict[int, list[int]] = {}
    for i in range(len(cands)):
        clusters.setdefault(uf.find(i), []).append(i)
    # a cluster of sibling sentences only is not this story's
    clusters = {k: m for k, m in clusters.items() if min(m) < n_own}
    # Pages with provenance's spin evidence are suspect; a sentence of theirs that one
    # lineage only carries may be one page's rewording (decision 0507).
    suspect = {a.id for a in articles if has_spin_evidence(a, settings.spin_evidence_min)}

    def one_lineage(members: list[int]) -> bool:
        """No page of another lineage carries the cluster's meaning (its own members, then
        the storyline's sentences by the encoder: embedded only for such clusters)."""
        own = {lineage_of.get(cands[i].article, cands[i].article) for i in members}
        if len(own) >= 2 or not settings.semantic:
            return len(own) < 2
        carried = meaning_lineages([cands[i] for i in members], wider, lineage_of, pile,
                                   settings.meaning_min)
        return len(own.union(*carried)) < 2

    citing: dict[str, list[str]] = {}
    flat = [(a.id, x) for a in articles for x in sents.get(a.id, ())]
    story_matrix = ContentMatrix([x for _, x in flat])

    def cited(text: str) -> list[str]:
        # a fresh list each call (build() extends it); computed once per text: the wording
        # order asks for it per member, the lead's and the sentence's build again
        if text not in citing:
            # only the sentences that may reach support_min (exact prefilter, brief/index.py)
            rows = story_matrix.support_at_least(text, settings.support_min) \
                if settings.support_min > 0 else None
            if rows is None:
                near = sents
            else:
                near = {}
                for k in rows:
                    near.setdefault(flat[k][0], []).append(flat[k][1])
            citing[text] = [
                a.id for a in articles
                if supported_by(text, near.get(a.id, ()), settings.support_min,
                                settings.support_dice_min)
            ]
        return list(citing[text])

    # Pages whose text another page carries (a lineage of two or more: the wire text and its
    # copies); a singleton page may be an independent report or an unlabelled rewording
    # (decision 0508).
    carried = {a for lin in analysis.lineages if len(lin.articles) > 1 for a in lin.articles}

    def leadable(i: int) -> bool:
        """One of a clean page's first prose sentences, not a quotation, not dangling, and
        naming someone or somewhere."""
        c = cands[i]
        return (c.article not in spun and c.prose < settings.lead_positions and not c.quoted
                and not _DANGLING.match(c.words) and quoted_share(c.words) < 0.5
                and _NAMES.search(c.words) is not None)

    scored: list[Chosen] = []
    leads: list[Chosen] = []
    for cid, members in clusters.items():
        clean = [i for i in members if cands[i].article not in spun]
        pool = clean or members
        spun_only = not clean and any_clean
        if spun_only:
            continue  # only labelled spun pages say it, and the story has clean ones (0507)
        if any_clean and all(cands[i].article in spun or cands[i].article in suspect
                             for i in members) and one_lineage(members):
            continue  # one lineage's sentence on pages with spin evidence: left out

        def closeness(i: int, members: list[int] = members) -> float:
            others = [j for j in members if cands[j].article != cands[i].article]
            return (sum(similarity(cands[i].words, cands[j].words) for j in others)
                    / len(others)) if others else 0.0

        def key(i: int, members: list[int] = members) -> tuple[
            int, bool, bool, bool, bool, float, int, float, int, int
        ]:
            c = cands[i]
            origin_first = settings.prefer_lineage_origin and c.article not in copies
            versions = [(cands[j].article, cands[j].words) for j in members
                        if cands[j].article != c.article]
            used = word_support(c.words, c.article, versions, pile) if versions else 0.0
            return (-loaded(c.words), twins[i] > 0, c.article in carried, origin_first,
                    c.article in corroborated,
                    used, len(cited(c.words)), round(closeness(i), 6), -len(c.words.split()),
                    -order.get(c.article, len(order)))

        def build(rep: int, members: list[int] = members, cid: int = cid) -> Chosen:
            c = cands[rep]
            cite = cited(c.words)
            if c.article not in cite:  # a sibling page's wording (decision 0508)
                cite.append(c.article)
            claim_bonus = 0.0
            for group, claims in agree_groups:
                inside = [x for x in claims if x.article in cite
                          and support(x.text, c.words) >= 0.8]
                if not inside:
                    continue
                claim_bonus = max(claim_bonus, 1.0 if group.independent_sources >= 2 else 0.3)
                for x in claims:
                    if x.article in cite or x.article not in sents:
                        continue
                    own = [s for s in sents[x.article] if support(x.text, s) >= 0.8]
                    if supported_by(c.words, own, settings.claim_support_min, 0.0):
                        cite.append(x.article)
            lineages = {lineage_of.get(a, a) for a in cite}
            score = (
                2.0 * len(lineages) + 0.5 * len(cite) + claim_bonus
                + 0.5 * (1.0 - min(cands[i].rel_pos for i in members if i < n_own))
                + 0.5 * max(central[i] for i in members)
            )
            if _DANGLING.match(c.words):
                score -= 2.0
            facts = frozenset(
                g.id for g, claims in agree_groups
                if any(support(x.text, c.words) >= 0.8 for x in claims)
            )
            return Chosen(c.text, tuple(sorted(set(cite),
                                               key=lambda a: order.get(a, len(order)))),
                          score, (dates.get(c.article, ""), c.rel_pos), facts, c.words, c.ours, cid,
                          len(lineages), c.article)

        rep = max(pool, key=key)
        rep = cleaner.get(rep, rep)  # a cleaner page's words for an unshared wording
        scored.append(build(rep))
        lead_pool = [i for i in clean if leadable(i)]
        if lead_pool:
            lead_rep = max(lead_pool, key=key)
            if lead_rep in cleaner and leadable(cleaner[lead_rep]):
                lead_rep = cleaner[lead_rep]
            leads.append(scored[-1] if lead_rep == rep else build(lead_rep))
    scored.sort(key=lambda ch: -ch.score)
    lead = max(leads, key=lambda ch: (ch.lineages, len(ch.articles), ch.score), default=None)
    picked: list[Chosen] = []
    # Two sentences meaning nearly the same (encoder cosine >= redundancy_meaning_max) are
    # one fact told twice in different words: the second is left out (decision 0507).
    # Embedded lazily, only the sentences the loop below compares (a few per brief).
    def repeats(a: Chosen, b: Chosen) -> bool:
        vecs = pile.embed([a.source, b.source]) if settings.semantic else None
        return vecs is not None and float(vecs[0] @ vecs[1]) >= settings.redundancy_meaning_max

    for ch in scored:
        if len(picked) + (lead is not None) >= limit:
            break
        if lead is not None and ch.cluster == lead.cluster:
            continue
        if any(similarity(ch.source, p.source) >= settings.redundancy_max or ch.facts & p.facts
               or repeats(ch, p) for p in picked + ([lead] if lead is not None else [])):
            continue
        picked.append(ch)
    picked.sort(key=lambda ch: ch.order)
    return ([lead] if lead is not None else []) + picked
