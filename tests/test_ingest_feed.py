"""iter_feed: feeds served by a server started here on 127.0.0.1 (port 0), and feed files."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from _local_server import local_server

from storylens.ingest.feeds import iter_feed
from storylens.records import InputRecord, Page
from storylens.settings import IngestSettings, Settings

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Daily Example</title><link>{base}/</link><description>d</description>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title>{link}<pubDate>{date}</pubDate>{content}</item>"""

THREE = "".join(
    ITEM.format(title=f"Story {c}", link=f"<link>{{base}}/{c}.html</link>",
                date=f"Mon, 0{i + 1} Jun 2020 23:30:00 -0500", content="")
    for i, c in enumerate("abc")
)

MIXED = (
    ITEM.format(title="Gone", link="<link>{base}/missing</link>",
                date="Tue, 02 Jun 2020 10:00:00 GMT",
                content="<content:encoded><![CDATA[<p>Full text of the gone story.</p>]]>"
                        "</content:encoded>")
    + ITEM.format(title="Nothing", link="", date="Tue, 02 Jun 2020 10:00:00 GMT", content="")
    + ITEM.format(title="Inline only", link="", date="Wed, 03 Jun 2020 10:00:00 GMT",
                  content="<content:encoded><![CDATA[<p>Inline story.</p>]]></content:encoded>")
    + ITEM.format(title="Image", link="<link>{base}/img.png</link>",
                  date="Wed, 03 Jun 2020 10:00:00 GMT", content="")
)


def _html(name: str) -> bytes:
    html = f"<html><head><title>{name}</title></head><body><p>Body {name}.</p></body></html>"
    return html.encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        routes: dict[str, tuple[int, str, bytes]] = {
            "/a.html": (200, "text/html", _html("a")),
            "/b.html": (200, "text/html", _html("b")),
            "/c.html": (200, "text/html", _html("c")),
            "/img.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
            "/feed.xml": (200, "application/rss+xml",
                          RSS.format(base=base, items=THREE.format(base=base)).encode()),
            "/mixed.xml": (200, "text/xml",
                           RSS.format(base=base, items=MIXED.format(base=base)).encode()),
            "/broken.xml": (200, "text/xml", b"<?xml version='1.0'?><rss><channel><item>"
                                             b"<title>x</ti"),
        }
        code, ctype, body = routes.get(self.path, (404, "text/html", b"<html>no</html>"))
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)



@pytest.fixture
def server() -> Iterator[str]:
    with local_server(_Handler) as url:
        yield url


def _settings(allow_private: bool = True) -> Settings:
    ingest = IngestSettings(allow_private=allow_private, fetch_timeout=3.0)
    return dataclasses.replace(Settings(), ingest=ingest)


def _check_three(out: list[Page | InputRecord], server: str) -> None:
    assert all(isinstance(x, Page) for x in out), out
    pages = [x for x in out if isinstance(x, Page)]
    assert [p.url for p in pages] == [f"{server}/{c}.html" for c in "abc"]
    assert [p.title_hint for p in pages] == ["Story a", "Story b", "Story c"]
    # the date as the feed wrote it (23:30 at -05:00), not shifted to the next UTC day
    assert [p.published_hint for p in pages] == ["2020-06-01", "2020-06-02", "2020-06-03"]
    assert {p.outlet_hint for p in pages} == {"The Daily Example"}
    assert all(p.kind == "html" and "Body" in p.content for p in pages)


def test_ingest_feed_url_three_pages(server: str) -> None:
    _check_three(list(iter_feed(f"{server}/feed.xml", _settings())), server)


def test_ingest_feed_file_three_pages(server: str, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(base=server, items=THREE.format(base=server)), encoding="utf-8")
    _check_three(list(iter_feed(str(path), _settings())), server)


def test_ingest_feed_fallback_and_skips(server: str) -> None:
    out = list(iter_feed(f"{server}/mixed.xml", _settings()))
    assert [type(x).__name__ for x in out] == [
        "InputRecord", "Page", "InputRecord", "Page", "InputRecord"
    ]
    note, gone, nothing, inline, image = out
    assert isinstance(note, InputRecord) and note.status == "skipped"
    assert note.source == f"{server}/missing"
    assert note.reason == "HTTP 404 Not Found; used the feed's full content for this entry instead"
    assert isinstance(gone, Page) and "Full text of the gone story." in gone.content
    assert gone.source == f"{server}/mixed.xml#{server}/missing" and gone.title_hint == "Gone"
    assert isinstance(nothing, InputRecord) and nothing.status == "skipped"
    assert "neither a link nor full content" in nothing.reason
    assert isinstance(inline, Page) and inline.published_hint == "2020-06-03"
    assert isinstance(image, InputRecord) and image.reason == "not HTML or text (image/png)"


def test_ingest_feed_failures(server: str, tmp_path: Path) -> None:
    broken = list(iter_feed(f"{server}/broken.xml", _settings()))
    assert len(broken) == 1 and isinstance(broken[0], InputRecord)
    assert broken[0].status == "failed" and broken[0].reason.startswith("malformed feed")

    html = list(iter_feed(f"{server}/a.html", _settings()))
    assert len(html) == 1 and isinstance(html[0], InputRecord) and html[0].status != "ingested"

    refused = list(iter_feed(f"{server}/feed.xml", _settings(allow_private=False)))
    assert len(refused) == 1 and isinstance(refused[0], InputRecord)
    assert refused[0].reason.startswith("refused: 127.0.0.1")

    missing = list(iter_feed(str(tmp_path / "nope.xml"), _settings()))
    assert len(missing) == 1 and isinstance(missing[0], InputRecord)
    assert missing[0].reason.startswith("cannot read feed file")
