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

import errno
import json
import os
import stat
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
    sniff_format,
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


def _kind_of_mode(mode: int) -> str:
    """A readable name for a non-regular file type."""
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


def _not_regular(path: Path) -> InputRecord | None:
    """A skipped/failed record when ``path`` is not a regular file (after links), else None.

    Links to regular files are read; a broken link fails; a link to a device, pipe or socket
    (``/dev/zero``, a FIFO) is skipped, since reading it could block or never end.
    """
    try:
        st = path.stat()
    except OSError as exc:
        if path.is_symlink():
            loop = exc.errno == errno.ELOOP
            return InputRecord(str(path), "failed",
                               "symbolic link loop" if loop else "broken symbolic link")
        return InputRecord(str(path), "failed", f"cannot read: {exc.strerror or exc}")
    if stat.S_ISREG(st.st_mode):
        return None
    link = " (through a symbolic link)" if path.is_symlink() else ""
    return InputRecord(str(path), "skipped",
                       f"not a regular file: {_kind_of_mode(st.st_mode)}{link}")


def _walk(folder: Path) -> Iterator[Path | InputRecord]:
    """Everything under a folder, sorted: regular files as paths, everything else (hidden
    entries, links to folders, special files, unreadable or empty folders) as records."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputRecord(str(folder), "failed",
                          f"cannot read folder: {exc.strerror or exc}", kind="folder")
        return
    if not entries:
        yield InputRecord(str(folder), "skipped", "empty folder", kind="folder")
        return
    for entry in entries:
        child = Path(entry.path)
        if entry.name.startswith("."):
            what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
            yield InputRecord(str(child), "skipped", f"hidden {what} (name starts with '.')")
            continue
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError as exc:
            yield InputRecord(str(child), "failed", f"cannot read: {exc.strerror or exc}")
            continue
        if is_link and child.is_dir():
            yield InputRecord(str(child), "skipped",
                              "symbolic link to a folder: not followed (it could loop)",
                              kind="folder")
        elif is_dir:
            yield from _walk(child)
        else:
            refused = _not_regular(child)
            yield refused if refused is not None else child


def iter_files(paths: Sequence[str | Path]) -> Iterator[Path | InputRecord]:
    """Expand paths: folders recursively (sorted). Regular files come out as paths; every
    other path met (missing, hidden, special file, link to a device or folder, unreadable or
    empty folder) as exactly one InputRecord with the reason."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists() or path.is_symlink():
            refused = _not_regular(path)
            yield refused if refused is not None else path
        else:
            yield InputRecord(str(path), "failed", "no such file or directory")


def _read_capped(path: Path, limit: int) -> bytes | InputRecord:
    """At most ``limit + 1`` bytes of a regular file, counted as read (a size from ``stat``
    can lie: /proc files, files that grow). Opened non-blocking and checked with ``fstat``
    on the open descriptor, so a file swapped for a pipe after the walk cannot block."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return InputRecord(str(path), "skipped",
                               f"not a regular file: {_kind_of_mode(mode)}")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read_limited(path: Path, settings: IngestSettings) -> tuple[bytes | None, str | None]:
    """Read a file (gunzipping ``.gz``), refusing oversized and truncated data."""
    read = _read_capped(path, settings.max_bytes)
    if isinstance(read, InputRecord):
        return None, read.reason
    data = read
    if len(data) > settings.max_bytes:
        return None, f"too large: over {settings.max_bytes:,} bytes (see --max-bytes)"
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
    page_id: str, source: str, kind: str, text: str, extra: dict[str, Any] | None = None,
    warnings: tuple[str, ...] = (),
) -> Page:
    extra = extra or {}
    return Page(
        id=page_id, source=source, kind="html" if kind == "html" else "text", content=text,
        content_hash=content_hash(text), url=extra.get("url"),
        published_hint=extra.get("published"), outlet_hint=extra.get("outlet"),
        title_hint=extra.get("title"), warnings=warnings,
    )


HINT_FIELDS = ("url", "published", "outlet", "title")
"""Optional string fields of a JSONL record; a value of another type is dropped with a
warning in the input's reason, and the record's text is kept."""


def _valid_text(value: str) -> str:
    """The string with lone surrogates (legal in JSON escapes, not in UTF-8) replaced."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def _hints(rec: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    extra: dict[str, Any] = {}
    warnings: list[str] = []
    for name in HINT_FIELDS:
        value = rec.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            value = _valid_text(value).strip()
            if value:
                extra[name] = value[:2000]
            continue
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        warnings.append(f"'{name}' dropped: {shown} is a JSON {_json_type(value)}, "
                        "not a string")
    return extra, tuple(warnings)


