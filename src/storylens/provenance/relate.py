"""The relation between two articles, from their sentence alignment.

What decides derivation is how much of a page's *own prose* (its text outside quotation
marks: the statements every report carries do not count) comes from the other page, in
order. Sentence pairs count when they are "the same sentence": Dice >= ``strong_similarity``
on weighted words, or the encoder says they mean the same (cosine >= ``meaning_min`` with
Dice >= ``meaning_lexical``; any Dice across two languages). Of those carried by narrative
text, the longest chain in the same order on both pages (by own-prose weight) is kept; its
share of each page's own-prose weight is the coverage ``cov_a`` / ``cov_b``.

Decision (``classify``), in order; thresholds in :class:`ProvenanceSettings`:

1. **derived** needs a chain of ``derived_min_alignments`` sentences (a short page: half its
   sentences) covering at least ``derived_min_coverage`` of one page's own prose, or any
   chain covering ``derived_single_coverage`` of it (a short syndication whose own prose is
   the copied lead: short pages are judged by the share, not by a passage count that only
   long pages reach), or a long chain (``derived_long_chain`` sentences) covering
   ``derived_long_coverage`` (a heavily spun copy whose most sentences fall below "same"),
   or one "same" sentence and ``derived_copied_share`` of one page's own prose copied word
   for word (runs of ``shingle_size`` tokens outside quotes, :func:`copied_prose`: a
   write-through or syndication that keeps the lead and a background paragraph verbatim
   while the rest is rewritten or reordered).
   Then:

   - **spun-copy** when the chain is reworded sentence by sentence (at least
     ``paraphrase_min_reworded`` of its sentence pairs, and two or more, below
     ``paraphrase_max_verbatim`` verbatim with a content-word substitution, or below
     ``paraphrase_reworded_verbatim`` whatever the edit script shows: machine paraphrase,
     translation round trip, heavy spinning), or when one-word swaps are dense (>=
     ``spun_min_swaps_per_100`` per 100 aligned tokens) with one side labelled machine-spun,
     or twice as dense on a whole-page correspondence;
   - both sides add their own material (neither covered >= ``contained_coverage`` by same
     sentences in any order):
     **shared-source** (a common origin, maybe absent from the pile);
   - **duplicate** when swaps are sparse, both sides covered >= ``duplicate_min_coverage``
     and the aligned tokens >= ``duplicate_min_verbatim`` verbatim;
   - else **rewrite**.
2. **quotes-only**: strong alignments exist but all are carried by quoted speech.
3. otherwise **independent**.

Pages in two languages compared with the encoder take another path
(:func:`translation_relation`, :mod:`.translation`): sentences aligned in order by meaning,
numbers and names agreeing; a translated copy is a ``rewrite``, else ``independent``.
Sentences marked as site boilerplate (:mod:`.boilerplate`) count in neither the chain nor
the copied prose.

Direction (``a->b`` means b derives from a), for duplicate / rewrite / spun-copy only: the side
carrying spinner artifacts is the copy; else the earlier publication date is the origin; else
an article contained in the other is the excerpt. Shared-source has no direction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein

from storylens.provenance.align import _joined, dice, diff_tokens
from storylens.provenance.text import Doc, Sentence, WordStats, content_swap
from storylens.provenance.translation import (
    PARAPHRASE,
    TRANSLATION,
    align_translation,
    is_translation,
    translation_share,
)
from storylens.records import Alignment, Article, Relation, RelationKind, SpinAssessment
from storylens.settings import ProvenanceSettings

# Share of an alignment's shared weight inside quotation marks above which the alignment is
# "carried by a quote". 0.6: a sentence quoting a shared statement plus a different
# attribution ("..., the monitor said" / "... Rami Abdulrahman stated") stays above it.
QUOTE_CARRIED = 0.6
# Verbatim share of the quoted tokens at or above which two quoting sentences carry the same
# statement (the paraphrase chain leaves such pairs out; a paraphraser rewords quotes).
QUOTE_VERBATIM = 0.5


@dataclass(frozen=True, slots=True)
class PairFeatures:
    n_strong: int  # strong alignments carried by narrative text
    n_quote: int  # strong alignments carried by quotes
    cov_a: float  # share of a's weight inside narrative alignments
    cov_b: float
    verbatim: float  # weighted mean verbatim share of the strong alignments
    swaps_per_100: float  # one-word substitutions per 100 aligned tokens
    similarity: float  # mean similarity of the strong alignments
    n_sentences: int = 99  # sentences of the shorter article
    n_reworded: int = 0  # chain sentence pairs reworded (verbatim share low), both >= 6 tokens
    n_checked: int = 0  # chain sentence pairs of >= 6 tokens on both sides
    any_a: float = 0.0  # share of a's own prose in strong narrative alignments, any order
    any_b: float = 0.0
    copied_a: float = 0.0  # share of a's own prose copied word for word (see copied_prose)
    copied_b: float = 0.0


def own_weights(doc: Doc, freqs: WordStats) -> list[float]:
    """Per sentence, the weight of its tokens outside quotation marks (its own prose)."""
    return [
        sum(freqs.weight(t) for t, q in zip(s.tokens, s.quoted, strict=True) if not q)
        for s in doc.sentences
    ]


def ordered_chain(items: Sequence[tuple[int, int, float]]) -> list[int]:
    """Indices of the heaviest chain of (i, j, weight) items increasing in both i and j (the
    copied passages in the order both pages give them). Quadratic; alignments per pair are
    few (one per sentence at most)."""
    order = sorted(range(len(items)), key=lambda k: (items[k][0], items[k][1]))
    best: list[float] = []
    prev: list[int] = []
    for pos, k in enumerate(order):
        i, j, w = items[k]
        best.append(w)
        prev.append(-1)
        for q in range(pos):
            pi, pj, _ = items[order[q]]
            if pi < i and pj < j and best[q] + w > best[pos]:
                best[pos], prev[pos] = best[q] + w, q
    if not best:
        return []
    at = max(range(len(best)), key=lambda q: (best[q], -q))
    chain: list[int] = []
    while at >= 0:
        chain.append(order[at])
        at = prev[at]
    return sorted(chain)


def is_boilerplate(al: Alignment, a: Doc, b: Doc) -> bool:
    """One side of the alignment is all site boilerplate (:mod:`.boilerplate`)."""
    return bool(
        (a.boilerplate and set(al.a_index) <= a.boilerplate)
        or (b.boilerplate and set(al.b_index) <= b.boilerplate)
    )


def copied_prose(
    alignments: Sequence[Alignment], a: Doc, b: Doc, freqs: WordStats, min_run: int,
) -> float:
    """Weight of the own prose the two pages share word for word: tokens in equal runs of at
    least ``min_run`` tokens (the word-shingle size) between the aligned sentences of any
    alignment, counted only in sentences without quoted speech on either side. A statement
    quoted by both pages, attribution included ("...," the rescue chief told a press
    conference in X), is what independent reports share, so it does not count; a copied
    lead or background paragraph does. (Counting the attribution made two fixture reports
    sharing one statement a shared-source pair; the dev figures did not change without it.)"""
    total = 0.0
    for al in alignments:
        if al.verbatim_share == 0.0 or is_boilerplate(al, a, b):
            continue  # no equal run of two tokens, so none of min_run; or site boilerplate
        ta = [t for i in al.a_index for t in a.sentences[i].tokens]
        tb = [t for j in al.b_index for t in b.sentences[j].tokens]
        quoted = any(q for i in al.a_index for q in a.sentences[i].quoted) or any(
            q for j in al.b_index for q in b.sentences[j].quoted
        )
        if not ta or not tb or quoted:
            continue
        for op in Levenshtein.opcodes(ta, tb):
            if op.tag == "equal" and op.src_end - op.src_start >= min_run:
                total += math.fsum(freqs.weight(t) for t in ta[op.src_start : op.src_end])
    return total


def _sentence_weights(doc: Doc, freqs: WordStats) -> list[float]:
    return [sum(freqs.weight(t) for t in s.tokens) for s in doc.sentences]


def _quote_share(al: Alignment, a: Doc, b: Doc, freqs: WordStats) -> float:
    """Share of the weight shared by an alignment's two sides that sits inside quotes."""
    def tokens(doc: Doc, idx: Sequence[int]) -> tuple[set[str], set[str]]:
        plain: set[str] = set()
        quoted: set[str] = set()
        for i in idx:
            s = doc.sentences[i]
            for t, q in zip(s.tokens, s.quoted, strict=True):
                (quoted if q else plain).add(t)
        return plain, quoted

    pa, qa = tokens(a, al.a_index)
    pb, qb = tokens(b, al.b_index)
    shared = (pa | qa) & (pb | qb)
    total = sum(freqs.weight(t) for t in shared)
    if not total:
        return 0.0
    in_quotes = sum(freqs.weight(t) for t in shared if (t in qa and t not in pa) or
                    (t in qb and t not in pb))
    return in_quotes / total


