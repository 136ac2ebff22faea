"""Issue 14: ages, durations, updates in as-of order, agreement counted in pages, rival
figures of one measure. Fixtures are invented."""

from __future__ import annotations

import pytest

from storylens.claims import run
from storylens.claims.align import compatible
from storylens.claims.compare import same_day_order, update_order
from storylens.claims.extract import Facts, extract_claims
from storylens.claims.lexicon import Lexicon, load_lexicon
from storylens.claims.measure import context
from storylens.claims.numbers import find_quantities
from storylens.records import Analysis, Article, Claim, ClaimGroup
from storylens.settings import ClaimSettings, Settings


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def _art(aid: str, body: str, published: str | None = "2031-05-04") -> Article:
    return Article(id=aid, source=aid, title="", body=body, paragraphs=(body,),
                   published=published, outlet=f"Outlet {aid.upper()}")


@pytest.mark.parametrize(("sentence", "value", "measure", "unit"), [
    ("Mayor Tova Lind, 58, said the dam held.", 58, "age", "years old"),
    ("The 37-year-old striker signed on Friday.", 37, "age", "years old"),
    ("Lind is 58 years old.", 58, "age", "years old"),
    ("Orla gave the firm five months to comply.", 5, "duration", "month"),
    ("He signed a three-year deal.", 3, "duration", "year"),
    ("He signed a 2 year deal.", 2, "duration", "year"),
    ("He joined on a 2½ year contract.", 2.5, "duration", "year"),
])
def test_claims_measures_ages_and_durations(lex: Lexicon, sentence: str, value: float,
                                            measure: str, unit: str) -> None:
    qs = [q for q in find_quantities(sentence, lex) if q.measure == measure]
    assert len(qs) == 1 and qs[0].value == value and qs[0].unit == unit


def test_claims_measures_count_then_share(lex: Lexicon) -> None:
    """A count followed by its share is a count and a percentage, not one percentage."""
    qs = find_quantities("Orla won with 1,204,311 votes (41.7%).", lex)
    assert [(q.value, q.measure) for q in qs] == [(1_204_311, None), (41.7, "percent")]


def _facts(body: str, lex: Lexicon, published: str = "2031-05-04") -> list[Facts]:
    return [f for f in extract_claims(_art("x", body, published), lex, ClaimSettings())
            if f.claim.kind == "quantity"]


def test_claims_measures_exact_count_off_by_one(lex: Lexicon) -> None:
    a = _facts("The ferry carried 47 passengers.", lex)[0]
    b = _facts("The ferry carried 48 passengers.", lex)[0]
    c = _facts("The ferry carried about 48 passengers.", lex)[0]
    assert not compatible(a, b)
    assert compatible(a, c)


def test_claims_measures_duration_in_days(lex: Lexicon) -> None:
    year = _facts("The ban lasts two years.", lex)
    months = _facts("The ban lasts 24 months.", lex)
    assert year and months and compatible(year[0], months[0])


def test_claims_measures_deaths_count_people(lex: Lexicon) -> None:
    f = _facts("Officials in Varn confirmed 61 deaths.", lex)[0]
    assert f.unit_class == "person" and f.event_class == "kill"


def test_claims_measures_as_of_from_page_and_weekday(lex: Lexicon) -> None:
    # 2031-05-04 is a Sunday: "on Saturday" is the day before.
    f = _facts("On Saturday the flood killed 12 people in Varn.", lex)[0]
    assert f.claim.as_of == "2031-05-03"
    g = next(f for f in extract_claims(_art("y", "The flood killed 12 people.", None), lex,
                                   ClaimSettings()) if f.claim.kind == "quantity")
    assert g.claim.as_of is None  # no page date: said to be unresolved, not guessed


def test_claims_measures_context_masks_figure() -> None:
    text = "At least 78 people were killed in the blast"
    assert context(text, (9, 11), 3, 3) == "At least # people were killed"


def _side(lex: Lexicon, body: str, published: str) -> list[Facts]:
    return _facts(body, lex, published)


def test_claims_measures_update_order(lex: Lexicon) -> None:
    s = ClaimSettings()
    early = _side(lex, "The flood killed 12 people in Varn.", "2031-05-03")
    late = _side(lex, "The flood killed 40 people in Varn.", "2031-05-04")
    order = update_order([late, early], s, frozenset({"kill"}))
    assert order is not None and [f.claim.value for side in order for f in side] == [12, 40]
    # An age a day apart is a conflict, not an update; a year apart an update.
    a = _side(lex, "Mayor Tova Lind, 58, resigned.", "2031-05-03")
    b = _side(lex, "Mayor Tova Lind, 59, resigned.", "2031-05-04")
    c = _side(lex, "Mayor Tova Lind, 59, resigned.", "2032-05-04")
    assert update_order([a, b], s, frozenset({"kill"})) is None
    assert update_order([a, c], s, frozenset({"kill"})) is not None
    # A tenfold step without an update verb stays a wrong figure.
    ten = _side(lex, "The flood killed 400 people in Varn.", "2031-05-04")
    assert update_order([early, ten], s, frozenset({"kill"})) is None


