"""iter_warc: WARC files built here with warcio's WARCWriter."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storylens.ingest.common import content_hash
from storylens.ingest.warc import iter_warc
from storylens.records import InputRecord, Page
from storylens.settings import IngestSettings, Settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _html(i: int) -> bytes:
    return (
        f"<html><head><title>Story {i}</title></head><body><p>Body of story {i}. "
        + "Words " * 50 + "</p></body></html>"
    ).encode()


def _response(
    writer: WARCWriter, uri: str, body: bytes, ctype: str, status: str = "200 OK"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)


def _request(writer: WARCWriter, uri: str) -> None:
    headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                       http_headers=headers)
    writer.write_record(record)


def _build(path: Path, gzip: bool) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for i in range(3):
            _request(writer, f"http://example.org/news/{i}")
            _response(writer, f"http://example.org/news/{i}", _html(i),
                      "text/html; charset=utf-8")
        _response(writer, "http://example.org/a.png", PNG, "image/png")


def _split(items: list[Page | InputRecord]) -> tuple[list[Page], list[InputRecord]]:
    pages = [x for x in items if isinstance(x, Page)]
    records = [x for x in items if isinstance(x, InputRecord)]
    return pages, records


def test_ingest_warc_three_pages_one_skipped(tmp_path: Path) -> None:
    for gzip, name in ((False, "crawl.warc"), (True, "crawl.warc.gz")):
        path = tmp_path / name
        _build(path, gzip)
        pages, records = _split(list(iter_warc(path, Settings())))
        assert [p.url for p in pages] == [f"http://example.org/news/{i}" for i in range(3)]
        for page in pages:
            assert page.kind == "html"
            assert page.source == f"{path}#{page.url}"
            assert page.content_hash == content_hash(page.content)
            assert page.published_hint is None  # WARC-Date is a crawl date
            assert "Body of story" in page.content
        assert len({p.id for p in pages}) == 3
        assert len(records) == 1
        assert records[0].status == "skipped"
        assert records[0].kind == "warc"
        assert records[0].reason == "WARC record http://example.org/a.png: not HTML (image/png)"


def test_ingest_warc_status_and_size(tmp_path: Path) -> None:
    path = tmp_path / "more.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        _response(writer, "http://example.org/gone", b"<html>gone</html>", "text/html",
                  status="404 Not Found")
        _response(writer, "http://example.org/big", b"<html><p>" + b"x" * 5000 + b"</p></html>",
                  "text/html")
        _response(writer, "http://example.org/ok", _html(9), "text/html")
    settings = dataclasses.replace(Settings(), ingest=IngestSettings(max_bytes=2000))
    out = list(iter_warc(path, settings))
    assert isinstance(out[0], InputRecord) and out[0].status == "skipped"
    assert out[0].reason == "WARC record http://example.org/gone: HTTP 404"
    assert isinstance(out[1], InputRecord) and out[1].status == "failed"
    assert "larger than 2000 bytes" in out[1].reason
    assert isinstance(out[2], Page) and out[2].url == "http://example.org/ok"


def test_ingest_warc_truncated_gz(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _build(whole, gzip=True)
    data = whole.read_bytes()
    for cut in (len(data) - 40, len(data) // 2, 20):
        path = tmp_path / f"cut{cut}.warc.gz"
        path.write_bytes(data[:cut])
        out = list(iter_warc(path, Settings()))  # never raises
        failed = [x for x in out if isinstance(x, InputRecord) and x.status == "failed"]
        assert len(failed) == 1, (cut, out)
        assert "truncated" in failed[0].reason or "corrupt" in failed[0].reason
        pages = [x for x in out if isinstance(x, Page)]
        assert all("Body of story" in p.content for p in pages)


def test_ingest_warc_truncated_plain_and_not_warc(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    _build(whole, gzip=False)
    data = whole.read_bytes()
    cut_path = tmp_path / "cut.warc"
    cut_path.write_bytes(data[: data.index(b"Body of story 2") + 5])
    out = list(iter_warc(cut_path, Settings()))
    pages = [x for x in out if isinstance(x, Page)]
    failed = [x for x in out if isinstance(x, InputRecord) and x.status == "failed"]
    assert len(pages) == 2
    assert len(failed) == 1 and "truncated" in failed[0].reason

    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"<html><body>not a warc</body></html>\n")
    out = list(iter_warc(junk, Settings()))
    assert len(out) == 1 and isinstance(out[0], InputRecord) and out[0].status == "failed"
    assert out[0].reason.startswith("not a WARC file")

    empty = tmp_path / "requests.warc"
    with empty.open("wb") as fh:
        _request(WARCWriter(fh, gzip=False), "http://example.org/")
    out = list(iter_warc(empty, Settings()))
    assert len(out) == 1 and isinstance(out[0], InputRecord) and out[0].status == "skipped"

    missing = list(iter_warc(tmp_path / "missing.warc", Settings()))
    assert len(missing) == 1 and isinstance(missing[0], InputRecord)
    assert missing[0].reason.startswith("cannot read WARC file")