def is_strong(al: Alignment, settings: ProvenanceSettings, cross_language: bool = False) -> bool:
    """The two sides are the same sentence: by words, or by meaning (see the module doc)."""
    if al.similarity >= settings.strong_similarity:
        return True
    if cross_language:
        return al.meaning >= settings.meaning_min_cross_language
    return al.meaning >= settings.meaning_min and al.similarity >= settings.meaning_lexical


def narrative_chain(
    alignments: Sequence[Alignment], a: Doc, b: Doc, freqs: WordStats,
    settings: ProvenanceSettings, cross_language: bool = False,
) -> tuple[list[Alignment], int, list[float], list[float], list[Alignment]]:
    """The ordered chain of strong narrative alignments (see the module docstring), the
    number of strong alignments carried by quotes, both pages' own-prose weights, and all
    strong narrative alignments (in or out of order)."""
    wa, wb = own_weights(a, freqs), own_weights(b, freqs)
    if not sum(wa):
        wa = _sentence_weights(a, freqs)
    if not sum(wb):
        wb = _sentence_weights(b, freqs)
    n_quote = 0
    narrative: list[Alignment] = []
    for al in alignments:
        if is_boilerplate(al, a, b):
            continue
        strong = is_strong(al, settings, cross_language)
        if _quote_share(al, a, b, freqs) >= QUOTE_CARRIED:
            # A shared quote counts when it is a statement, not a shared caption or credit.
            n_quote += strong and sum(len(a.sentences[i].tokens) for i in al.a_index) >= 8
            continue
        if strong:
            narrative.append(al)
    chain = [
        narrative[k] for k in ordered_chain([
            (al.a_index[0], al.b_index[0],
             sum(wa[i] for i in al.a_index) + sum(wb[j] for j in al.b_index))
            for al in narrative
        ])
    ]
    return chain, n_quote, wa, wb, narrative


