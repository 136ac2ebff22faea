"""Helpers shared by every ingest source: ids, hashes, decoding, sniffing.

Decoding order for bytes: a BOM, then strict UTF-8, then charset-normalizer's best guess
(the well-kept detector of the field), then a refusal with a reason. Nothing here raises
for bad input: callers get ``(text, None)`` or ``(None, reason)``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

from storylens.settings import IngestSettings

_WS = re.compile(r"\s+")
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")

# Magic numbers of binary formats users drop into a pile by mistake.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx/zip)"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x00", "binary data"),
)


def content_hash(text: str) -> str:
    """Hash of the text with whitespace and Unicode form normalised, so a page saved twice
    with different line endings or trailing spaces is recognised as the same page."""
    norm = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def page_id_for_url(url: str) -> str:
    """A readable, stable id for a URL: host and path slug plus a short hash of the URL."""
    parts = urlsplit(url)
    slug = _SLUG.sub("-", f"{parts.netloc}{parts.path}").strip("-.")[:60] or "page"
    return f"{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}"


def page_id_for_name(name: str) -> str:
    """The id for a file input: its stem (without .gz and the format suffix)."""
    base = name
    for suffix in (".gz",):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    if "." in base:
        base = base.rsplit(".", 1)[0]
    return _SLUG.sub("-", base).strip("-") or "page"


def sniff_format(data: bytes) -> str | None:
    """Name the binary file format if the bytes start with its magic number, else None."""
    head = data[:16]
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    return None


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format if the bytes start like one (or hold NUL bytes), else None."""
    named = sniff_format(data)
    if named:
        return named
    if b"\x00" in data[:4096]:
        return "binary data (NUL bytes)"
    return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    bad = sum(
        1 for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    )
    return bad / len(sample)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)
_PREFERRED_LEGACY = ("cp1252", "windows-1252", "latin_1", "iso8859_1")
"""Among equally plausible single-byte guesses, prefer windows-1252: the WHATWG encoding
standard's default for unlabelled Western pages (and what browsers use for "latin-1")."""


def _guess_legacy(data: bytes) -> str | None:
    results = list(from_bytes(data))
    if not results:
        return None
    best = results[0]
    ties = [m for m in results
            if m.chaos == best.chaos and m.coherence == best.coherence]
    for match in ties:
        if match.encoding in _PREFERRED_LEGACY:
            return str(match)
    return str(best)


def decode_bytes(
    data: bytes, settings: IngestSettings, declared: str | None = None,
    check_controls: bool = True,
) -> tuple[str | None, str | None]:
    """Decode page bytes to text, or give the reason it cannot be done.

    Order: byte order mark, a declared charset (HTTP header or HTML meta), strict UTF-8,
    then charset-normalizer's guess; binary data and control-character soup are refused
    (the latter unless ``check_controls`` is False: JSONL refuses raw control characters
    line by line, so one bad line does not cost the file).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "undecodable: UTF-16 byte order mark but invalid UTF-16"
    binary = sniff_binary(data)
    if binary:
        return None, f"not a text page: looks like a {binary}"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text: str | None = None
    meta = _META_CHARSET.search(data[:4096])
    for name in (declared, meta.group(1).decode("ascii", "ignore") if meta else None):
        if name and text is None:
            try:
                text = data.decode(name)
            except (LookupError, UnicodeDecodeError):
                text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_legacy(data)
    if text is None:
        return None, "undecodable: no text encoding fits these bytes"
    if check_controls and _control_share(text) > settings.max_control_share:
        return None, "not a text page: too many control characters (binary data?)"
    return text, None


def looks_like_html(text: str) -> bool:
    """True when the text is HTML markup rather than flattened page text."""
    head = text[:2000].lower()
    return bool(re.search(r"<(!doctype html|html|head|body|article|div|p)[\s>]", head))
