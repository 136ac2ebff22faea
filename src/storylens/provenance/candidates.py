"""Candidate pairs: which articles are worth aligning.

Three sources, unioned:

- **word shingles** (``shingle_size``-grams of normalised tokens) through MinHash LSH
  (datasketch): verbatim and lightly edited copies;
- **anchor shingles**: the same over the sequence of *anchor* tokens only (numbers and rare
  words, zipf < 3.5, i.e. mostly names), which spinners keep in order while destroying word
  shingles;
- **stories**: every pair of articles sharing a story (events and storylines). Without any
  stories, a pile of up to ``all_pairs_max`` articles is compared all-pairs.

The LSH index is an explicit object (:class:`ShingleIndex`), built per call and passed around,
never a module global.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from storylens.provenance.text import Doc, WordStats
from storylens.records import Story
from storylens.settings import ProvenanceSettings

MINHASH_SEED = 1  # stored with every signature; signatures with another seed are refused
ANCHOR_MAX_ZIPF = 3.5  # names and rare words: "Anadan" 0, "Cavusoglu" 0, "convoy" 3.4


def word_shingles(doc: Doc, k: int) -> set[str]:
    toks = [t for s in doc.sentences for t in s.tokens]
    return {" ".join(toks[i : i + k]) for i in range(max(0, len(toks) - k + 1))}


def anchor_shingles(doc: Doc, k: int, freqs: WordStats) -> set[str]:
    anchors = [
        t for s in doc.sentences for t in s.tokens
        if t[:1].isdigit() or freqs.zipf(t) < ANCHOR_MAX_ZIPF
    ]
    return {" ".join(anchors[i : i + k]) for i in range(max(0, len(anchors) - k + 1))}


def minhash(shingles: set[str], num_perm: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=MINHASH_SEED)
    if shingles:
        m.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return m


@dataclass
class ShingleIndex:
    """A MinHash LSH index over one kind of shingle (explicit state, built per run)."""

    threshold: float
    num_perm: int
    lsh: MinHashLSH = field(init=False)
    hashes: dict[int, MinHash] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)

    def add(self, key: int, shingles: set[str]) -> None:
        if not shingles:
            return
        m = minhash(shingles, self.num_perm)
        if m.seed != MINHASH_SEED:
            raise ValueError("MinHash seed mismatch")
        self.hashes[key] = m
        self.lsh.insert(str(key), m)

    def pairs(self) -> set[tuple[int, int]]:
        out: set[tuple[int, int]] = set()
        for key, m in self.hashes.items():
            for other in self.lsh.query(m):
                o = int(other)
                if o != key:
                    out.add((min(key, o), max(key, o)))
        return out


def lsh_pairs(
    docs: Sequence[Doc], settings: ProvenanceSettings, freqs: WordStats
) -> set[tuple[int, int]]:
    """Index pairs (i < j) found by the word-shingle and anchor-shingle LSH indexes."""
    words = ShingleIndex(settings.lsh_threshold, settings.num_perm)
    anchors = ShingleIndex(settings.anchor_lsh_threshold, settings.num_perm)
    for i, doc in enumerate(docs):
        words.add(i, word_shingles(doc, settings.shingle_size))
        anchors.add(i, anchor_shingles(doc, settings.anchor_shingle_size, freqs))
    return words.pairs() | anchors.pairs()


def story_pairs(ids: Sequence[str], stories: Sequence[Story], cap: int) -> set[tuple[int, int]]:
    """Index pairs sharing a story (stories larger than ``cap`` are left to the LSH)."""
    pos = {a: i for i, a in enumerate(ids)}
    out: set[tuple[int, int]] = set()
    for story in stories:
        members = sorted({pos[a] for a in story.articles if a in pos})
        if len(members) > cap:
            continue
        out.update(itertools.combinations(members, 2))
    return out


def candidate_pairs(
    docs: Sequence[Doc], stories: Sequence[Story], settings: ProvenanceSettings,
    freqs: WordStats,
) -> list[tuple[int, int]]:
    """Sorted index pairs (i < j) to align: LSH pairs, story pairs, or all pairs of a small
    pile without stories."""
    n = len(docs)
    if not stories and n <= settings.all_pairs_max:
        return list(itertools.combinations(range(n), 2))
    pairs = lsh_pairs(docs, settings, freqs)
    pairs |= story_pairs([d.id for d in docs], stories, settings.all_pairs_max)
    return sorted(pairs)


def shared_story(ids: Sequence[str], stories: Sequence[Story]) -> set[tuple[int, int]]:
    """Index pairs that share an event-level story (for emitting "independent" relations)."""
    events = [s for s in stories if s.level == "event"]
    return story_pairs(ids, events, cap=len(ids) + 1)


__all__ = ["ShingleIndex", "candidate_pairs", "lsh_pairs", "shared_story"]