def features(
    alignments: Sequence[Alignment], a: Doc, b: Doc, freqs: WordStats,
    settings: ProvenanceSettings, cross_language: bool = False,
) -> PairFeatures:
    """Summary numbers of an alignment used by :func:`classify`."""
    chain, n_quote, wa, wb, narrative = narrative_chain(
        alignments, a, b, freqs, settings, cross_language
    )
    swaps = tokens = n_reworded = n_checked = 0
    verb_num = verb_den = sim_sum = 0.0
    for al in chain:
        size_a = sum(len(a.sentences[i].tokens) for i in al.a_index)
        size_b = sum(len(b.sentences[j].tokens) for j in al.b_index)
        size = size_a + size_b
        verb_num += al.verbatim_share * size
        verb_den += size
        sim_sum += max(al.similarity, al.meaning)
        tokens += size // 2
        swaps += sum(1 for x, y in al.substitutions if " " not in x and " " not in y)
        if min(size_a, size_b) >= 6:
            n_checked += 1
            n_reworded += al.verbatim_share < settings.paraphrase_max_verbatim and (
                al.verbatim_share < settings.paraphrase_reworded_verbatim
                or any(content_swap(x, y, freqs) for x, y in al.substitutions)
            )
    total_a, total_b = sum(wa) or 1.0, sum(wb) or 1.0
    copied = copied_prose(alignments, a, b, freqs, settings.shingle_size)
    return PairFeatures(
        n_strong=len(chain),
        n_quote=n_quote,
        cov_a=sum(wa[i] for al in chain for i in al.a_index) / total_a,
        cov_b=sum(wb[j] for al in chain for j in al.b_index) / total_b,
        any_a=sum(wa[i] for al in narrative for i in al.a_index) / total_a,
        any_b=sum(wb[j] for al in narrative for j in al.b_index) / total_b,
        verbatim=verb_num / verb_den if verb_den else 0.0,
        swaps_per_100=100.0 * swaps / tokens if tokens else 0.0,
        similarity=sim_sum / len(chain) if chain else 0.0,
        n_sentences=min(len(a.sentences), len(b.sentences)),
        n_reworded=n_reworded,
        n_checked=n_checked,
        copied_a=copied / total_a,
        copied_b=copied / total_b,
    )


