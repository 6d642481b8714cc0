"""Fetching web pages over HTTP(S) with httpx.

`fetch` turns a URL into a `Page` or raises one of the typed errors of
`reader.core.errors`, never a raw httpx or socket exception. It enforces the
limits a reader needs against hostile or broken servers: a size cap applied
to the *decoded* body while it streams (compressed bodies are inflated in
bounded steps here, not by httpx, so a gzip bomb never expands in memory), a
redirect limit, connect/read/total timeouts, an HTML-only content-type check
and careful charset decoding (`decode_html`).
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import errno
import functools
import html as htmllib
import os
import re
import socket
import ssl
import zlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from reader.core.errors import (
    BadURL,
    FetchError,
    HTTPStatusError,
    NotHTML,
    Offline,
    ReaderError,
    Timeout,
    TooLarge,
    TooManyRedirects,
)
from reader.core.fetch_options import DEFAULT_USER_AGENT, FetchOptions
from reader.core.models import Page
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable, normalize_user_url, resolve, shorten, without_fragment

try:  # httpx[brotli] installs it; without it we simply do not ask for br.
    import brotli  # type: ignore[import-untyped,unused-ignore]
except ImportError:  # pragma: no cover - brotli is a declared dependency
    brotli = None

__all__ = [
    "DEFAULT_USER_AGENT",
    "DecodeError",
    "Decoder",
    "FetchOptions",
    "codec_for",
    "decode_html",
    "describe_binary",
    "fetch",
    "format_size",
    "gzip_decoder",
    "looks_like_html",
    "make_client",
    "make_decoder",
    "meta_refresh_target",
]

#: Honest User-Agent: who we are, so site owners can tell the reader apart.

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
ACCEPT_ENCODING = "gzip, deflate, br" if brotli is not None else "gzip, deflate"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

#: Largest piece a decoder hands out at once; bounds memory per step.
_CHUNK = 64 * 1024
#: Bodies larger than this are decoded in a worker thread.
_THREAD_DECODE_BYTES = 256 * 1024
#: How far into the document <meta charset> and the XML declaration are looked for.
_PRESCAN_BYTES = 8 * 1024
#: How much of the body charset detection looks at.
_DETECT_BYTES = 256 * 1024
#: A meta refresh is followed only with a delay up to this many seconds ...
_META_REFRESH_MAX_DELAY = 5
#: ... and only on a page with at most this many characters of visible text.
_META_REFRESH_MAX_TEXT = 600
_GZIP_MAGIC = b"\x1f\x8b"
#: How much more "chaos" windows-1252 may show than the best guess and still win.
_LATIN_MARGIN = 0.1


# --------------------------------------------------------------------------- client


def make_client(options: FetchOptions) -> httpx.AsyncClient:
    """A client for `fetch`: http/https only, pooled, with our headers and timeouts.

    Redirects are not followed by httpx; `fetch` follows them itself so that it
    can check every hop. The client keeps no cookies: `fetch` holds those a
    server sets only for the redirects of one request.
    """
    return httpx.AsyncClient(
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        headers=_request_headers(options),
        timeout=_timeouts(options),
        limits=httpx.Limits(max_connections=16, max_keepalive_connections=8, keepalive_expiry=30),
        follow_redirects=False,
        max_redirects=options.max_redirects,
        trust_env=True,
        event_hooks={"response": [_remember_location]},
    )


_LOCATION_KEY = "reader.location"


async def _remember_location(response: httpx.Response) -> None:
    """Response hook: keep a redirect's Location on the request, for error messages."""
    location = response.headers.get("location")
    if location is not None and response.status_code in REDIRECT_CODES:
        response.request.extensions[_LOCATION_KEY] = location


def _timeouts(options: FetchOptions) -> httpx.Timeout:
    return httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.total_timeout,
    )


def _request_headers(options: FetchOptions) -> dict[str, str]:
    return {
        "User-Agent": options.user_agent,
        "Accept": ACCEPT,
        "Accept-Language": options.accept_language or _locale_accept_language(),
        "Accept-Encoding": ACCEPT_ENCODING,
    }


_LANG_TAG = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?$", re.IGNORECASE)


