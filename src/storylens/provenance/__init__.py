"""The provenance stage: who copied whom, which articles are machine-spun, lineages.

``run(analysis, settings) -> analysis``:

1. every article split into sentences and tokens (:mod:`.text`);
2. candidate pairs from MinHash LSH over word and anchor shingles plus the stories
   (:mod:`.candidates`);
3. the sentences of every article in a candidate pair embedded in one batch by the shipped
   multilingual encoder (:mod:`.semantic`; skipped when not installed);
4. each candidate pair aligned sentence by sentence (:mod:`.align`, by words and by meaning)
   and classified as
   duplicate / spun-copy / rewrite / shared-source / quotes-only / independent with a
   direction where one can be told (:mod:`.relate`); relations are kept when they are not
   independent, or when the pair shares an event (or, in a small pile without stories,
   shares any aligned passage); a pair in two languages is instead aligned sentence by
   sentence in order by meaning and called a translated copy or independent
   (:mod:`.translation`); sentences many stories' pages carry (site footers) are left out
   of the copy measures (:mod:`.boilerplate`);
5. machine-spun assessment per article (:mod:`.spin`): from the text alone; from swaps
   against its derived siblings; for the copy side of a derivation reworded sentence by
   sentence, the phrases it substituted (the side told by the pile's consensus: the
   original's wording is shared by the other related articles); and fixed names with a word
   swapped against the names the pile agrees on;
6. lineages: connected components of derivation (:mod:`.lineage`).

Also :func:`relate` (two articles, for ``storylens compare A B``; the side-by-side view
is drawn by :func:`storylens.display.render_alignment`, next to the CLI).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import numpy as np

from storylens.deadline import Overrun, add_overruns, bounded
from storylens.parallel import map_ordered, resolve_workers
from storylens.provenance.align import align_docs
from storylens.provenance.boilerplate import boilerplate, story_of
from storylens.provenance.candidates import candidate_pairs, shared_story
from storylens.provenance.lineage import lineages
from storylens.provenance.relate import (
    features,
    is_paraphrase,
    narrative_chain,
    paraphrase_chain,
    paraphrase_relation,
    relation,
    reworded,
    translation_relation,
)
from storylens.provenance.semantic import cosine, embed_docs
from storylens.provenance.semantic import load as load_encoder
from storylens.provenance.spin import (
    Evidence,
    SpinLexicon,
    assess,
    capitalised_names,
    is_prose,
    load_lexicon,
    name_swap_evidence,
    reworded_evidence,
    sibling_evidence,
    text_evidence,
)
from storylens.provenance.text import Doc, WordStats, make_doc, word_stats
from storylens.provenance.translation import PARAPHRASE, align_translation
from storylens.records import (
    DERIVED_RELATIONS,
    Alignment,
    Analysis,
    Article,
    Relation,
    SpinAssessment,
)
from storylens.settings import ProvenanceSettings, Settings
from storylens.stories.semantic import MultiEncoder

__all__ = ["relate", "run", "spin_assessment"]

# The stage contract (checked by storylens.pipeline): the analysis fields it reads,
# and the ones it fills ("articles.x": it sets that field of every article).
NEEDS = ("articles", "stories")
ADDS = ("relations", "lineages", "articles.machine_spun")


def spin_assessment(article: Article, settings: Settings) -> SpinAssessment:
    """Machine-spun assessment of one article from its text alone (no siblings)."""
    s = settings.provenance
    return assess(text_evidence(article.text, load_lexicon(s.spin_lexicon)), s)


def _cross_language(a: Article, b: Article) -> bool:
    return bool(a.language and b.language
                and a.language.split("-")[0] != b.language.split("-")[0])


def _pair(
    a: Article, b: Article, da: Doc, db: Doc, spin_a: SpinAssessment, spin_b: SpinAssessment,
    freqs: WordStats, s: ProvenanceSettings, meaning: np.ndarray | None = None,
) -> Relation:
    if _cross_language(a, b):
        if meaning is not None:
            # Across languages: a translation keeps its source's order and facts.
            return translation_relation(a, b, da, db, align_translation(da, db, meaning, s), s)
        least, floor = s.meaning_min_cross_language, 0.0
    else:
        least, floor = s.meaning_min, s.meaning_lexical
    alignments = align_docs(
        da, db, freqs, s.min_similarity, s.merge_containment, meaning, least, floor
    )
    rel = relation(a, b, da, db, alignments, spin_a, spin_b, freqs, s)
    if (meaning is not None and rel.relation not in DERIVED_RELATIONS
            and s.paraphrase_chain_min_pairs > 0):
        # Reworded sentence by sentence below "same": the in-order chain of meaning.
        chain = paraphrase_chain(da, db, meaning, freqs, s)
        if is_paraphrase(chain, da, db, s):
            return paraphrase_relation(a, b, da, db, chain, spin_a, spin_b, s)
    return rel


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
    emb = embed_docs(docs, {0, 1}, load_encoder(s.semantic))
    meaning = cosine(emb.get(0), emb.get(1))
    rel = _pair(a, b, docs[0], docs[1], first[0], first[1], freqs, s, meaning)
    if rel.relation not in DERIVED_RELATIONS:
        return rel
    spins = _spins(arts, docs, text_ev, [rel], lexicon, freqs, s)
    return relation(a, b, docs[0], docs[1], rel.alignments, spins[0], spins[1], freqs, s)


def _consensus(chain: Sequence[Alignment], others: Sequence[str]) -> tuple[int, int]:
    """How many of the chain's substitutions each side's wording wins in the rest of the pile:
    (a, b), where a counts swaps whose a-side phrase appears in another article's text and
    whose b-side phrase does not. The original's wording ("death toll") is shared by other
    reports of the event; a spinner's or paraphraser's ("loss of life count") is not."""
    wins = [0, 0]
    if not others:
        return 0, 0
    for al in chain:
        for x, y in al.substitutions:
            if not re.search(r"[^\W\d]{3}", x) or not re.search(r"[^\W\d]{3}", y):
                continue
            px = re.compile(r"(?<!\w)" + re.escape(x.lower()) + r"(?!\w)")
            py = re.compile(r"(?<!\w)" + re.escape(y.lower()) + r"(?!\w)")
            in_x = any(px.search(t) for t in others)
            in_y = any(py.search(t) for t in others)
            if in_x != in_y:
                wins[0 if in_x else 1] += 1
    return wins[0], wins[1]


def _grams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[k : k + n]) for k in range(len(tokens) - n + 1)}


def _twins(
    chain: Sequence[Alignment], da: Doc, db: Doc, others: Sequence[set[tuple[str, ...]]],
    s: ProvenanceSettings,
) -> tuple[int, int]:
    """How many of the chain's sentences each side (a, b) shares near word for word with
    another page of the pile: at least ``spin_twin_min_share`` of the sentence's word
    ``spin_twin_gram``-grams found in one other page. The original's sentences are carried
    by the pile's other copies of it; a paraphraser's rewording is carried by none."""
    n = s.spin_twin_gram
    wins = [0, 0]
    if not others:
        return 0, 0
    for al in chain:
        for k, (doc, idx) in enumerate(((da, al.a_index), (db, al.b_index))):
            grams = _grams([t for i in idx for t in doc.sentences[i].tokens], n)
            if len(grams) >= 3 and any(
                len(grams & o) >= s.spin_twin_min_share * len(grams) for o in others
            ):
                wins[k] += 1
    return wins[0], wins[1]


def _ahead(wa: int, wb: int) -> str | None:
    """The side that *loses* a clear majority (2:1 and two ahead): the copy."""
    if wa >= 2 * wb and wa - wb >= 2:
        return "b"
    if wb >= 2 * wa and wb - wa >= 2:
        return "a"
    return None


def _reworded_copy_side(
    arts: Sequence[Article], first: Sequence[SpinAssessment],
    chain: Sequence[Alignment], others: Sequence[str],
    twins: tuple[int, int] = (0, 0),
) -> str | None:
    """Which side of a reworded derivation is the machine-made copy ("a", "b" or None):
    the side whose text alone shows spinner artifacts; else the side whose substituted
    wording the rest of the pile does not share (:func:`_consensus`, a clear majority:
    ``2:1`` and two swaps ahead); else the side whose chain sentences the rest of the pile
    does not carry near word for word (``twins``, :func:`_twins`, the same majority); else
    the later publication. (A rule "the side without a faithful derived sibling" picked
    the wrong side on the dev families.)"""
    a, b = arts
    if first[0].label != first[1].label:
        return "a" if first[0].label else "b"
    side = _ahead(*_consensus(chain, others)) or _ahead(*twins)
    if side is not None:
        return side
    if a.published and b.published and a.published != b.published:
        return "a" if a.published > b.published else "b"
    return None


def _spins(
    articles: Sequence[Article], docs: Sequence[Doc], text_ev: Sequence[list[Evidence]],
    relations: Sequence[Relation], lexicon: SpinLexicon, freqs: WordStats,
    s: ProvenanceSettings, pile_pairs: Sequence[tuple[int, int]] = (),
) -> list[SpinAssessment]:
    """Final spin assessments: text evidence plus swaps against derived siblings, plus the
    substitutions of a sibling chain reworded sentence by sentence, plus fixed names swapped
    against the pile (the articles that share a candidate pair with this one)."""
    pos = {a.id: i for i, a in enumerate(articles)}
    evidence = [list(ev) for ev in text_ev]
    first = [assess(ev, s) for ev in text_ev]
    chains: list[tuple[Relation, list[Alignment]]] = []
    for r in relations:
        if r.relation not in DERIVED_RELATIONS:
            continue
        i, j = pos[r.a], pos[r.b]
        if any(al.kind == PARAPHRASE for al in r.alignments):
            # A chain reworded in order below "same" (relate.paraphrase_relation): a copy,
            # but no spin evidence for either side. On the one dev pair the phrase
            # consensus picked the original (a British-spelled wire page among American
            # ones): the sentences are too far apart for swaps to tell the copy.
            continue
        cross = _cross_language(articles[i], articles[j])
        f = features(r.alignments, docs[i], docs[j], freqs, s, cross)
        if reworded(f, s) and not cross:
            chain, *_ = narrative_chain(r.alignments, docs[i], docs[j], freqs, s, cross)
            chains.append((r, chain))
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
    neighbours: dict[int, set[int]] = {}
    for r in relations:
        neighbours.setdefault(pos[r.a], set()).add(pos[r.b])
        neighbours.setdefault(pos[r.b], set()).add(pos[r.a])
    for i, j in pile_pairs:
        neighbours.setdefault(i, set()).add(j)
        neighbours.setdefault(j, set()).add(i)
    names = [capitalised_names(a.text) for a in articles]
    for i, near in neighbours.items():
        evidence[i].extend(name_swap_evidence(
            names[i], [names[k] for k in sorted(near)], freqs, s.spin_name_min_pages,
            s.spin_name_max_zipf,
        ))
    page_grams: dict[int, set[tuple[str, ...]]] = {}
    for r, chain in chains:
        i, j = pos[r.a], pos[r.b]
        others = [
            articles[k].text.lower()
            for k in sorted((neighbours.get(i, set()) | neighbours.get(j, set())) - {i, j})
        ]
        near_docs = sorted((neighbours.get(i, set()) | neighbours.get(j, set())) - {i, j})
        for k in near_docs:
            if k not in page_grams:
                page_grams[k] = _grams(
                    [t for sent in docs[k].sentences for t in sent.tokens], s.spin_twin_gram
                )
        twins = _twins(chain, docs[i], docs[j], [page_grams[k] for k in near_docs], s)
        side = _reworded_copy_side(
            (articles[i], articles[j]), (first[i], first[j]), chain, others, twins
        )
        if side is not None:
            evidence[i if side == "a" else j].extend(
                reworded_evidence(chain, side, s.paraphrase_max_verbatim, freqs)
            )
    return [
        assess(ev, s) if is_prose(art.text) else SpinAssessment()
        for art, ev in zip(articles, evidence, strict=True)
    ]


def mark_boilerplate(
    docs: Sequence[Doc], story: dict[str, str], s: ProvenanceSettings
) -> list[Doc]:
    """The docs with their site-boilerplate sentences marked (:mod:`.boilerplate`)."""
    marks = boilerplate(docs, story, s.boilerplate_min_stories)
    return [dataclasses.replace(d, boilerplate=m) if m else d
            for d, m in zip(docs, marks, strict=True)]


def run(
    analysis: Analysis, settings: Settings, encoder: MultiEncoder | None = None
) -> Analysis:
    """Fill relations, lineages and each article's ``machine_spun`` (same ids, same order).
    ``encoder``: an already loaded multilingual encoder (else loaded here when enabled)."""
    s = settings.provenance
    freqs = word_stats()
    lexicon = load_lexicon(s.spin_lexicon)
    articles = analysis.articles
    ids = [a.id for a in articles]
    docs = [make_doc(a.id, a.text) for a in articles]
    if any(st.level == "event" for st in analysis.stories):
        # Without stories, copies and boilerplate look alike (each page its own story).
        docs = mark_boilerplate(docs, story_of(ids, analysis.stories), s)
    text_ev = [text_evidence(a.text, lexicon) for a in articles]
    first = [assess(ev, s) for ev in text_ev]
    same_event = shared_story(ids, analysis.stories)
    relations: list[Relation] = []
    pairs = candidate_pairs(docs, analysis.stories, s, freqs)
    if encoder is None and pairs:
        encoder = load_encoder(s.semantic)
    workers = resolve_workers(settings.workers)
    emb = embed_docs(docs, {k for p in pairs for k in p}, encoder if s.semantic else None,
                     workers)
    overruns: list[Overrun] = []

    def compare(pair: tuple[int, int]) -> Relation | str | None:
        """One candidate pair, a pure function of the two articles (run in a worker): the
        relation, or why it was not compared (a str), or None when over its time budget."""
        i, j = pair
        n_i, n_j = len(docs[i].sentences), len(docs[j].sentences)
        if n_i * n_j > s.max_pair_cells:  # dense n_i x n_j matrices: bounded memory too
            return f"{n_i:,} x {n_j:,} sentences, over {s.max_pair_cells:,} matrix cells"
        return bounded("provenance.pair", 2 * settings.unit_timeout, _pair, articles[i],
                       articles[j], docs[i], docs[j], first[i], first[j], freqs, s,
                       cosine(emb.get(i), emb.get(j)))

    # Candidate pairs on every core (storylens.parallel: results in pair order, the same
    # relations for any worker count; issue #17).
    for (i, j), rel in zip(pairs, map_ordered(compare, pairs, workers, chunk=16),
                           strict=True):
        if isinstance(rel, str):
            overruns += [Overrun("provenance", "comparison with " + ids[b], (ids[a],), 0.0,
                                 "provenance.max_pair_cells", rel) for a, b in ((i, j), (j, i))]
            continue
        if rel is None:  # storylens.deadline: the pair is left unrelated
            overruns.append(Overrun("provenance", "comparison with " + ids[j], (ids[i],),
                                    2 * settings.unit_timeout, "unit_timeout"))
            overruns.append(Overrun("provenance", "comparison with " + ids[i], (ids[j],),
                                    2 * settings.unit_timeout, "unit_timeout"))
            continue
        keep = rel.relation != "independent" or (i, j) in same_event
        if not analysis.stories and rel.alignments and len(articles) <= s.all_pairs_max:
            keep = True  # a small pile without stories: any overlap is worth showing
        if keep:
            relations.append(rel)
    spins = _spins(articles, docs, text_ev, relations, lexicon, freqs, s, pairs)
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
        meta=add_overruns(analysis.meta, overruns),
    )
