"""Choosing the brief's sentences: equivalent sentences across articles, scored and cited.

1. Candidates: body sentences of the story's articles (``min_words``..``max_words``), minus
   those that state a figure of a conflicting claim group (the disputes section says those).
2. Equivalence: two sentences of different articles state the same thing when a provenance
   alignment pairs them or their content-token Dice similarity is >= ``equivalent_min``.
   Equivalent sentences form one cluster (union-find).
3. Wording: the cluster's representative is a sentence of a clean article (not
   ``machine_spun.label``) whenever the cluster has one; among those, the one the most
   articles support, then the shortest.
4. Citations (by construction): every story article with a sentence that supports the
   representative at >= ``support_min`` (see :func:`storylens.brief.text.support`); plus the
   articles of an agreeing claim group whose claim the sentence states, if their claim
   sentence supports it at >= ``claim_support_min``.
5. Score: independent lineages cited, articles cited, agreeing claim groups, lead position,
   centrality; spun-only clusters and sentences opening on a pronoun count less. Greedy
   selection without repeats (``redundancy_max``, or the same agreeing claim group).
   A cluster of spun sentences only is dropped when its article derives from a clean one in
   the story (provenance relation) or a clean sentence resembles it (``spun_echo_min``):
   the clean source most likely states it in words the spinner changed beyond matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from storylens.brief.text import article_sentences, similarity, support, supported_by
from storylens.records import DERIVED_RELATIONS, Analysis, Article, Claim, ClaimGroup
from storylens.settings import BriefSettings

_DANGLING = re.compile(
    r"^[\"“‘]?(?:He|She|It|They|This|These|Those|That|But|However|Also|The latter|"
    r"The former|Meanwhile|Instead)\b"
)


@dataclass(frozen=True, slots=True)
class Sent:
    article: str
    index: int
    text: str
    rel_pos: float  # 0 = first sentence of the article, 1 = last


@dataclass(frozen=True, slots=True)
class Chosen:
    text: str
    articles: tuple[str, ...]
    score: float
    order: tuple[str, float]  # (article date or "", relative position) for reading order
    facts: frozenset[str] = frozenset()  # agreeing claim groups the sentence states


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


def _candidates(
    sents: dict[str, list[str]], conflict_claims: Sequence[Claim], settings: BriefSettings
) -> list[Sent]:
    out: list[Sent] = []
    for aid, ss in sents.items():
        n = max(len(ss) - 1, 1)
        for i, s in enumerate(ss):
            words = len(s.split())
            if not settings.min_words <= words <= settings.max_words:
                continue
            if any(c.article == aid and support(c.text, s) >= 0.8 for c in conflict_claims):
                continue
            out.append(Sent(aid, i, s, i / n))
    return out


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
            left = [i for i in by_article[rel.a] if support(cands[i].text, al.a_text) >= 0.8
                    or support(al.a_text, cands[i].text) >= 0.8]
            right = [j for j in by_article[rel.b] if support(cands[j].text, al.b_text) >= 0.8
                     or support(al.b_text, cands[j].text) >= 0.8]
            links.extend((i, j) for i in left for j in right)
    return links


def _centrality(cands: list[Sent]) -> list[float]:
    if len(cands) < 2:
        return [1.0] * len(cands)
    try:
        m = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
            [c.text for c in cands]
        )
    except ValueError:  # empty vocabulary
        return [0.0] * len(cands)
    centroid = np.asarray(m.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid)) or 1.0
    sims = np.asarray(m @ centroid).ravel() / norm
    top = float(sims.max()) or 1.0
    return [float(s) / top for s in sims]


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
) -> list[Chosen]:
    """The brief's sentences for a story, each with the articles that support it.

    ``loaded`` counts loaded (non-neutral) framing terms in a sentence: among equivalent
    sentences cited as widely, the one with fewer loaded terms gives the wording."""
    spun = {a.id for a in articles if a.machine_spun.label}
    dates = {a.id: a.published or "" for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    any_clean = any(a.id not in spun for a in articles)
    cands = _candidates(sents, conflict_claims, settings)
    if not cands:
        return []
    uf = _UnionFind(len(cands))
    for i in range(len(cands)):
        for j in range(i + 1, len(cands)):
            if cands[i].article != cands[j].article and (
                similarity(cands[i].text, cands[j].text) >= settings.equivalent_min
            ):
                uf.union(i, j)
    for i, j in _alignment_links(analysis, cands):
        uf.union(i, j)
    clusters: dict[int, list[int]] = {}
    for i in range(len(cands)):
        clusters.setdefault(uf.find(i), []).append(i)
    central = _centrality(cands)
    derived_from_clean = {
        x for r in analysis.relations if r.relation in DERIVED_RELATIONS
        for x, y in ((r.a, r.b), (r.b, r.a)) if x in spun and y in order and y not in spun
    }
    clean_texts = [c.text for c in cands if c.article not in spun]
    scored: list[Chosen] = []
    for members in clusters.values():
        clean = [i for i in members if cands[i].article not in spun]
        pool = clean or members
        spun_only = not clean and any_clean
        if spun_only and any(
            cands[i].article in derived_from_clean
            or any(similarity(cands[i].text, t) >= settings.spun_echo_min for t in clean_texts)
            for i in members
        ):
            continue  # a spun copy's wording of something a clean source likely states

        def cited(text: str) -> list[str]:
            return [
                a.id for a in articles
                if supported_by(text, sents.get(a.id, ()), settings.support_min,
                                settings.support_dice_min)
            ]

        rep = max(
            pool,
            key=lambda i: (len(cited(cands[i].text)), -loaded(cands[i].text),
                           -len(cands[i].text.split()), -order[cands[i].article]),
        )
        text = cands[rep].text
        cite = cited(text)
        claim_bonus = 0.0
        for group, claims in agree_groups:
            inside = [c for c in claims if c.article in cite and support(c.text, text) >= 0.8]
            if not inside:
                continue
            claim_bonus = max(claim_bonus, 1.0 if group.independent_sources >= 2 else 0.3)
            for c in claims:
                if c.article in cite or c.article not in sents:
                    continue
                own = [s for s in sents[c.article] if support(c.text, s) >= 0.8]
                if supported_by(text, own, settings.claim_support_min, 0.0):
                    cite.append(c.article)
        lineages = {lineage_of.get(a, a) for a in cite}
        score = (
            2.0 * len(lineages) + 0.5 * len(cite) + claim_bonus
            + 0.5 * (1.0 - min(cands[i].rel_pos for i in members))
            + 0.5 * max(central[i] for i in members)
        )
        if spun_only:
            score *= 0.5
        if _DANGLING.match(text):
            score -= 2.0
        cite_sorted = tuple(sorted(set(cite), key=lambda a: order[a]))
        facts = frozenset(
            g.id for g, claims in agree_groups
            if any(support(c.text, text) >= 0.8 for c in claims)
        )
        scored.append(Chosen(text, cite_sorted, score,
                             (dates[cands[rep].article], cands[rep].rel_pos), facts))
    scored.sort(key=lambda ch: -ch.score)
    picked: list[Chosen] = []
    for ch in scored:
        if len(picked) >= limit:
            break
        if any(similarity(ch.text, p.text) >= settings.redundancy_max or ch.facts & p.facts
               for p in picked):
            continue
        picked.append(ch)
    picked.sort(key=lambda ch: ch.order)
    return picked
