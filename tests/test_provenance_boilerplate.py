"""Site boilerplate: a footer that pages of several different stories carry does not make two
unrelated pages of one site a copy pair; a copy within one story still is."""

from __future__ import annotations

import dataclasses

from storylens.provenance import run
from storylens.provenance.boilerplate import boilerplate, story_of
from storylens.provenance.text import make_doc
from storylens.records import DERIVED_RELATIONS, Analysis, Article, Story
from storylens.settings import Settings

# Written for this test: one regional site's pages about three different events, each with
# the site's press-contact footer, and a verbatim copy of the first page by another outlet.
FOOTER = (
    "\n\nFor media enquiries about this release please contact the Lornshire county press "
    "office on 01632 960 123 or write to press@lornshire.example between nine and five."
)
BODIES = {
    "bridge": "Lornshire county opened the rebuilt Tarnby footbridge on Monday after eight "
              "months of works. The old crossing had been closed since a lorry struck it in "
              "the spring. Cyclists and walkers can use the new span from today.",
    "school": "A new primary school for 240 pupils will be built on the former dairy site at "
              "Wenmoor, councillors agreed on Thursday. Building work is planned to begin in "
              "the autumn and the school should open two years later.",
    "bus": "The number 14 bus between Carrow and Elsdon will run every twenty minutes from "
           "June, the county said. Evening services will also be extended until midnight on "
           "Fridays and Saturdays after a survey of passengers.",
}
SETTINGS = Settings()


def _pile(with_stories: bool) -> Analysis:
    arts = [Article(id=k, source="lornshire", title=k, body=v + FOOTER, language="en")
            for k, v in BODIES.items()]
    arts.append(Article(id="bridge-copy", source="other", title="bridge",
                        body=BODIES["bridge"], language="en"))
    stories: tuple[Story, ...] = ()
    if with_stories:
        stories = (
            Story(id="e-bridge", level="event", articles=("bridge", "bridge-copy")),
            Story(id="e-school", level="event", articles=("school",)),
            Story(id="e-bus", level="event", articles=("bus",)),
        )
    return Analysis(articles=tuple(arts), stories=stories)


def _derived(out: Analysis) -> set[frozenset[str]]:
    return {frozenset((r.a, r.b)) for r in out.relations if r.relation in DERIVED_RELATIONS}


def test_provenance_boilerplate_footer_of_three_stories_is_marked() -> None:
    pile = _pile(True)
    docs = [make_doc(a.id, a.text) for a in pile.articles]
    marks = boilerplate(docs, story_of([a.id for a in pile.articles], pile.stories), 3)
    for d, m in zip(docs, marks, strict=True):
        footer = {i for i, s in enumerate(d.sentences) if "press office" in s.text}
        assert m == footer


def test_provenance_boilerplate_footer_does_not_link_unrelated_pages() -> None:
    derived = _derived(run(_pile(True), SETTINGS))
    assert frozenset(("bridge", "bridge-copy")) in derived
    assert not derived & {frozenset(("bridge", "school")), frozenset(("bridge", "bus")),
                          frozenset(("school", "bus"))}


def test_provenance_boilerplate_guard_off_links_them() -> None:
    # The same pile with the guard off: the footer alone makes the site's pages copies
    # (the failure the guard exists for; if this stops failing, the fixture tests nothing).
    off = dataclasses.replace(SETTINGS, provenance=dataclasses.replace(
        SETTINGS.provenance, boilerplate_min_stories=10**6))
    assert frozenset(("school", "bus")) in _derived(run(_pile(True), off))
