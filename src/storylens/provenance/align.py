"""Sentence alignment between two articles that survives synonym swaps, splits and reordering.

How it works (``align_docs``):

1. Every sentence becomes a set of normalised tokens, each weighted ``7.5 - zipf`` (see
   :mod:`.text`): names, numbers and rare content words dominate, and a spinner, which keeps
   names, numbers and sentence order while swapping ordinary words, leaves most of the weight
   in place.
2. One sparse product gives the shared weight of every sentence pair; the weighted Dice
   ``2 * W(a & b) / (W(a) + W(b))`` is the pair similarity. Pairs are matched one-to-one,
   greedily from the most similar down to ``min_similarity`` (order-free, so reordered
   paragraphs still align).
3. Split and merged sentences: a sentence left unmatched joins its partner's group when most of
   its weight (``merge_containment``) is contained in the partner and the group's similarity
   goes up.
   With sentence embeddings (:mod:`.semantic`), a pair also matches when the encoder says
   it means the same (cosine >= ``meaning_min``) while sharing some weight (Dice >=
   ``meaning_lexical``; 0 across languages): spun, paraphrased and translated sentences.
   Such pairs are ranked by ``max(Dice, cosine)``; the group keeps both figures.
4. Per group, a token-level edit script (rapidfuzz Levenshtein opcodes over token lists)
   gives the verbatim share (tokens in runs of >= 2 equal tokens) and the substitutions
   ``[from, to]`` (non-equal runs of at most 4 tokens on each side, verbatim surface text).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein
from scipy import sparse

from storylens.deadline import checkpoint
from storylens.provenance.text import Doc, Sentence, WordStats
from storylens.records import Alignment

MAX_SUB_TOKENS = 4  # longer non-equal runs are rewrites, not word substitutions


@dataclass(frozen=True, slots=True)
class Group:
    """Aligned sentence indices in a and b with their similarity (and encoder cosine)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float
    meaning: float = 0.0


def _weights(tokens: set[str], freqs: WordStats) -> float:
    # fsum: exactly rounded whatever the set's iteration order (which changes with the hash
    # seed), so equal-looking candidates tie the same way in every run.
    return math.fsum(freqs.weight(t) for t in tokens)


def dice(a: set[str], b: set[str], freqs: WordStats) -> float:
    """Weighted Dice similarity of two token sets."""
    total = _weights(a, freqs) + _weights(b, freqs)
    return 2 * _weights(a & b, freqs) / total if total else 0.0


def similarity_matrix(
    a: Sequence[set[str]], b: Sequence[set[str]], freqs: WordStats
) -> np.ndarray:
    """Weighted Dice of every sentence pair (len(a) x len(b))."""
    vocab: dict[str, int] = {}
    for sent in (*a, *b):
        for t in sorted(sent):  # a fixed column order: the same float sums in every run
            vocab.setdefault(t, len(vocab))
    w = np.array([freqs.weight(t) for t in vocab], dtype=np.float64)

    def matrix(sents: Sequence[set[str]]) -> sparse.csr_matrix:
        rows, cols = [], []
        for i, s in enumerate(sents):
            for t in s:
                rows.append(i)
                cols.append(vocab[t])
        data = np.ones(len(rows), dtype=np.float64)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(sents), len(vocab)))

    ma, mb = matrix(a), matrix(b)
    # Sparse times sparse, then dense: only the len(a) x len(b) result is ever dense (a dense
    # vocabulary x len(b) operand reached 170 MB for two 3,000-sentence pages). Each entry is
    # the same left-to-right sum over a's row in column order as the sparse-times-dense
    # product it replaces (terms with a zero are skipped instead of added), so the floats are
    # bit-identical.
    shared = (ma.multiply(w).tocsr() @ mb.T.tocsr()).toarray()
    wa = np.asarray(ma @ w).reshape(-1, 1)
    wb = np.asarray(mb @ w).reshape(1, -1)
    denom = wa + wb
    denom[denom == 0] = 1.0
    # In place (the same two IEEE operations per entry as ``2 * shared / denom``): no
    # further len(a) x len(b) temporaries.
    result: np.ndarray = shared
    result *= 2
    result /= denom
    return result


def _merge(
    groups: list[list[list[int]]],
    sets_x: Sequence[set[str]],
    sets_y: Sequence[set[str]],
    side: int,
    freqs: WordStats,
    containment: float,
) -> None:
    """Add unmatched sentences of one side (0 = a, 1 = b) to the group whose other side
    contains most of them, when that raises the group's similarity."""
    used = {i for g in groups for i in g[side]}
    for i, s in enumerate(sets_x):
        if i in used or not s:
            continue
        w_s = _weights(s, freqs)
        best: tuple[float, int] | None = None
        for gi, g in enumerate(groups):
            other = set().union(*(sets_y[j] for j in g[1 - side]))
            c = _weights(s & other, freqs) / w_s if w_s else 0.0
            if c >= containment and (best is None or c > best[0]):
                best = (c, gi)
        if best is None:
            continue
        g = groups[best[1]]
        mine = set().union(*(sets_x[j] for j in g[side]))
        other = set().union(*(sets_y[j] for j in g[1 - side]))
        if dice(mine | s, other, freqs) > dice(mine, other, freqs):
            g[side] = sorted([*g[side], i])
            used.add(i)


