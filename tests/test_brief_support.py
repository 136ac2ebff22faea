"""Brief on fictional fixtures: citations by construction, spun copies, degraded inputs."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from storylens.brief import run, to_markdown
from storylens.brief.text import article_sentences, split_sentences, support
from storylens.records import Analysis, Article, SpinAssessment, Story
from storylens.settings import Settings

# Fictional wire story and copies, written for these tests.
WIRE = (
    "Flooding on the Vell river forced 2,400 residents of Carrow to leave their homes on "
    "Tuesday, the regional council said. Rescue teams reached the old mill district by boat "
    "after the embankment failed near the station. The council said the water level had "
    "risen by two metres in six hours. Schools in Carrow will stay closed until Friday."
)
SPUN = (
    "Inundating on the Vell stream compelled 2,400 occupants of Carrow to depart their "
    "dwellings on Tuesday, the provincial chamber stated. Rescue squads arrived at the old "
    "mill locale by vessel after the dike collapsed close to the station. The chamber stated "
    "the water level had increased by two metres in six hours."
)
OTHER = (
    "Residents of Carrow were moved out on Tuesday as the Vell river flooded, the regional "
    "council said, putting the number at 2,400 residents. A local shop owner said the water "
    "came faster than in any year she could remember. Schools in Carrow will stay closed "
    "until Friday, the council added."
)


def _analysis() -> Analysis:
    arts = (
        Article(id="w", source="w", title="Floods in Carrow", body=WIRE, outlet="Wire",
                published="2031-03-04"),
        Article(id="s", source="s", title="Floods", body=SPUN, outlet="Spinner",
                machine_spun=SpinAssessment(0.9, True, ("inundating",))),
        Article(id="o", source="o", title="Carrow evacuated", body=OTHER, outlet="Local"),
    )
    return Analysis(articles=arts, stories=(Story("E", "event", ("w", "s", "o")),))


def test_brief_support_citations_by_construction() -> None:
    settings = Settings()
    result = run(_analysis(), settings)
    brief = result.brief[0]
    assert brief.sentences
    by_id = {a.id: a for a in result.articles}
    for s in brief.sentences:
        assert s.articles
        for aid in s.articles:
            best = max(support(s.text, x) for x in article_sentences(by_id[aid]))
            assert best >= settings.brief.support_min, (s.text, aid)
    # wording never from the spun copy when the wire states it; the spun copy is still cited
    spun = set(article_sentences(by_id["s"]))
    assert not any(s.text in spun for s in brief.sentences)
    level = next(s for s in brief.sentences if "two metres" in s.text)
    assert set(level.articles) == {"w", "s"}
    schools = next(s for s in brief.sentences if "Schools" in s.text)
    assert set(schools.sources) == {"Wire", "Local"}


def test_brief_support_degrades_without_relations_or_claims() -> None:
    lone = dataclasses.replace(
        _analysis(), stories=(Story("E", "event", ("s",)),)
    )
    brief = run(lone, Settings()).brief[0]
    assert brief.sentences and all(s.articles == ("s",) for s in brief.sentences)
    # a story told by a spun copy alone: its wording, with a note saying whose it is
    assert all(any("machine-spun page (Spinner)" in n for n in s.notes)
               for s in brief.sentences)
    assert brief.disputes == ()
    assert run(Analysis(), Settings()).brief == ()


def test_brief_support_markdown_lists_sources() -> None:
    result = run(_analysis(), Settings())
    md = to_markdown(result, "E")
    body = [line for line in md.splitlines() if line.startswith("- ")]
    assert body and all(line.rstrip().endswith("]") for line in body)
    assert "## Disputes" in md and "## Timeline" in md
    assert "2031-03-04" in md  # coverage timeline from publication dates when no claims


@given(st.lists(st.sampled_from(split_sentences(WIRE + " " + OTHER + " " + SPUN)),
                min_size=2, max_size=8))
@hsettings(max_examples=25, deadline=None)
def test_brief_support_property_random_piles(sentences: list[str]) -> None:
    half = len(sentences) // 2
    arts = (
        Article(id="x", source="x", title="", body=" ".join(sentences[:half]), outlet="X"),
        Article(id="y", source="y", title="", body=" ".join(sentences[half:]), outlet="Y"),
    )
    an = Analysis(articles=arts, stories=(Story("E", "event", ("x", "y")),))
    settings = Settings()
    for s in run(an, settings).brief[0].sentences:
        for aid in s.articles:
            art = arts[0] if aid == "x" else arts[1]
            assert max(support(s.text, x) for x in article_sentences(art)) >= 0.5


def test_brief_prefers_wording_without_loaded_terms() -> None:
    loaded = ("Regime troops entered the town of Sarel on Monday after a week of shelling, "
              "residents said.")
    neutral = ("Government troops entered the town of Sarel on Monday after a week of "
               "shelling, residents said.")
    arts = (
        Article(id="a", source="a", title="Sarel", body=loaded, outlet="Alpha"),
        Article(id="b", source="b", title="Sarel", body=neutral, outlet="Beta"),
    )
    story = Story(id="ev", level="event", articles=("a", "b"))
    out = run(Analysis(articles=arts, stories=(story,)), Settings())
    texts = [s.text for s in out.brief[0].sentences]
    assert any(t.startswith("Government troops") for t in texts), texts
    assert not any(t.startswith("Regime troops") for t in texts), texts
