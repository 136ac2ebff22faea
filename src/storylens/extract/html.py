"""HTML -> article text and metadata: trafilatura (htmldate for dates) plus post-cleaning.

Fallback chain, in order:
1. trafilatura ``bare_extraction`` (precision/recall defaults, comments excluded) gives the
   main text, title, author, site name; htmldate gives the date from page metadata.
2. Post-cleaning of trafilatura's paragraphs with the same lexicon the text cleaner uses:
   boilerplate lines (newsletter boxes, comment forms, share bars), photo credits, teaser
   lines ending in "..." at the end of the text, promo sentences glued to a paragraph.
3. When trafilatura finds no body (or one shorter than ``min_body_chars``), the page is
   rendered to text as a browser shows it (inscriptis) and the flattened-text cleaner runs.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from storylens.extract.lexicon import Lexicon
from storylens.extract.text import _TEASER_END, strip_promo

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class HtmlResult:
    title: str
    paragraphs: tuple[str, ...]
    author: str | None
    sitename: str | None
    published: str | None
    description: str | None
    captions: tuple[str, ...] = ()
    # other headline candidates the page states: <title> (whole and without its site part),
    # og:/twitter:title, the first <h1>s; the title is chosen among them by content
    title_candidates: tuple[str, ...] = ()


def render_text(html: str) -> str:
    """The page as a browser shows it, one block per line (inscriptis); when inscriptis gives
    up (it recurses once per nesting level, so 50,000 nested <div>s exceed Python's stack, and
    it raises on some malformed documents), a flat tag stripper renders it instead
    (:func:`strip_tags`)."""
    from inscriptis import get_text
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.model.config import ParserConfig

    try:
        text = str(get_text(html, ParserConfig(css=CSS_PROFILES["strict"])))
    except Exception:
        text = ""
    return text if text.strip() else strip_tags(html)


_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "title"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object",
                        "select", "button"})


def strip_tags(html: str) -> str:
    """Page text by a flat (non-recursive) pass over the tags: block elements start a new
    line, script/style and similar content is dropped. No layout, no CSS: the fallback
    for pages no tree builder can hold."""
    from html.parser import HTMLParser

    class _Flat(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in _SKIP_TAGS:
                self.skip += 1
            elif tag in _BLOCK_TAGS:
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in _SKIP_TAGS:
                self.skip = max(0, self.skip - 1)
            elif tag in _BLOCK_TAGS:
                self.out.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.out.append(data)

    parser = _Flat()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the stdlib parser is lenient; anything it raises means no text
        return ""
    lines = (" ".join(line.split()) for line in "".join(parser.out).split("\n"))
    return "\n".join(line for line in lines if line)


def trafilatura_text(html: str, url: str | None = None) -> str:
    """trafilatura alone (defaults, no comments): the benchmark baseline."""
    import trafilatura

    try:
        out = trafilatura.extract(html, url=url, include_comments=False)
    except Exception:
        return ""
    return str(out or "")


def _date(html: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(html, url=url, original_date=True, extensive_search=False)
    except Exception:
        return None
    return str(found) if found else None


# class/id/itemprop names of a subheading (standfirst) element under the headline
_DEK_ATTR = re.compile(r"(?:^|[\s_-])(standfirst|dek|subtitle|sub-?title|subhead(?:line|ing)?|"
                       r"strapline|strap|article-summary|summary|lede|intro|description|"
                       r"alternativeHeadline)(?:$|[\s_-])", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.{0,2000}?)</figcaption\s*>",
                         re.IGNORECASE | re.DOTALL)
_DEK_OPEN = re.compile(r"<(p|h2|h3|div|span)\b([^>]*)>", re.IGNORECASE)
_ATTR_VALUE = re.compile(r"\b(?:class|id|itemprop)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')",
                         re.IGNORECASE)


def _standfirst(html: str, paragraphs: tuple[str, ...]) -> str | None:
    """The visible subheading: the first p/h2/h3/div/span whose class/id/itemprop names a dek
    ("standfirst", "dek", "subtitle", ...) with 5-60 words of text that is not body text."""
    for m in _DEK_OPEN.finditer(html):
        attrs = " ".join(a or b for a, b in _ATTR_VALUE.findall(m.group(2)))
        if not _DEK_ATTR.search(attrs):
            continue
        close = re.compile(rf"</{m.group(1)}\s*>", re.IGNORECASE).search(html, m.end())
        if close is None or close.start() - m.end() > 2000:
            continue
        text = " ".join(unescape(_TAGS.sub(" ", html[m.end():close.start()])).split())
        if 5 <= len(text.split()) <= 60 and not any(text in p for p in paragraphs):
            return text
    return None


def figure_captions(html: str) -> tuple[str, ...]:
    """The text of every <figcaption> (photo caption and credit), in page order."""
    out = []
    for m in _FIGCAPTION.finditer(html):
        text = " ".join(unescape(_TAGS.sub(" ", m.group(1))).split())
        if text and text not in out:
            out.append(text)
    return tuple(out)


_TITLE_SEP = re.compile(r"\s+[-|·–—:»]\s+")


def title_candidates(html: str, max_h1: int = 3) -> tuple[str, ...]:
    """Headline candidates the page states besides trafilatura's pick, in this order: the
    <title> (whole, then its longest part when a site name is joined to it with " - ", " | "
    ...), og:title and twitter:title, the first ``max_h1`` <h1> texts. () when the page cannot
    be parsed."""
    from lxml import html as lh  # type: ignore[import-untyped]

    try:
        root = lh.fromstring(html)
        out: list[str] = []
        for t in root.xpath("//head//title")[:1]:
            whole = " ".join(t.text_content().split())
            out.append(whole)
            parts = _TITLE_SEP.split(whole)
            if len(parts) > 1:
                out.append(max(parts, key=len))
        for v in root.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content'):
            out.append(" ".join(str(v).split()))
        for h in root.xpath("//h1")[:max_h1]:
            out.append(" ".join(h.text_content().split()))
    except Exception:  # an unparsable or too deep page: no candidates
        return ()
    return tuple(c for c in dict.fromkeys(out) if c)


def clean_author(author: str | None, html: str) -> str | None:
    """trafilatura's author list without the dateline place of a "By Name, Place" byline
    (trafilatura splits it into "Name; Place") and without one-word entries when a full name
    is there."""
    if not author:
        return None
    parts = [p.strip() for p in author.split(";") if p.strip()]
    if len(parts) <= 1:
        return author.strip() or None
    text = " ".join(_TAGS.sub(" ", html).split())
    # "Last, First" names that trafilatura split at the comma ("Roe; Jane"): joined again when
    # the page writes them so
    joined: list[str] = []
    for part in parts:
        if joined and len(joined[-1].split()) == 1 and "," not in joined[-1] \
                and re.search(rf"{re.escape(joined[-1])},\s*{re.escape(part)}\b", html):
            joined[-1] = f"{joined[-1]}, {part}"
        else:
            joined.append(part)
    parts = joined
    kept = [parts[0]]
    for part in parts[1:]:
        place = re.search(rf"\b[Bb]y\s+(?:{'|'.join(re.escape(k) for k in kept)})\s*,\s*"
                          rf"{re.escape(part)}\b", text)
        if place or len(part.split()) < 2:
            continue
        kept.append(part)
    return "; ".join(kept)


def clean_paragraphs(paragraphs: list[str], lex: Lexicon) -> list[str]:
    """Drop boilerplate/credit lines and trailing teasers; cut glued promo sentences."""
    kept = [p for p in paragraphs
            if not lex.is_boilerplate(p) and not lex.is_credit(p) and not lex.is_section_header(p)]
    while kept and _TEASER_END.search(kept[-1]) and len(kept[-1]) < 300:
        kept.pop()
    out = []
    for p in kept:
        cleaned = strip_promo(p, lex)
        if cleaned:
            out.append(cleaned)
    return out


def _trafilatura_config(min_extracted_size: int) -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(min_extracted_size))
    return config


def _bare(html: str, url: str | None, config: Any = None) -> Any:
    import trafilatura

    extra: dict[str, Any] = {"config": config} if config is not None else {}
    try:
        return trafilatura.bare_extraction(
            html, url=url, include_comments=False, with_metadata=True, as_dict=False, **extra)
    except Exception:
        return None


def _squash(text: str) -> str:
    return " ".join(text.split())


def extract_html(html: str, url: str | None, lex: Lexicon,
                 short_below: int = 0, short_min_size: int = 1) -> HtmlResult | None:
    """trafilatura + htmldate + post-cleaning; None when trafilatura finds no text.

    A text shorter than ``short_below`` chars (trafilatura's own MIN_EXTRACTED_SIZE, under
    which it may swap its result for a whole-page "baseline" dump that glues the headline,
    byline and menus to the text) is re-extracted with MIN_EXTRACTED_SIZE = ``short_min_size``;
    that text wins when every line of it is part of the first one (same content, no glue).
    """
    doc = _bare(html, url)
    if doc is None or not getattr(doc, "text", None):
        return None
    if len(str(doc.text)) < short_below:
        again = _bare(html, url, _trafilatura_config(short_min_size))
        lines = [_squash(x) for x in str(getattr(again, "text", "") or "").split("\n")]
        lines = [x for x in lines if x]
        whole = _squash(str(doc.text))
        if lines and all(x in whole for x in lines):
            doc.text = "\n".join(lines)
    paragraphs = [" ".join(p.split()) for p in str(doc.text).split("\n")]
    paragraphs = clean_paragraphs([p for p in paragraphs if p], lex)
    title = " ".join(str(doc.title or "").split())
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    description = str(doc.description) if getattr(doc, "description", None) else None
    return HtmlResult(
        title=title, paragraphs=tuple(paragraphs),
        author=clean_author(str(doc.author), html) if getattr(doc, "author", None) else None,
        sitename=str(doc.sitename) if getattr(doc, "sitename", None) else None,
        published=_date(html, url),
        description=_standfirst(html, tuple(paragraphs)) or description,
        captions=figure_captions(html),
        title_candidates=title_candidates(html),
    )