def reworded(f: PairFeatures, s: ProvenanceSettings) -> bool:
    """The copy is reworded sentence by sentence (machine paraphrase, translation round
    trip, heavy spinning): human editors keep most sentences verbatim."""
    return f.n_reworded >= 2 and f.n_reworded >= s.paraphrase_min_reworded * f.n_checked


def classify(
    f: PairFeatures, s: ProvenanceSettings, spun: bool = False
) -> tuple[RelationKind, float]:
    """Relation kind and score (0..1, the strength of the evidence for that kind). ``spun``:
    one of the two articles is labelled machine-spun."""
    top = max(f.cov_a, f.cov_b)
    # Containment and duplication are judged on all same sentences, in any order (an
    # excerpt with its paragraphs reordered is still contained).
    top_any, low_any = max(f.any_a, f.any_b), min(f.any_a, f.any_b)
    # A short article (a two-sentence brief) cannot have three aligned passages: half its
    # sentences is enough.
    needed = min(s.derived_min_alignments, max(1, math.ceil(f.n_sentences / 2)))
    if (
        (f.n_strong >= needed and top >= s.derived_min_coverage)
        or (f.n_strong >= 1 and top >= s.derived_single_coverage)
        or (f.n_strong >= s.derived_long_chain and top >= s.derived_long_coverage)
        or (f.n_strong >= 1 and max(f.copied_a, f.copied_b) >= s.derived_copied_share)
    ):
        score = round(min(1.0, 0.5 * top + 0.5 * f.similarity), 4)
        dense = f.swaps_per_100 >= s.spun_min_swaps_per_100
        if (dense and spun and f.verbatim < s.spun_max_verbatim) or reworded(f, s):
            return "spun-copy", score
        if top_any < s.contained_coverage:
            return "shared-source", score
        # Whole-article one-to-one correspondence with a swapped word every ~12 tokens: the
        # spinner signature even when neither side's words are rarer (no label).
        if (f.swaps_per_100 >= 2 * s.spun_min_swaps_per_100
                and low_any >= s.duplicate_min_coverage):
            return "spun-copy", score
        if (
            not dense and low_any >= s.duplicate_min_coverage
            and f.verbatim >= s.duplicate_min_verbatim
        ):
            return "duplicate", score
        return "rewrite", score
    if f.n_quote >= 1 and f.n_strong == 0:
        return "quotes-only", round(min(1.0, 0.5 + 0.1 * f.n_quote), 4)
    return "independent", round(1.0 - min(1.0, top), 4)


def direction(
    kind: RelationKind, a: Article, b: Article, f: PairFeatures,
    spin_a: SpinAssessment, spin_b: SpinAssessment,
) -> tuple[str | None, list[str]]:
    """``a->b`` / ``b->a`` / None and the reasons."""
    if kind not in ("duplicate", "rewrite", "spun-copy"):
        return None, []
    if spin_a.label != spin_b.label:
        spun = "b" if spin_b.label else "a"
        return ("a->b" if spun == "b" else "b->a"), [f"{spun} carries spinner artifacts"]
    if a.published and b.published and a.published != b.published:
        first = "a" if a.published < b.published else "b"
        return ("a->b" if first == "a" else "b->a"), [
            f"{first} published first ({min(a.published, b.published)})"
        ]
    if f.cov_a - f.cov_b >= 0.2:
        return "b->a", ["a is contained in b (an excerpt)"]
    if f.cov_b - f.cov_a >= 0.2:
        return "a->b", ["b is contained in a (an excerpt)"]
    return None, []


