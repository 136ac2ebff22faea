"""Decision 0410: two stated figures agree only when one is the other rounded; a figure in
parentheses after another of its kind is a conversion and takes its qualifier; "others"
counts what a bare figure counts; named figures of a growing count whose higher one is also
dated later are an update. Probe pages written by us (fictional places)."""

from __future__ import annotations

import pytest

from storylens.claims import run
from storylens.claims.align import Context, compatible
from storylens.claims.compare import judge
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


def test_claims_others_counts_what_a_bare_figure_counts(lex: Lexicon) -> None:
    (killed, wounded) = _facts("Soldiers killed two people and wounded 35 others in Bex.", lex)
    (bare,) = _facts("Soldiers wounded 35 in Bex.", lex)
    assert wounded.unit_class == bare.unit_class == "person"
    assert wounded.event_class == bare.event_class == "wound"
    assert killed.event_class == "kill"


def _side(aid: str, body: str, published: str, lex: Lexicon) -> list[Facts]:
    return [f for f in extract_claims(_art(aid, body, published), lex, Settings().claims)
            if f.claim.kind == "quantity"]


def test_claims_named_figures_of_a_growing_count_a_day_apart_are_an_update(
    lex: Lexicon,
) -> None:
    early = _side("a", "The Bex medical union said 30 people were wounded.", "2024-05-07", lex)
    later = _side("b", "The Interior Ministry said 55 people were wounded.", "2024-05-07", lex) \
        + _side("c", "The Interior Ministry said 55 people were wounded.", "2024-05-08", lex)
    ctx = Context(lineage={"a": "a", "b": "b", "c": "c"}, event={},
                  growing=lex.growing_events)
    s = Settings().claims
    verdict = judge([*early, *later], ctx, s, lambda _: 0.0)
    assert verdict.status == "update"
    assert [f.claim.value for f in verdict.order[-1]] == [55.0, 55.0]
    # the same figures on one day only stay rival parties
    same_day = _side("c", "The Interior Ministry said 55 people were wounded.", "2024-05-07",
                     lex)
    verdict = judge([*early, *later[:1], *same_day], ctx, s, lambda _: 0.0)
    assert verdict.status == "attributed-dispute"


def test_claims_change_stated_from_one_figure_to_another_is_an_update() -> None:
    text = ("The agency said weekly deaths from the fever dropped from a peak of more than "
            "9,000 people in March 2021 to just over 400 on 3 May.")
    groups = _run(_art("a", text, "2023-05-10"))
    updates = [g for g in groups if g.status == "update"]
    assert len(updates) == 1, [g.summary for g in groups]
    assert "-> more than 400" in updates[0].summary and "current" in updates[0].summary
    # "from ... to" without a change verb is a range of places, not an update
    groups = _run(_art("a", "Floods from Orla to Bex killed 40 people in March 2021.",
                       "2023-05-10"))
    assert not [g for g in groups if g.status == "update"]
