"""Reading a feed from bytes: RSS 0.9x/1.0/2.0 and Atom 1.0 with feedparser,
JSON Feed 1.0/1.1 with our own reader (`jsonfeed`).

The parser never touches the network or the disk: feedparser gets a stream
(never a string, which it would take for an address or a file name), the
document is decoded by our rules first (`decode_feed`), and its prolog (the
XML declaration and any DOCTYPE with its internal subset) is replaced by a
plain UTF-8 declaration, so no external entity is resolved and no entity
defined by the document is expanded ("billion laughs"). A feed of thousands
of entries is cut after `MAX_ITEMS` before parsing.

feedparser was chosen over fastfeedparser and feedparser-rs, though both are
much faster (`python -m bench --only feeds`, 9 feeds x 7 rounds, one loaded
2-core machine: median ms per feed parse_feed 41.5, feedparser-rs 1.03,
fastfeedparser 0.97; a 20-item feed 33 / 0.96 / 0.56 ms). fastfeedparser
loses what a reader needs: dates come back in UTC only (the publisher's
offset is gone), xml:base and relative links are not resolved, an entity
cuts a title short ("Caf&eacute;" gives "Caf"), an XHTML title is lost.
feedparser-rs read the fixtures we checked by hand right, but it is a young compiled extension
(0.7); feedparser is pure Python with two decades of broken real-world feeds
behind its loose parser, and its cost is paid off the event loop (the
library parses in a thread), once per changed feed (unchanged ones answer
304), on at most `MAX_ITEMS` entries. `_parse_xml` is the one place that
would change to switch.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

from reader.core.errors import FeedError
from reader.core.feeds.entries import MAX_ITEMS, RawEntry, build_items, item_url
from reader.core.feeds.model import ParsedFeed
from reader.core.feeds.sniff import content_kind, feed_format, root_element, root_name
from reader.core.feeds.text import plain_title, without_bad_char_refs
from reader.core.fetch.charset import decode_feed

__all__ = ["parse_feed"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ENTRY_START = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s/>]")
#: Where a feed's root element starts when junk precedes it.
_LATE_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b")


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Read the feed in `body` (fetched from `url`; relative links resolve
    against it). Raises `FeedError` when it is not a feed or too broken to read.

    Items come checked and cleaned (see `entries.build_items`); `problems` says
    what was skipped or repaired.
    """
    fmt = feed_format(body)
    if fmt == "json":
        return _parse_json(body, url)
    text, _ = decode_feed(body, content_type)
    problems: list[str] = []
    start = _root_start(text)
    if fmt is None:
        late = _LATE_ROOT.search(text, 0, 4096)
        if start is not None or late is None:
            raise FeedError(_not_a_feed(body, content_type))
        start = late.start()
        fmt = feed_format(text[start:].encode("utf-8"))
        if fmt is None:
            raise FeedError(_not_a_feed(body, content_type))
        problems.append("Text before the feed's first element was ignored.")
    assert start is not None
    prolog, document = text[:start], text[start:]
    if "<!ENTITY" in prolog or "<!entity" in prolog:
        problems.append("The feed's own entity definitions were ignored.")
    document, cut = _cut_entries(document, fmt)
    if cut:
        problems.append(f"The feed has more than {MAX_ITEMS:,} entries; the first ones were read.")
    return _parse_xml(document, url, fmt, problems)


def _not_a_feed(body: bytes, content_type: str | None) -> str:
    if not body.strip():
        return "The feed is empty."
    if content_kind(body, content_type) == "html":
        return "This is a web page (HTML), not a feed."
    return "This is not a feed (RSS, Atom or JSON Feed)."


def _root_start(text: str) -> int | None:
    """The index of the root element's "<", after the prolog; None if not found."""
    found = root_element(text)
    return found[0] if found else None


def _cut_entries(document: str, fmt: str) -> tuple[str, bool]:
    """The document cut before its entry number MAX_ITEMS + 1 (and closed
    again), and whether it was. Counted by opening tags, so a feed whose
    entries are never closed is cut too."""
    for count, match in enumerate(_ENTRY_START.finditer(document), start=1):
        if count > MAX_ITEMS:
            root = root_name(document) or "rss"
            prefix = root.rpartition(":")[0]
            channel = f"</{prefix}:channel>" if prefix and fmt == "rss" else "</channel>"
            closing = (channel if fmt == "rss" else "") + f"</{root}>"
            return document[: match.start()] + closing, True
    return document, False


