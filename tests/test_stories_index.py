"""Candidate index: finds pairs sharing distinctive keys, ignores storyline-wide keys, caps."""

from __future__ import annotations

import dataclasses

import numpy as np

from storylens.records import Article
from storylens.settings import Settings
from storylens.stories.features import Background, profile
from storylens.stories.index import CandidateIndex

CFG = Settings().stories


def _art(k: int, text: str) -> Article:
    return Article(id=f"a{k}", source="t", title="", body=text, language="en")


def test_stories_index_pairs_share_keys_and_skip_unrelated() -> None:
    texts = [
        "Mayor Brandauer evacuated Varnholt as the Oskel flooded lowlands.",
        "The Oskel flooded Varnholt lowlands; Brandauer ordered evacuations.",
        "Striker Quastler scored twice as Dornbach beat Felsgau in the final.",
    ]
    bg = Background()
    index = CandidateIndex(CFG)
    index.add([profile(_art(k, t), bg, CFG) for k, t in enumerate(texts)])
    i, j = index.candidates()
    pairs = set(zip(i.tolist(), j.tolist(), strict=True))
    assert (0, 1) in pairs
    assert not any(2 in p for p in pairs)


def test_stories_index_caps_frequent_keys_and_candidates() -> None:
    # 30 articles sharing two keys with everyone and a private pair key with one partner.
    letters = "abcdefghijklmnopqrstuvwxyz"
    texts = [f"Zorblat quintaxe report vask{letters[k // 2] * 3} trun{letters[k // 2] * 3}"
             for k in range(30)]
    bg = Background()
    profiles = [profile(_art(k, t), bg, CFG) for k, t in enumerate(texts)]
    capped = CandidateIndex(dataclasses.replace(CFG, max_key_df=5))
    capped.add(profiles[:10])
    capped.add(profiles[10:])  # incremental adds are the same as one add
    i, j = capped.candidates()
    assert len(capped) == 30
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == {(k, k + 1) for k in range(0, 30, 2)}
    limited = CandidateIndex(dataclasses.replace(CFG, max_candidates=3))
    limited.add(profiles)
    i, j = limited.candidates()
    # each article proposes at most 3 partners, so the pairs are at most 3 per article
    proposals = np.bincount(i, minlength=30)
    assert len(i) <= 30 * 3 and proposals.max() <= 29