def translation_relation(
    a: Article, b: Article, da: Doc, db: Doc, alignments: Sequence[Alignment],
    s: ProvenanceSettings,
) -> Relation:
    """Two pages in different languages compared sentence by sentence by meaning
    (:mod:`.translation`): a translated copy is a rewrite of its source (the later page
    derives from the earlier; without dates the direction is unknown), else independent."""
    n, shorter = translation_share(alignments, da, db, s)
    mean = sum(al.meaning for al in alignments) / len(alignments) if alignments else 0.0
    share = n / shorter if shorter else 0.0
    evidence = [
        f"{n} of {shorter} sentences of the shorter page aligned in order with a translation "
        f"(cosine >= {s.translation_min_cosine}, numbers and names agreeing; mean {mean:.2f})",
    ]
    if not is_translation(alignments, da, db, s):
        evidence.append(f"different languages ({a.language}, {b.language}): no translated copy "
                        "found (sentences compared by meaning)")
        return Relation(a=a.id, b=b.id, relation="independent",
                        score=round(1.0 - min(1.0, share), 4), direction=None,
                        alignments=tuple(alignments), evidence=tuple(evidence))
    dir_: str | None = None
    if a.published and b.published and a.published != b.published:
        first = "a" if a.published < b.published else "b"
        dir_ = "a->b" if first == "a" else "b->a"
        evidence.append(f"{first} published first ({min(a.published, b.published)})")
    evidence.append(f"different languages ({a.language}, {b.language}): a translated copy, "
                    "sentences aligned by meaning")
    return Relation(
        a=a.id, b=b.id, relation="rewrite", score=round(min(1.0, 0.5 * share + 0.5 * mean), 4),
        direction=dir_,  # type: ignore[arg-type]
        alignments=tuple(alignments), evidence=tuple(evidence),
    )


def _shared_statement(a: Sentence, b: Sentence) -> bool:
    """Both sentences quote, and the quoted words are the same word for word (verbatim share
    >= 0.5 over the quoted tokens): a statement every report carries, not a reworded copy."""
    qa = [t for t, q in zip(a.tokens, a.quoted, strict=True) if q]
    qb = [t for t, q in zip(b.tokens, b.quoted, strict=True) if q]
    return bool(qa and qb) and diff_tokens(qa, qb, qa, qb)[0] >= QUOTE_VERBATIM


def paraphrase_chain(
    a: Doc, b: Doc, meaning: np.ndarray, freqs: WordStats, s: ProvenanceSettings
) -> tuple[Alignment, ...]:
    """Sentence pairs of two pages in one language that mean the same, in order, numbers
    and names agreeing (the translation alignment of :mod:`.translation` at
    ``paraphrase_chain_cosine``), as alignments of kind ``paraphrase`` with their word
    similarity, verbatim share and substitutions (the reworded phrases). A pair quoting
    the same statement word for word on both sides is left out (:func:`_shared_statement`:
    independent reports of one speech share it in order; decision 0310)."""
    out = []
    for al in align_translation(a, b, meaning, s, s.paraphrase_chain_cosine):
        if _shared_statement(a.sentences[al.a_index[0]], b.sentences[al.b_index[0]]):
            continue
        text_a, ta, sa = _joined(a.sentences, al.a_index)
        text_b, tb, sb = _joined(b.sentences, al.b_index)
        share, subs = diff_tokens(ta, tb, sa, sb)
        out.append(Alignment(
            a_text=text_a, b_text=text_b, similarity=round(dice(set(ta), set(tb), freqs), 4),
            substitutions=subs, verbatim_share=round(share, 4), a_index=al.a_index,
            b_index=al.b_index, meaning=al.meaning, kind=PARAPHRASE,
        ))
    return tuple(out)


def is_paraphrase(
    alignments: Sequence[Alignment], a: Doc, b: Doc, s: ProvenanceSettings
) -> bool:
    """The paraphrase chain holds ``paraphrase_chain_min_share`` of the shorter page's
    sentences and at least ``paraphrase_chain_min_pairs`` of them, at a mean cosine of
    ``paraphrase_chain_min_mean``."""
    chain = [al for al in alignments if al.kind == PARAPHRASE]
    n, shorter = translation_share(alignments, a, b, s, PARAPHRASE)
    mean = sum(al.meaning for al in chain) / n if n else 0.0
    return (n >= s.paraphrase_chain_min_pairs and n >= s.paraphrase_chain_min_share * shorter
            and mean >= s.paraphrase_chain_min_mean)