def test_claims_measures_same_day_toll_is_an_update(lex: Lexicon) -> None:
    """Issue 14: a toll reported twice on one day (no publication time) is ordered by the
    text and the count's growth; a difference ("reduced by"), a tenfold step and a count
    that does not grow are not."""
    s = ClaimSettings()
    kill = frozenset({"kill"})
    first = _side(lex, "At least 15 people were killed when the dam at Varn burst.", "2031-05-04")
    later = _side(lex, "The dam burst at Varn killed 23 people.", "2031-05-04")
    order = same_day_order([later, first], s, kill)
    assert order is not None and [f.claim.value for side in order for f in side] == [15, 23]
    # An update verb marks the latest side even when its figure is lower.
    down = _side(lex, "The toll of the Varn dam burst was revised to 19.", "2031-05-04")
    order = same_day_order([down, later], s, kill)
    assert order is not None and order[-1][0].claim.value == 19
    # A later-dated lower figure contradicts growth: no order.
    lower_later = _side(lex, "The dam burst at Varn killed 11 people.", "2031-05-05")
    assert same_day_order([later, lower_later], s, kill) is None
    ten = _side(lex, "The dam burst at Varn killed 230 people.", "2031-05-04")
    assert same_day_order([first, ten], s, kill) is None
    boats = _side(lex, "The dam burst at Varn sank 23 boats.", "2031-05-04")
    assert same_day_order([first, boats], s, kill) is None
    delta = _side(lex, "The toll of the Varn dam burst was reduced by 23.", "2031-05-04")
    assert delta and delta[0].change
    assert same_day_order([first, delta], s, kill) is None


def test_claims_measures_update_group_lists_order_and_current() -> None:
    arts = (
        _art("a", "The ferry fire in Orla killed 12 people, the coast guard said.",
             "2031-05-03"),
        _art("b", "The death toll from the ferry fire in Orla rose to 40, the coast guard "
                  "said.", "2031-05-04"),
    )
    out = run(Analysis(articles=arts), Settings())
    ups = [g for g in out.claim_groups if g.status == "update"]
    assert len(ups) == 1
    g: ClaimGroup = ups[0]
    by_id: dict[str, Claim] = {c.id: c for c in out.claims}
    assert [by_id[c].value for c in g.order] == [12, 40]
    assert g.current is not None and by_id[g.current].value == 40
    assert "current" in g.summary
    assert not [x for x in out.claim_groups if x.status == "conflict"]


def test_claims_measures_two_pages_agree() -> None:
    arts = (
        _art("a", "Orla's new bridge cost 14 million euros, the council said."),
        _art("b", "Orla's new bridge cost 14 million euros, the council said."),
    )
    out = run(Analysis(articles=arts), Settings())
    groups = [g for g in out.claim_groups if len(g.claims) == 2]
    assert groups and groups[0].status == "agree" and groups[0].independent_sources == 2


@pytest.mark.parametrize(("sentence", "value"), [
    ("A 6.8-magnitude quake shook Varn before dawn.", 6.8),
    ("The institute put it at magnitude 6.9.", 6.9),
    ("Its centre said it registered a magnitude of 7.1.", 7.1),
    ("It struck with the force of a 2.9 magnitude earthquake.", 2.9),
])
def test_claims_measures_magnitude_is_a_point(lex: Lexicon, sentence: str,
                                              value: float) -> None:
    qs = [q for q in find_quantities(sentence, lex) if q.measure == "magnitude"]
    assert len(qs) == 1 and qs[0].value == value and qs[0].unit == "magnitude"