def _jsonl_lines(data: bytes, settings: IngestSettings) -> tuple[list[str | None], str | None]:
    """The lines of a JSONL file (split at ``\\n`` only, a trailing ``\\r`` dropped), ``None``
    for a line of binary data (NUL bytes); or no lines and the reason the whole file is
    refused: a binary format's magic number, NUL bytes on most lines, or no text encoding.

    A stray binary line costs only that line. The file is decoded as one text (one encoding
    guess) with its binary lines blanked, so line numbers stay those of the file.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: NUL bytes on every line
        text, reason = decode_bytes(data, settings, check_controls=False)
        if text is None:
            return [], reason
        return [line.removesuffix("\r") for line in text.split("\n")], None
    binary_format = sniff_format(data)
    if binary_format:
        return [], f"not a text page: looks like a {binary_format}"
    raw = data.split(b"\n")
    used = [n for n, line in enumerate(raw) if line.strip()]
    nul = {n for n in used if b"\x00" in raw[n]}
    if nul and len(nul) * 2 > len(used):
        return [], "not a text page: binary data (NUL bytes on most lines)"
    text, reason = decode_bytes(b"\n".join(b"" if n in nul else line
                                            for n, line in enumerate(raw)),
                                settings, check_controls=False)
    if text is None:
        return [], reason
    lines: list[str | None] = [line.removesuffix("\r") for line in text.split("\n")]
    if len(lines) == len(raw):  # (a multi-byte guess could merge lines: then no marks)
        for n in nul:
            lines[n] = None
    return lines, None


def _iter_jsonl(path: Path, lines: list[str | None], settings: IngestSettings) -> Iterator[Item]:
    """One item per non-blank line, named ``file:line`` (the URL, when given, is kept in
    ``Page.url`` and the input record's ``url``; it still gives the page id)."""
    stem = page_id_for_name(path.name)
    found = False
    for lineno, line in enumerate(lines, start=1):
        source = f"{path}:{lineno}"
        if line is None:
            found = True
            yield InputRecord(source, "failed",
                              f"binary data on line {lineno} (NUL bytes): not a JSON record",
                              kind="jsonl")
            continue
        if not line.strip():
            continue
        found = True
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield InputRecord(source, "failed", f"invalid JSON on line {lineno}: {msg}",
                              kind="jsonl")
            continue
        if not isinstance(rec, dict):
            yield InputRecord(source, "failed", "JSONL line is not an object", kind="jsonl")
            continue
        extra, warnings = _hints(rec)
        url = extra.get("url")
        body = rec.get("html") if isinstance(rec.get("html"), str) else None
        kind = "html"
        if body is None and isinstance(rec.get("text"), str):
            body, kind = rec["text"], "txt"
        if not body or not body.strip():
            yield InputRecord(source, "skipped", "JSONL record has no 'html' or 'text' string",
                              kind="jsonl", url=url)
            continue
        body = _valid_text(body)
        if len(body.encode("utf-8")) > settings.max_bytes:
            yield InputRecord(source, "skipped", "too large: record over the byte cap",
                              kind="jsonl", url=url)
            continue
        page_id = page_id_for_url(url) if url else f"{stem}-{lineno}"
        yield _page(page_id, source, kind, body, extra, warnings)
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
    if kind == "jsonl":
        lines, reason = _jsonl_lines(data, settings.ingest)
        if reason:
            yield InputRecord(source, "failed", reason, kind=kind)
        else:
            yield from _iter_jsonl(path, lines, settings.ingest)
        return
    text, reason = decode_bytes(data, settings.ingest)
    if text is None:
        yield InputRecord(source, "failed", reason or "undecodable", kind=kind)
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