def _locale_accept_language() -> str:
    """An Accept-Language value from LC_ALL / LC_MESSAGES / LANG ("id_ID.UTF-8" -> id-ID)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            break
    tag = value.split(".")[0].split("@")[0]
    if not _LANG_TAG.match(tag) or tag.lower() in {"c", "posix"}:
        return "en;q=0.9, *;q=0.5"
    tag = tag.replace("_", "-")
    primary = tag.split("-")[0].lower()
    parts = [tag]
    if primary != tag:
        parts.append(f"{primary};q=0.9")
    if primary != "en":
        parts.append("en;q=0.8")
    parts.append("*;q=0.5")
    return ", ".join(parts)


# --------------------------------------------------------------------------- fetch


async def fetch(
    url: str,
    options: FetchOptions = FetchOptions(),  # noqa: B008 - frozen dataclass
    *,
    client: httpx.AsyncClient | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Page:
    """Fetch the HTML page at `url`, following redirects (and one meta refresh).

    With `etag` / `last_modified` the request is conditional; a 304 answer gives
    a Page with status 304 and an empty body. Raises a `FetchError` subclass
    (or `BadURL`) with a one-sentence message on any failure.
    """
    start = normalize_user_url(url)
    own_client = client is None
    http = client if client is not None else make_client(options)
    try:
        deadline = asyncio.timeout(options.total_timeout)
        try:
            async with deadline:
                return await _fetch(http, start, options, etag, last_modified)
        except TimeoutError:
            if not deadline.expired():
                raise
            raise Timeout(
                f"Fetching {shorten(start)} took longer than "
                f"{_seconds(options.total_timeout)} in total; gave up."
            ) from None
    finally:
        if own_client:
            await http.aclose()


async def _fetch(
    client: httpx.AsyncClient,
    start: str,
    options: FetchOptions,
    etag: str | None,
    last_modified: str | None,
) -> Page:
    headers = _request_headers(options)
    conditional = False
    if etag and _header_safe(etag):
        headers["If-None-Match"] = etag
        conditional = True
    if last_modified and _header_safe(last_modified):
        headers["If-Modified-Since"] = last_modified
        conditional = True

    current = start
    chain = [start]
    meta_refreshed = False
    # Cookies set along the way are sent on the following hops (sites that set
    # a cookie and redirect to themselves), then forgotten with this request.
    cookies = httpx.Cookies()
    while True:
        status, page_headers, body, content_type = await _exchange(
            client, current, headers, options, conditional=conditional, cookies=cookies
        )
        if status in REDIRECT_CODES:
            target = _redirect_target(current, page_headers.get("location"), status)
            chain.append(target)
            _check_redirect_count(start, chain, options)
            current = target
            continue
        if status == 304:
            return Page(
                url=current,
                requested_url=start,
                status=304,
                headers=page_headers,
                body=b"",
                html="",
                charset="utf-8",
                fetched_at=datetime.now(UTC),
            )
        if len(body) > _THREAD_DECODE_BYTES:
            text, charset = await asyncio.to_thread(decode_html, body, content_type)
        else:
            text, charset = decode_html(body, content_type)
        if not meta_refreshed and len(chain) <= options.max_redirects:
            refresh = meta_refresh_target(text, current)
            if refresh is not None:
                meta_refreshed = True
                chain.append(refresh)
                current = refresh
                continue
        return Page(
            url=current,
            requested_url=start,
            status=status,
            headers=page_headers,
            body=body,
            html=text,
            charset=charset,
            fetched_at=datetime.now(UTC),
        )


def _check_redirect_count(start: str, chain: list[str], options: FetchOptions) -> None:
    redirects = len(chain) - 1
    if redirects <= options.max_redirects:
        return
    keys = [without_fragment(u) for u in chain]
    if len(set(keys)) < len(keys):
        raise TooManyRedirects(
            f"{shorten(start)} redirects in a loop ({redirects} redirects, "
            f"the limit is {options.max_redirects})."
        )
    raise TooManyRedirects(
        f"{shorten(start)} redirected {redirects} times in a row, "
        f"more than the limit of {options.max_redirects}."
    )


def _redirect_target(current: str, location: str | None, status: int) -> str:
    if not location or not location.strip():
        raise HTTPStatusError(
            f"The server answered {status} {_reason(status)} without saying where to go.",
            status,
        )
    target = resolve(current, location)
    if target is None:
        raise FetchError(f"{shorten(current)} redirected to a malformed address.")
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f" ({shorten(scheme, 20)}:)" if scheme else ""
        raise BadURL(
            f"{shorten(current)} redirected to a non-web address{shown}; "
            "only http and https addresses are followed."
        )
    if not is_followable(target):
        raise FetchError(f"{shorten(current)} redirected to an address without a host.")
    return target


async def _exchange(
    client: httpx.AsyncClient,
    url: str,
    headers: Mapping[str, str],
    options: FetchOptions,
    *,
    conditional: bool,
    cookies: httpx.Cookies | None = None,
) -> tuple[int, dict[str, str], bytes, str | None]:
    """One request/response. Returns (status, headers, decoded body, content type).

    The body is read only for answers we keep (2xx HTML); redirects and errors
    are closed unread.
    """
    where = _where(url)
    try:
        request = client.build_request(
            "GET", url, headers=headers, cookies=cookies, timeout=_timeouts(options)
        )
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError):
        raise BadURL(f"Malformed address: {shorten(url)}") from None
    try:
        response = await client.send(request, stream=True, follow_redirects=False)
    except (httpx.InvalidURL, httpx.RemoteProtocolError) as exc:
        # httpx prepares the next request even when not following redirects, and
        # fails on Location headers such as "javascript:...". Our response hook
        # kept the header, so the message can say what it was.
        location = request.extensions.get(_LOCATION_KEY)
        if isinstance(location, str):
            _redirect_target(url, location, 302)
        if isinstance(exc, httpx.InvalidURL) or "location header" in str(exc).lower():
            raise BadURL(
                f"{where} redirected to a malformed or unsupported address; "
                "only http and https addresses are followed."
            ) from None
        raise _map_error(exc, url, options) from None
    except httpx.HTTPError as exc:
        raise _map_error(exc, url, options) from None
    if cookies is not None:
        cookies.extract_cookies(response)
    try:
        status = response.status_code
        page_headers = _page_headers(response.headers)
        if status in REDIRECT_CODES and "location" in page_headers:
            return status, page_headers, b"", None
        if status == 304:
            if not conditional:
                raise FetchError(
                    f"{where} answered 304 Not Modified to a request that was not conditional."
                )
            return status, page_headers, b"", None
        if status >= 300 or status < 200:
            reason = _reason(status, response.reason_phrase)
            if status in REDIRECT_CODES:
                raise HTTPStatusError(
                    f"The server answered {status} {reason} without saying where to go.", status
                )
            raise HTTPStatusError(f"The server answered {status} {reason}.", status)
        content_type = page_headers.get("content-type")
        mime = _mime(content_type)
        if mime and mime not in HTML_TYPES:
            raise NotHTML(f"{shorten(url)} is {_describe_mime(mime)}, not a web page.")
        decoder = make_decoder(page_headers.get("content-encoding"), where)
        declared = _content_length(page_headers)
        if declared is not None and decoder.identity and declared > options.max_bytes:
            raise TooLarge(
                f"The page at {shorten(url)} is {format_size(declared)}, more than the "
                f"{format_size(options.max_bytes)} limit."
            )
        body = await _read_body(response, url, decoder, declared, options)
    except httpx.HTTPError as exc:
        raise _map_error(exc, url, options) from None
    finally:
        with contextlib.suppress(httpx.HTTPError):
            await response.aclose()

    if not body.strip():
        raise FetchError(f"The server sent an empty page for {shorten(url)}.")
    kind = describe_binary(body)
    if kind is not None:
        raise NotHTML(f"{shorten(url)} is {kind}, not a web page.")
    if not mime and not looks_like_html(body):
        raise NotHTML(
            f"{shorten(url)} came without a content type and does not look like a web page."
        )
    return status, page_headers, body, content_type


async def _read_body(
    response: httpx.Response,
    url: str,
    decoder: Decoder,
    declared: int | None,
    options: FetchOptions,
) -> bytes:
    """Stream the body, decoding it in bounded steps and stopping at the size cap."""
    chunks: list[bytes] = []
    size = 0
    received = 0
    cap = options.max_bytes
    compressed = not decoder.identity

    def add(pieces: Iterable[bytes]) -> None:
        nonlocal size
        for piece in pieces:
            size += len(piece)
            if size > cap:
                extra = " once decompressed" if compressed else ""
                raise TooLarge(
                    f"The page at {shorten(url)} is larger than the {format_size(cap)} "
                    f"limit{extra}; stopped reading."
                )
            chunks.append(piece)

    try:
        async for raw in response.aiter_raw():
            received += len(raw)
            add(decoder.feed(raw))
        add(decoder.flush())
    except httpx.RemoteProtocolError as exc:
        if declared is not None and received < declared:
            raise FetchError(
                f"The connection to {_where(url)} closed before the whole page arrived "
                f"(got {received} of {declared} bytes)."
            ) from None
        raise _map_error(exc, url, options) from None
    except DecodeError as exc:
        raise FetchError(
            f"{_where(url)} sent a page that could not be decompressed ({exc})."
        ) from None
    return b"".join(chunks)


def _page_headers(headers: httpx.Headers) -> dict[str, str]:
    """Response headers as a plain dict: lower-case names, sanitized values.

    Set-Cookie is dropped: pages are stored, and session cookies have no
    business on disk.
    """
    out: dict[str, str] = {}
    for name, raw in headers.multi_items():
        key = name.lower()
        if key == "set-cookie":
            continue
        value = clean_line(raw)
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _header_safe(value: str) -> bool:
    return bool(value) and all(" " <= ch <= "~" or "\x80" <= ch <= "\xff" for ch in value)


def _content_length(headers: Mapping[str, str]) -> int | None:
    value = headers.get("content-length", "").split(",")[0].strip()
    return int(value) if value.isdigit() else None


def _mime(content_type: str | None) -> str:
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def _reason(status: int, given: str = "") -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return clean_line(given)[:60] or "Error"


def _where(url: str) -> str:
    """The host (and port) of `url`, for messages."""
    try:
        netloc = urlsplit(url).netloc.rpartition("@")[2]
    except ValueError:
        netloc = ""
    return shorten(netloc or url)


def _seconds(value: float) -> str:
    return f"{value:g} s"


def format_size(size: int) -> str:
    """A byte count for messages: "10 MiB", "512 KiB", "300 bytes"."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


