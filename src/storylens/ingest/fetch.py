"""Fetch pages over HTTP(S) safely: URL lists (``--urls FILE``) and feed links.

For each URL, :func:`fetch_urls` yields exactly one record, in input order: a :class:`Page`
or an :class:`InputRecord` (kind "url") saying why not. The fetch of one URL runs these
checks, each ending it with a reason:

1. the scheme is http or https (else skipped);
2. the host is resolved with ``socket.getaddrinfo`` and *every* address is checked with
   :mod:`ipaddress`; private, loopback, link-local, multicast, reserved, unspecified and
   other non-global addresses are refused unless ``settings.ingest.allow_private``;
3. the request is sent to one of the checked addresses (the connection is pinned to it, with
   the Host header and TLS SNI/certificate name set to the real host name), so a second DNS
   answer cannot swap in a private address between check and connect (DNS rebinding);
4. redirects are followed by hand (at most :data:`MAX_REDIRECTS`), each hop re-running 1-3;
5. status 200 only; Content-Type HTML or text/plain (or absent, then sniffed);
6. the body is streamed and cut at ``max_bytes`` (after Content-Encoding is undone, so a
   compressed bomb is capped too), with ``fetch_timeout`` as one deadline for the whole URL:
   name resolution, connect, TLS, every redirect hop, headers and body. Every socket
   operation gets at most the time left to that deadline (:class:`_DeadlineBackend`), so a
   server trickling one byte at a time cannot stretch it;
7. decoding honours a charset in Content-Type, then falls back to
   :func:`storylens.ingest.common.decode_bytes`.

Status convention: "skipped" for policy refusals and inputs that are not pages (scheme,
private address, content type, binary body); "failed" for errors (DNS, connection, HTTP
status, size, timeout, undecodable bytes).

Concurrency: a thread pool of ``fetch_concurrency`` workers over one ``httpx.Client``, at most
:data:`PER_HOST` requests at a time to the same host (of the input URL). The client ignores
proxy environment variables (``trust_env=False``): through a proxy the address checks above
would check the proxy, not the target.
"""

from __future__ import annotations

import codecs
import ipaddress
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpcore
import httpx

from storylens.ingest.common import (
    content_hash,
    decode_bytes,
    looks_like_html,
    page_id_for_url,
    sniff_binary,
)
from storylens.records import InputRecord, Page, PageKind
from storylens.settings import IngestSettings, Settings

HTML_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES: frozenset[str] = frozenset({"text/plain"})
PAGE_TYPES: frozenset[str] = HTML_TYPES | TEXT_TYPES
MAX_REDIRECTS = 10  # browsers stop at 20; news sites use 1-3 (http->https, www, trailing /)
PER_HOST = 2  # polite crawling: at most this many requests in flight to one host
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"

Status = Literal["skipped", "failed"]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A body that passed every check: final URL, bytes, media type and declared charset."""

    url: str
    data: bytes
    media_type: str  # lower case, "" when the server sent no Content-Type
    charset: str | None


@dataclass(frozen=True, slots=True)
class FetchError:
    """Why a URL gave no body."""

    status: Status
    reason: str


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str


def read_url_list(path: Path) -> list[str]:
    """URLs from a text file: one per line, blank lines and ``#`` comment lines ignored.

    Raises OSError when the file cannot be read (the CLI reports it; there is no input to
    account for yet). Lines are returned as written (stripped); bad URLs are reported by
    :func:`fetch_urls`, one record each.
    """
    urls: list[str] = []
    for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=ISO-8859-1"`` -> ``("text/html", "iso-8859-1")``."""
    if not value:
        return "", None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return media.strip().lower(), charset


def decode_body(
    data: bytes, charset: str | None, settings: IngestSettings
) -> tuple[str | None, str | None]:
    """Decode with the declared charset when it is known and fits, else ``decode_bytes``.

    A byte order mark wins over the declared charset (as in browsers).
    """
    if charset and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        binary = sniff_binary(data)
        if binary:
            return None, f"not a text page: looks like a {binary}"
        try:
            codecs.lookup(charset)
            return data.decode(charset), None
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong label: let the detector decide
    return decode_bytes(data, settings)


