"""RSS/Atom feeds (``--feed URL|FILE``) -> the pages their entries link to.

The feed is read from a local file or fetched with the safe fetcher of
:mod:`storylens.ingest.fetch` (same address checks, caps and timeouts; feedparser only ever
parses bytes, its own network code is never used). Then, per entry, in feed order:

- entry with a link: the link is fetched with :func:`fetch_urls`; the Page gets
  ``title_hint`` (entry title), ``published_hint`` (entry published date, YYYY-MM-DD, as
  written in the feed, i.e. in the publisher's time zone) and ``outlet_hint`` (feed title);
- the link cannot be fetched but the entry carries full content (``content:encoded`` or Atom
  ``content``; a ``description``/summary is a teaser and does not count): a skipped
  InputRecord for the link saying why and that the feed content was used, then a Page
  built from that content with ``source = f"{spec}#{link}"``;
- entry with content but no link: a Page from the content;
- entry with neither: skipped with the reason.

A feed that cannot be read or parsed gives one InputRecord (kind "feed"), failed; a feed
with no entries, skipped. feedparser flags small faults ("bozo") on many real feeds; they
count as malformed only when no entry with a link or content could be read.
"""

from __future__ import annotations

import dataclasses
import email.utils
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser

from storylens.ingest.common import content_hash, page_id_for_url
from storylens.ingest.fetch import FetchError, fetch_bytes, fetch_urls, make_client
from storylens.records import InputRecord, Page, PageKind
from storylens.settings import Settings


def iter_feed(spec: str, settings: Settings) -> Iterator[Page | InputRecord]:
    """Yield a Page or InputRecord per feed entry (see the module docstring); never raises."""
    loaded = _load(spec, settings)
    if isinstance(loaded, InputRecord):
        yield loaded
        return
    data, base = loaded
    try:
        headers = {"content-location": base} if base else None
        parsed = feedparser.parse(data, response_headers=headers)
    except Exception as exc:
        yield InputRecord(spec, "failed", f"malformed feed: {exc}", kind="feed")
        return
    entries: list[Any] = list(parsed.get("entries") or [])
    usable = any(_clean(e.get("link")) or _full_content(e) for e in entries)
    if parsed.get("bozo") and not usable:
        problem = parsed.get("bozo_exception") or "not RSS or Atom"
        yield InputRecord(spec, "failed", f"malformed feed: {problem}", kind="feed")
        return
    if not entries:
        yield InputRecord(spec, "skipped", "feed has no entries", kind="feed")
        return
    outlet = _clean(parsed.get("feed", {}).get("title"))
    links = [link for entry in entries if (link := _clean(entry.get("link")))]
    fetched = fetch_urls(links, settings)
    try:
        for number, entry in enumerate(entries, 1):
            yield from _entry_items(spec, number, entry, outlet, fetched, settings)
    finally:
        close = getattr(fetched, "close", None)  # stop the fetch pool if we stop early
        if close is not None:
            close()


def _entry_items(
    spec: str,
    number: int,
    entry: Any,
    outlet: str | None,
    fetched: Iterator[Page | InputRecord],
    settings: Settings,
) -> Iterator[Page | InputRecord]:
    link = _clean(entry.get("link"))
    title = _clean(entry.get("title"))
    published = _entry_date(entry)
    content = _full_content(entry)
    if link:
        result = next(fetched)  # fetch_urls yields exactly one item per link, in order
        if isinstance(result, Page):
            yield dataclasses.replace(
                result, title_hint=title, published_hint=published, outlet_hint=outlet
            )
            return
        if content is None:
            yield dataclasses.replace(result, kind="feed")
            return
        yield InputRecord(
            link, "skipped",
            f"{result.reason}; used the feed's full content for this entry instead",
            kind="feed",
        )
    elif content is None:
        label = f"'{title}'" if title else "(untitled)"
        yield InputRecord(f"{spec}#entry-{number}", "skipped",
                          f"feed entry {number} {label} has neither a link nor full content",
                          kind="feed")
        return
    assert content is not None
    text, kind = content
    key = link or _clean(entry.get("id")) or f"entry-{number}"
    yield Page(
        id=page_id_for_url(link or f"{spec}#{key}"),
        source=f"{spec}#{key}",
        kind=kind,
        content=text,
        content_hash=content_hash(text),
        url=link,
        published_hint=published,
        outlet_hint=outlet,
        title_hint=title,
    )


def _load(spec: str, settings: Settings) -> tuple[bytes, str | None] | InputRecord:
    """The feed's bytes and base URL, or a failed record."""
    scheme = urlsplit(spec).scheme.lower()
    if scheme in ("http", "https"):
        with make_client(settings) as client:
            result = fetch_bytes(client, spec, settings, accept=None)
        if isinstance(result, FetchError):
            return InputRecord(spec, result.status, result.reason, kind="feed")
        return result.data, result.url
    path = Path(spec)
    if len(scheme) > 1 and not path.exists():  # "C:\..." has a one-letter "scheme"
        return InputRecord(spec, "skipped",
                           f"unsupported feed location (scheme {scheme!r}): give an http(s) "
                           "URL or a local file", kind="feed")
    limit = settings.ingest.max_bytes
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return InputRecord(spec, "failed", f"cannot read feed file: {exc.strerror or exc}",
                           kind="feed")
    if len(data) > limit:
        return InputRecord(spec, "failed", f"larger than {limit} bytes", kind="feed")
    return data, None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _full_content(entry: Any) -> tuple[str, PageKind] | None:
    for item in entry.get("content") or []:
        value = item.get("value") if hasattr(item, "get") else None
        if isinstance(value, str) and value.strip():
            kind: PageKind = "html" if "html" in str(item.get("type", "")).lower() else "text"
            return value, kind
    return None


def _entry_date(entry: Any) -> str | None:
    """The entry's published date as YYYY-MM-DD in the time zone the feed wrote it in
    (feedparser's ``published_parsed`` is UTC, which can move a late-evening story to the
    next day). Not ``updated``: a modification time is not a publication date."""
    raw = _clean(entry.get("published"))
    if raw:
        try:
            return email.utils.parsedate_to_datetime(raw).date().isoformat()  # RSS (RFC 822)
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return datetime.fromisoformat(raw).date().isoformat()  # Atom (RFC 3339)
        except ValueError:
            pass
    parsed = entry.get("published_parsed")
    if isinstance(parsed, time.struct_time):
        return time.strftime("%Y-%m-%d", parsed)
    return None