def paraphrase_relation(
    a: Article, b: Article, da: Doc, db: Doc, alignments: Sequence[Alignment],
    spin_a: SpinAssessment, spin_b: SpinAssessment, s: ProvenanceSettings,
) -> Relation:
    """Two pages in one language whose sentences mean the same one by one, in order, with
    their words changed (:func:`paraphrase_chain`): a reworded copy (``spun-copy``: machine
    paraphrase, translation round trip), directed by spin labels, else by dates."""
    n, shorter = translation_share(alignments, da, db, s, PARAPHRASE)
    mean = sum(al.meaning for al in alignments) / len(alignments) if alignments else 0.0
    verbatim = (sum(al.verbatim_share for al in alignments) / len(alignments)
                if alignments else 0.0)
    evidence = [
        f"{n} of {shorter} sentences of the shorter page reworded in order (same meaning: "
        f"cosine >= {s.paraphrase_chain_cosine}, mean {mean:.2f}; numbers and names agreeing; "
        f"verbatim share {verbatim:.2f})",
    ]
    if not is_paraphrase(alignments, da, db, s):
        return Relation(a=a.id, b=b.id, relation="independent",
                        score=round(1.0 - min(1.0, n / shorter if shorter else 0.0), 4),
                        direction=None, alignments=tuple(alignments), evidence=tuple(evidence))
    f = PairFeatures(
        n_strong=n, n_quote=0, cov_a=0.0, cov_b=0.0, any_a=0.0, any_b=0.0, verbatim=verbatim,
        swaps_per_100=0.0, similarity=mean, n_sentences=shorter, n_reworded=n, n_checked=n,
        copied_a=0.0, copied_b=0.0,
    )
    dir_, why = direction("spun-copy", a, b, f, spin_a, spin_b)
    return Relation(
        a=a.id, b=b.id, relation="spun-copy",
        score=round(min(1.0, 0.5 * n / max(1, shorter) + 0.5 * mean), 4),
        direction=dir_,  # type: ignore[arg-type]
        alignments=tuple(alignments), evidence=(*evidence, *why),
    )


def relation(
    a: Article, b: Article, da: Doc, db: Doc, alignments: Sequence[Alignment],
    spin_a: SpinAssessment, spin_b: SpinAssessment, freqs: WordStats,
    settings: ProvenanceSettings,
) -> Relation:
    """The :class:`Relation` of a and b from their alignments (see the module docstring)."""
    cross = bool(a.language and b.language
                 and a.language.split("-")[0] != b.language.split("-")[0])
    if cross and any(al.kind == TRANSLATION for al in alignments):
        return translation_relation(a, b, da, db, alignments, settings)
    if not cross and any(al.kind == PARAPHRASE for al in alignments):
        return paraphrase_relation(a, b, da, db, alignments, spin_a, spin_b, settings)
    f = features(alignments, da, db, freqs, settings, cross)
    kind, score = classify(f, settings, spin_a.label or spin_b.label)
    dir_, why = direction(kind, a, b, f, spin_a, spin_b)
    evidence = [
        f"{f.n_strong} strong aligned passages in order (+{f.n_quote} carried by quotes)",
        f"coverage a {f.cov_a:.2f}, b {f.cov_b:.2f}",
        f"own prose copied word for word: a {f.copied_a:.2f}, b {f.copied_b:.2f}",
        f"verbatim share {f.verbatim:.2f}, {f.swaps_per_100:.1f} one-word swaps per 100 tokens",
        f"{f.n_reworded} of {f.n_checked} aligned sentences reworded",
        *why,
    ]
    if cross:
        # Across languages sentences are aligned by the multilingual encoder alone.
        if not any(al.meaning for al in alignments):
            note = "compared by words only (no sentence encoder): a translated copy is not detected"
        elif kind == "independent":
            note = "no translated copy found (sentences compared by meaning)"
        else:
            note = "a translated copy, sentences aligned by meaning"
        evidence.append(f"different languages ({a.language}, {b.language}): {note}")
    return Relation(
        a=a.id, b=b.id, relation=kind, score=score,
        direction=dir_,  # type: ignore[arg-type]
        alignments=tuple(alignments), evidence=tuple(evidence),
    )