def match(
    a: Sequence[set[str]],
    b: Sequence[set[str]],
    freqs: WordStats,
    min_similarity: float,
    containment: float,
    meaning: np.ndarray | None = None,
    meaning_min: float = 1.0,
    meaning_lexical: float = 0.0,
) -> list[Group]:
    """Groups of aligned sentences (one-to-one, then split/merge), in order of a.
    ``meaning``: encoder cosine of every sentence pair, or None (word overlap alone)."""
    if not a or not b:
        return []
    sim = similarity_matrix(a, b, freqs)
    rank = sim
    if meaning is not None:
        same = (meaning >= meaning_min) & (sim >= meaning_lexical)
        rank = np.where(same, np.maximum(sim, meaning), np.where(sim >= min_similarity, sim, 0))
        ii, jj = np.nonzero((sim >= min_similarity) | same)
    else:
        ii, jj = np.nonzero(sim >= min_similarity)
    order = np.argsort(-rank[ii, jj], kind="stable")
    used_a: set[int] = set()
    used_b: set[int] = set()
    groups: list[list[list[int]]] = []
    for k in order:
        i, j = int(ii[k]), int(jj[k])
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        groups.append([[i], [j]])
    _merge(groups, a, b, 0, freqs, containment)
    _merge(groups, b, a, 1, freqs, containment)
    out = []
    for ga, gb in groups:
        sa = set().union(*(a[i] for i in ga))
        sb = set().union(*(b[j] for j in gb))
        cos = float(max(meaning[i, j] for i in ga for j in gb)) if meaning is not None else 0.0
        out.append(Group(tuple(ga), tuple(gb), dice(sa, sb, freqs), cos))
    out.sort(key=lambda g: (g.a[0], g.b[0]))
    return out


def _joined(sentences: Sequence[Sentence], idx: Sequence[int]) -> tuple[str, list[str], list[str]]:
    """Text, normalised tokens and surface tokens of sentences ``idx`` joined."""
    texts: list[str] = []
    toks: list[str] = []
    surf: list[str] = []
    for i in idx:
        s = sentences[i]
        texts.append(s.text)
        toks.extend(s.tokens)
        surf.extend(s.text[x:y] for x, y in s.spans)
    return " ".join(texts), toks, surf


def diff_tokens(
    ta: Sequence[str], tb: Sequence[str], sa: Sequence[str], sb: Sequence[str]
) -> tuple[float, tuple[tuple[str, str], ...]]:
    """Verbatim share and substitutions between two token lists (normalised ``t*``, surface
    ``s*``). Verbatim tokens are those in equal runs of two or more tokens."""
    if not ta or not tb:
        return 0.0, ()
    ops = Levenshtein.opcodes(list(ta), list(tb))
    verbatim = 0
    subs: list[tuple[str, str]] = []
    pending: list[int] | None = None  # [i1, i2, j1, j2] of a run of non-equal ops

    def flush() -> None:
        if pending is None:
            return
        i1, i2, j1, j2 = pending
        if 0 < i2 - i1 <= MAX_SUB_TOKENS and 0 < j2 - j1 <= MAX_SUB_TOKENS:
            subs.append((" ".join(sa[i1:i2]), " ".join(sb[j1:j2])))

    for op in ops:
        if op.tag == "equal":
            flush()
            pending = None
            if op.src_end - op.src_start >= 2:
                verbatim += op.src_end - op.src_start
        elif pending is None:
            pending = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            pending[1], pending[3] = op.src_end, op.dest_end
    flush()
    share = 2 * verbatim / (len(ta) + len(tb))
    return share, tuple(subs)


def align_docs(
    a: Doc,
    b: Doc,
    freqs: WordStats,
    min_similarity: float = 0.35,
    containment: float = 0.6,
    meaning: np.ndarray | None = None,
    meaning_min: float = 1.0,
    meaning_lexical: float = 0.0,
) -> tuple[Alignment, ...]:
    """Aligned passages of ``a`` and ``b`` (see the module docstring), in order of ``a``.
    ``meaning``: the encoder cosine matrix of the two pages' sentences, or None."""
    sets_a = [set(s.tokens) for s in a.sentences]
    sets_b = [set(s.tokens) for s in b.sentences]
    out = []
    groups = match(
        sets_a, sets_b, freqs, min_similarity, containment, meaning, meaning_min, meaning_lexical
    )
    for g in groups:
        checkpoint()  # storylens.deadline: the pair's budget
        text_a, ta, sa = _joined(a.sentences, g.a)
        text_b, tb, sb = _joined(b.sentences, g.b)
        share, subs = diff_tokens(ta, tb, sa, sb)
        out.append(
            Alignment(
                a_text=text_a, b_text=text_b, similarity=round(g.similarity, 4),
                substitutions=subs, verbatim_share=round(share, 4), a_index=g.a, b_index=g.b,
                meaning=round(g.meaning, 4),
            )
        )
    return tuple(out)