def _address_refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _resolve(host: str, port: int, timeout: float | None = None) -> list[str]:
    """Addresses of a host, in resolver order, without duplicates (OSError on failure).

    With ``timeout``, the lookup runs in a helper thread and a slow resolver fails the URL
    when the time is up (``getaddrinfo`` itself cannot be interrupted; the thread ends when
    the resolver gives up)."""
    if timeout is None:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    else:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storylens-dns")
        try:
            infos = pool.submit(socket.getaddrinfo, host, port,
                                type=socket.SOCK_STREAM).result(timeout=timeout)
        except FutureTimeout:
            raise OSError(f"no answer within {timeout:.0f} s") from None
        finally:
            pool.shutdown(wait=False)
    out: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in out:
            out.append(address)
    return out


def _checked_addresses(url: httpx.URL, allow_private: bool, timeout: float | None = None
                       ) -> tuple[list[str], FetchError | None]:
    host = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        try:
            addresses = _resolve(host, port, timeout)
        except (OSError, UnicodeError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return [], FetchError("failed", f"cannot resolve host {host}: {detail}")
    if not addresses:
        return [], FetchError("failed", f"cannot resolve host {host}: no address")
    if not allow_private:
        try:
            refused = any(_address_refused(a) for a in addresses)
        except ValueError:
            refused = True
        if refused:
            return [], FetchError(
                "skipped",
                f"refused: {host} resolves to a private/loopback address "
                "(use --allow-private to allow)",
            )
    return addresses, None


_deadline = threading.local()
"""The deadline (``time.monotonic()``) of the URL this thread is fetching."""


def _time_left(timeout: float | None) -> float:
    """``timeout`` cut to the time left before this thread's deadline (raises when none)."""
    deadline: float | None = getattr(_deadline, "at", None)
    if deadline is None:
        return timeout if timeout is not None else 60.0
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the URL's time budget is spent")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read/write/TLS step ends by the URL's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with every operation bounded by the URL's deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_tcp(
            host, port, _time_left(timeout), local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, _time_left(seconds)))


def make_client(settings: Settings) -> httpx.Client:
    """The shared client: no automatic redirects, no proxies from the environment, no
    keep-alive (a pooled connection is keyed by address, so it could carry a request for
    another host name with the wrong TLS name), every socket step bounded by the URL's
    deadline (httpx has no public hook for the network backend: set on its pool)."""
    transport = httpx.HTTPTransport(
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=0))
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):  # pragma: no cover
        raise RuntimeError("httpx/httpcore changed: cannot bound fetches by a deadline")
    pool._network_backend = _DeadlineBackend()
    return httpx.Client(
        follow_redirects=False,
        trust_env=False,
        timeout=settings.ingest.fetch_timeout,
        transport=transport,
        headers={"User-Agent": settings.ingest.user_agent, "Accept": _ACCEPT},
    )


def _send_pinned(
    client: httpx.Client,
    url: httpx.URL,
    address: str,
    settings: IngestSettings,
    accept: frozenset[str] | None,
    deadline: float,
) -> Fetched | FetchError | _Redirect:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return FetchError("failed", f"timed out after {settings.fetch_timeout:g} s")
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    request = client.build_request(
        "GET",
        url.copy_with(host=address),
        headers={"Host": url.netloc.decode("ascii")},
        extensions=extensions,
        timeout=httpx.Timeout(min(settings.fetch_timeout, remaining)),
    )
    response = client.send(request, stream=True)
    try:
        status = response.status_code
        if status in _REDIRECT_CODES:
            location = response.headers.get("location")
            if not location:
                return FetchError("failed", f"HTTP {status} redirect without a Location")
            return _Redirect(str(url.join(location)))
        if status != 200:
            return FetchError("failed", f"HTTP {status} {response.reason_phrase}".strip())
        media, charset = parse_content_type(response.headers.get("content-type"))
        if accept is not None and media and media not in accept:
            return FetchError("skipped", f"not HTML or text ({media})")
        limit = settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:  # compressed size > limit: too
            return FetchError("failed", f"larger than {limit} bytes")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                return FetchError("failed", f"larger than {limit} bytes")
            if time.monotonic() > deadline:
                return FetchError("failed", f"timed out after {settings.fetch_timeout:g} s")
        return Fetched(str(url), bytes(body), media, charset)
    finally:
        response.close()