# --------------------------------------------------------------------------- errors


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _map_error(exc: httpx.HTTPError, url: str, options: FetchOptions) -> ReaderError:
    """Turn an httpx exception into a typed error with a plain message."""
    where = _where(url)
    if isinstance(exc, httpx.ConnectTimeout):
        return Timeout(
            f"Connecting to {where} took longer than {_seconds(options.connect_timeout)}."
        )
    if isinstance(exc, httpx.ReadTimeout):
        return Timeout(
            f"{where} sent nothing for {_seconds(options.read_timeout)}; gave up waiting."
        )
    if isinstance(exc, httpx.WriteTimeout):
        return Timeout(
            f"Sending the request to {where} took longer than {_seconds(options.read_timeout)}."
        )
    if isinstance(exc, httpx.PoolTimeout):
        return Timeout(f"Timed out waiting for a free connection to {where}.")
    if isinstance(exc, httpx.TimeoutException):
        return Timeout(f"The request to {where} timed out.")
    if isinstance(exc, httpx.ProxyError):
        return Offline(f"Could not connect to {where} through the proxy: {_detail(exc)}.")
    if isinstance(exc, httpx.ConnectError):
        return _connect_error(exc, where)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return BadURL(f"Only http and https addresses are fetched: {shorten(url)}")
    if isinstance(exc, httpx.RemoteProtocolError):
        if "without sending" in str(exc) and "response" in str(exc):
            return FetchError(f"{where} closed the connection without answering.")
        return FetchError(f"{where} sent a response that is not valid HTTP.")
    if isinstance(exc, httpx.ReadError):
        return FetchError(f"The connection to {where} broke off ({_detail(exc)}).")
    if isinstance(exc, httpx.WriteError):
        return FetchError(f"Could not send the request to {where} ({_detail(exc)}).")
    return FetchError(f"Could not fetch {shorten(url)}: {_detail(exc)}.")