def _parse_xml(document: str, url: str, fmt: str, problems: list[str]) -> ParsedFeed:
    import feedparser

    document = without_bad_char_refs(document)
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + document.encode("utf-8", "replace")
    try:
        parsed: Any = feedparser.parse(
            io.BytesIO(data),
            response_headers={
                "content-location": url,
                "content-type": "application/xml; charset=utf-8",
            },
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except (ValueError, LookupError, RecursionError, AttributeError, TypeError) as exc:
        # feedparser's loose parser has tripped on things XML forbids before
        # (a lone surrogate from "&#xD800;": removed above): a broken feed.
        raise FeedError(f"The feed could not be read ({type(exc).__name__}).") from None
    broken = _malformed(parsed)
    if not parsed.get("version") and not parsed.entries:
        detail = f" ({broken})" if broken else ""
        raise FeedError(f"The feed could not be read{detail}.")
    if broken:
        problems.append(f"The feed is not well-formed XML ({broken}); read as far as it goes.")
    feed = parsed.feed
    title = plain_title(feed.get("title", ""), is_html=_is_html(feed.get("title_detail") or {}))
    site_url, _ = item_url(feed.get("link"), url)
    items, item_problems = build_items((_raw(e, url) for e in parsed.entries), url)
    return ParsedFeed(
        kind=fmt,
        title=title,
        site_url=site_url,
        items=tuple(items),
        problems=(*problems, *item_problems),
    )


def _malformed(parsed: Any) -> str:
    """Why the XML is not well-formed, or "" (an undefined HTML entity such as
    &nbsp; in an old RSS 0.91 feed does not count: it reads fine)."""
    if not parsed.get("bozo"):
        return ""
    exc = parsed.get("bozo_exception")
    if type(exc).__name__ != "SAXParseException":
        return ""
    message = str(getattr(exc, "getMessage", lambda: exc)())
    if "undefined entity" in message:
        return ""
    line = getattr(exc, "getLineNumber", lambda: None)()
    where = f" at line {max(int(line) - 1, 1)}" if isinstance(line, int) else ""
    return f"{message}{where}"


def _is_html(detail: Any) -> bool:
    kind = detail.get("type", "") if hasattr(detail, "get") else ""
    return kind in _HTML_TYPES


def _raw(entry: Any, url: str) -> RawEntry:
    summary = entry.get("summary", "")
    detail = entry.get("summary_detail") or {}
    if not summary:
        content = entry.get("content") or []
        if content:
            summary = content[0].get("value", "")
            detail = content[0]
    title_detail = entry.get("title_detail") or {}
    return RawEntry(
        link=entry.get("link"),
        guid=entry.get("id", "") or "",
        title=entry.get("title", "") or "",
        title_is_html=_is_html(title_detail),
        summary=summary or "",
        summary_is_html=detail.get("type", "text/html") != "text/plain",
        author=entry.get("author", "") or "",
        # dict.get: feedparser's own get maps a missing "updated" to "published"
        # (with a DeprecationWarning); the stored values are what the feed said.
        published=dict.get(entry, "published"),
        updated=dict.get(entry, "updated"),
        published_utc=_utc(dict.get(entry, "published_parsed")),
        updated_utc=_utc(dict.get(entry, "updated_parsed")),
        base=title_detail.get("base") or url,
    )


def _utc(value: Any) -> datetime | None:
    try:
        if not value:
            return None
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _parse_json(body: bytes, url: str) -> ParsedFeed:
    from reader.core.feeds.jsonfeed import read_json_feed

    feed = read_json_feed(body, url, MAX_ITEMS)
    items, problems = build_items(feed.entries, url)
    if len(feed.entries) > MAX_ITEMS:
        problems.insert(
            0, f"The feed has more than {MAX_ITEMS:,} entries; the first ones were read."
        )
    site_url, _ = item_url(feed.site_url, url)
    return ParsedFeed(
        kind="json",
        title=plain_title(feed.title),
        site_url=site_url,
        items=tuple(items),
        problems=tuple(problems),
    )