def test_claims_measures_rival_magnitudes_one_quake(lex: Lexicon) -> None:
    """Issue 14: two agencies' readings of one quake (6.8 vs 6.9) are one measure in one
    event story, in conflict; an aftershock's reading or another event's is not."""
    from storylens.claims.align import Context, _lexical_same

    s = ClaimSettings()

    def one(aid: str, body: str) -> Facts:
        return next(f for f in extract_claims(_art(aid, body), lex, s)
                    if f.claim.unit == "magnitude")

    a = one("a", "A 6.8-magnitude quake shook Varn before dawn, the survey said.")
    b = one("b", "The institute in Orla put the Varn quake at magnitude 6.9.")
    c = one("c", "A magnitude 5.1 aftershock shook Varn at noon.")
    assert not compatible(a, b)
    same = Context(lineage={"a": "a", "b": "b", "c": "c"},
                   event={"a": "ev1", "b": "ev1", "c": "ev1"})
    assert _lexical_same(a, b, same, s) is not None
    assert _lexical_same(a, c, same, s) is None
    apart = Context(lineage={"a": "a", "b": "b"}, event={"a": "ev1", "b": "ev2"})
    assert _lexical_same(a, b, apart, s) is None


def test_claims_measures_different_measure_shown_apart() -> None:
    """Issue 14: killed and injured in one sentence are two measures, shown apart in a
    ``different-measure`` group (never a conflict); their claims keep their own groups."""
    arts = (
        _art("a", "The blast at the Orla depot killed 12 people and injured 45 others, "
                  "the fire service said."),
        _art("b", "Twelve people were killed in the Orla depot blast, officials said."),
    )
    out = run(Analysis(articles=arts), Settings())
    by_id = {c.id: c for c in out.claims}
    dm = [g for g in out.claim_groups if g.status == "different-measure"]
    assert len(dm) == 1
    assert sorted(by_id[c].value or 0 for c in dm[0].claims) == [12, 45]
    assert {by_id[c].article for c in dm[0].claims} == {"a"}
    assert "kill" in dm[0].summary and "wound" in dm[0].summary
    assert not [g for g in out.claim_groups if g.status == "conflict"]
    # The toll itself is still agreed on by both pages.
    assert [g for g in out.claim_groups if g.status == "agree"
            and {by_id[c].value for c in g.claims} == {12}]


def test_claims_measures_one_toll_in_two_words_is_no_difference() -> None:
    arts = (
        _art("a", "Soldiers killed 14 protesters in Varn on Monday, doctors said."),
        _art("b", "Police said 14 people were killed in Varn on Monday. Another 14 homes "
                  "burned."),
    )
    out = run(Analysis(articles=arts), Settings())
    assert not [g for g in out.claim_groups if g.status == "different-measure"
                and "protester" in g.summary]


def test_claims_measures_age_is_exact(lex: Lexicon) -> None:
    """"The 60 year old" is 60, not 55-65: an age is never a rounded figure."""
    a = _facts("The 60 year old mayor of Orla resigned.", lex)[0]
    b = _facts("Mayor Tova Lind, 62, resigned.", lex)[0]
    assert a.claim.unit == "years old" and not compatible(a, b)


def test_claims_measures_stated_update_joins_groups() -> None:
    """Issue 14: a page that says where a toll came from ("jumped to 96 ... from a first
    report of 40") orders its two figures: an update, 40 then 96 (the other pages' 40 and
    96 make an update of their own: same-day growth)."""
    arts = (
        _art("a", "The death toll from the quake in Varn jumped to 96, climbing through the "
                  "day from a first report of 40 dead, the agency said.", "2031-05-04"),
        _art("b", "The quake in Varn killed 40 people, the agency said.", None),
        _art("c", "The quake in Varn killed 96 people, the agency said.", "2031-05-04"),
    )
    out = run(Analysis(articles=arts), Settings())
    by_id = {c.id: c for c in out.claims}
    ups = [g for g in out.claim_groups if g.status == "update"
           and {by_id[c].article for c in g.claims} == {"a"}]
    assert len(ups) == 1, [g.summary for g in out.claim_groups]
    assert [by_id[c].value for c in ups[0].order] == [40, 96]
    assert ups[0].current is not None and by_id[ups[0].current].value == 96
    assert not [g for g in out.claim_groups if g.status == "conflict"]


def test_claims_measures_sum_terms_are_parts(lex: Lexicon) -> None:
    """"Three men and a woman" in custody: the three men are one term of a sum (a part),
    never weighed against another page's "two men and a woman"; "2 dead and 1 injured" is
    no sum."""
    men = _facts("Three men and a woman were detained in Varn, police said.", lex)
    assert [f.part for f in men if f.claim.value == 3] == [True]
    dead = _facts("The crash in Varn left 2 dead and 1 injured.", lex)
    assert [f.part for f in dead if f.claim.value == 2] == [False]
    arts = (
        _art("a", "Three men and a woman were detained after the Varn raid, police said."),
        _art("b", "Two men and a woman were detained after the Varn raid, police said."),
    )
    out = run(Analysis(articles=arts), Settings())
    assert not [g for g in out.claim_groups if g.status == "conflict"]