def _detail(exc: BaseException) -> str:
    for item in _causes(exc):
        if isinstance(item, ConnectionResetError):
            return "connection reset by the server"
        if isinstance(item, OSError) and item.strerror:
            return clean_line(item.strerror).lower()
    text = clean_line(str(exc)).rstrip(".")
    return shorten(text, 120) if text else type(exc).__name__


def _connect_error(exc: httpx.ConnectError, where: str) -> ReaderError:
    for item in _causes(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            reason = clean_line(item.verify_message or "") or "unknown reason"
            return FetchError(
                f"Could not connect securely to {where}: its certificate is not valid ({reason})."
            )
        if isinstance(item, ssl.SSLError):
            return FetchError(f"Could not connect securely to {where}: the TLS handshake failed.")
        if isinstance(item, socket.gaierror):
            return Offline(
                f"Could not connect to {where}: the name could not be resolved "
                "(no such host, or no network)."
            )
        if isinstance(item, ConnectionRefusedError):
            return Offline(f"Could not connect to {where}: connection refused.")
        if isinstance(item, OSError) and item.errno in _ERRNO_REASONS:
            return Offline(f"Could not connect to {where}: {_ERRNO_REASONS[item.errno]}.")
    return Offline(f"Could not connect to {where}: {_detail(exc)}.")


_ERRNO_REASONS = {
    errno.ENETUNREACH: "the network is unreachable",
    errno.EHOSTUNREACH: "the host is unreachable",
    errno.ENETDOWN: "the network is down",
    errno.ETIMEDOUT: "the connection timed out",
    errno.ECONNRESET: "the connection was reset",
    errno.EADDRNOTAVAIL: "the address is not available",
}


# --------------------------------------------------------------------------- decoding


class DecodeError(Exception):
    """Compressed data that cannot be decompressed."""


class Decoder(Protocol):
    """Incremental, bounded decoder of a content encoding."""

    identity: bool

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decode `data` lazily, in pieces of about 64 KiB at most."""
        ...

    def flush(self) -> Iterator[bytes]:
        """Whatever is left at the end of the stream."""
        ...


class _Identity:
    identity = True

    def feed(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), _CHUNK):
            yield data[start : start + _CHUNK]

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Zlib:
    """gzip / zlib / raw deflate, inflated at most 64 KiB at a time."""

    identity = False

    def __init__(self, wbits: int, *, gzip_members: bool = False, strict: bool = False) -> None:
        self._wbits = wbits
        self._obj = zlib.decompressobj(wbits)
        self._gzip_members = gzip_members
        self._strict = strict
        self._started = False
        self._between = False
        self._ended = False
        self._carry = b""
        # "deflate" is meant to be zlib-wrapped; many servers send raw deflate.
        # Tell them apart by the two-byte zlib header once it has arrived.
        self._sniff = wbits == zlib.MAX_WBITS

    def feed(self, data: bytes) -> Iterator[bytes]:
        buf = data
        if self._sniff:
            buf = self._carry + buf
            self._carry = b""
            if len(buf) < 2:
                self._carry = buf
                return
            self._sniff = False
            if buf[0] & 0x0F != 8 or (buf[0] << 8 | buf[1]) % 31:
                self._wbits = -zlib.MAX_WBITS
                self._obj = zlib.decompressobj(self._wbits)
        while True:
            if self._ended:
                return  # trailing bytes after the stream are ignored, as browsers do
            if self._between:
                buf = self._carry + buf
                self._carry = b""
                if len(buf) < 2:
                    self._carry = buf
                    return
                if self._gzip_members and buf.startswith(_GZIP_MAGIC):
                    self._obj = zlib.decompressobj(self._wbits)
                    self._between = False
                else:
                    self._ended = True
                    return
            if not buf and not self._started:
                return
            try:
                out = self._obj.decompress(buf, _CHUNK)
            except zlib.error as exc:
                raise DecodeError(str(exc)) from None
            self._started = True
            buf = self._obj.unconsumed_tail
            if out:
                yield out
            if self._obj.eof:
                buf = self._obj.unused_data
                self._between = True
                if not buf:
                    return
                continue
            if not buf and len(out) < _CHUNK:
                return

    def flush(self) -> Iterator[bytes]:
        if self._ended or self._between or not (self._started or self._carry):
            return
        if self._strict:
            raise DecodeError("the compressed data is truncated")
        # Lenient like browsers: show what arrived of a stream cut short.
        yield from self.feed(b"")


class _Brotli:
    """Brotli, decompressed about 64 KiB at a time."""

    identity = False

    def __init__(self) -> None:
        self._obj: Any = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj.is_finished():
            return  # trailing bytes after the stream are ignored
        try:
            out: bytes = self._obj.process(data, output_buffer_limit=_CHUNK)
            # Output held back by the limit comes out of further empty calls.
            while out:
                yield out
                out = self._obj.process(b"", output_buffer_limit=_CHUNK)
        except brotli.error as exc:
            raise DecodeError(str(exc) or "invalid brotli data") from None

    def flush(self) -> Iterator[bytes]:
        # Lenient like browsers: a stream cut short keeps what was decoded.
        return iter(())


class _Chain:
    """Several content codings, applied in the order they must be undone."""

    def __init__(self, stages: list[Decoder]) -> None:
        self._stages = stages
        self.identity = all(stage.identity for stage in stages)

    def _through(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        if index == len(self._stages) - 1:
            yield from pieces
            return
        for piece in pieces:
            yield from self._through(index + 1, self._stages[index + 1].feed(piece))

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, self._stages[0].feed(data))

    def flush(self) -> Iterator[bytes]:
        for index, stage in enumerate(self._stages):
            yield from self._through(index, stage.flush())


def gzip_decoder(*, strict: bool = False) -> Decoder:
    """A bounded gzip decoder (several members allowed); `strict` refuses truncated data."""
    return _Zlib(zlib.MAX_WBITS | 16, gzip_members=True, strict=strict)


def make_decoder(content_encoding: str | None, where: str = "The server") -> Decoder:
    """A bounded decoder for a Content-Encoding header value (gzip, deflate, br)."""
    tokens = [t.strip().lower() for t in (content_encoding or "").split(",") if t.strip()]
    stages: list[Decoder] = []
    for token in reversed(tokens):
        if token in ("identity", "none"):
            continue
        if token in ("gzip", "x-gzip"):
            stages.append(gzip_decoder())
        elif token == "deflate":
            stages.append(_Zlib(zlib.MAX_WBITS))
        elif token == "br" and brotli is not None:
            stages.append(_Brotli())
        else:
            raise FetchError(
                f"{where} sent the page compressed as {shorten(token, 30)}, "
                "which the reader cannot decode."
            )
    if not stages:
        return _Identity()
    if len(stages) == 1:
        return stages[0]
    return _Chain(stages)


# --------------------------------------------------------------------------- sniffing

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"OggS", "an audio or video file"),
    (b"fLaC", "an audio file"),
    (b"ID3", "an audio file"),
    (b"\x1a\x45\xdf\xa3", "a video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an office document"),
    (b"{\\rtf", "an RTF document"),
)
_BZIP2 = re.compile(rb"^BZh[1-9]1AY&SY")
_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|title|meta|link|script|style|"
    rb"base|div|p|h[1-6]|table|a|br|b|i|font|iframe|article|section|header|nav|main|ul|span)"
    rb"[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)


def describe_binary(data: bytes) -> str | None:
    """What a binary body is ("a PDF document"), or None when it may be text.

    Looks at magic numbers and NUL bytes near the start (UTF-16 with a BOM is text).
    """
    head = data[:8192]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if _BZIP2.match(head):
        return "a bzip2 archive"
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "an audio file", b"AVI ": "a video"}[head[8:12]]
    if head[4:8] == b"ftyp":
        return "a video or image file (MP4/HEIF)"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None


def looks_like_html(data: bytes) -> bool:
    """Content sniffing for a body without a Content-Type: does it start like HTML?"""
    head = data[:1024]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            if bom != b"\xef\xbb\xbf":
                head = head[len(bom) :].replace(b"\x00", b"")
            else:
                head = head[len(bom) :]
            break
    if describe_binary(head) is not None:
        return False
    return bool(_HTML_START.match(head) or _HTML_ANYWHERE.search(head))


_MIME_KINDS = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "application/ld+json": "JSON data",
    "application/octet-stream": "a binary file (application/octet-stream)",
    "text/plain": "plain text",
    "text/css": "a stylesheet",
    "text/javascript": "a script",
    "application/javascript": "a script",
    "application/zip": "a ZIP archive",
    "application/gzip": "a gzip archive",
    "application/rss+xml": "an RSS feed",
    "application/atom+xml": "an Atom feed",
    "application/xml": "an XML document",
    "text/xml": "an XML document",
    "text/csv": "a CSV table",
    "application/msword": "a Word document",
}


def _describe_mime(mime: str) -> str:
    if mime in _MIME_KINDS:
        return _MIME_KINDS[mime]
    major, _, minor = mime.partition("/")
    minor = shorten(minor.split("+")[0], 20).upper()
    if major == "image":
        return f"an image ({minor})" if minor else "an image"
    if major == "video":
        return "a video"
    if major == "audio":
        return "an audio file"
    if major == "font":
        return "a font"
    return f"a file of type {shorten(mime, 60)}"


# --------------------------------------------------------------------------- charsets

#: WHATWG labels Python does not know, mapped to Python codecs.
_LABELS = {
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "windows-874": "cp874",
    "dos-874": "cp874",
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso8859-8",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
    "x-gbk": "gb18030",
    "x-euc-jp": "euc_jp",
    "x-x-big5": "big5hkscs",
    "windows-949": "cp949",
    "x-user-defined": "cp1252",
}
#: Python codecs replaced by the superset browsers use for the same label.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    "utf-8-sig": "utf-8",
    "utf-16": "utf-16-le",
}
#: The encodings browsers support (the WHATWG Encoding Standard), as Python codecs.
#: Anything else (utf-7, unicode-escape, DOS code pages, ...) is not honoured.
_WEB_CODECS = frozenset(
    {
        "utf-8",
        "utf-16-le",
        "utf-16-be",
        "cp866",
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "mac-cyrillic",
        "cp874",
        *(f"cp125{n}" for n in range(9)),
        "gb18030",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "cp932",
        "cp949",
    }
)
#: With fewer non-ASCII bytes than this, detection is a coin toss: use windows-1252.
_DETECT_MIN_NON_ASCII = 16
_ASCII = bytes(range(128))
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I
)
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.S)


def codec_for(label: str | None, *, from_document: bool = False) -> str | None:
    """The Python codec for a charset label, or None when unknown or unsuitable.

    Follows browsers: ISO-8859-1 and ASCII decode as windows-1252, Shift_JIS as
    cp932, GBK/GB2312 as GB18030, EUC-KR as cp949. A UTF-16 label inside the
    document itself means UTF-8 (the declaration could not have been read otherwise).
    """
    if not label:
        return None
    name = label.strip().strip("\"'").strip().lower()
    if not name or len(name) > 40:
        return None
    name = _LABELS.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    codec = _SUPERSETS.get(info.name, info.name)
    if from_document and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec if codec in _WEB_CODECS else None


def _bom(body: bytes) -> tuple[str, int] | None:
    if body.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if body.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if body.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    return None


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"""charset\s*=\s*["']?([^"';,\s]+)""", content_type, re.I)
    return match.group(1) if match else None


def _document_charset(body: bytes) -> str | None:
    """The charset declared by an XML declaration or <meta> near the start."""
    head = body[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head)
    if match:
        return match.group(1).decode("ascii")
    match = _META_CHARSET.search(_COMMENT.sub(b"", head))
    return match.group(1).decode("ascii") if match else None


@functools.lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    # (UTF-8 would pass the length test: each invalid byte becomes one U+FFFD.)
    return codec != "utf-8" and len(bytes(range(256)).decode(codec, "replace")) == 256


def _decode_declared(body: bytes, codec: str) -> tuple[str, str] | None:
    """Decode with a declared charset, or None when the declaration is clearly wrong."""
    if _single_byte(codec) and _is_utf8_with_non_ascii(body):
        # The classic mislabel: a UTF-8 page served as ISO-8859-1 / windows-1252.
        # Valid multi-byte UTF-8 does not happen by chance in single-byte text.
        return body.decode("utf-8"), "utf-8"
    try:
        return body.decode(codec), codec
    except UnicodeDecodeError:
        pass
    text = body.decode(codec, "replace")
    errors = text.count("\ufffd")
    non_ascii = len(body.translate(None, _ASCII))
    # A few bad bytes in a page that is otherwise in this charset: keep it.
    # Mostly errors: the label is wrong, try the next source of truth.
    if errors * 10 <= non_ascii:
        return text, codec
    return None


def _is_utf8_with_non_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(body: bytes) -> str | None:
    """Guess the charset with charset-normalizer (on a prefix cut at a safe boundary).

    charset-normalizer cannot tell the Latin code pages apart well (French in
    windows-1252 comes out as cp1250 or cp1257); like browsers, windows-1252
    wins whenever it is among the guesses and about as plausible as the best.
    A few bytes windows-1252 leaves undefined (stray 0x81, 0x9D, ...) do not
    rule it out either.
    """
    if len(body.translate(None, _ASCII)) < _DETECT_MIN_NON_ASCII:
        return "cp1252"
    sample = body
    if len(sample) > _DETECT_BYTES:
        sample = body[:_DETECT_BYTES]
        cut = max(sample.rfind(b"\n"), sample.rfind(b"<"))
        if cut > 0:
            sample = sample[:cut]
    choice = _best_web_codec(sample)
    if choice is not None and choice != "cp1252" and _single_byte(choice):
        undefined = len(sample) - len(sample.translate(None, _CP1252_UNDEFINED))
        few = 0 < undefined * 50 <= len(sample.translate(None, _ASCII))
        if few and _best_web_codec(sample.translate(None, _CP1252_UNDEFINED)) == "cp1252":
            return "cp1252"
    return choice


def _best_web_codec(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    try:
        matches = list(from_bytes(sample))
    except Exception:  # pragma: no cover - detection is best effort
        return None
    web = [(codec, m) for m in matches if (codec := codec_for(str(m.encoding))) is not None]
    if not web:
        return None
    best_chaos = web[0][1].chaos
    for codec, match in web:
        if codec == "cp1252" and match.chaos <= best_chaos + _LATIN_MARGIN:
            return "cp1252"
    return web[0][0]


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML body; returns (text, Python codec name).

    Order: byte-order mark; the Content-Type charset; <meta charset>, <meta
    http-equiv> or the XML declaration in the first 8 KiB; valid UTF-8;
    charset-normalizer's guess; UTF-8 with replacement characters. Unknown
    labels are skipped, and a declared charset that mostly fails to decode is
    treated as wrong. Never raises on bad bytes.
    """
    bom = _bom(body)
    if bom is not None:
        bom_codec, skip = bom
        return body[skip:].decode(bom_codec, "replace"), bom_codec
    tried: set[str] = set()
    for label, in_document in (
        (_header_charset(content_type), False),
        (_document_charset(body), True),
    ):
        codec = codec_for(label, from_document=in_document)
        if codec is None or codec in tried:
            continue
        tried.add(codec)
        decoded = _decode_declared(body, codec)
        if decoded is not None:
            return decoded
    if "utf-8" not in tried:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    detected = _detect(body)
    if detected is not None and detected not in tried:
        return body.decode(detected, "replace"), detected
    return body.decode("utf-8", "replace"), "utf-8"


# --------------------------------------------------------------------------- meta refresh

_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_REFRESH = re.compile(
    r"""^\s*(\d+)(?:\.[\d.]*)?\s*(?:[;,]\s*(?:url\s*=\s*)?(.*))?$""",
    re.IGNORECASE | re.DOTALL,
)
_INVISIBLE_START = re.compile(r"<(script|style|template|noscript|head)\b|<!--", re.IGNORECASE)
_INVISIBLE_END = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "template", "noscript", "head")
}
# `[^<>]`, not `[^>]`: a run of "<" without ">" must not be scanned again
# from each "<" (quadratic on hostile pages).
_TAG = re.compile(r"<[^<>]*>")


def meta_refresh_target(html: str, base: str) -> str | None:
    """The http(s) target of a quick `<meta http-equiv="refresh">` on a near-empty page.

    Returns None unless the delay is at most 5 s, the page has little visible
    text, and the target is a different http(s) address.
    """
    head = html[:65536]
    if "refresh" not in head.lower():
        return None
    for tag in _META_TAG.findall(head):
        attrs: dict[str, str] = {}
        for match in _ATTRIBUTE.finditer(tag[5:]):
            name = match.group(1).lower()
            value = next((g for g in match.groups()[1:] if g is not None), "")
            attrs.setdefault(name, htmllib.unescape(value))
        if attrs.get("http-equiv", "").strip().lower() != "refresh":
            continue
        parsed = _REFRESH.match(attrs.get("content", ""))
        if not parsed or int(parsed.group(1)) > _META_REFRESH_MAX_DELAY:
            return None
        raw = (parsed.group(2) or "").strip().strip("'\"").strip()
        if not raw:
            return None
        target = resolve(base, raw)
        if target is None or not is_followable(target):
            return None
        if without_fragment(target) == without_fragment(base):
            return None
        if _visible_text_length(html) > _META_REFRESH_MAX_TEXT:
            return None
        return target
    return None


def _visible_text_length(html: str) -> int:
    if len(html) > 1_000_000:
        return len(html)
    text = _TAG.sub(" ", _without_invisible(html))
    return len("".join(htmllib.unescape(text).split()))


def _without_invisible(html: str) -> str:
    """`html` without scripts, styles, templates, noscript, head and comments.

    One pass: an element or comment that is never closed stays (as text), and
    once a closing tag is known to be missing it is not looked for again, so
    thousands of unclosed `<script>` or `<!--` cost no more than one.
    """
    pieces: list[str] = []
    unclosed: set[str] = set()
    keep_from = pos = 0
    while (start := _INVISIBLE_START.search(html, pos)) is not None:
        name = (start.group(1) or "--").lower()
        end = -1
        if name not in unclosed:
            if name == "--":
                close = html.find("-->", start.end())
                end = close + 3 if close >= 0 else -1
            else:
                match = _INVISIBLE_END[name].search(html, start.end())
                end = match.end() if match is not None else -1
            if end < 0:
                unclosed.add(name)
        if end < 0:
            pos = start.end()
            continue
        pieces.append(html[keep_from : start.start()])
        pieces.append(" ")
        keep_from = pos = end
    pieces.append(html[keep_from:])
    return "".join(pieces)
