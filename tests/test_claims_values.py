"""The widened value reader (issue 14): clock times, calendar years, physical units with
conversion, ordinals, fractions, space-separated thousands, "a year". Invented sentences."""

from __future__ import annotations

import pytest

from storylens.claims import run
from storylens.claims.compare import format_value
from storylens.claims.lexicon import Lexicon, load_lexicon
from storylens.claims.numbers import find_quantities
from storylens.records import Analysis, Article
from storylens.settings import Settings


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "measure"),
    [
        ("The ferry left the quay at 7:15 a.m. on Tuesday.", 435, "local time", "time:local time"),
        ("Radio contact was lost at 9.05pm.", 1265, "local time", "time:local time"),
        ("The probe landed at 1712 GMT.", 1032, "GMT", "time:GMT"),
        ("Doors open at 19:30 sharp.", 1170, "local time", "time:local time"),
        ("She won in a course record 2:04:10 on Sunday.", 7450, "second", "duration"),
        ("The guild was founded in 1887 by weavers.", 1887, "calendar year", "year"),
        ("The 2019 census counted them.", 2019, "calendar year", "year"),
        ("The dam sits 48km north of the port.", 48, "km", "length"),
        ("Gusts reached 140 miles per hour.", 140, "miles per hour", "speed"),
        ("The fire burned 2,300 hectares of pine.", 2300, "hectares", "area"),
        ("It was the sixth attempt to climb it.", 6, "attempt", "ordinal:attempt"),
        ("They met for the 12th time.", 12, "time", "ordinal:time"),
        ("Three-quarters of the members voted yes.", 75, "percent", "percent"),
        ("At least 2 400 sheep were moved.", 2400, "sheep", None),
    ],
)
def test_claims_values_read(lex: Lexicon, sentence: str, value: float, unit: str,
                            measure: str | None) -> None:
    qs = [q for q in find_quantities(sentence, lex) if q.value == value]
    assert qs, find_quantities(sentence, lex)
    assert (qs[0].unit, qs[0].measure) == (unit, measure)


def test_claims_values_not_misread(lex: Lexicon) -> None:
    # A day of a date is no rank; "a month and a half" is not one month.
    assert [q.measure for q in find_quantities("It opened on the 14th of May.", lex)] == []
    assert find_quantities("She held the post for a month and a half.", lex) == []
    # "for a year" is a duration of one year; a bare "one" is no count.
    (q,) = find_quantities("The ban holds for a year.", lex)
    assert (q.value, q.unit, q.measure) == (1.0, "year", "duration")
    assert find_quantities("One of them left.", lex) == []
    # A currency before a glued "m" keeps it money.
    (q,) = find_quantities("The club paid $40m for him.", lex)
    assert q.measure == "money:USD"


def _article(aid: str, body: str, published: str) -> Article:
    return Article(id=aid, source=aid, title="", body=body, paragraphs=(body,),
                   published=published)


def _groups(bodies: list[str]) -> list[tuple[str, list[float | None]]]:
    arts = tuple(_article(f"p{k}", b, "2031-05-06") for k, b in enumerate(bodies))
    out = run(Analysis(articles=arts), Settings())
    value = {c.id: c.value for c in out.claims}
    return [(g.status, sorted((value[c] for c in g.claims), key=lambda v: v or 0.0))
            for g in out.claim_groups if len(g.claims) > 1]


def test_claims_units_convert_to_agree() -> None:
    # 16 km and 10 miles are one distance (16.09 km); 16 km and 16 miles are not.
    groups = _groups([
        "The avalanche buried the road 16 km east of Varnby, rescuers said.",
        "The avalanche buried the road 10 miles east of Varnby, rescuers said.",
    ])
    assert ("agree", [10.0, 16.0]) in groups


def test_claims_clock_zones_apart_and_times_agree() -> None:
    groups = _groups([
        "The lander touched down on the ridge at 4:12 pm local time (0912 GMT).",
        "The lander touched down on the ridge at 4:12 p.m. local time, officials said.",
    ])
    statuses = {s for s, vals in groups if vals == [972.0, 972.0]}
    assert statuses == {"agree"}
    # 16:12 local and 09:12 GMT are never one group.
    assert not any(552.0 in vals and 972.0 in vals for _, vals in groups)
    assert format_value(next(c for c in run(
        Analysis(articles=(_article("x", "It landed at 4:12 pm.", "2031-05-06"),)),
        Settings()).claims if c.value is not None)) == "16:12"


def test_claims_times_of_two_moments_no_conflict() -> None:
    # Take-off and loss of contact: close times, no shared event word, never a conflict.
    groups = _groups([
        "The freighter left Ostmark harbour at 6:10 am local time.",
        "The coastguard lost radio contact with the freighter at 6:16 am local time.",
        "Radio contact with the freighter was lost at 6.16am, the coastguard said.",
    ])
    assert all(status != "conflict" for status, _ in groups), groups
