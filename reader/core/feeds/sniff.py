"""What a body is: a feed (RSS, RDF, Atom, JSON Feed), an HTML page, or neither.

Decided on the bytes first (the root element, or a JSON object's `version`),
the Content-Type only when the body says nothing: servers often label feeds
text/html or text/plain and pages application/xml.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from reader.core.fetch.sniffing import describe_binary, looks_like_html

__all__ = [
    "FEED_MIME_TYPES",
    "ContentKind",
    "content_kind",
    "feed_format",
    "mime_of",
    "root_element",
    "root_name",
]

ContentKind = Literal["feed", "html"]

#: MIME types that name a feed, or the XML / JSON a feed is often served as.
FEED_MIME_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/xml",
        "text/xml",
        "application/json",
        "application/x-rss+xml",
        "application/x-atom+xml",
        "text/rss+xml",
        "text/atom+xml",
    }
)
_HTML_MIME_TYPES = frozenset({"text/html", "application/xhtml+xml"})

#: How far into the body the root element is looked for.
_HEAD_BYTES = 16 * 1024
_NAME = re.compile(r"[A-Za-z_][\w.:-]*")
_JSON_FEED_VERSION = re.compile(
    r""""version"\s*:\s*"https?://jsonfeed\.org/version/1(?:\.1)?/?\"""", re.IGNORECASE
)
#: The namespaces of RDF-based RSS: 1.0, and Netscape's 0.90.
_RDF_RSS_NAMESPACES = ("purl.org/rss/1.0", "my.netscape.com/rdf/simple/0.9")


def mime_of(content_type: str | None) -> str:
    """The lower-case MIME type of a Content-Type header value ("" when none)."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def _head_text(body: bytes) -> str:
    head = body[:_HEAD_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:].decode("utf-8", "replace")
    if head.startswith(b"\xff\xfe"):
        return head[2:].decode("utf-16-le", "replace")
    if head.startswith(b"\xfe\xff"):
        return head[2:].decode("utf-16-be", "replace")
    return head.decode("latin-1")


def feed_format(body: bytes) -> Literal["rss", "rdf", "atom", "json"] | None:
    """Which kind of feed `body` is by its content, or None when it is not one."""
    head = _head_text(body)
    stripped = head.lstrip()
    if stripped.startswith("{"):
        return "json" if _is_json_feed(body, stripped) else None
    name = root_name(head)
    if name is None:
        return None
    local = name.rpartition(":")[2]
    if local == "rss" or name.lower() == "rss":
        return "rss"
    if local == "feed":
        return "atom"
    if local == "RDF" and any(ns in head for ns in _RDF_RSS_NAMESPACES):
        return "rdf"
    return None


def _is_json_feed(body: bytes, head: str) -> bool:
    if _JSON_FEED_VERSION.search(head):
        return True
    if '"version"' not in head and b'"version"' not in body:
        return False
    try:
        data = json.loads(body.decode("utf-8", "replace").lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return False
    version = data.get("version") if isinstance(data, dict) else None
    return isinstance(version, str) and bool(_JSON_FEED_VERSION.search(f'"version":"{version}"'))


def content_kind(body: bytes, content_type: str | None) -> ContentKind | None:
    """ "feed" (RSS 0.9x/1.0/2.0, Atom, JSON Feed 1.0/1.1), "html", or None.

    The body decides; the Content-Type is the tie-breaker when the body looks
    like neither (an HTML fragment served as text/html).
    """
    if not body or describe_binary(body) is not None:
        return None
    if feed_format(body) is not None:
        return "feed"
    if looks_like_html(body) or _root_is_html(body):
        return "html"
    if mime_of(content_type) in _HTML_MIME_TYPES:
        return "html"
    return None


def _root_is_html(body: bytes) -> bool:
    name = root_name(_head_text(body))
    return name is not None and name.rpartition(":")[2].lower() == "html"


def root_name(text: str) -> str | None:
    """The name of the first element of an XML text, after the prolog (the XML
    declaration, processing instructions, comments, a DOCTYPE with its internal
    subset); None when the text does not start like XML."""
    found = root_element(text)
    return found[1] if found else None


def root_element(text: str) -> tuple[int, str] | None:
    """(index of its "<", name) of the first element after the prolog, or None.
    Linear: no regex backtracking on hostile prologs."""
    pos, end = 0, len(text)
    while pos < end:
        if text[pos].isspace():
            pos += 1
            continue
        if text.startswith("<?", pos):
            close = text.find("?>", pos + 2)
            close = close + 1 if close >= 0 else close
        elif text.startswith("<!--", pos):
            close = text.find("-->", pos + 4)
            close = close + 2 if close >= 0 else close
        elif text[pos : pos + 9].upper() == "<!DOCTYPE":
            close = _doctype_end(text, pos + 9)
        elif text.startswith("<", pos):
            match = _NAME.match(text, pos + 1)
            return (pos, match.group(0)) if match else None
        else:
            return None
        if close < 0:
            return None
        pos = close + 1
    return None


def _doctype_end(text: str, pos: int) -> int:
    """The index of the ">" closing a DOCTYPE that starts before `pos` (-1: none)."""
    bracket = text.find("[", pos)
    close = text.find(">", pos)
    if bracket < 0 or (close >= 0 and close < bracket):
        return close
    subset_end = text.find("]", bracket)
    return -1 if subset_end < 0 else text.find(">", subset_end)
