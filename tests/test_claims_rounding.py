"""Decision 0410: two stated figures agree only when one is the other rounded; a figure in
parentheses after another of its kind is a conversion and takes its qualifier. Probe pages
written by us (fictional places)."""

from __future__ import annotations

import pytest

from storylens.claims import run
from storylens.claims.align import compatible
from storylens.claims.extract import Facts, extract_claims
from storylens.claims.lexicon import Lexicon, load_lexicon
from storylens.claims.numbers import find_quantities
from storylens.records import Analysis, Article, ClaimGroup, Story
from storylens.settings import Settings


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def _art(aid: str, body: str, published: str | None = "2024-05-07") -> Article:
    return Article(id=aid, source=aid, title=aid, body=body, paragraphs=tuple(body.split("\n")),
                   published=published, outlet=f"Outlet {aid.upper()}")


def _facts(sentence: str, lex: Lexicon) -> list[Facts]:
    return [f for f in extract_claims(_art("x", sentence), lex, Settings().claims)
            if f.claim.kind == "quantity"]


def _run(*arts: Article) -> list[ClaimGroup]:
    ids = tuple(a.id for a in arts)
    stories = (Story("sl", "storyline", ids), Story("ev", "event", ids, parent="sl"))
    return list(run(Analysis(articles=arts, stories=stories), Settings()).claim_groups)


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("Turnout in Varnia was 60.8%.", "Turnout in Varnia was about 61%.", True),
        ("The flood displaced 586,000 people.", "The flood displaced 590,000 people.", True),
        ("The river carried 3.7 million tonnes of silt.",
         "The river carried 3,712,000 tonnes of silt.", True),
        ("The depot held 2,700 tonnes of fertiliser.",
         "The depot held 2,750 tonnes of fertiliser.", False),
        ("The depot held 410 tonnes of fertiliser.",
         "The depot held 420 tonnes of fertiliser.", False),
        ("The mayor, 58, resigned.", "The mayor, 59, resigned.", False),
        # two estimates compare by their intervals
        ("The depot held about 2,700 tonnes.", "The depot held some 2,900 tonnes.", True),
    ],
)
def test_claims_stated_figures_agree_only_when_rounded(
    first: str, second: str, agree: bool, lex: Lexicon,
) -> None:
    (a,), (b,) = _facts(first, lex), _facts(second, lex)
    assert compatible(a, b) is agree
    assert compatible(b, a) is agree


def test_claims_close_exact_figures_are_a_conflict() -> None:
    groups = _run(
        _art("a", "The harbour fire destroyed 2,750 tonnes of grain stored at the Orla quay."),
        _art("b", "The harbour fire destroyed 2,750 tonnes of grain stored at the Orla quay, "
                  "officials said."),
        _art("c", "The harbour fire destroyed 2,700 tonnes of grain stored at the Orla quay."),
    )
    conflicts = [g for g in groups if g.status == "conflict"]
    assert len(conflicts) == 1, [g.summary for g in groups]
    assert conflicts[0].outlier == "c"


def test_claims_conversion_in_parentheses_takes_the_qualifier(lex: Lexicon) -> None:
    qs = find_quantities("The storm made landfall roughly 100 miles (160 km) from Orla.", lex)
    assert [q.qualifier for q in qs] == ["about", "about"]
    # a parenthesis that is not a conversion keeps its own reading
    qs = find_quantities("About 40 people (12 children) were rescued in Orla.", lex)
    assert [q.qualifier for q in qs] == ["about", None]
