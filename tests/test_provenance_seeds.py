"""Provenance on the seed pages (read from ../shared at run time via the fixtures)."""

from __future__ import annotations

from typing import Any

import pytest
from rapidfuzz import fuzz

from storylens.provenance import run
from storylens.records import Analysis, Article, Relation, Story
from storylens.settings import Settings

EVENT = ("000", "001", "002")


def _stories(arts: dict[str, Article], mode: str) -> tuple[Story, ...]:
    if mode == "none":
        return ()
    ids = tuple(a.id for a in arts.values())
    event = Story("event-1", "event", tuple(arts[k].id for k in EVENT), parent="line-1")
    return (event, Story("line-1", "storyline", ids))


def _analyse(arts: dict[str, Article], mode: str) -> Analysis:
    return run(Analysis(articles=tuple(arts.values()), stories=_stories(arts, mode)), Settings())


def _rel(out: Analysis, a: str, b: str) -> str:
    for r in out.relations:
        if {r.a, r.b} == {a, b}:
            return r.relation
    return "independent"


def _find(out: Analysis, a: str, b: str) -> Relation:
    return next(r for r in out.relations if {r.a, r.b} == {a, b})


def _overlaps(x: str, y: str) -> bool:
    return fuzz.partial_ratio(x.lower(), y.lower()) >= 70


@pytest.mark.parametrize("mode", ["none", "event"])
def test_provenance_seeds_relations_and_lineages(
    seed_articles: dict[str, Article], gold: dict[str, Any], mode: str
) -> None:
    arts = seed_articles
    out = _analyse(arts, mode)
    assert [a.id for a in out.articles] == [a.id for a in arts.values()]
    a0, a1, a2 = (arts[k].id for k in EVENT)
    assert _rel(out, a0, a1) in {"shared-source", "spun-copy", "rewrite"}
    assert _rel(out, a0, a2) == "independent"
    assert _rel(out, a1, a2) == "independent"
    # The event 000/001/002 counts as two lineages.
    event_lineages = {lin.id for lin in out.lineages for x in (a0, a1, a2) if x in lin.articles}
    assert len(event_lineages) == gold["provenance"]["independent_lineages_for_event_000_001_002"]
    # Every article in exactly one lineage.
    members = [x for lin in out.lineages for x in lin.articles]
    assert sorted(members) == sorted(a.id for a in arts.values())


def test_provenance_seeds_gold_alignments_found(
    seed_articles: dict[str, Article], gold: dict[str, Any]
) -> None:
    out = _analyse(seed_articles, "event")
    rel = _find(out, seed_articles["000"].id, seed_articles["001"].id)
    swap = rel.a != seed_articles["000"].id
    pairs = [(al.b_text, al.a_text) if swap else (al.a_text, al.b_text) for al in rel.alignments]
    for ga, gb in gold["provenance"]["relations"][0]["aligned_examples"]:
        assert any(_overlaps(ga, x) and _overlaps(gb, y) for x, y in pairs), (ga, gb)


def test_provenance_seeds_spin_labels_and_evidence(
    seed_articles: dict[str, Article], gold: dict[str, Any]
) -> None:
    out = _analyse(seed_articles, "event")
    by_short = {k: out.article(a.id) for k, a in seed_articles.items()}
    docs = {name[:3]: d for name, d in gold["documents"].items()}
    for short in ("000", "003"):
        art = by_short[short]
        assert art is not None and art.machine_spun.label, short
        examples = docs[short]["spin_evidence_examples"]
        hits = [e for e in art.machine_spun.evidence if any(_overlaps(e, g) for g in examples)]
        assert len(hits) >= 3, (short, art.machine_spun.evidence)
        for phrase in art.machine_spun.evidence:  # verbatim snippets of the article
            assert phrase in art.text and len(phrase) <= 80
    for short in ("001", "002"):
        art = by_short[short]
        assert art is not None and not art.machine_spun.label, short
