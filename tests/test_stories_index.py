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


def test_cross_script_candidates_pair_only_other_scripts_above_the_floor() -> None:
    from storylens.stories.index import cross_script_candidates

    def unit(*v: float) -> list[float]:
        a = np.array(v)
        return list(a / np.linalg.norm(a))

    emb = np.array([
        unit(1, 0, 0), unit(1, 0.1, 0),  # 0, 1: latin, close to each other
        unit(1, 0.05, 0),  # 2: cjk, close to 0 and 1
        unit(0, 0, 1),  # 3: cjk, far from everything
        [0.0, 0.0, 0.0],  # 4: no embedding (unsupported language)
    ], dtype=np.float32)
    scripts = ["latin", "latin", "cjk", "cjk", "latin"]
    i, j = cross_script_candidates(emb, scripts, k=5, floor=0.5)
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 2), (1, 2)]
    i, j = cross_script_candidates(emb, scripts, k=1, floor=0.5)
    assert (0, 2) in set(zip(i.tolist(), j.tolist(), strict=True))
    # One script only, or turned off: nothing to do.
    assert len(cross_script_candidates(emb, ["latin"] * 5, k=5, floor=0.0)[0]) == 0
    assert len(cross_script_candidates(emb, scripts, k=0, floor=0.0)[0]) == 0