def fetch_bytes(
    client: httpx.Client,
    url: str,
    settings: Settings,
    accept: frozenset[str] | None = PAGE_TYPES,
) -> Fetched | FetchError:
    """Fetch one URL with every check in the module docstring; never raises.

    ``accept`` lists the media types taken (a missing Content-Type is always taken, for the
    caller to sniff); ``None`` takes any type (feeds: feedparser judges the bytes).
    """
    ingest = settings.ingest
    deadline = time.monotonic() + ingest.fetch_timeout
    _deadline.at = deadline
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                parsed = httpx.URL(current)
            except (httpx.InvalidURL, ValueError, TypeError) as exc:
                return FetchError("skipped", f"invalid URL: {exc}")
            if parsed.scheme not in ("http", "https"):
                scheme = parsed.scheme or "none"
                return FetchError(
                    "skipped", f"unsupported URL scheme {scheme!r} (only http and https)"
                )
            if not parsed.raw_host:
                return FetchError("skipped", "invalid URL: no host")
            left = deadline - time.monotonic()
            if left <= 0:
                return FetchError("failed", f"timed out after {ingest.fetch_timeout:g} s")
            addresses, error = _checked_addresses(parsed, ingest.allow_private, left)
            if error is not None:
                return error
            result: Fetched | FetchError | _Redirect | None = None
            for address in addresses:  # next address only when this one refuses to connect
                try:
                    result = _send_pinned(client, parsed, address, ingest, accept, deadline)
                    break
                except httpx.ConnectError as exc:
                    result = FetchError("failed", f"cannot connect to {parsed.host}: {exc}")
            if isinstance(result, _Redirect):
                current = result.location
                continue
            assert result is not None
            return result
        return FetchError("failed", f"too many redirects (more than {MAX_REDIRECTS})")
    except httpx.TimeoutException:
        return FetchError("failed", f"timed out after {ingest.fetch_timeout:g} s")
    except httpx.HTTPError as exc:
        return FetchError("failed", f"HTTP error: {type(exc).__name__}: {exc}")
    except Exception as exc:  # one bad URL never stops the batch
        return FetchError("failed", f"unexpected error: {type(exc).__name__}: {exc}")
    finally:
        _deadline.at = None


def page_from_fetched(source: str, fetched: Fetched, settings: Settings) -> Page | InputRecord:
    """Decode a fetched body into a Page (id and source from ``source``, url the final URL)."""
    text, reason = decode_body(fetched.data, fetched.charset, settings.ingest)
    if text is None:
        status: Status = "skipped" if (reason or "").startswith("not a text page") else "failed"
        return InputRecord(source, status, reason or "undecodable", kind="url")
    if not text.strip():
        return InputRecord(source, "skipped", "empty page", kind="url")
    kind: PageKind
    if fetched.media_type in HTML_TYPES:
        kind = "html"
    elif fetched.media_type in TEXT_TYPES:
        kind = "text"
    else:
        kind = "html" if looks_like_html(text) else "text"
    return Page(
        id=page_id_for_url(source),
        source=source,
        kind=kind,
        content=text,
        content_hash=content_hash(text),
        url=fetched.url,
    )


def _host_key(url: str) -> str:
    try:
        return httpx.URL(url).host.lower()
    except Exception:
        return ""


def fetch_urls(urls: Sequence[str], settings: Settings) -> Iterator[Page | InputRecord]:
    """Fetch each URL; yield one Page or InputRecord per URL, in input order.

    ``Page.id`` and ``Page.source`` come from the URL as given (stable across runs);
    ``Page.url`` is the final URL after redirects. No published/outlet/title hints: an HTTP
    Last-Modified is a serving time, not a publication date (docs/decisions/0601).
    """
    items = list(urls)
    if not items:
        return
    workers = max(1, min(settings.ingest.fetch_concurrency, len(items)))
    host_slots: dict[str, threading.BoundedSemaphore] = {}
    lock = threading.Lock()

    def slot(host: str) -> threading.BoundedSemaphore:
        with lock:
            if host not in host_slots:
                host_slots[host] = threading.BoundedSemaphore(PER_HOST)
            return host_slots[host]

    def one(client: httpx.Client, url: str) -> Page | InputRecord:
        with slot(_host_key(url)):
            result = fetch_bytes(client, url, settings)
        if isinstance(result, FetchError):
            return InputRecord(url, result.status, result.reason, kind="url")
        try:
            return page_from_fetched(url, result, settings)
        except Exception as exc:
            return InputRecord(url, "failed", f"unexpected error: {exc}", kind="url")

    yield from _ordered(items, workers, one, settings)


def _ordered(
    items: list[str],
    workers: int,
    job: Callable[[httpx.Client, str], Page | InputRecord],
    settings: Settings,
) -> Iterator[Page | InputRecord]:
    """Run ``job`` over items in a pool, a bounded window ahead, yielding in input order."""
    window = workers * 4
    pending: deque[Future[Page | InputRecord]] = deque()
    client = make_client(settings)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storylens-fetch")
    try:
        for item in items:
            pending.append(pool.submit(job, client, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        client.close()
