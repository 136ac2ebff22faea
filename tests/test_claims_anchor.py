"""Inferred anchor dates for pages without a publication date (decision 0404), on small
fixtures written by us (a fictional harbour town, Lindholm)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from storylens.claims import run
from storylens.claims.anchor import (
    WeekdayDate,
    infer_anchors,
    infer_year,
    self_dates,
    weekday_dates,
    years_mentioned,
)
from storylens.claims.dates import Anchor, find_dates, nearest_weekday
from storylens.claims.lexicon import Lexicon, load_lexicon
from storylens.records import Analysis, Article, Claim, ClaimGroup, Story
from storylens.settings import Settings

# Fixed "current year" so the tests do not depend on when they run.
SETTINGS = Settings().with_overrides({"claims.anchor_latest_year": 2026})


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def _article(aid: str, body: str, published: str | None = None) -> Article:
    return Article(id=aid, source=f"{aid}.txt", title=f"Lindholm report {aid}", body=body,
                   paragraphs=tuple(p for p in body.split("\n\n") if p), published=published,
                   outlet=f"outlet-{aid}")


def _analysis(*articles: Article) -> Analysis:
    ids = tuple(a.id for a in articles)
    return Analysis(articles=articles, stories=(
        Story("sl", "storyline", ids), Story("ev", "event", ids, parent="sl")))


def _claims(a: Analysis, g: ClaimGroup) -> list[Claim]:
    by_id = {c.id: c for c in a.claims}
    return [by_id[c] for c in g.claims]


def _date_claims(a: Analysis, article: str) -> list[Claim]:
    return [c for c in a.claims if c.article == article and c.kind == "date"]


def test_claims_anchor_parsers(lex: Lexicon) -> None:
    pairs = weekday_dates("The ferry sank on Tuesday, 3 March; divers came Friday, March 6. "
                          "On Monday, June 2, 2025 the inquiry opened.", lex)
    assert [(p.weekday, p.month, p.day) for p in pairs] == [(1, 3, 3), (4, 3, 6)]
    assert pairs[0].text == "Tuesday, 3 March"
    text = ("The pier was built in 1987 and rebuilt in 2019. Tolls will rise by 2030 and stay "
            "until 2027. © 2024 Lindholm Courier. About 2,000 people and 1950 boats.")
    assert years_mentioned(text, lex, 2026) == [1987, 2019, 1950]
    found = self_dates("Talks open today, March 9, in Lindholm. Ferries run today (Monday). "
                       "Today, ministers said little.", lex)
    assert [(s.weekday, s.month, s.day, s.year) for s in found] == [
        (None, 3, 9, None), (0, None, None, None)]


def test_claims_anchor_infer_year_rules() -> None:
    monday_feb_10 = WeekdayDate(0, 2, 10, "Monday, February 10")  # 2014, 2020, 2025
    assert infer_year([monday_feb_10], 2018, 3, 2026) == 2020
    # The pair contradicts the years mentioned: no year in 2021..2024 has it.
    assert infer_year([monday_feb_10], 2021, 3, 2026) is None
    # Two candidate years in the window (2014 and 2020 in 2014..2020): ambiguous.
    assert infer_year([monday_feb_10], 2014, 6, 2026) is None
    # Two pairs that no single year satisfies.
    assert infer_year([monday_feb_10, WeekdayDate(0, 2, 12, "Monday, February 12")],
                      2018, 3, 2026) is None
    # No year mentioned at all, no pair at all, or the only year is after the current one.
    assert infer_year([monday_feb_10], None, 3, 2026) is None
    assert infer_year([], 2018, 3, 2026) is None
    assert infer_year([monday_feb_10], 2023, 3, 2024) is None


def test_claims_anchor_event_year_and_self_dated_page(lex: Lexicon) -> None:
    a = _article("a", "Ferries to Lindholm resumed on Monday, June 2, the harbour office said. "
                      "The route had been closed since 2024.")
    b = _article("b", "Ministers meet in Lindholm today, June 9, to discuss the harbour.")
    c = _article("c", "Ministers will meet in Lindholm on Monday to discuss the harbour, "
                      "officials said.\n\nThe mayor resigned yesterday.")
    analysis = _analysis(a, b, c)
    anchors = infer_anchors(analysis, lex, SETTINGS.claims, 2026)
    assert anchors["b"] == Anchor(dt.date(2025, 6, 9), dt.date(2025, 6, 9), True, anchors["b"]
                                  .evidence)
    assert anchors["c"].day == dt.date(2025, 6, 9) and not anchors["c"].self_dated
    out = run(analysis, SETTINGS)
    assert all(x.published is None for x in out.articles)
    meet = [g for g in out.claim_groups
            if any(x.kind == "date" and x.place == "Lindholm" and x.article in {"b", "c"}
                   for x in _claims(out, g))]
    assert len(meet) == 1 and meet[0].status == "agree", [g.summary for g in meet]
    claims = _claims(out, meet[0])
    assert {x.article for x in claims} == {"b", "c"}
    assert {x.date for x in claims} == {"2025-06-09"}
    monday = next(x for x in claims if x.article == "c")
    assert monday.date_evidence is not None and monday.date_evidence.startswith("on Monday")
    assert "; inferred: event dated 2025-06-09 from 'today, June 9' (outlet-b)" in \
        monday.date_evidence
    assert "year 2025 from 'Monday, June 2' (outlet-a)" in monday.date_evidence
    assert "date inferred for outlet-b, outlet-c" in meet[0].summary
    # "yesterday" needs the page's own day: c only borrows the event's, so it stays open.
    assert [x.date for x in _date_claims(out, "c") if "yesterday" in x.text] == [None]


def test_claims_anchor_dated_sibling_anchors_undated_page(lex: Lexicon) -> None:
    dated = _article("d", "Ministers met in Lindholm on Monday to discuss the harbour.",
                     published="2025-06-10")
    undated = _article("u", "Ministers met in Lindholm on Monday to discuss the harbour, and "
                            "the ferry strike ended on 8 June.")
    out = run(_analysis(dated, undated), SETTINGS)
    by_article = {c.article: c for c in out.claims if c.kind == "date" and "Monday" in
                  (c.date_evidence or "")}
    assert by_article["d"].date == "2025-06-09"
    assert by_article["d"].date_evidence == "on Monday"  # real publication date: not inferred
    assert by_article["u"].date == "2025-06-09"
    assert by_article["u"].date_evidence == (
        "on Monday; inferred: event dated 2025-06-10 from publication date of outlet-d")
    strike = next(c for c in _date_claims(out, "u") if "8 June" in (c.date_evidence or ""))
    assert strike.date == "2025-06-08"
    group = next(g for g in out.claim_groups if by_article["u"].id in g.claims)
    assert group.status == "agree" and by_article["d"].id in group.claims
    assert "date inferred for outlet-u" in group.summary


def test_claims_anchor_bare_weekday_nearest_to_anchor() -> None:
    wednesday = dt.date(2025, 6, 11)
    borrowed = Anchor(wednesday, wednesday, False, "event dated 2025-06-11 from test")

    def one(sentence: str, anchor: Anchor = borrowed) -> dt.date | None:
        found = find_dates(sentence, None, anchor)
        assert len(found) == 1, found
        return found[0].date

    assert one("Ministers met in Lindholm on Monday.") == dt.date(2025, 6, 9)
    assert one("Ministers will meet in Lindholm on Friday.") == dt.date(2025, 6, 13)
    saturday = dt.date(2025, 6, 14)
    late = Anchor(saturday, saturday, False, "x")
    # Nearest, not the past-tense rule (which would give Monday 9 June).
    assert one("Ministers met in Lindholm on Monday.", late) == dt.date(2025, 6, 16)
    assert nearest_weekday(saturday, 0) == dt.date(2025, 6, 16)
    assert nearest_weekday(saturday, 2) == dt.date(2025, 6, 11)
    # "last Monday", "yesterday": need the page's own day.
    assert one("Ministers met in Lindholm last Monday.") is None
    assert one("The mayor resigned yesterday.") is None
    own = Anchor(wednesday, wednesday, True, "page dated 2025-06-11 by its own 'today, June 11'")
    assert one("The mayor resigned yesterday.", own) == dt.date(2025, 6, 10)
    assert all(d.inferred for d in find_dates("Talks end on 12 June.", None, borrowed))
    # A publication date wins over any anchor.
    found = find_dates("Ministers met in Lindholm on Monday.", saturday, borrowed)
    assert found[0].date == dt.date(2025, 6, 9) and not found[0].inferred


def test_claims_anchor_never_touches_dated_page() -> None:
    dated = _article("d", "Ministers met in Lindholm on Monday, June 9. Eight fishermen "
                          "drowned off Lindholm on Sunday, the coastguard said.",
                     published="2025-06-10")
    undated = _article("u", "Ministers meet in Lindholm today, June 9. The port has been "
                            "closed since 2024, officials said.")
    alone = run(Analysis(articles=(dated,)), SETTINGS)
    together = run(_analysis(dated, undated), SETTINGS)
    mine = [c.to_dict() for c in together.claims if c.article == "d"]
    assert mine == [c.to_dict() for c in alone.claims]
    assert not any("inferred" in (c["date_evidence"] or "") for c in mine)
    assert [a.to_dict() for a in together.articles] == [dated.to_dict(), undated.to_dict()]


def test_claims_anchor_inferred_dates_never_make_conflicts() -> None:
    """An inferred date differing from a real one splits date groups, never conflicts, and
    quantity groups are judged exactly as without inference."""
    dated = _article("d", "Ministers met in Lindholm on Monday to discuss the harbour. "
                          "Eight fishermen died off Lindholm on Sunday, the coastguard "
                          "said.", published="2025-06-10")
    undated = _article("u", "Ministers met in Lindholm on Tuesday to discuss the harbour. "
                            "Eighty fishermen died off Lindholm on Sunday, the "
                            "coastguard said.\n\nSix boats sank on Monday.")
    on = run(_analysis(dated, undated), SETTINGS)
    off = run(_analysis(dated, undated), dataclasses.replace(
        SETTINGS, claims=dataclasses.replace(SETTINGS.claims, infer_anchor=False)))
    assert any("; inferred: " in (c.date_evidence or "") for c in on.claims)
    meetings = [g for g in on.claim_groups
                if any(c.kind == "date" and c.place == "Lindholm" and "Ministers" in c.text
                       for c in _claims(on, g))]
    assert len(meetings) == 2 and all(g.status == "single" for g in meetings)

    def quantity_verdicts(a: Analysis) -> list[tuple[str, tuple[str, ...]]]:
        return [(g.status, g.claims) for g in a.claim_groups
                if _claims(a, g)[0].kind == "quantity"]

    assert quantity_verdicts(on) == quantity_verdicts(off)
    # The tenfold toll is judged as without inference: the inferred date of the undated
    # page's Sunday neither hides it (by differing from the dated page's Sunday) nor makes
    # it. (Different weekdays, "Saturday" vs "Sunday", are different days either way:
    # test_claims_rules_different_weekdays_undated_not_conflict.)
    assert [s for s, _ in quantity_verdicts(on)].count("conflict") == 1


def test_claims_anchor_no_year_evidence_no_inference(lex: Lexicon) -> None:
    # A weekday-dated day but no year anywhere: nothing to bound the year with.
    a = _article("a", "Ferries to Lindholm resumed on Monday, June 2, the harbour office said.")
    b = _article("b", "Ministers will meet in Lindholm on Monday, officials said.")
    assert infer_anchors(_analysis(a, b), lex, SETTINGS.claims, 2026) == {}
    # The pair contradicts the years mentioned (June 2 was no Monday in 2020-2023).
    c = _article("c", "Ferries resumed on Monday, June 2. The port was rebuilt in 2020.")
    assert infer_anchors(_analysis(c, b), lex, SETTINGS.claims, 2026) == {}
    out = run(_analysis(c, b), SETTINGS)
    assert not any("inferred" in (x.date_evidence or "") for x in out.claims)


def test_claims_anchor_weekday_self_date_and_wide_event(lex: Lexicon) -> None:
    dated = _article("d", "Ministers met in Lindholm to discuss the harbour.",
                     published="2025-06-10")
    today = _article("t", "Ministers meet in Lindholm today (Monday). The mayor resigned "
                          "yesterday.")
    anchors = infer_anchors(_analysis(dated, today), lex, SETTINGS.claims, 2026)
    assert anchors["t"].day == dt.date(2025, 6, 9) and anchors["t"].self_dated
    assert "by its own 'today (Monday)', nearest to the event date 2025-06-10" in \
        anchors["t"].evidence
    out = run(_analysis(dated, today), SETTINGS)
    assert [c.date for c in _date_claims(out, "t") if "yesterday" in c.text] == ["2025-06-08"]
    # Known dates 9 days apart: no event day to borrow, only the year.
    early = _article("e", "The harbour closed after the storm.", published="2025-06-01")
    undated = _article("u", "Ministers met in Lindholm on Monday, and the ferry strike ended "
                            "on 8 June.")
    anchors = infer_anchors(_analysis(early, dated, undated), lex, SETTINGS.claims, 2026)
    assert anchors["u"].day is None and anchors["u"].ref == dt.date(2025, 6, 1)
    out = run(_analysis(early, dated, undated), SETTINGS)
    found = {(c.date_evidence or "").split(";")[0]: c.date for c in _date_claims(out, "u")}
    assert found == {"on Monday": None, "8 June": "2025-06-08"}
