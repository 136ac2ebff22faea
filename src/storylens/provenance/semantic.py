"""Sentence meaning for the alignment: the shipped multilingual encoder, batched.

Word overlap misses what spinners, paraphrasers and translators produce: "loss of life count"
for "death toll", a sentence reworded clause by clause, a page in another language. The
stories stage already ships Google's Universal Sentence Encoder multilingual v3 in numpy
(:func:`storylens.stories.semantic.load_multilingual`); here it embeds every sentence of the
articles that take part in a candidate pair, in one batch per run, and
:func:`cosine` gives the sentence-by-sentence cosine matrix of a pair.

The encoder is an explicit object passed in (never a module global); without the extra
installed (or with ``provenance.semantic`` off) every function returns None and the stage
falls back to word overlap alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storylens.parallel import map_ordered
from storylens.provenance.text import Doc
from storylens.stories.semantic import MultiEncoder, load_multilingual

# Sentences per encoder call (a worker's unit, storylens.parallel): the encoder embeds each
# sentence on its own (no padding across a batch), so batches only share the call overhead.
BATCH_SENTENCES = 512

# A sentence is embedded from at most this many characters: the encoder's cost grows with
# length and the start of a sentence carries its meaning (a 1,000-word page has ~40
# sentences of ~150 characters).
MAX_SENTENCE_CHARS = 400


def load(enabled: bool) -> MultiEncoder | None:
    """The multilingual encoder (one BLAS thread), or None when disabled or not installed."""
    return load_multilingual(enabled, threads=1)


def embed_docs(
    docs: Sequence[Doc], wanted: set[int], encoder: MultiEncoder | None, workers: int = 1,
) -> dict[int, np.ndarray]:
    """L2-normalised sentence embeddings of ``docs[i]`` for every ``i`` in ``wanted`` (rows in
    sentence order), in batches of about ``BATCH_SENTENCES`` sentences spread over
    ``workers`` processes (storylens.parallel). Empty without an encoder."""
    if encoder is None or not wanted:
        return {}
    order = [i for i in sorted(wanted) if docs[i].sentences]
    if not order:
        return {}
    batches: list[list[int]] = [[]]
    size = 0
    for i in order:
        if size >= BATCH_SENTENCES:
            batches.append([])
            size = 0
        batches[-1].append(i)
        size += len(docs[i].sentences)

    def encode(batch: list[int]) -> np.ndarray:
        return encoder.encode([s.text[:MAX_SENTENCE_CHARS] for i in batch
                               for s in docs[i].sentences])

    out: dict[int, np.ndarray] = {}
    for batch, emb in zip(batches, map_ordered(encode, batches, workers, chunk=1),
                          strict=True):
        k = 0
        for i in batch:
            n = len(docs[i].sentences)
            out[i] = emb[k : k + n]
            k += n
    return out


def cosine(ea: np.ndarray | None, eb: np.ndarray | None) -> np.ndarray | None:
    """Cosine of every sentence pair (rows of a x rows of b), or None without embeddings."""
    if ea is None or eb is None:
        return None
    result: np.ndarray = np.asarray(ea @ eb.T, dtype=np.float64)
    return result
