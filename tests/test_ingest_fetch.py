"""fetch_urls / read_url_list against a server started here on 127.0.0.1 (port 0)."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from _local_server import local_server

from storylens.ingest import fetch
from storylens.ingest.common import content_hash
from storylens.ingest.fetch import fetch_urls, read_url_list
from storylens.records import InputRecord, Page
from storylens.settings import IngestSettings, Settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REFUSED = ("refused: 127.0.0.1 resolves to a private/loopback address "
           "(use --allow-private to allow)")


def _page(i: str) -> bytes:
    html = f"<html><head><title>Page {i}</title></head><body><p>Story {i}.</p></body></html>"
    return html.encode()


class _Handler(BaseHTTPRequestHandler):
    active = 0
    peak = 0
    lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def _send(self, code: int, ctype: str | None, body: bytes, length: bool = True) -> None:
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path in ("/a.html", "/b.html", "/c.html"):
            self._send(200, "text/html; charset=utf-8", _page(path[1]))
        elif path == "/img.png":
            self._send(200, "image/png", PNG)
        elif path == "/big.html":
            self._send(200, "text/html", b"<html><p>" + b"x" * 10_000 + b"</p></html>")
        elif path == "/big-stream.html":  # no Content-Length: only the stream cap stops it
            self._send(200, "text/html", b"<html><p>" + b"y" * 10_000 + b"</p></html>",
                       length=False)
        elif path == "/latin1.html":
            self._send(200, "text/html; charset=ISO-8859-1",
                       "<html><p>Café in Zürich</p></html>".encode("latin-1"))
        elif path == "/plain.txt":
            self._send(200, "text/plain", b"A plain text page.\nSecond line.\n")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/a.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-loopback":
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{port}/a.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path in ("/trickle", "/trickle-head"):
            # one byte every 0.4 s, in the body or already in the headers (issue 19, #8)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 400\r\n\r\n"
            if path == "/trickle":
                self.wfile.write(head)
                head = b"<p>" + b"x" * 397
            try:
                for byte in head:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.4)
            except OSError:
                pass
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200, "text/html", _page("slow"))
        elif path.startswith("/busy"):
            with _Handler.lock:
                _Handler.active += 1
                _Handler.peak = max(_Handler.peak, _Handler.active)
            time.sleep(0.15)
            with _Handler.lock:
                _Handler.active -= 1
            self._send(200, "text/html", _page(path))
        else:
            self._send(404, "text/html", b"<html>not found</html>")



@pytest.fixture
def server() -> Iterator[str]:
    with local_server(_Handler) as url:
        yield url


def _settings(**kw: object) -> Settings:
    base: dict[str, object] = {"max_bytes": 4000, "fetch_timeout": 3.0}
    base.update(kw)
    return dataclasses.replace(Settings(), ingest=IngestSettings(**base))  # type: ignore[arg-type]


def test_ingest_fetch_pages_and_reasons(server: str) -> None:
    names = ["/a.html", "/img.png", "/b.html", "/missing", "/big.html", "/c.html",
             "/big-stream.html", "/latin1.html", "/plain.txt", "/redirect", "/loop"]
    urls = [server + n for n in names]
    started = time.monotonic()
    out = dict(zip(names, fetch_urls(urls, _settings(allow_private=True)), strict=True))
    assert time.monotonic() - started < 10
    assert [x.source for x in out.values()] == urls  # input order, one record per URL
    for name in ("/a.html", "/b.html", "/c.html"):
        page = out[name]
        assert isinstance(page, Page), page
        assert page.kind == "html" and f"Story {name[1]}." in page.content
        assert page.url == page.source == server + name
        assert page.content_hash == content_hash(page.content)

    def reason(name: str) -> tuple[str, str]:
        rec = out[name]
        assert isinstance(rec, InputRecord), rec
        assert rec.kind == "url"
        return rec.status, rec.reason

    assert reason("/img.png") == ("skipped", "not HTML or text (image/png)")
    assert reason("/missing") == ("failed", "HTTP 404 Not Found")
    assert reason("/big.html") == ("failed", "larger than 4000 bytes")
    assert reason("/big-stream.html") == ("failed", "larger than 4000 bytes")
    assert reason("/loop")[0] == "failed" and "too many redirects" in reason("/loop")[1]
    latin = out["/latin1.html"]
    assert isinstance(latin, Page) and "Café in Zürich" in latin.content
    plain = out["/plain.txt"]
    assert isinstance(plain, Page) and plain.kind == "text"
    redirected = out["/redirect"]
    assert isinstance(redirected, Page)
    assert redirected.source == server + "/redirect" and redirected.url == server + "/a.html"


def test_ingest_fetch_refuses_private_by_default(server: str) -> None:
    urls = [server + n for n in ("/a.html", "/img.png", "/missing", "/redirect")]
    urls.append("http://localhost:9/whatever")
    out = list(fetch_urls(urls, _settings()))
    assert len(out) == len(urls)
    for rec in out[:4]:
        assert isinstance(rec, InputRecord)
        assert (rec.status, rec.reason) == ("skipped", REFUSED)
    last = out[4]
    assert isinstance(last, InputRecord) and last.reason.startswith("refused: localhost")


def test_ingest_fetch_rechecks_redirect_hops(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A public-looking host that redirects to a loopback address is refused at the hop."""
    port = server.rsplit(":", 1)[1]
    real_check = fetch._checked_addresses

    def check(url: object, allow_private: bool, timeout: float | None = None) -> object:
        if getattr(url, "host", "") == "public.test":
            return ["127.0.0.1"], None  # pretend it resolved to a public address
        return real_check(url, allow_private, timeout)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch, "_checked_addresses", check)
    out = list(fetch_urls([f"http://public.test:{port}/to-loopback",
                           f"http://public.test:{port}/b.html"], _settings()))
    assert isinstance(out[0], InputRecord) and out[0].reason == REFUSED
    assert isinstance(out[1], Page) and "Story b." in out[1].content  # pinned, Host kept


