"""The HTTP client and the fetch itself: `make_client` (headers, timeouts,
connection limits) and `fetch`, which follows redirects (and one meta refresh)
by hand, checks every hop, and streams the body through a bounded decoder up
to the size cap before decoding it to text."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urlsplit

import httpx

from reader.core.errors import (
    BadURL,
    FetchError,
    HTTPStatusError,
    NotHTML,
    Timeout,
    TooLarge,
    TooManyRedirects,
)
from reader.core.feeds.sniff import FEED_MIME_TYPES, feed_format
from reader.core.fetch.charset import decode_feed, decode_html
from reader.core.fetch.decompress import ACCEPT_ENCODING, DecodeError, Decoder, make_decoder
from reader.core.fetch.guard import Transport, refuse_literal
from reader.core.fetch.http_errors import host_of, map_error, retry_after_seconds, seconds
from reader.core.fetch.meta_refresh import meta_refresh_target
from reader.core.fetch.sniffing import (
    describe_binary,
    describe_mime,
    describe_not_html,
    looks_like_html,
)
from reader.core.fetch_options import FetchOptions, locale_accept_language
from reader.core.humanize import byte_size
from reader.core.locate import WebAddress
from reader.core.models import Page
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable, normalize_user_url, resolve, shorten, without_fragment

__all__ = ["fetch", "make_client"]

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
#: Accept with `feeds=True`: feeds first, pages too (a site's address may be either).
ACCEPT_FEEDS = (
    "application/rss+xml,application/atom+xml,application/feed+json,application/rdf+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,"
    "text/html;q=0.7,application/xhtml+xml;q=0.7,*/*;q=0.1"
)
#: With `feeds=True`, bodies of these types are kept only when they read as a feed.
GENERIC_TYPES = frozenset({"text/plain", "application/octet-stream", "binary/octet-stream"})
PERMANENT_REDIRECTS = frozenset({301, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

#: Bodies larger than this are decoded in a worker thread.
_THREAD_DECODE_BYTES = 256 * 1024


# --------------------------------------------------------------------------- client


def make_client(options: FetchOptions) -> httpx.AsyncClient:
    """A client for `fetch`: http/https only, pooled, with our headers and timeouts.

    Redirects are not followed by httpx; `fetch` follows them itself so that it
    can check every hop. The client keeps no cookies: `fetch` holds those a
    server sets only for the redirects of one request. Requests sent inside
    `reader.core.fetch.addresses.guarded()` connect only to public addresses
    (see `reader.core.fetch.guard`).
    """
    limits = httpx.Limits(max_connections=16, max_keepalive_connections=8, keepalive_expiry=30)
    return httpx.AsyncClient(
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        headers=_request_headers(options),
        timeout=_timeouts(options),
        limits=limits,
        transport=Transport(limits),
        follow_redirects=False,
        max_redirects=options.max_redirects,
        trust_env=True,
        event_hooks={"request": [refuse_literal], "response": [_remember_location]},
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
        "Accept-Language": options.accept_language or locale_accept_language(),
        "Accept-Encoding": ACCEPT_ENCODING,
    }


# --------------------------------------------------------------------------- fetch


async def fetch(
    url: str | WebAddress,
    options: FetchOptions = FetchOptions(),  # noqa: B008 - frozen dataclass
    *,
    client: httpx.AsyncClient | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    feeds: bool = False,
) -> Page:
    """Fetch the HTML page at `url` (text is read with `normalize_user_url`;
    a `WebAddress` is that already), following redirects (and one meta refresh).

    With `etag` / `last_modified` the request is conditional; a 304 answer gives
    a Page with status 304 and an empty body. With `feeds=True` RSS, RDF, Atom
    and JSON feeds are accepted as well as pages (feed MIME types, or a body
    that reads as a feed under text/plain or no type), under the same limits;
    a feed's text is decoded by XML's rules (`decode_feed`). `Page.moved` is
    True when every redirect followed was permanent (301/308). Raises a
    `FetchError` subclass (or `BadURL`) with a one-sentence message on any
    failure; `HTTPStatusError.retry_after` carries a 429/503's Retry-After.
    """
    start = url.url if isinstance(url, WebAddress) else normalize_user_url(url)
    own_client = client is None
    http = client if client is not None else make_client(options)
    try:
        deadline = asyncio.timeout(options.total_timeout)
        try:
            async with deadline:
                return await _fetch(http, start, options, etag, last_modified, feeds=feeds)
        except TimeoutError:
            if not deadline.expired():
                raise
            raise Timeout(
                f"Fetching {shorten(start)} took longer than "
                f"{seconds(options.total_timeout)} in total; gave up."
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
    *,
    feeds: bool = False,
) -> Page:
    headers = _request_headers(options)
    if feeds:
        headers["Accept"] = ACCEPT_FEEDS
    conditional = False
    if etag and _header_safe(etag):
        headers["If-None-Match"] = etag
        conditional = True
    if last_modified and _header_safe(last_modified):
        headers["If-Modified-Since"] = last_modified
        conditional = True

    current = start
    chain = [start]
    statuses: list[int] = []
    meta_refreshed = False
    # Cookies set along the way are sent on the following hops (sites that set
    # a cookie and redirect to themselves), then forgotten with this request.
    cookies = httpx.Cookies()
    while True:
        status, page_headers, body, content_type = await _exchange(
            client,
            current,
            headers,
            options,
            conditional=conditional,
            cookies=cookies,
            feeds=feeds,
        )
        moved = bool(statuses) and all(code in PERMANENT_REDIRECTS for code in statuses)
        if status in REDIRECT_CODES:
            target = _redirect_target(current, page_headers.get("location"), status)
            statuses.append(status)
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
                moved=moved,
            )
        fmt = feed_format(body) if feeds else None
        if fmt is not None:
            text, charset = decode_feed(body, content_type, json=fmt == "json")
        elif len(body) > _THREAD_DECODE_BYTES:
            text, charset = await asyncio.to_thread(decode_html, body, content_type)
        else:
            text, charset = decode_html(body, content_type)
        if fmt is None and not meta_refreshed and len(chain) <= options.max_redirects:
            refresh = meta_refresh_target(text, current)
            if refresh is not None:
                meta_refreshed = True
                statuses.append(200)
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
            moved=moved,
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
    feeds: bool = False,
) -> tuple[int, dict[str, str], bytes, str | None]:
    """One request/response. Returns (status, headers, decoded body, content type).

    The body is read only for answers we keep (2xx HTML, or feeds with
    `feeds`); redirects and errors are closed unread.
    """
    where = host_of(url)
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
        raise map_error(exc, url, options) from None
    except httpx.HTTPError as exc:
        raise map_error(exc, url, options) from None
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
            retry_after = None
            if status in (429, 503):
                retry_after = retry_after_seconds(page_headers.get("retry-after"))
            raise HTTPStatusError(
                f"The server answered {status} {reason}.", status, retry_after=retry_after
            )
        content_type = page_headers.get("content-type")
        mime = _mime(content_type)
        if mime and not _accepted_mime(mime, feeds):
            raise NotHTML(f"{shorten(url)} is {describe_mime(mime)}, {_not_wanted(feeds)}.")
        decoder = make_decoder(page_headers.get("content-encoding"), where)
        declared = _content_length(page_headers)
        if declared is not None and decoder.identity and declared > options.max_bytes:
            raise TooLarge(
                f"The page at {shorten(url)} is {byte_size(declared)}, more than the "
                f"{byte_size(options.max_bytes)} limit."
            )
        body = await _read_body(response, url, decoder, declared, options)
    except httpx.HTTPError as exc:
        raise map_error(exc, url, options) from None
    finally:
        with contextlib.suppress(httpx.HTTPError):
            await response.aclose()

    if not body.strip():
        raise FetchError(f"The server sent an empty page for {shorten(url)}.")
    kind = describe_binary(body)
    if kind is not None:
        raise NotHTML(f"{shorten(url)} is {kind}, {_not_wanted(feeds)}.")
    if feeds and (not mime or mime in GENERIC_TYPES):
        if feed_format(body) is None and (mime or not looks_like_html(body)):
            shown = describe_mime(mime) if mime else "something without a content type"
            raise NotHTML(f"{shorten(url)} is {shown} that does not read as a feed.")
    elif not mime and not looks_like_html(body):
        raise NotHTML(
            f"{shorten(url)} came without a content type and does not look like a web page."
        )
    elif mime in HTML_TYPES and not (feeds and feed_format(body) is not None):
        other = describe_not_html(body)
        if other is not None:
            raise NotHTML(f"{shorten(url)} is {other}, not a web page (it says {mime}).")
    return status, page_headers, body, content_type


def _accepted_mime(mime: str, feeds: bool) -> bool:
    if mime in HTML_TYPES:
        return True
    return feeds and (mime in FEED_MIME_TYPES or mime in GENERIC_TYPES)


def _not_wanted(feeds: bool) -> str:
    return "not a feed or a web page" if feeds else "not a web page"


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
                    f"The page at {shorten(url)} is larger than the {byte_size(cap)} "
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
                f"The connection to {host_of(url)} closed before the whole page arrived "
                f"(got {received} of {declared} bytes)."
            ) from None
        raise map_error(exc, url, options) from None
    except DecodeError as exc:
        raise FetchError(
            f"{host_of(url)} sent a page that could not be decompressed ({exc})."
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
