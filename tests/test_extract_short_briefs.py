"""Short briefs are kept; non-article pages are skipped with a reason (decision 0104).

All pages are invented for this test: a fictional site ("Valley Courier") with a cookie
notice, a menu, a related-links box and a footer around the part that changes.
"""

from __future__ import annotations

import pytest

from storylens.extract import extract
from storylens.records import Article, Page, Rejection
from storylens.settings import Settings

_TOP = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">{meta}
</head><body>
<div class="cookie-notice"><p>This site uses cookies. By continuing to browse the site you are
agreeing to our use of cookies.</p><a href="/cookies">Find out more</a> <button>OK</button></div>
<header><div class="brand"><a href="/">Valley Courier</a></div>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
"""
_BOTTOM = """<aside class="related-links"><h2>More from News</h2><ul>
<li><a href="/news/1">Bypass roadworks to start in June</a></li>
<li><a href="/news/2">Hospital car park charges scrapped</a></li>
<li><a href="/news/3">Library opening hours extended over summer</a></li>
<li><a href="/news/4">Police appeal after shop break-in on Mill Lane</a></li></ul></aside>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact us</a></li>
<li><a href="/privacy">Privacy policy</a></li></ul>
<p>&copy; 2024 Valley Courier Ltd. All rights reserved.</p></footer>
</body></html>
"""

_TEXT_TOP = """Skip to content
This site uses cookies. By continuing to browse the site you agree to our use of cookies.
Accept all cookies
Valley Courier
Home
News
Politics
Business
Sport
Weather
"""
_TEXT_BOTTOM = """More from News
Bypass roadworks to start in June
Hospital car park charges scrapped
Library opening hours extended over summer
About us
Contact us
Privacy policy
© 2024 Valley Courier Ltd. All rights reserved.
"""

FLASH = ("Paris, 12 March (AFP) - A fire at a chemical plant near Rouen forced 300 people from "
         "their homes on Tuesday, the prefecture said.")
SHORT = "A fire at a chemical plant near Rouen forced 300 people from their homes, officials said."
TELEGRAPHIC = ("ROUEN, March 12 - Lubrizol chemical plant fire near Rouen: 300 residents "
               "evacuated, prefecture says.")
TWO = ("The Kelder reservoir rose by two metres overnight.",
       "Water officials said there was no risk to the dam.")


def _html(title: str, main: str, meta: str = "") -> Page:
    content = _TOP.format(title=title, meta=meta) + main + _BOTTOM
    return Page(id="b", source="b.html", kind="html", content=content, content_hash="h")


def _text(middle: str) -> Page:
    return Page(id="t", source="t.txt", kind="text", content=_TEXT_TOP + middle + _TEXT_BOTTOM,
                content_hash="h")


def _article(title: str, paragraphs: tuple[str, ...], wrapper: str) -> str:
    ps = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    if wrapper == "article":
        return (f"<main><article><h1>{title}</h1>\n<div class=\"byline\">By Ana Ruiz</div>"
                f"<time datetime=\"2024-03-12\">12 March 2024</time>\n{ps}</article></main>\n")
    return (f"<div id=\"main\"><h1 class=\"headline\">{title}</h1>\n"
            f"<div class=\"body\">{ps}</div></div>\n")


BRIEFS = [
    ("Chemical plant fire forces 300 from homes near Rouen", (FLASH,)),
    ("Fire at chemical plant forces evacuation", (SHORT,)),
    ("Rouen plant fire: 300 evacuated", (TELEGRAPHIC,)),
    ("Reservoir level rises after storm", TWO),
]


@pytest.mark.parametrize("wrapper", ["article", "div"])
@pytest.mark.parametrize(("title", "paragraphs"), BRIEFS)
def test_extract_short_brief_html_kept(title: str, paragraphs: tuple[str, ...],
                                       wrapper: str) -> None:
    art = extract(_html(title, _article(title, paragraphs, wrapper)), Settings())
    assert isinstance(art, Article), art
    assert art.title == title
    assert art.paragraphs == paragraphs  # no headline, byline, date or menu glued on
    assert art.outlet == "Valley Courier"


@pytest.mark.parametrize(("title", "paragraphs"), BRIEFS)
def test_extract_short_brief_text_kept(title: str, paragraphs: tuple[str, ...]) -> None:
    page = _text(f"{title}\n12 March 2024\n" + "\n".join(paragraphs) + "\n")
    art = extract(page, Settings())
    assert isinstance(art, Article), art
    assert art.title == title
    assert art.paragraphs == paragraphs
    lines = page.content.splitlines()
    assert [lines[n - 1] for n in art.kept_lines] == [title, *paragraphs]


def test_extract_short_brief_long_article_unchanged() -> None:
    """A full article still comes out whole: the brief rules only act under min_body_chars."""
    paragraphs = tuple(f"{FLASH} Officials counted {n} more families in shelters on the "
                       "outskirts of the city by the evening." for n in range(3))
    art = extract(_html("Fire", _article("Fire near Rouen", paragraphs, "article")), Settings())
    assert isinstance(art, Article)
    assert art.paragraphs == paragraphs


_NOT_FOUND = ("<main><h1>Page not found</h1><p>Sorry, the page you were looking for could not "
              "be found. It may have been moved or deleted.</p><p><a href=\"/\">Return to the "
              "homepage</a> or try searching the site.</p></main>\n")
_PAYWALL = ("<main><article><h1>Council tax to rise by five per cent</h1><p class=\"standfirst\">"
            "Households face higher bills from April.</p><div class=\"paywall\"><p>This article "
            "is for subscribers only. Subscribe now for unlimited access to the Valley Courier "
            "from just 1 pound a week.</p><p>Already a subscriber? Log in to continue reading."
            "</p></div></article></main>\n")
_CONSENT = ("<div class=\"consent-wall\"><h1>We value your privacy</h1><p>We and our partners "
            "store and access information on your device, such as cookies, and process personal"
            " data, such as unique identifiers, for personalised ads and content, ad and content"
            " measurement, and audience insights.</p><p>You can accept or manage your choices at"
            " any time by clicking below, including your right to object where legitimate "
            "interest is used.</p><button>Accept all</button><button>Reject all</button></div>\n")
_TEASERS = [
    ("Bypass roadworks to start in June", "Work on the eastern bypass will begin in June..."),
    ("Car park charges scrapped", "Patients and visitors will no longer pay to park at the..."),
    ("Library hours extended", "The central library will open until 8pm on weekdays from..."),
    ("Police appeal after break-in", "Officers are asking for witnesses after a break-in on..."),
]
_LISTING = ("<main><h1>News</h1><ul>" + "".join(
    f"<li><h2><a href=\"/n/{i}\">{t}</a></h2><p>{d}</p></li>" for i, (t, d) in enumerate(_TEASERS))
    + "</ul><a href=\"?page=2\">Next</a></main>\n")

JUNK_HTML = [
    ("navigation", "<main></main>\n", "navigation only"),
    ("not-found", _NOT_FOUND, "error page"),
    ("paywall", _PAYWALL, "paywall stub"),
    ("consent", _CONSENT, "cookie or consent wall"),
    ("listing", _LISTING, "listing page"),
]


@pytest.mark.parametrize(("name", "main", "kind"), JUNK_HTML, ids=[j[0] for j in JUNK_HTML])
def test_extract_short_junk_html_skipped(name: str, main: str, kind: str) -> None:
    out = extract(_html(name, main), Settings())
    assert isinstance(out, Rejection), (name, out)
    assert out.status == "skipped"
    assert out.reason.startswith(f"no article text found: {kind}"), out.reason


JUNK_TEXT = [
    ("navigation", "", "navigation only"),
    ("not-found", "Page not found\nSorry, the page you were looking for could not be found.\n"
                  "Return to the homepage or try searching the site.\n", "error page"),
    ("paywall", "Council tax to rise by five per cent\nHouseholds face higher bills from April.\n"
                "This article is for subscribers only.\n"
                "Already a subscriber? Log in to continue reading.\n", "paywall stub"),
    ("consent", "We value your privacy\nWe and our partners store and access information on "
                "your device, such as cookies, and process personal data for personalised ads "
                "and content.\nAccept all\nReject all\n", "cookie or consent wall"),
    ("listing", "News\n" + "".join(f"{t}\n{d}\n" for t, d in _TEASERS), "listing page"),
]


@pytest.mark.parametrize(("name", "middle", "kind"), JUNK_TEXT, ids=[j[0] for j in JUNK_TEXT])
def test_extract_short_junk_text_skipped(name: str, middle: str, kind: str) -> None:
    out = extract(_text(middle), Settings())
    assert isinstance(out, Rejection), (name, out)
    assert out.status == "skipped"
    assert out.reason.startswith(f"no article text found: {kind}"), out.reason


def test_extract_short_paywall_line_dropped_from_full_article() -> None:
    """A metered article keeps its visible paragraphs; the subscriber prompt is not body."""
    paragraphs = tuple(f"{FLASH} Officials counted {n} more families in shelters on the "
                       "outskirts of the city by the evening." for n in range(2))
    main = _article("Fire near Rouen", (*paragraphs, "This article is for subscribers only."),
                    "article")
    art = extract(_html("Fire", main), Settings())
    assert isinstance(art, Article)
    assert art.paragraphs == paragraphs
