"""The provenance stage: who copied whom, which articles are machine-spun, lineages.

``run(analysis, settings) -> analysis``:

1. every article split into sentences and tokens (:mod:`.text`);
2. candidate pairs from MinHash LSH over word and anchor shingles plus the stories
   (:mod:`.candidates`);
3. each candidate pair aligned sentence by sentence (:mod:`.align`) and classified as
   duplicate / spun-copy / rewrite / shared-source / quotes-only / independent with a
   direction where one can be told (:mod:`.relate`); relations are kept when they are not
   independent, or when the pair shares an event (or, in a small pile without stories,
   shares any aligned passage);
4. machine-spun assessment per article from the text alone plus substitution patterns
   against its derived siblings (:mod:`.spin`);
5. lineages: connected components of derivation (:mod:`.lineage`).

Also :func:`relate` (two articles, for ``storylens compare A B``) and
:func:`render_alignment` (Rich side-by-side view, :mod:`.render`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from storylens.provenance.align import align_docs
from storylens.provenance.candidates import candidate_pairs, shared_story
from storylens.provenance.lineage import lineages
from storylens.provenance.relate import relation
from storylens.provenance.render import render_alignment
from storylens.provenance.spin import (
    Evidence,
    SpinLexicon,
    assess,
    is_prose,
    load_lexicon,
    sibling_evidence,
    text_evidence,
)
from storylens.provenance.text import Doc, WordStats, make_doc, word_stats
from storylens.records import DERIVED_RELATIONS, Analysis, Article, Relation, SpinAssessment
from storylens.settings import ProvenanceSettings, Settings

__all__ = ["relate", "render_alignment", "run", "spin_assessment"]


def spin_assessment(article: Article, settings: Settings) -> SpinAssessment:
    """Machine-spun assessment of one article from its text alone (no siblings)."""
    s = settings.provenance
    return assess(text_evidence(article.text, load_lexicon(s.spin_lexicon)), s)


def _pair(
    a: Article, b: Article, da: Doc, db: Doc, spin_a: SpinAssessment, spin_b: SpinAssessment,
    freqs: WordStats, s: ProvenanceSettings,
) -> Relation:
    alignments = align_docs(da, db, freqs, s.min_similarity, s.merge_containment)
    return relation(a, b, da, db, alignments, spin_a, spin_b, freqs, s)


def relate(a: Article, b: Article, settings: Settings) -> Relation:
    """The relation between two articles (alignments, kind, score, direction, evidence).

    Spin labels (which tell spun-copy from rewrite, and the direction) use the text of each
    article and, when the pair is derived, the swaps between the two."""
    s = settings.provenance
    freqs = word_stats()
    lexicon = load_lexicon(s.spin_lexicon)
    arts = [a, b]
    docs = [make_doc(a.id, a.text), make_doc(b.id, b.text)]
    text_ev = [text_evidence(a.text, lexicon), text_evidence(b.text, lexicon)]
    first = [assess(ev, s) for ev in text_ev]
    rel = _pair(a, b, docs[0], docs[1], first[0], first[1], freqs, s)
    if rel.relation not in DERIVED_RELATIONS:
        return rel
    spins = _spins(arts, docs, text_ev, [rel], lexicon, freqs, s)
    return relation(a, b, docs[0], docs[1], rel.alignments, spins[0], spins[1], freqs, s)


def _spins(
    articles: Sequence[Article], docs: Sequence[Doc], text_ev: Sequence[list[Evidence]],
    relations: Sequence[Relation], lexicon: SpinLexicon, freqs: WordStats,
    s: ProvenanceSettings,
) -> list[SpinAssessment]:
    """Final spin assessments: text evidence plus swaps against derived siblings."""
    pos = {a.id: i for i, a in enumerate(articles)}
    evidence = [list(ev) for ev in text_ev]
    for r in relations:
        if r.relation not in DERIVED_RELATIONS:
            continue
        found = {
            side: sibling_evidence(
                docs[pos[aid]].sentences, r.alignments, side, freqs, lexicon,
                s.spin_sibling_zipf_gap, s.strong_similarity,
            )
            for side, aid in (("a", r.a), ("b", r.b))
        }
        # Spinners pick rarer words; an editor's rewording goes both ways. Only the side
        # with clearly more rare-word swaps (1.5x the other's) takes the evidence.
        na, nb = len(found["a"]), len(found["b"])
        if 2 * na >= 3 * max(nb, 1):
            evidence[pos[r.a]].extend(found["a"])
        elif 2 * nb >= 3 * max(na, 1):
            evidence[pos[r.b]].extend(found["b"])
    return [
        assess(ev, s) if is_prose(art.text) else SpinAssessment()
        for art, ev in zip(articles, evidence, strict=True)
    ]


def run(analysis: Analysis, settings: Settings) -> Analysis:
    """Fill relations, lineages and each article's ``machine_spun`` (same ids, same order)."""
    s = settings.provenance
    freqs = word_stats()
    lexicon = load_lexicon(s.spin_lexicon)
    articles = analysis.articles
    docs = [make_doc(a.id, a.text) for a in articles]
    text_ev = [text_evidence(a.text, lexicon) for a in articles]
    first = [assess(ev, s) for ev in text_ev]
    ids = [a.id for a in articles]
    same_event = shared_story(ids, analysis.stories)
    relations: list[Relation] = []
    for i, j in candidate_pairs(docs, analysis.stories, s, freqs):
        rel = _pair(articles[i], articles[j], docs[i], docs[j], first[i], first[j], freqs, s)
        keep = rel.relation != "independent" or (i, j) in same_event
        if not analysis.stories and rel.alignments and len(articles) <= s.all_pairs_max:
            keep = True  # a small pile without stories: any overlap is worth showing
        if keep:
            relations.append(rel)
    spins = _spins(articles, docs, text_ev, relations, lexicon, freqs, s)
    pos = {a: k for k, a in enumerate(ids)}
    # Directions told by spin labels are re-derived with the final (sibling-aware) labels.
    relations = [
        relation(
            articles[pos[r.a]], articles[pos[r.b]], docs[pos[r.a]], docs[pos[r.b]],
            r.alignments, spins[pos[r.a]], spins[pos[r.b]], freqs, s,
        )
        if r.relation in DERIVED_RELATIONS else r
        for r in relations
    ]
    new_articles = tuple(
        dataclasses.replace(a, machine_spun=sp) for a, sp in zip(articles, spins, strict=True)
    )
    return dataclasses.replace(
        analysis,
        articles=new_articles,
        relations=tuple(relations),
        lineages=lineages(new_articles, relations),
    )
