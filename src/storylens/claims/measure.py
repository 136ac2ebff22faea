"""What a figure measures, compared by meaning across pages (issue 14, decision 0407).

Lexicon keys (the counted noun's synonym class, the event class) say whether two figures
*can* be the same measure; whether they *are* is read from the words around the figure. Each
quantity claim gets a context: up to ``context_words_before`` words before the figure and
``context_words_after`` after it in its sentence, the figure itself replaced by ``#`` (so
that 78 and 70 do not make two contexts differ). The contexts of all claims of one run are
encoded in one batch by the shipped sentence encoder (all-MiniLM-L6-v2 when the semantic
extra is installed, else USE multilingual v3, loaded with the code of
:mod:`storylens.stories.semantic`); without either (or with ``ClaimSettings.semantic`` off)
there is no similarity and the aligner keeps its lexical rules only (decisions 0402, 0406).
:class:`MeasureSpace` holds the vectors: an explicit object, built once per run and passed
in (no module cache).

The aligner (:func:`storylens.claims.align.same_quantity_fact`) asks
:meth:`MeasureSpace.similarity` for two claims on different pages; the thresholds are in
``ClaimSettings`` (measure_similarity_agree, measure_similarity_differ).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from storylens.settings import ClaimSettings


class _Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def context(sentence: str, span: tuple[int, int], before: int, after: int) -> str:
    """The words around a figure, the figure replaced by ``#``."""
    left = sentence[:span[0]].split()[-before:] if before else []
    right = sentence[span[1]:].split()[:after] if after else []
    return " ".join([*left, "#", *right])


def load_measure_encoder(s: ClaimSettings) -> _Encoder | None:
    """The English encoder when installed, else the multilingual one, else None."""
    if not s.semantic:
        return None
    from storylens.stories.semantic import load_encoder, load_multilingual

    enc: _Encoder | None = load_encoder(True, s.semantic_max_tokens)
    if enc is None:
        enc = load_multilingual(True)
    return enc


@dataclass
class MeasureSpace:
    """Context vectors of quantity claims by claim id, with the model that made them.

    ``contexts`` holds the context of every quantity claim; ``build`` encodes the ones the
    caller expects to compare (``wanted``) in one batch, and ``similarity`` encodes any other
    on first use (issue #17: most figures of a pile have no candidate partner, and encoding
    every context was the claims stage's largest cost)."""

    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    model: str | None = None
    contexts: dict[str, str] = field(default_factory=dict)
    encoder: _Encoder | None = None
    _by_text: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, items: Sequence[tuple[str, str]], encoder: _Encoder | None,
              wanted: Collection[str] | None = None) -> MeasureSpace:
        """``items``: (claim id, context) pairs; ``wanted``: the claim ids to encode now, in
        one batch through ``encoder`` (None: all of them)."""
        space = cls(model=encoder.name if encoder is not None else None,
                    contexts=dict(items), encoder=encoder)
        if encoder is not None and items:
            now = items if wanted is None else [(c, t) for c, t in items if c in wanted]
            space._encode([text for _, text in now])
            for cid, text in now:
                space.vectors[cid] = space._by_text[text]
        return space

    def _encode(self, texts: Sequence[str]) -> None:
        # Each distinct context once: copies and syndications repeat them (a third of the
        # scale bench's pages; the encoder was the claims stage's largest cost, #17).
        unique = [t for t in dict.fromkeys(texts) if t not in self._by_text]
        if self.encoder is None or not unique:
            return
        emb = self.encoder.encode(unique)
        for k, text in enumerate(unique):
            self._by_text[text] = emb[k]

    def vector(self, claim_id: str) -> np.ndarray | None:
        """The claim's context vector, encoded on first use; None without one."""
        vec = self.vectors.get(claim_id)
        if vec is None and self.encoder is not None:
            text = self.contexts.get(claim_id)
            if text is None:
                return None
            self._encode([text])
            vec = self.vectors[claim_id] = self._by_text[text]
        return vec

    def similarity(self, a: str, b: str) -> float | None:
        """Cosine of two claims' contexts; None when either has no vector."""
        va, vb = self.vector(a), self.vector(b)
        if va is None or vb is None:
            return None
        return float(va @ vb)
