"""Local inputs: files and folders (recursively), ``.gz``, ``.jsonl`` and WARC dispatch.

Every path given and every file found under a folder comes out as exactly one item per
document: a :class:`Page`, or an :class:`InputRecord` saying why it was skipped or failed.
Nothing here raises for bad input; one bad file never stops the rest.

Supported: ``.txt``/``.text`` (flattened page text, or HTML if it looks like markup),
``.html``/``.htm``/``.xhtml``, either of those gzipped (``.gz``), ``.jsonl`` (one record per
line: ``url``, ``html`` or ``text``, optional ``published``, ``outlet``, ``title``), and
``.warc``/``.warc.gz``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from storylens.ingest.common import (
    content_hash,
    decode_bytes,
    looks_like_html,
    page_id_for_name,
    page_id_for_url,
)
from storylens.records import InputRecord, Page
from storylens.settings import IngestSettings, Settings

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")

Item = Page | InputRecord


def _suffix_kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    base = name[:-3] if name.endswith(".gz") else name
    if base.endswith(TEXT_SUFFIXES):
        return "txt"
    if base.endswith(HTML_SUFFIXES):
        return "html"
    if base.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def iter_files(paths: Sequence[str | Path]) -> Iterator[Path | InputRecord]:
    """Expand paths: folders recursively (sorted, hidden files skipped), missing paths failed."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or child.is_dir():
                    continue
                yield child
        elif path.exists():
            yield path
        else:
            yield InputRecord(str(path), "failed", "no such file or directory")


def _read_limited(path: Path, settings: IngestSettings) -> tuple[bytes | None, str | None]:
    """Read a file (gunzipping ``.gz``), refusing oversized and truncated data."""
    size = path.stat().st_size
    if size > settings.max_bytes:
        return None, f"too large: {size:,} bytes (cap {settings.max_bytes:,}; see --max-bytes)"
    data = path.read_bytes()
    if not path.name.lower().endswith(".gz"):
        return data, None
    try:
        decomp = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        out = decomp.decompress(data, settings.max_decompressed_bytes + 1)
        if len(out) > settings.max_decompressed_bytes:
            return None, (
                f"too large once decompressed: over {settings.max_decompressed_bytes:,} bytes"
            )
        if not decomp.eof:
            return None, "truncated gzip: the compressed stream ends early"
    except zlib.error as exc:
        return None, f"corrupt gzip: {exc}"
    if len(out) > settings.max_bytes:
        return None, f"too large: {len(out):,} bytes decompressed (cap {settings.max_bytes:,})"
    return out, None


def _page(
    page_id: str, source: str, kind: str, text: str, extra: dict[str, Any] | None = None
) -> Page:
    extra = extra or {}
    return Page(
        id=page_id, source=source, kind="html" if kind == "html" else "text", content=text,
        content_hash=content_hash(text), url=extra.get("url"),
        published_hint=extra.get("published"), outlet_hint=extra.get("outlet"),
        title_hint=extra.get("title"),
    )


def _iter_jsonl(path: Path, text: str, settings: IngestSettings) -> Iterator[Item]:
    stem = page_id_for_name(path.name)
    found = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        source = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputRecord(source, "failed", f"invalid JSON on line {lineno}: {exc.msg}",
                              kind="jsonl")
            continue
        if not isinstance(rec, dict):
            yield InputRecord(source, "failed", "JSONL line is not an object", kind="jsonl")
            continue
        body = rec.get("html") if isinstance(rec.get("html"), str) else None
        kind = "html"
        if body is None and isinstance(rec.get("text"), str):
            body, kind = rec["text"], "txt"
        if not body or not body.strip():
            yield InputRecord(source, "skipped", "JSONL record has no 'html' or 'text'",
                              kind="jsonl")
            continue
        if len(body.encode("utf-8")) > settings.max_bytes:
            yield InputRecord(source, "skipped", "too large: record over the byte cap",
                              kind="jsonl")
            continue
        url = rec.get("url") if isinstance(rec.get("url"), str) else None
        page_id = page_id_for_url(url) if url else f"{stem}-{lineno}"
        extra = {k: rec.get(k) for k in ("published", "outlet", "title") if rec.get(k)}
        extra["url"] = url
        yield _page(page_id, url or source, kind, body, extra)
    if not found:
        yield InputRecord(str(path), "skipped", "empty file: no JSONL records", kind="jsonl")


def read_file(path: Path, settings: Settings) -> Iterator[Item]:
    """All items of one file (several for JSONL and WARC)."""
    kind = _suffix_kind(path)
    source = str(path)
    if kind is None:
        suffix = "".join(path.suffixes[-2:]) or "(none)"
        yield InputRecord(source, "skipped", f"unsupported file type {suffix}")
        return
    if kind == "warc":
        from storylens.ingest.warc import iter_warc

        yield from iter_warc(path, settings)
        return
    try:
        data, reason = _read_limited(path, settings.ingest)
    except OSError as exc:
        yield InputRecord(source, "failed", f"cannot read: {exc.strerror or exc}", kind=kind)
        return
    if data is None:
        if reason and "gzip" in reason:
            yield InputRecord(source, "failed", reason, kind=kind)
        else:
            yield InputRecord(source, "skipped", reason or "unreadable", kind=kind)
        return
    if not data.strip():
        yield InputRecord(source, "skipped", "empty file", kind=kind)
        return
    text, reason = decode_bytes(data, settings.ingest)
    if text is None:
        yield InputRecord(source, "failed", reason or "undecodable", kind=kind)
        return
    if kind == "jsonl":
        yield from _iter_jsonl(path, text, settings.ingest)
        return
    if len(text.strip()) < settings.ingest.min_chars:
        yield InputRecord(
            source, "skipped", f"too short: {len(text.strip())} characters of text", kind=kind
        )
        return
    page_kind = "html" if kind == "html" or looks_like_html(text) else "txt"
    yield _page(page_id_for_name(path.name), source, page_kind, text)


def iter_inputs(paths: Sequence[str | Path], settings: Settings) -> Iterator[Item]:
    """Pages and input records for every file under ``paths``, in a stable order."""
    for entry in iter_files(paths):
        if isinstance(entry, InputRecord):
            yield entry
        else:
            yield from read_file(entry, settings)
