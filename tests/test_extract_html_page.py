"""The HTML path (trafilatura + htmldate + post-cleaning) on a page written for this test."""

from __future__ import annotations

from pathlib import Path

from storylens.extract import extract
from storylens.records import Article, Page, Rejection
from storylens.settings import Settings

HTML = (Path(__file__).parent / "fixtures" / "extract" / "article.html").read_text(
    encoding="utf-8")


def _page(content: str, **kw: str) -> Page:
    return Page(id="h1", source="h1.html", kind="html", content=content, content_hash="hh", **kw)


def test_extract_html_body_and_metadata() -> None:
    art = extract(_page(HTML, url="https://www.marlow.example/2021/03/03/bridge"), Settings())
    assert isinstance(art, Article)
    assert art.title == "Harbour bridge reopens after two-year repair"
    assert art.body.startswith("The harbour bridge in Marlow reopened")
    assert "Engineers replaced" in art.body and "busy spring" in art.body
    for junk in ("Subscribe", "Storm warning", "All rights reserved", "Read more about"):
        assert junk not in art.body, junk
    assert art.paragraphs[-1].endswith("longer than planned.")
    assert art.published == "2021-03-03"
    assert art.published_evidence == "html meta (htmldate)" and not art.published_inferred
    assert art.byline == "Jane Roe"
    assert art.outlet == "Marlow Coast News"
    assert art.language == "en"
    assert art.id == "h1" and art.content_hash == "hh"
    assert art.kept_lines == ()


def test_extract_html_hints_fill_missing_metadata() -> None:
    bare = ("<html><body><div>" + "<p>The council met on a quiet evening and voted to keep "
            "the ferry running through the winter months, the clerk said.</p>" * 3
            + "</div></body></html>")
    art = extract(_page(bare, published_hint="2020-02-17T10:00:00Z", outlet_hint="Coast FM",
                        title_hint="Ferry stays"), Settings())
    assert isinstance(art, Article)
    assert art.published == "2020-02-17" and art.published_evidence
    assert art.outlet == "Coast FM"
    assert art.title == "Ferry stays"


def test_extract_html_without_text_is_rejected() -> None:
    for content in ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "<<<>>>", "\x00"):
        out = extract(_page(content), Settings())
        assert isinstance(out, Rejection)
        assert out.reason.startswith("no article text found")


_SECTION_H1 = """<html><head><title>Orchard growers switch to late-blooming pear trees</title>
</head><body><header><h1>Farming Topics Hub</h1></header><article>
<p>Orchard growers in the northern valley are replacing early pear trees with late-blooming
varieties after three springs of frost damage, the growers' cooperative said on Monday.</p>
<p>The late-blooming pear trees flower two weeks later, after the usual frost nights, and the
cooperative expects the first harvest from the new orchard rows within four years.</p>
<p>Growers said the switch costs about a season of income, but frost has already taken more
than that from the valley's pear harvest in each of the last three years.</p>
</article></body></html>"""


def test_extract_html_title_by_content_over_a_section_h1() -> None:
    """trafilatura takes the first <h1>, here a section name; the <title> says what the body
    is about (decision 0111)."""
    art = extract(_page(_SECTION_H1), Settings())
    assert isinstance(art, Article)
    assert art.title == "Orchard growers switch to late-blooming pear trees"


def test_clean_author_joins_last_first_names_split_at_the_comma() -> None:
    from storylens.extract.html import clean_author

    html = '<meta name="DC.Creator" content="Tamsin, Q."><meta name="DC.Creator" ' \
        'content="Varga, Ilona de">'
    assert clean_author("Tamsin; Q; Varga; Ilona de", html) == "Tamsin, Q; Varga, Ilona de"
    assert clean_author("Jane Roe; Springfield", "<p>By Jane Roe, Springfield</p>") == "Jane Roe"
