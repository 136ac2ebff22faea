"""Flattened modern pages (decision 0107): the headline above share bars, kickers and captions
is the title; furniture repeated between paragraphs never is; the byline is found."""

from __future__ import annotations

from storylens.extract import extract
from storylens.records import Article, Page
from storylens.settings import Settings

_BODY = [
    "The river at Kemerhafen rose by two metres overnight after three days of rain, and the "
    "council closed the lower bridge before dawn, a spokeswoman said on Tuesday.",
    "Residents of the harbour district were asked to move cars away from the quay, and the "
    "ferry to the island did not run in the morning, the council said in a statement.",
    "Engineers expect the river to fall again by Thursday if the rain stops as forecast, "
    "but they warned that the ground was already wet and could take no more water.",
    "The last flood of this size hit the town in 2019, when the lower bridge was closed for "
    "a week and the harbour district lost power for two days.",
]


def _page(text: str) -> Article:
    art = extract(Page(id="m", source="m.txt", kind="text", content=text, content_hash="h"),
                  Settings())
    assert isinstance(art, Article), art
    return art


def test_extract_modern_layout_title_over_furniture() -> None:
    more = "Continue reading the main story"
    lines = [
        "Home", "News", "Weather", "Sign in",
        "River at Kemerhafen rises two metres overnight, lower bridge closed",
        "By JANE ROEMER OCT. 13, 2026",
        "Share on Facebook", "Share on X",
        "Flood season", "Listen to this article",
        _BODY[0], more, _BODY[1], more, _BODY[2], more, _BODY[3],
        "Most read", "Council budget vote delayed again", "Ferry fares to rise in spring",
    ]
    art = _page("\n\n".join(lines) + "\n")
    assert art.title == "River at Kemerhafen rises two metres overnight, lower bridge closed"
    assert art.byline == "JANE ROEMER"
    for para in _BODY:
        assert para in art.body
    assert more not in art.body and "Most read" not in art.body


def test_extract_modern_layout_list_items_are_never_the_title() -> None:
    """A menu entry ("* ...", "+ ...") that repeats words of the article is no headline; a
    contents entry repeated as a section heading under the lead does not cut the lead off."""
    section = "Why the lower bridge closed first"
    lines = [
        "* Kemerhafen river levels and lower bridge news",
        "+ Flood maps of the harbour district",
        "River at Kemerhafen rises two metres overnight, lower bridge closed",
        "Share on Facebook",
        _BODY[0], "* " + section, _BODY[1], section, _BODY[2], _BODY[3],
    ]
    art = _page("\n\n".join(lines) + "\n")
    assert art.title == "River at Kemerhafen rises two metres overnight, lower bridge closed"
    for para in _BODY:
        assert para in art.body


def test_extract_modern_layout_bare_name_under_the_headline_is_the_byline() -> None:
    lines = [
        "Home", "News",
        "River at Kemerhafen rises two metres overnight, lower bridge closed",
        "Ilse Marwood", "4 min read",
        _BODY[0], _BODY[1], _BODY[2], _BODY[3],
    ]
    art = _page("\n\n".join(lines) + "\n")
    assert art.byline == "Ilse Marwood"
    assert "4 min read" not in art.body and "Ilse Marwood" not in art.body


def test_name_line_byline_prefers_a_name_with_its_own_time() -> None:
    from storylens.extract.meta import name_line_byline

    assert name_line_byline(["Garden Notes", "Ilse Marwood 2 days ago", "Share"]) == \
        "Ilse Marwood"
    assert name_line_byline(["Ilse Marwood", "Follow"]) is None  # no date, time or count near
    assert name_line_byline(["* Ilse Marwood", "* 12 March 2026"]) == "Ilse Marwood"
    # a section name of common words is no person
    assert name_line_byline(["Latest News", "3 hours ago"], language="en") is None


def test_extract_modern_layout_date_line_under_the_dek_is_the_dateline() -> None:
    """A date-only line a few lines under the first body line (under a dek or the lead
    photo), outside the body, is the dateline (decision 0111)."""
    lines = [
        "Home", "News",
        "River at Kemerhafen rises two metres overnight, lower bridge closed",
        _BODY[0], "Share on Facebook", "Share on X", "Share by email",
        "Oct 13, 2026, 8:54 PM UTC", "Advertisement", "Sign up", "Log in", "Subscribe",
        _BODY[1], _BODY[2], _BODY[3],
    ]
    art = _page("\n\n".join(lines) + "\n")
    assert art.published == "2026-10-13"
    assert art.published_evidence is not None and "Oct 13, 2026" in art.published_evidence


def test_extract_modern_layout_off_topic_first_line_is_no_title() -> None:
    """A headline-like line above the text that names nothing the article is about (an
    audio-player prompt) is furniture, not the title: an untitled page beats a wrong title
    (a wrong title also misleads story grouping)."""
    lines = ["Hear the narrated edition of this page", _BODY[0], _BODY[1], _BODY[2]]
    art = _page("\n\n".join(lines) + "\n")
    assert art.title != "Hear the narrated edition of this page"
    for para in _BODY[:3]:
        assert para in art.body
