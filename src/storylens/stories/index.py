"""Candidate generation that scales: a sparse inverted index over each article's key terms.

Each article is reduced to its ``key_terms`` most distinctive content words and names (by
background IDF weight). Two articles become candidates when they share at least
``min_shared_keys`` keys. Keys held by more than ``max_key_df`` articles in the index are
ignored (a storyline-wide word such as a country name says nothing about the event), which
bounds the work per article: cost grows close to linearly with the number of articles.
The product is computed in row blocks, so memory stays bounded too.

:class:`CandidateIndex` is an explicit object: build it, ``add`` articles (incrementally),
``candidates`` returns pairs (i < j) of row numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import FeatureHasher

from storylens.settings import StorySettings
from storylens.stories.features import Profile

_BITS = 2**20


def key_terms(p: Profile, k: int) -> dict[str, float]:
    """The k heaviest content words plus the k heaviest names, as a binary bag."""
    words = sorted(p.word.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    names = sorted(p.ent.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    out = {w: 1.0 for w, _ in words}
    out.update({"\x00" + n: 1.0 for n, _ in names})
    return out


def key_matrix(profiles: Sequence[Profile], k: int) -> sp.csr_matrix:
    """Binary article x key-term matrix (hashed), one row per profile."""
    hasher = FeatureHasher(n_features=_BITS, input_type="dict", alternate_sign=False)
    m = sp.csr_matrix(hasher.transform([key_terms(p, k) for p in profiles]), dtype=np.float64)
    m.data[:] = 1.0
    return m


@dataclass
class CandidateIndex:
    """Rows of binary key-term vectors; rows are article positions in insertion order."""

    cfg: StorySettings
    rows: list[sp.csr_matrix] = field(default_factory=list)

    def add(self, profiles: Sequence[Profile]) -> None:
        """Add articles (their profiles), in order."""
        if profiles:
            self.add_keys(key_matrix(profiles, self.cfg.key_terms))

    def add_keys(self, keys: sp.csr_matrix) -> None:
        """Add articles as rows of a :func:`key_matrix` (built with the same ``key_terms``)."""
        if keys.shape[0]:
            self.rows.append(sp.csr_matrix(keys))

    def __len__(self) -> int:
        return sum(m.shape[0] for m in self.rows)

    def candidates(self, block: int = 2000) -> tuple[np.ndarray, np.ndarray]:
        """All pairs (i < j) sharing >= min_shared_keys keys, where each article proposes
        at most ``max_candidates`` partners (those sharing most keys, ties by row number):
        at most n x max_candidates pairs in all."""
        if not self.rows:
            return np.zeros(0, int), np.zeros(0, int)
        m = sp.vstack(self.rows).tocsc()
        df = np.diff(m.indptr)
        keep = np.flatnonzero((df >= 2) & (df <= self.cfg.max_key_df))
        m = sp.csr_matrix(m[:, keep])
        mt = sp.csr_matrix(m.T)
        out_i: list[np.ndarray] = []
        out_j: list[np.ndarray] = []
        for start in range(0, m.shape[0], block):
            prod = sp.coo_matrix(m[start:start + block] @ mt)
            rows = prod.row + start
            ok = (prod.data >= self.cfg.min_shared_keys) & (prod.col != rows)
            r, c, v = rows[ok], prod.col[ok], prod.data[ok]
            order = np.lexsort((c, -v, r))
            r, c = r[order], c[order]
            # rank within each row, keep the first max_candidates
            first = np.r_[0, np.flatnonzero(np.diff(r)) + 1]
            rank = np.arange(len(r)) - np.repeat(first, np.diff(np.r_[first, len(r)]))
            sel = rank < self.cfg.max_candidates
            out_i.append(r[sel])
            out_j.append(c[sel])
        i = np.concatenate(out_i)
        j = np.concatenate(out_j)
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        pairs = np.unique(np.stack([lo, hi], axis=1), axis=0)
        return pairs[:, 0], pairs[:, 1]


def cross_script_candidates(emb: np.ndarray, scripts: Sequence[str], k: int, floor: float,
                            cells: int = 4_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) in two different scripts where j is among the ``k`` nearest rows of
    ``emb`` (L2-normalised; all-zero rows = no embedding) to i in another script, or the
    other way round, with cosine >= ``floor``.

    Key terms cannot be shared across scripts (a Chinese and an English report of one event
    have no word in common), so the index never proposes such pairs; this does. Each script's
    rows are compared with the other scripts' rows only, in blocks of about ``cells``
    similarities (~64 MB with the partition indices): the cost is the sum over scripts of
    (rows in it) x (rows in the others) dot products, nothing for a pile in one script.
    """
    script = np.asarray(scripts)
    has = np.abs(emb).sum(axis=1) > 0
    rows = np.flatnonzero(has)
    if k <= 0 or len(rows) < 2 or len(set(script[rows].tolist())) < 2:
        return np.zeros(0, int), np.zeros(0, int)
    sub = np.ascontiguousarray(emb[rows], dtype=np.float32)
    sub_script = script[rows]
    out_i: list[np.ndarray] = []
    out_j: list[np.ndarray] = []
    for name in sorted(set(sub_script.tolist())):
        mine = np.flatnonzero(sub_script == name)
        other = np.flatnonzero(sub_script != name)
        targets = sub[other].T
        kk = min(k, len(other))
        block = max(1, cells // len(other))
        for start in range(0, len(mine), block):
            query = mine[start:start + block]
            sims = sub[query] @ targets
            top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
            val = np.take_along_axis(sims, top, axis=1)
            r, c = np.nonzero(val >= floor)
            out_i.append(rows[query[r]])
            out_j.append(rows[other[top[r, c]]])
    i = np.concatenate(out_i)
    j = np.concatenate(out_j)
    if not len(i):
        return i, j
    pairs = np.unique(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]
