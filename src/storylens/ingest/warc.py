"""WARC crawls (.warc, .warc.gz) -> Pages, read with warcio's ArchiveIterator.

Which records are inputs (each accounted for with a Page or an InputRecord, kind "warc",
source ``f"{path}#{target URI}"``):

- ``response`` records of http(s) URIs, and ``resource`` records of http(s) URIs (some
  crawlers store a page without HTTP headers): a Page when the HTTP status is 200 and the
  Content-Type is HTML (or absent and the body is HTML markup); otherwise skipped with the
  reason (status, content type). HTML only: text/plain in a crawl is robots.txt and the like.
- ``revisit`` records: skipped (a repeat capture that points to an earlier one, no payload).

Not inputs, ignored silently: request, warcinfo, metadata, conversion and continuation
records, and records of non-http(s) URIs (``dns:`` lookups, ``urn:`` screenshots/text).

Each record's decoded body (chunked transfer and Content-Encoding undone) is read up to
``max_bytes``; past that it fails "larger than N bytes". A record shorter than its declared
length fails "truncated". A file that warcio cannot parse further, a gzip stream that ends
before its end marker, or bytes left after the last record warcio could read, give one
failed InputRecord for the file, after everything readable was yielded. A file with no input
records at all is skipped with a reason, so every file is accounted for. ``published_hint``
stays None: WARC-Date is the crawl time, not the publication date
(docs/decisions/0601-ingest-no-crawl-date-hints.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from storylens.ingest.common import content_hash, looks_like_html, page_id_for_url
from storylens.ingest.fetch import HTML_TYPES, decode_body, parse_content_type
from storylens.records import InputRecord, Page
from storylens.settings import Settings

_CHUNK = 1 << 16
_PAGE_RECORDS = frozenset({"response", "resource"})


class _CheckedArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """ArchiveIterator that notes whether the gzip stream ended before its end marker.

    warcio stops quietly at a truncated gzip member; zlib's ``eof`` flag on the last
    member's decompressor tells a clean end from a cut one.
    """

    truncated_gzip = False

    def close(self) -> None:
        reader = getattr(self, "reader", None)
        decompressor = getattr(reader, "decompressor", None)
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.truncated_gzip = True
        super().close()


def iter_warc(path: Path, settings: Settings) -> Iterator[Page | InputRecord]:
    """Yield a Page or InputRecord per input record of a WARC file; never raises."""
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputRecord(source, "failed", f"cannot read WARC file: {exc.strerror or exc}",
                          kind="warc")
        return
    with handle:
        records = 0
        yielded = 0
        record_truncated = False
        try:
            iterator = _CheckedArchiveIterator(handle)
            for record in iterator:
                records += 1
                try:
                    result = _from_record(record, path, settings)
                except Exception as exc:  # one bad record never stops the rest
                    result = _failed(record, path, f"unreadable: {exc}")
                if not _drained_complete(record):
                    record_truncated = True
                    result = _failed(record, path, "record ends before its declared length "
                                     f"(truncated WARC, record {records})")
                if result is not None:
                    yielded += 1
                    yield result
        except Exception as exc:
            what = "not a WARC file" if records == 0 else "corrupt or truncated WARC"
            yield InputRecord(
                source, "failed",
                f"{what}: reading stopped after {records} records: "
                f"{type(exc).__name__}: {exc}".strip(),
                kind="warc",
            )
            return
        if record_truncated:
            return
        if iterator.truncated_gzip:
            yield InputRecord(
                source, "failed",
                f"truncated WARC: the compressed data ends early (after {records} records)",
                kind="warc",
            )
        elif (end := _unread_data_at(handle, iterator.member_info)) is not None:
            yield InputRecord(
                source, "failed",
                f"corrupt or truncated WARC: unreadable data at byte {end} "
                f"(after {records} records)",
                kind="warc",
            )
        elif yielded == 0:
            yield InputRecord(
                source, "skipped",
                f"no HTTP response records in this WARC ({records} records read)", kind="warc",
            )


def _unread_data_at(handle: BinaryIO, member_info: tuple[int, int] | None) -> int | None:
    """Offset of non-blank bytes after the last record warcio read (a record cut inside its
    header, which warcio takes for the end of the file), else None."""
    end = sum(member_info) if member_info else 0
    try:
        handle.seek(end)
        while chunk := handle.read(_CHUNK):
            if chunk.strip():
                return end
    except OSError:
        return end
    return None


def _target(record: Any) -> str:
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID") or "?"
    return str(uri).strip("<>")


def _drained_complete(record: Any) -> bool:
    """Read the rest of the record's raw block; False when it ends before its declared
    length (or declares none, which a valid WARC record always does)."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    declared = record.rec_headers.get_header("Content-Length")
    return declared is not None and int(getattr(raw, "limit", 0) or 0) <= 0


def _failed(record: Any, path: Path, reason: str) -> InputRecord:
    uri = _target(record)
    if uri.lower().startswith(("http://", "https://")):
        return InputRecord(f"{path}#{uri}", "failed", f"WARC record {uri}: {reason}", kind="warc")
    return InputRecord(str(path), "failed", reason, kind="warc")


def _from_record(record: Any, path: Path, settings: Settings) -> Page | InputRecord | None:
    rec_type = str(record.rec_type or "")
    uri = _target(record)
    if not uri.lower().startswith(("http://", "https://")):
        return None
    source = f"{path}#{uri}"
    label = f"WARC record {uri}"

    def rejected(status: str, reason: str) -> InputRecord:
        return InputRecord(source, "failed" if status == "failed" else "skipped",
                           f"{label}: {reason}", kind="warc")

    if rec_type == "revisit":
        return rejected("skipped", "revisit record (repeat capture without payload)")
    if rec_type not in _PAGE_RECORDS:
        return None

    http = record.http_headers
    if http is not None:
        code = str(http.get_statuscode() or "?")
        if code != "200":
            location = http.get_header("Location")
            more = f" (redirect to {location})" if location and code.startswith("3") else ""
            return rejected("skipped", f"HTTP {code}{more}")
        content_type = http.get_header("Content-Type")
    elif rec_type == "response":
        return rejected("failed", "response record without HTTP headers (corrupt or truncated)")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    media, charset = parse_content_type(content_type)
    if media and media not in HTML_TYPES:
        return rejected("skipped", f"not HTML ({media})")

    limit = settings.ingest.max_bytes
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return rejected("failed", f"larger than {limit} bytes")
    text, reason = decode_body(data, charset, settings.ingest)
    if text is None:
        status = "skipped" if (reason or "").startswith("not a text page") else "failed"
        return rejected(status, reason or "undecodable")
    if not text.strip():
        return rejected("skipped", "empty body")
    if not media and not looks_like_html(text):
        return rejected("skipped", "not HTML (no Content-Type and no HTML markup)")
    return Page(
        id=page_id_for_url(uri),
        source=source,
        kind="html",
        content=text,
        content_hash=content_hash(text),
        url=uri,
    )
