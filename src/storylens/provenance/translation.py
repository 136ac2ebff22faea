"""Translated copies: a page in one language that translates a page in another.

Across two languages words cannot be compared, so the sentences of a cross-language
candidate pair are compared by the shipped multilingual encoder (the cosine matrix the
stage already computes in one batch, :mod:`.semantic`). A translation keeps the order of
its source and its facts; a report of the same event in another language says similar
things in its own order, with its own figures and names. So:

1. sentence pairs are candidates when their cosine reaches ``translation_min_cosine`` and
   their *anchors agree*: the numbers (digits, separators ignored) and, where both sides
   are in a Latin script, the names (capitalised words not opening the sentence) - when
   both sides carry some, they share at least one;
2. of those, the heaviest chain in the same order on both pages (monotone alignment,
   dynamic programming over at most ``translation_max_sentences`` sentences per page);
3. the pair is a translated copy when that chain holds ``translation_min_share`` of the
   shorter page's sentences (those of at least :data:`MIN_SENTENCE_CHARS` characters) and
   at least ``translation_min_pairs`` of them.

The chain's sentence pairs are the relation's alignments, each with ``kind="translation"``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from storylens.provenance.text import Doc, Sentence
from storylens.records import Alignment
from storylens.settings import ProvenanceSettings

TRANSLATION = "translation"
# The same in-order alignment by meaning inside one language (decision 0309): a machine
# paraphrase or translation round trip rewords every sentence of its source in order.
PARAPHRASE = "paraphrase"
# Sentences shorter than this (datelines, bylines, "Email: ...") are not counted in a
# page's sentences; a Chinese sentence of 15 characters carries a clause.
MIN_SENTENCE_CHARS = 15

_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?")
_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-zA-Z\u00c0-\u024f'’-]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _fold(word: str) -> str:
    """Lower case, accents dropped, curly apostrophes straight, an English possessive cut
    ("Tokyo’s" = "Tokyo's" = "Tokyo")."""
    nfkd = unicodedata.normalize("NFKD", word.lower()).replace("’", "'")
    folded = "".join(c for c in nfkd if not unicodedata.combining(c)).strip("'-")
    return folded[:-2] if folded.endswith("'s") else folded


def numbers(text: str) -> frozenset[str]:
    """The numbers of a sentence as digit strings (``2,300`` = ``2.300`` = ``2300``)."""
    found = (re.sub(r"\D", "", m.group()).lstrip("0") or "0" for m in _NUMBER.finditer(text))
    return frozenset(found)


def names(text: str) -> frozenset[str]:
    """Capitalised Latin-script words that do not open the sentence, folded (lower case,
    accents dropped). Empty when the sentence is not mostly in a Latin script."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(bool(_LATIN.match(c)) for c in letters) < 0.5 * len(letters):
        return frozenset()
    body = text.lstrip(" \"'“‘«(")
    first = re.match(r"\S+", body)
    skip = first.end() if first else 0
    return frozenset(_fold(m.group()) for m in _NAME.finditer(body) if m.start() >= skip)


@functools.lru_cache(maxsize=8192)
def _anchors(text: str) -> tuple[frozenset[str], frozenset[str], str]:
    """Numbers, names and the folded text of one sentence, once per sentence (a pair of
    1,000-word pages compares hundreds of sentence pairs)."""
    return numbers(text), names(text), _fold(text)


def anchors_agree(a: str, b: str) -> bool:
    """Numbers and names of two sentences do not contradict: where both sides carry some,
    they share one (a name may also appear inside the other side's text, as German
    capitalises every noun and a translation may inflect)."""
    na, ma, fa = _anchors(a)
    nb, mb, fb = _anchors(b)
    if na and nb and not na & nb:
        return False
    if ma and mb and not ma & mb:
        return any(n in fb for n in ma) or any(n in fa for n in mb)
    return True


def counted(sentences: Sequence[Sentence], cap: int) -> list[int]:
    """Indices of the sentences that count (the first ``cap`` of at least
    :data:`MIN_SENTENCE_CHARS` characters)."""
    return [i for i, s in enumerate(sentences) if len(s.text) >= MIN_SENTENCE_CHARS][:cap]


def monotone(weights: np.ndarray) -> list[tuple[int, int]]:
    """The heaviest set of (row, column) pairs increasing in both, over entries > 0 (a
    sentence-by-sentence alignment in order, skips allowed on both sides)."""
    n, m = weights.shape
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row, prev, w = best[i], best[i - 1], weights[i - 1]
        for j in range(1, m + 1):
            take = prev[j - 1] + w[j - 1] if w[j - 1] > 0 else -1.0
            row[j] = max(prev[j], row[j - 1], take)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def align_translation(
    a: Doc, b: Doc, meaning: np.ndarray, s: ProvenanceSettings,
    min_cosine: float | None = None,
) -> tuple[Alignment, ...]:
    """Sentence pairs of ``a`` and ``b`` that translate each other, in order (see the module
    doc), as alignments of kind ``translation`` (similarity: the cosine). ``min_cosine``:
    instead of ``translation_min_cosine`` (the paraphrase chain within one language)."""
    ia = counted(a.sentences, s.translation_max_sentences)
    ib = counted(b.sentences, s.translation_max_sentences)
    if not ia or not ib:
        return ()
    least = s.translation_min_cosine if min_cosine is None else min_cosine
    sub = meaning[np.ix_(ia, ib)]
    weights = np.zeros(sub.shape)
    for x, y in zip(*np.nonzero(sub >= least), strict=True):
        if anchors_agree(a.sentences[ia[x]].text, b.sentences[ib[y]].text):
            # Mostly the number of pairs; the cosine breaks ties.
            weights[x, y] = 1.0 + 0.1 * float(sub[x, y])
    out = []
    for x, y in monotone(weights):
        i, j = ia[x], ib[y]
        cos = round(float(meaning[i, j]), 4)
        out.append(Alignment(
            a_text=a.sentences[i].text, b_text=b.sentences[j].text, similarity=cos,
            a_index=(i,), b_index=(j,), meaning=cos, kind=TRANSLATION,
        ))
    return tuple(out)


def translation_share(
    alignments: Sequence[Alignment], a: Doc, b: Doc, s: ProvenanceSettings,
    kind: str = TRANSLATION,
) -> tuple[int, int]:
    """(translated sentence pairs, counted sentences of the shorter page); ``kind``: which
    alignments count (translation, or paraphrase within one language)."""
    n = sum(al.kind == kind for al in alignments)
    shorter = min(len(counted(a.sentences, s.translation_max_sentences)),
                  len(counted(b.sentences, s.translation_max_sentences)))
    return n, shorter


def is_translation(
    alignments: Sequence[Alignment], a: Doc, b: Doc, s: ProvenanceSettings
) -> bool:
    """The pair is a translated copy (see the module doc)."""
    n, shorter = translation_share(alignments, a, b, s)
    return n >= min(s.translation_min_pairs, shorter) and n > 0 and (
        n >= s.translation_min_share * shorter
    )
