"""A WARC with three responses and a local feed of three items, analysed end to end."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from _local_server import local_server
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storylens.cli import app

TOPICS = [
    ("Tram line to Velk harbour opens", "tram", "harbour district", "Velk"),
    ("Orchard growers count frost damage", "frost", "orchards", "Marren"),
    ("Library reopens after roof repair", "library", "reading rooms", "Oskel"),
]


def _article(i: int) -> bytes:
    title, thing, place, town = TOPICS[i]
    paras = "".join(
        f"<p>The {thing} story in {town} continued on day {k} as officials in the {place} "
        f"gave details to reporters, saying that work on the {thing} had gone to plan and "
        f"that residents of {town} would see the results within weeks.</p>"
        for k in range(1, 6)
    )
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="2025-04-0{i + 1}T08:00:00Z">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paras}"
        f"</article><footer>Copyright</footer></body></html>"
    ).encode()


def test_cli_analyze_warc_three_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(3):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://city.example/news/{i}", "response", payload=io.BytesIO(_article(i)),
                http_headers=headers))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://city.example/logo.png", "response",
            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(50)), http_headers=headers))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(path), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert sorted(a["title"] for a in data["articles"]) == sorted(t[0] for t in TOPICS)
    assert [i["status"] for i in data["inputs"]].count("skipped") == 1


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/feed.xml":
            items = "".join(
                f"<item><title>{TOPICS[i][0]}</title>"
                f"<link>http://{self.headers['Host']}/a/{i}</link>"
                f"<pubDate>0{i + 1} Apr 2025 08:00:00 GMT</pubDate></item>"
                for i in range(3)
            )
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>City Wire'
                    f"</title>{items}</channel></rss>").encode()
            ctype = "application/rss+xml"
        elif self.path.startswith("/a/"):
            body, ctype = _article(int(self.path[3:])), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    with local_server(_Handler) as url:
        yield url


def test_cli_analyze_local_feed_three_items(tmp_path: Path, server: str) -> None:
    out = tmp_path / "out"
    args = ["analyze", "--feed", f"{server}/feed.xml", "--out", str(out), "-q"]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1  # loopback refused without --allow-private
    result = CliRunner().invoke(app, [*args, "--allow-private"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 3
    assert {a["outlet"] for a in data["articles"]} != {None}