def test_ingest_fetch_bad_urls_and_timeout(server: str) -> None:
    urls = ["ftp://example.org/x", "file:///etc/passwd", "not a url", "http://", server + "/slow"]
    out = list(fetch_urls(urls, _settings(allow_private=True, fetch_timeout=0.3)))
    assert [type(x) for x in out] == [InputRecord] * 5
    reasons = [x.reason for x in out if isinstance(x, InputRecord)]
    assert reasons[0] == "unsupported URL scheme 'ftp' (only http and https)"
    assert reasons[1].startswith("unsupported URL scheme 'file'")
    assert reasons[2].startswith(("unsupported URL scheme", "invalid URL"))
    assert reasons[3].startswith("invalid URL")
    assert reasons[4] == "timed out after 0.3 s"


def test_ingest_fetch_polite_per_host(server: str) -> None:
    _Handler.peak = 0
    urls = [f"{server}/busy{i}" for i in range(6)]
    out = list(fetch_urls(urls, _settings(allow_private=True, fetch_concurrency=4)))
    assert all(isinstance(x, Page) for x in out)
    assert 1 <= _Handler.peak <= fetch.PER_HOST


def test_ingest_fetch_address_classes() -> None:
    refused = ["10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254",
               "224.0.0.1", "240.0.0.1", "0.0.0.0", "100.64.0.1", "::1", "fe80::1",
               "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::"]
    allowed = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]
    assert all(fetch._address_refused(a) for a in refused)
    assert not any(fetch._address_refused(a) for a in allowed)


def test_ingest_read_url_list(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("\ufeff# my pile\nhttp://a.example/1\n\n  https://b.example/2#frag  \n"
                    "   # indented comment\n", encoding="utf-8")
    assert read_url_list(path) == ["http://a.example/1", "https://b.example/2#frag"]


def test_ingest_fetch_one_deadline_per_url_against_trickling_server(server: str) -> None:
    # Each byte arrives well inside the per-read timeout; only a whole-URL deadline stops
    # it. Budget 1.5 s: stopped by ~1.5 s, not after the 160 s the body would take.
    for path in ("/trickle", "/trickle-head"):
        started = time.monotonic()
        out = list(fetch_urls([server + path], _settings(allow_private=True,
                                                         fetch_timeout=1.5)))
        took = time.monotonic() - started
        assert isinstance(out[0], InputRecord) and "timed out" in out[0].reason, out
        assert took < 3.0, (path, took)
