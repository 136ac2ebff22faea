"""Exact prefilters for the brief's sentence comparisons (issue #17).

Choosing a story's brief compared every candidate sentence with every other (equivalence),
and with every source sentence of the story (citations, wording twins): a cost that grows
with the square of a story's sentences. Every one of those tests has a threshold above zero
on shared *content* tokens (:func:`storylens.brief.text.similarity` is a Dice coefficient
over them; :func:`storylens.brief.text.support` is at most the share of the text's content
tokens the source holds). :class:`ContentMatrix` holds the content-token sets of a list of
sentences as a sparse 0/1 matrix, so the shared-token counts of one text against all of
them (or of all pairs) are one sparse product; only the sentences whose counts can reach
the threshold are then tested with the original functions. The answers are the same as
testing every pair: the prefilter only drops pairs that cannot pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from storylens.brief.text import STOP_WORDS, _content, _tokens

# Float slack of the prefilters: they keep a pair whose bound is within this of the threshold,
# the original test decides.
_EPS = 1e-9


class ContentMatrix:
    """Content-token sets of ``texts`` (rows) as a sparse 0/1 matrix."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        sizes: list[int] = []
        for k, text in enumerate(self.texts):
            toks = _content(text)
            sizes.append(len(toks))
            for t in toks:
                rows.append(k)
                cols.append(self.vocab.setdefault(t, len(self.vocab)))
        self.sizes = np.asarray(sizes, dtype=np.int64)
        self.matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, cols)),
            shape=(len(self.texts), max(1, len(self.vocab))))

    def _shared(self, weights: dict[str, int]) -> np.ndarray:
        """Per row: the sum of ``weights`` over the row's tokens."""
        vec = np.zeros(self.matrix.shape[1], dtype=np.int64)
        for t, w in weights.items():
            col = self.vocab.get(t)
            if col is not None:
                vec[col] = w
        return np.asarray(self.matrix @ vec).ravel()

    def dice_at_least(self, text: str, threshold: float) -> list[int]:
        """Rows whose content Dice with ``text`` may reach ``threshold`` (> 0), in order."""
        mine = _content(text)
        if not mine or not len(self.texts):
            return []
        shared = self._shared(dict.fromkeys(mine, 1))
        bound = 2 * shared / np.maximum(len(mine) + self.sizes, 1)
        return [int(k) for k in np.flatnonzero((shared > 0) & (bound >= threshold - _EPS))]

    def support_at_least(self, text: str, threshold: float) -> list[int] | None:
        """Rows whose :func:`~storylens.brief.text.support` of ``text`` may reach
        ``threshold`` (> 0), in order; None when ``text`` has no content token (then every
        row may: the caller tests them all)."""
        content = [t for t in _tokens(text) if t not in STOP_WORDS]
        if not content:
            return None
        if not len(self.texts):
            return []
        weights: dict[str, int] = {}
        for t in content:
            weights[t] = weights.get(t, 0) + 1
        share = self._shared(weights) / len(content)
        return [int(k) for k in np.flatnonzero((share > 0) & (share >= threshold - _EPS))]

    def dice_pairs(self, threshold: float) -> list[tuple[int, int]]:
        """Row pairs (i < j) whose content Dice may reach ``threshold`` (> 0), in order."""
        if len(self.texts) < 2:
            return []
        inter = sparse.triu(self.matrix @ self.matrix.T, k=1).tocoo()
        keep = 2 * inter.data >= (threshold - _EPS) * (self.sizes[inter.row]
                                                        + self.sizes[inter.col])
        pairs = sorted(zip(inter.row[keep].tolist(), inter.col[keep].tolist(), strict=True))
        return [(int(i), int(j)) for i, j in pairs]
