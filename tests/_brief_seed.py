"""Seed analysis for the framing and brief tests, built from seed_articles by hand.

Stories, relations, lineages and claim groups are what gold.json describes; alignment texts
and claim texts are located in the seed articles at run time (nothing copied into the repo).
"""

from __future__ import annotations

import dataclasses
import re

from storylens.brief.text import article_sentences
from storylens.records import (
    Alignment,
    Analysis,
    Article,
    Claim,
    ClaimGroup,
    Lineage,
    Relation,
    SpinAssessment,
    Story,
)


def sentence_with(article: Article, *needles: str) -> str:
    """The first body sentence of ``article`` containing every needle (case-insensitive)."""
    for s in article_sentences(article):
        if all(n.lower() in s.lower() for n in needles):
            return s
    raise AssertionError(f"no sentence with {needles} in {article.id}")


def clause_with(article: Article, pattern: str) -> str:
    """The text matched by ``pattern`` in the article body (a claim's words)."""
    m = re.search(pattern, article.body, re.IGNORECASE)
    assert m, f"{pattern!r} not in {article.id}"
    return m.group(0)


def seed_analysis(seed_articles: dict[str, Article]) -> Analysis:
    arts = {
        k: dataclasses.replace(
            a, machine_spun=SpinAssessment(0.9 if k in ("000", "003") else 0.1,
                                           k in ("000", "003"))
        )
        for k, a in seed_articles.items()
    }
    i = {k: a.id for k, a in arts.items()}
    a0, a1, a2, a4 = arts["000"], arts["001"], arts["002"], arts["004"]
    stories = (
        Story("S", "storyline", tuple(i[k] for k in ("000", "001", "002", "003", "004"))),
        Story("E1", "event", (i["000"], i["001"], i["002"]), parent="S"),
        Story("E2", "event", (i["003"],), parent="S"),
        Story("E3", "event", (i["004"],), parent="S"),
    )
    alignments = (
        Alignment(sentence_with(a0, "warplanes"), sentence_with(a1, "warplanes"), 0.7,
                  (("thick", "heavy"), ("captured", "seized"), ("Allied", "Syrian"))),
        Alignment(sentence_with(a0, "Haritan"), sentence_with(a1, "Haritan"), 0.8,
                  (("resistance fighters", "opposition fighters"), ("dragged", "pulled"))),
        Alignment(sentence_with(a0, "Observatory said"), sentence_with(a1, "13 towns"), 0.6,
                  (("captured", "seized"), ("cities and cities", "towns and villages"))),
    )
    relations = (
        Relation(i["000"], i["001"], "shared-source", 0.8, None, alignments),
        Relation(i["000"], i["002"], "independent", 0.2),
        Relation(i["001"], i["002"], "independent", 0.2),
    )
    lineages = (
        Lineage("L1", (i["000"], i["001"]), origin=i["001"]),
        Lineage("L2", (i["002"],)), Lineage("L3", (i["003"],)), Lineage("L4", (i["004"],)),
    )
    claims = (
        Claim("c-toll-1", i["001"], clause_with(a1, r"More than 380,000 people were killed"),
              "quantity", 380000, "people killed", "more than"),
        Claim("c-toll-4", i["004"], clause_with(a4, r"deaths of more than 3\.7 million people"),
              "quantity", 3700000, "people killed", "more than"),
        Claim("c-towns-0", i["000"], clause_with(a0, r"captured 13 cities and cities"),
              "quantity", 13, "towns and villages"),
        Claim("c-towns-1", i["001"], clause_with(a1, r"seized 13 towns and villages"),
              "quantity", 13, "towns and villages"),
        Claim("c-towns-2", i["002"], clause_with(a2, r"thirteen cities and villages"),
              "quantity", 13, "towns and villages"),
        Claim("c-moscow-1", i["001"], clause_with(a1, r"discuss the issue in Moscow on 17 Feb\w*"),
              "date", date="2020-02-17"),
        Claim("c-moscow-2", i["002"], clause_with(a2, r"will be held in Moscow today, February 17"),
              "date", date="2020-02-17"),
    )
    groups = (
        ClaimGroup("g-toll", ("c-toll-1", "c-toll-4"), "conflict", 2,
                   "death toll: 380,000 vs 3.7 million", outlier=i["004"]),
        ClaimGroup("g-towns", ("c-towns-0", "c-towns-1", "c-towns-2"), "agree", 2, "13 towns"),
        ClaimGroup("g-moscow", ("c-moscow-1", "c-moscow-2"), "agree", 2, "talks 17 Feb"),
    )
    return Analysis(
        articles=tuple(arts.values()), stories=stories, relations=relations, lineages=lineages,
        claims=claims, claim_groups=groups,
    )
