"""Candidate pairs: LSH over word and anchor shingles finds copies and spins without stories."""

from __future__ import annotations

from test_provenance_synthetic import ORIGINAL, OTHER, art, spin

from storylens.provenance.candidates import candidate_pairs, story_pairs
from storylens.provenance.text import make_doc, word_stats
from storylens.records import Story
from storylens.settings import Settings


def test_provenance_candidates_lsh_finds_copy_and_spin() -> None:
    settings = Settings().with_overrides({"provenance.all_pairs_max": 0}).provenance
    arts = [
        art("wire", ORIGINAL), art("library", OTHER), art("spun", [spin(s) for s in ORIGINAL]),
        art("copy", ORIGINAL[2:]),
    ]
    docs = [make_doc(a.id, a.text) for a in arts]
    pairs = set(candidate_pairs(docs, (), settings, word_stats()))
    assert (0, 2) in pairs  # wire - spun (anchor shingles)
    assert (0, 3) in pairs  # wire - excerpt (word shingles)
    assert (0, 1) not in pairs and (1, 2) not in pairs


def test_provenance_candidates_story_pairs() -> None:
    stories = [Story("e", "event", ("a", "c")), Story("s", "storyline", ("a", "b", "c", "d"))]
    assert story_pairs(["a", "b", "c", "d"], stories[:1], cap=10) == {(0, 2)}
    assert len(story_pairs(["a", "b", "c", "d"], stories, cap=3)) == 1  # storyline over cap
