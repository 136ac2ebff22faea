"""Metadata helpers: language, dates, bylines, outlet."""

from __future__ import annotations

from storylens.extract.meta import (
    bio_author,
    byline_from_lines,
    detect_language,
    outlet_from,
    text_date,
)
from storylens.settings import ExtractSettings

CFG = ExtractSettings()


def _lang(text: str) -> str | None:
    return detect_language(text, CFG.languages, CFG.stoplist_size, CFG.language_min_ratio)


def test_extract_meta_language() -> None:
    assert _lang("The council said that it would keep the ferry running in the winter.") == "en"
    assert _lang("Der Rat hat gesagt, dass die Fähre im Winter weiter fahren wird und nicht "
                 "eingestellt wird.") == "de"
    assert _lang("Le conseil a dit que le bac continuera de circuler pendant l'hiver et "
                 "que les horaires ne changent pas.") == "fr"
    assert _lang("Совет заявил, что паром будет ходить и зимой.") == "ru"
    assert _lang("12 34 56") is None


def test_extract_meta_dates() -> None:
    found = text_date("Harbour news\nMarch 3, 2021", ["The bridge reopened."], None, None)
    assert found and found.published == "2021-03-03" and not found.inferred
    found = text_date("", ["PARIS, 4 May 2019 - The talks ended."], None, None)
    assert found and found.published == "2019-05-04"
    lead = ["Talks will be held in the capital today, February 17, officials said in 2020."]
    found = text_date("", lead, None, None)
    assert found and found.published == "2020-02-17" and found.inferred
    assert "today, February 17" in found.evidence
    # no year anywhere in context: no guess
    assert text_date("", ["Talks will be held today, February 17."], None, None) is None
    found = text_date("", ["Talks will be held today, February 17."],
                      "https://x.example/2020/02/17/talks", None)
    assert found and found.published == "2020-02-17"


def test_extract_meta_byline_and_bio() -> None:
    assert byline_from_lines(["Home", "By Jane Roe", "text"]) == "Jane Roe"
    assert byline_from_lines(["By Jane Roe and John Doe, Reuters"]) == "Jane Roe"
    assert byline_from_lines(["By the way, this is not a byline at all"]) is None
    assert bio_author("Jane Roe is a reporter who covers the harbour. She lives in Marlow.") \
        == "Jane Roe"
    assert bio_author("Sam Lee is an advocate of clean water. Lee has written two books.") \
        == "Sam Lee"
    assert bio_author("Officials said the bridge is a hazard.") is None


def test_extract_meta_outlet() -> None:
    assert outlet_from("https://www.example.org/a/b", None, None) == "example.org"
    # a JSONL/feed outlet field beats the bare domain
    assert outlet_from("https://www.example.org/a/b", None, "Example") == "Example"
    assert outlet_from("https://news.example.org/a", "Example News", None) == "Example News"
    assert outlet_from(None, None, "Coast FM") == "Coast FM"
    assert outlet_from(None, None, None) is None


def test_extract_meta_byline_forms_of_modern_pages() -> None:
    # invented names, in the shapes today's pages print them
    cases = {
        "By JANE ROEMER JAN. 13, 2017": "JANE ROEMER",
        "* by Tomas Verhal January 18, 2017 11:00 PM PST": "Tomas Verhal",
        "Ana Lindqvist - Apr 16, 2015 8:02 pm UTC": "Ana Lindqvist",
        "by Mara Quell @mquell February 1, 2016: 12:41 PM ET": "Mara Quell",
        "Par Hélène Vaurin": "Hélène Vaurin",
        "Por Ramón Ilarza": "Ramón Ilarza",
        "By Sam Ortega March 18 at 3:57 PM Follow @sortega": "Sam Ortega",
        "// By Priya Nandakumar • Nov 11, 2020": "Priya Nandakumar",
        "by Laura June Kessel July 10, 2015": "Laura June Kessel",
        "By Jane Roe, Reuters": "Jane Roe",
    }
    for line, name in cases.items():
        assert byline_from_lines([line]) == name, line
    for line in ("Browse by Topics", "By the river the council met.",
                 "Last Updated: January 7, 2025", "Sign up for our newsletter"):
        assert byline_from_lines([line]) is None, line
