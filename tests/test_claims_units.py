"""Unit tests on small fixtures written by us: numbers, dates, attribution, conflicts."""

from __future__ import annotations

import datetime as dt

import pytest

from storylens.claims import run
from storylens.claims.dates import find_dates, find_periods
from storylens.claims.extract import find_attributions
from storylens.claims.lexicon import Lexicon, load_lexicon
from storylens.claims.numbers import find_quantities
from storylens.records import Analysis, Article, Lineage
from storylens.settings import Settings


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(
    ("sentence", "value", "high", "qualifier", "unit"),
    [
        ("Rangers took thirteen hamlets overnight.", 13, None, None, "hamlets"),
        ("The flood forced 3.7 million residents out.", 3_700_000, None, None, "residents"),
        ("A 100-vehicle column left the port.", 100, None, None, "vehicle"),
        ("Between 40 and 60 miners were trapped.", 40, 60, None, "miners"),
        ("Officials counted 12-15 boats.", 12, 15, None, "boats"),
        ("More than 2,500 fans attended.", 2500, None, "more than", "fans"),
        ("Nearly 900 homes were lost.", 900, None, "nearly", "homes"),
        ("About 40 ferries sailed.", 40, None, "about", "ferries"),
        ("At least twenty-one climbers were rescued.", 21, None, "at least", "climbers"),
        ("Up to 300 workers may strike.", 300, None, "up to", "workers"),
        ("Over 70 schools closed.", 70, None, "more than", "schools"),
        ("Almost half a million voters stayed home.", 500_000, None, "nearly", "voters"),
        ("The storm left more a million homes dark.", 1_000_000, None, "more than", "homes"),
        ("Some 20 trawlers joined.", 20, None, "about", "trawlers"),
    ],
)
def test_claims_numbers_parse(
    lex: Lexicon, sentence: str, value: float, high: float | None, qualifier: str | None,
    unit: str,
) -> None:
    qs = find_quantities(sentence, lex)
    assert len(qs) == 1, qs
    q = qs[0]
    assert q.value == value and q.high == high and q.qualifier == qualifier and q.unit == unit


@pytest.mark.parametrize("sentence", [
    "The M4 road has been shut since 2016.",
    "The nine-year dispute goes on.",
    "They met for three hours on the 12th floor.",
    "In day one, they won.",
    "Hundreds of people and tens of thousands of sheep were moved.",
])
def test_claims_numbers_not_quantities(lex: Lexicon, sentence: str) -> None:
    # Counts of time units are durations, years are calendar years, "12th" a rank (issue
    # 14): measures of their own, never counts of things.
    assert [q for q in find_quantities(sentence, lex) if q.measure is None] == []


def test_claims_dates_relative_resolution() -> None:
    sunday = dt.date(2021, 3, 7)  # a Sunday

    def one(sentence: str, published: dt.date | None = sunday) -> dt.date | None:
        found = find_dates(sentence, published)
        assert len(found) == 1, found
        return found[0].date

    assert one("The summit will open in Oslo on Monday.") == dt.date(2021, 3, 8)
    assert one("On Thursday, the bridge collapsed.") == dt.date(2021, 3, 4)
    assert one("The mayor resigned yesterday.") == dt.date(2021, 3, 6)
    assert one("Talks resume today, March 7.") == dt.date(2021, 3, 7)
    assert one("Ministers met on 2 March.") == dt.date(2021, 3, 2)
    assert one("A vote is due on Sunday.") == sunday
    assert one("The mayor resigned yesterday.", None) is None
    last = find_dates("The port reopened last week.", sunday)[0]
    assert last.date == dt.date(2021, 2, 22) and last.precision == "week"
    stated = find_dates("The agency said on Friday that roads were shut.", sunday)[0]
    assert stated.statement and stated.date == dt.date(2021, 3, 5)


def test_claims_dates_periods(lex: Lexicon) -> None:
    published = dt.date(2021, 3, 7)
    buckets = {
        p.text: p.bucket for s in (
            "Forty boats sank in two weeks.", "Ten died in fourteen days.",
            "Prices rose since January.", "It grew over the past 24 hours.",
            "Crime fell in nine years.", "Debt grew since 2011.",
        ) for p in find_periods(s, published, lex)
    }
    assert buckets == {
        "two weeks": "weeks", "fourteen days": "weeks", "since January": "months",
        "past 24 hours": "day", "nine years": "years", "since 2011": "years",
    }


def test_claims_attribution(lex: Lexicon) -> None:
    def who(sentence: str) -> list[str]:
        return [a.source for a in find_attributions(sentence, lex)]

    assert who("Mayor Lena Holt said 40 homes burned.") == ["Mayor Lena Holt"]
    assert who("According to the Red Cross, 40 homes burned.") == ["Red Cross"]
    assert who("Forty homes burned, state media said.") == ["state media"]
    assert who("The ministry stated that 40 homes burned.") == ["ministry"]
    assert who("Holt has asserted that 40 homes burned.") == ["Holt"]
    assert who("Forty homes burned, said Fire Chief Ana Ruiz.") == ["Fire Chief Ana Ruiz"]
    assert who("It was reported that 40 homes burned.") == []
    assert who("He said 40 homes burned.") == []


def _article(aid: str, body: str, published: str = "2021-03-07") -> Article:
    return Article(id=aid, source=aid, title="", body=body, paragraphs=(body,),
                   published=published, outlet=f"Outlet {aid.upper()}")


def test_claims_conflict_and_no_conflict_pair() -> None:
    arts = (
        _article("a", "The quake has killed more than 2,000 people in ten years of tremors, "
                      "officials in Varn said. On Monday, a 40-truck aid convoy reached Varn."),
        _article("b", "Tremors have killed more than 20,000 people in a decade. "
                      "On Friday, a 60-truck aid convoy reached Varn."),
        _article("c", "Since 2011 tremors have killed over 2,100 people, the Varn council said."),
    )
    out = run(Analysis(articles=arts), Settings())
    conflicts = [g for g in out.claim_groups if g.status == "conflict"]
    assert len(conflicts) == 1
    assert conflicts[0].outlier == "b" and conflicts[0].ratio and conflicts[0].ratio > 5
    assert "Outlet B" in conflicts[0].summary
    convoy = [g for g in out.claim_groups
              if any(c.endswith(("c001", "c002")) for c in g.claims) and g.status == "conflict"]
    assert convoy == []


def test_claims_copies_count_once_and_dispute_in_one_article() -> None:
    arts = (
        _article("a", "The flood destroyed 120 bridges, engineers said."),
        _article("b", "The flood destroyed 120 bridges, engineers said."),
        _article("c", "The governor said the storm displaced 9,000 people, while the "
                      "Red Cross said 4,000 people were displaced."),
    )
    out = run(Analysis(articles=arts, lineages=(Lineage("l", ("a", "b")),)), Settings())
    bridges = next(g for g in out.claim_groups if len(g.claims) == 2 and "bridges" in g.summary)
    # Two pages agree (issue 14: agreement is counted in pages), but copies count once.
    assert bridges.status == "agree" and bridges.independent_sources == 1
    dispute = [g for g in out.claim_groups if g.status == "attributed-dispute"]
    assert len(dispute) == 1 and "Red Cross" in dispute[0].summary
    assert not [g for g in out.claim_groups if g.status == "conflict"]
