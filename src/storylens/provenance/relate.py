"""The relation between two articles, from their sentence alignment.

Decision (``classify``), in order; thresholds in :class:`ProvenanceSettings`:

1. **derived** needs ``derived_min_alignments`` strong alignments (similarity >=
   ``strong_similarity``) carried by narrative text, not by quoted speech, covering at least
   ``derived_min_coverage`` of one article's weight (a short article: half its sentences).
   Then:

   - both sides add their own material (neither covered >= ``contained_coverage``):
     **shared-source** (a common origin, maybe absent from the pile);
   - else **spun-copy** when one-word swaps are dense (>= ``spun_min_swaps_per_100`` per 100
     aligned tokens), the text not all verbatim (< ``spun_max_verbatim``) and one of the two
     is labelled machine-spun (an editor's rewording is dense too, but leaves no artifacts
     and does not pick rarer words);
   - **duplicate** when swaps are sparse, both sides covered >= ``duplicate_min_coverage``
     and the aligned tokens >= ``duplicate_min_verbatim`` verbatim;
   - else **rewrite**.
2. **quotes-only**: strong alignments exist but all are carried by quoted speech.
3. otherwise **independent**.

Direction (``a->b`` means b derives from a), for duplicate / rewrite / spun-copy only: the side
carrying spinner artifacts is the copy; else the earlier publication date is the origin; else
an article contained in the other is the excerpt. Shared-source has no direction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from storylens.provenance.text import Doc, WordStats
from storylens.records import Alignment, Article, Relation, RelationKind, SpinAssessment
from storylens.settings import ProvenanceSettings

# Share of an alignment's shared weight inside quotation marks above which the alignment is
# "carried by a quote". 0.6: a sentence quoting a shared statement plus a different
# attribution ("..., the monitor said" / "... Rami Abdulrahman stated") stays above it.
QUOTE_CARRIED = 0.6


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


def features(
    alignments: Sequence[Alignment], a: Doc, b: Doc, freqs: WordStats,
    settings: ProvenanceSettings,
) -> PairFeatures:
    """Summary numbers of an alignment used by :func:`classify`."""
    wa, wb = _sentence_weights(a, freqs), _sentence_weights(b, freqs)
    used_a: set[int] = set()
    used_b: set[int] = set()
    n_strong = n_quote = swaps = tokens = 0
    verb_num = verb_den = sim_sum = 0.0
    for al in alignments:
        quoted = _quote_share(al, a, b, freqs) >= QUOTE_CARRIED
        strong = al.similarity >= settings.strong_similarity
        if quoted:
            # A shared quote counts when it is a statement, not a shared caption or credit.
            n_quote += strong and sum(len(a.sentences[i].tokens) for i in al.a_index) >= 8
            continue
        used_a.update(al.a_index)
        used_b.update(al.b_index)
        if not strong:
            continue
        n_strong += 1
        size = sum(len(a.sentences[i].tokens) for i in al.a_index) + sum(
            len(b.sentences[j].tokens) for j in al.b_index
        )
        verb_num += al.verbatim_share * size
        verb_den += size
        sim_sum += al.similarity
        tokens += size // 2
        swaps += sum(1 for x, y in al.substitutions if " " not in x and " " not in y)
    total_a, total_b = sum(wa) or 1.0, sum(wb) or 1.0
    return PairFeatures(
        n_strong=n_strong,
        n_quote=n_quote,
        cov_a=sum(wa[i] for i in used_a) / total_a,
        cov_b=sum(wb[j] for j in used_b) / total_b,
        verbatim=verb_num / verb_den if verb_den else 0.0,
        swaps_per_100=100.0 * swaps / tokens if tokens else 0.0,
        similarity=sim_sum / n_strong if n_strong else 0.0,
        n_sentences=min(len(a.sentences), len(b.sentences)),
    )


def classify(
    f: PairFeatures, s: ProvenanceSettings, spun: bool = False
) -> tuple[RelationKind, float]:
    """Relation kind and score (0..1, the strength of the evidence for that kind). ``spun``:
    one of the two articles is labelled machine-spun."""
    top, low = max(f.cov_a, f.cov_b), min(f.cov_a, f.cov_b)
    # A short article (a two-sentence brief) cannot have three aligned passages: half its
    # sentences is enough.
    needed = min(s.derived_min_alignments, max(1, math.ceil(f.n_sentences / 2)))
    if f.n_strong >= needed and top >= s.derived_min_coverage:
        score = round(min(1.0, 0.5 * top + 0.5 * f.similarity), 4)
        if top < s.contained_coverage:
            return "shared-source", score
        dense = f.swaps_per_100 >= s.spun_min_swaps_per_100
        if dense and spun and f.verbatim < s.spun_max_verbatim:
            return "spun-copy", score
        # Whole-article one-to-one correspondence with a swapped word every ~12 tokens: the
        # spinner signature even when neither side's words are rarer (no label).
        if f.swaps_per_100 >= 2 * s.spun_min_swaps_per_100 and low >= s.duplicate_min_coverage:
            return "spun-copy", score
        if (
            not dense and low >= s.duplicate_min_coverage
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


def relation(
    a: Article, b: Article, da: Doc, db: Doc, alignments: Sequence[Alignment],
    spin_a: SpinAssessment, spin_b: SpinAssessment, freqs: WordStats,
    settings: ProvenanceSettings,
) -> Relation:
    """The :class:`Relation` of a and b from their alignments (see the module docstring)."""
    f = features(alignments, da, db, freqs, settings)
    kind, score = classify(f, settings, spin_a.label or spin_b.label)
    dir_, why = direction(kind, a, b, f, spin_a, spin_b)
    evidence = [
        f"{f.n_strong} strong aligned passages (+{f.n_quote} carried by quotes)",
        f"coverage a {f.cov_a:.2f}, b {f.cov_b:.2f}",
        f"verbatim share {f.verbatim:.2f}, {f.swaps_per_100:.1f} one-word swaps per 100 tokens",
        *why,
    ]
    if a.language and b.language and a.language.split("-")[0] != b.language.split("-")[0]:
        # Alignment compares words: a translation shares none, so "independent" here only
        # means that no copy within one language was found.
        evidence.append(f"different languages ({a.language}, {b.language}): a translated "
                        "copy is not detected")
    return Relation(
        a=a.id, b=b.id, relation=kind, score=score,
        direction=dir_,  # type: ignore[arg-type]
        alignments=tuple(alignments), evidence=tuple(evidence),
    )
