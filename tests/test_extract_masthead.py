"""Masthead, tagline, headline-vs-dek, byline/bio and photo credits on pages written for this
test (no shared data): regression tests for the examples/corpus title and outlet bugs."""

from __future__ import annotations

from pathlib import Path

from storylens.extract import extract
from storylens.extract.html import clean_author
from storylens.extract.meta import byline_from_lines
from storylens.records import Article, Page
from storylens.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def _extract(name: str, **kw: str) -> Article:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    art = extract(Page(id="m", source=name, kind="text", content=text, content_hash="h", **kw),
                  Settings())
    assert isinstance(art, Article), art
    return art


def test_extract_masthead_is_outlet_not_title() -> None:
    art = _extract("masthead_page.txt")
    assert art.title == "New tram line to link Pellow harbour with the university by 2027"
    assert art.outlet == "The Coastline Courier"
    assert art.dek == ("City approves a 12-kilometre route after three years of planning; "
                       "traders fear the works")
    assert art.byline == "Ana Pell"
    assert art.published == "2024-06-04"
    assert art.body.startswith("The Pellow city council on Monday approved")
    assert len(art.paragraphs) == 3
    assert "A test tram at the depot in Pellow on Monday." in art.captions
    for junk in ("Courier/Tomas Ruud", "test tram at the depot", "Follow the Coastline",
                 "Fishing fleet", "All rights reserved"):
        assert junk not in art.body, junk
    assert not any("rights reserved" in c for c in art.captions)


def test_extract_masthead_tagline_below_headline() -> None:
    art = _extract("tagline_page.txt")
    assert art.title == "Mayor hid report on 40 polluted wells, documents show"
    assert art.outlet == "Pellow Voice"  # the capitalised form used in the bio and promo
    assert art.byline == "Rian Moss"  # only named in the "About the author" box
    assert art.author_bio and art.author_bio.startswith("Rian Moss writes about")
    assert art.published is None
    assert len(art.paragraphs) == 3
    for junk in ("independent voice", "About the author", "Rian Moss", "donate to"):
        assert junk not in art.body, junk


def test_extract_masthead_outlet_hint_wins_over_domain() -> None:
    art = _extract("tagline_page.txt", url="https://pellowvoice.example/a/b",
                   outlet_hint="Pellow Voice Online")
    assert art.outlet == "Pellow Voice Online"


def test_extract_byline_without_place_or_second_role() -> None:
    assert byline_from_lines(["Reporting by Ana Pell; Editing by Rian Moss"]) == "Ana Pell"
    html = "<p class='byline'>By Ana Pell, Pellow</p><p>text</p>"
    assert clean_author("Ana Pell; Pellow", html) == "Ana Pell"
    assert clean_author("Ana Pell; Rian Moss", "<p>By Ana Pell and Rian Moss</p>") \
        == "Ana Pell; Rian Moss"
