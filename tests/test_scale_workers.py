"""Both cores (issue #17): the per-story stages run in forked workers and give the same
analysis as one process; the claims stage encodes only the figure contexts it can compare."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from storylens import brief, claims, framing, parallel, provenance
from storylens.claims.measure import MeasureSpace
from storylens.pipeline import replace
from storylens.records import Analysis
from storylens.runner import analyze
from storylens.settings import Settings
from storylens.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_map_ordered_keeps_order_and_runs_in_other_processes() -> None:
    offset = 7  # a closure: workers inherit it by fork, nothing but positions is pickled

    def one(x: int) -> tuple[int, int]:
        return x + offset, os.getpid()

    items = list(range(40))
    alone = parallel.map_ordered(one, items, 1)
    pooled = parallel.map_ordered(one, items, 2, chunk=3)
    assert [v for v, _ in alone] == [v for v, _ in pooled] == [x + 7 for x in items]
    assert {pid for _, pid in alone} == {os.getpid()}
    if parallel._fork_usable():
        assert os.getpid() not in {pid for _, pid in pooled}
    assert parallel.map_ordered(one, items[:3], 2) == [one(x) for x in items[:3]]  # in-process


def test_workers_setting_zero_means_one_per_core() -> None:
    assert parallel.resolve_workers(0) == parallel.cores() >= 1
    assert parallel.resolve_workers(3) == 3
    assert Settings().workers == 0


class _Counting:
    name = "fake"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = [[len(t), t.count("a") + 1.0] for t in texts]
        emb = np.asarray(rows, dtype=np.float32)
        return emb / np.linalg.norm(emb, axis=1, keepdims=True)


def test_measure_space_encodes_wanted_contexts_once_and_others_on_first_use() -> None:
    items = [("c1", "a # dead"), ("c2", "a # dead"), ("c3", "bb # hurt"), ("c4", "zz #")]
    enc = _Counting()
    space = MeasureSpace.build(items, enc, wanted={"c1", "c2"})
    assert enc.seen == ["a # dead"]  # one distinct context, one batch
    full = MeasureSpace.build(items, _Counting())
    assert space.similarity("c1", "c3") == pytest.approx(full.similarity("c1", "c3"))
    assert enc.seen == ["a # dead", "bb # hurt"]  # c3 encoded when first compared
    assert space.similarity("c1", "nope") is None
    assert MeasureSpace.build(items, None).similarity("c1", "c2") is None


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    settings = Settings().with_overrides({"workers": 1})
    store = Store.open(tmp_path_factory.mktemp("store") / "s.db")
    try:
        return analyze([str(EXAMPLES)], settings, store)
    finally:
        store.close()


def test_per_story_stages_give_the_same_analysis_on_two_workers(
        sample: Analysis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # the sample corpus has few stories
    two = Settings().with_overrides({"workers": 2})
    import dataclasses

    from storylens.records import SpinAssessment

    bare = replace(sample, relations=(), lineages=(), claims=(), claim_groups=(), framing=(),
                   brief=(), articles=tuple(dataclasses.replace(a, machine_spun=SpinAssessment())
                                            for a in sample.articles))
    got = provenance.run(bare, two)
    assert got.relations == sample.relations and got.lineages == sample.lineages
    assert got.articles == sample.articles  # the spin labels
    got = claims.run(got, two)
    assert got.claims == sample.claims and got.claim_groups == sample.claim_groups
    got = framing.run(got, two)
    assert got.framing == sample.framing
    got = brief.run(got, two)
    assert got.brief == sample.brief


def test_story_features_do_not_depend_on_the_worker_count(sample: Analysis) -> None:
    from storylens.stories.similarity import build_scorer, featurise

    scorer = build_scorer(Settings())
    arts = list(sample.articles)
    seen: list[tuple[int, int]] = []
    one = featurise(arts, scorer, chunk=3, workers=1)
    two = featurise(arts, scorer, chunk=3, workers=2,
                    progress=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 8), (6, 8), (8, 8)]
    assert one.langs == two.langs and one.scripts == two.scripts
    assert one.mats.keys() == two.mats.keys()
    for name in one.mats:
        assert (one.mats[name] != two.mats[name]).nnz == 0, name
    assert (one.keys != two.keys).nnz == 0
    for x, y in ((one.embeddings, two.embeddings), (one.multi, two.multi)):
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            assert np.array_equal(x, y)
