"""The HTML and Markdown reports: content, honesty about missing stages, and inert text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from test_report_sample import XSS, hostile_analysis, sample_analysis

from storylens.records import Analysis, Article, InputRecord
from storylens.report import render_markdown, render_report, write_report
from storylens.report.render import csp_hash, load_css


class _Scan(HTMLParser):
    """Collects tags and attributes as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append((k, v or ""))
            if k == "id":
                self.ids.append(v or "")


def scan(html: str) -> _Scan:
    p = _Scan()
    p.feed(html)
    return p


def assert_inert(html: str) -> None:
    p = scan(html)
    assert "script" not in p.tags
    assert "img" not in p.tags
    assert "iframe" not in p.tags
    assert not [k for k, _ in p.attrs if k.startswith("on")], "event-handler attribute"
    hrefs = [v for k, v in p.attrs if k in ("href", "src", "action", "xlink:href")]
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    for raw in XSS:
        assert raw not in html


def test_report_contains_every_section() -> None:
    html = render_report(sample_analysis())
    for heading in ("Sources", "Provenance graph", "Compare", "Claims", "Framing", "Brief",
                    "Timeline", "Input accounting", "Articles (clean text)"):
        assert f">{heading}</h" in html
    assert "Storyline: Port Alder flooding" in html
    assert "Event: Port Alder flood evacuations" in html
    assert 'class="sub">compelled' in html
    assert "st-conflict" in html and "outlier" in html
    assert "loaded: delegitimising" in html
    assert "pages/logo.png" in html and "binary file" in html
    assert "<svg" in html and "<details class=\"article\"" in html


def test_report_is_self_contained_with_strict_csp() -> None:
    html = unescape(render_report(sample_analysis()))
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "default-src 'none'" in html and "script-src 'none'" in html
    assert csp_hash(load_css()) in html
    assert ' style="' not in html  # inline style attributes would break the hashed CSP


def test_report_ids_are_unique() -> None:
    ids = scan(render_report(sample_analysis())).ids
    assert len(ids) == len(set(ids))


def test_report_tables_have_header_scopes() -> None:
    html = render_report(sample_analysis())
    assert html.count("<table") == html.count("<thead>")
    assert "<th>" not in html


def test_report_escapes_hostile_text() -> None:
    html = render_report(hostile_analysis())
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_escapes_hostile_text() -> None:
    text = render_markdown(hostile_analysis())
    assert "<script" not in text and "<img" not in text and "<a " not in text
    assert "&lt;script&gt;" in text


def test_report_says_not_computed_when_stages_are_missing() -> None:
    art = Article(id="only", source="x.txt", title="A lone page", body="Some text here.")
    analysis = Analysis(articles=(art,),
                        inputs=(InputRecord("x.txt", "ingested", article="only"),
                                InputRecord("bad.pdf", "failed", "not a page")))
    html = render_report(analysis)
    assert "Stories not computed" in html
    assert "Articles not assigned to any story" in html
    for what in ("Provenance", "Claims", "Framing", "Brief", "Timeline"):
        assert f"{what} not computed" in html
    assert "bad.pdf" in html and "not a page" in html
    md = render_markdown(analysis)
    assert "_Stories not computed._" in md and "_Claims not computed._" in md


def test_report_of_empty_analysis() -> None:
    html = render_report(Analysis())
    assert "No articles" in html and "No input accounting recorded" in html


def test_write_report_creates_file(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.html"
    write_report(sample_analysis(), out)
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]


def test_markdown_has_tables_and_citations() -> None:
    md = render_markdown(sample_analysis())
    assert "| Death toll | conflict | 2 |" in md
    assert "\\[Harbor Wire, Coast Daily\\]" in md
    assert "spun copy of NewsBlast24" not in md
    assert "spun copy of Harbor Wire" in md
