"""The feeds a web page advertises with `<link rel="alternate" type=...>`."""

from __future__ import annotations

import html as htmllib
import re

from reader.core.feeds.model import FeedLink
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable, resolve, without_fragment

__all__ = ["feed_links"]

_FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/rdf+xml": "rss",
    "application/x-rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
}
#: Only this much of the page is searched (feeds are advertised in the head).
_SEARCH_CHARS = 512 * 1024
_LINK_TAG = re.compile(r"<(link|base)\b[^<>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/<>"']+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s<>"']+)))?""")
_COMMENTS = re.compile(r"comment|coment|komentar|kommentar|replies|reacties|diskusi", re.IGNORECASE)
#: application/json alternates that are APIs, not feeds (WordPress, oEmbed).
_NOT_A_FEED = re.compile(r"/wp-json/|oembed", re.IGNORECASE)


def feed_links(html: str, base_url: str) -> list[FeedLink]:
    """The page's advertised feeds: absolute http(s) URLs, the main feed first
    (RSS/Atom/JSON Feed in the page's order, plain application/json after),
    comment feeds last, each address once."""
    base = base_url
    found: list[tuple[int, int, FeedLink]] = []
    seen: set[str] = set()
    for index, match in enumerate(_LINK_TAG.finditer(html[:_SEARCH_CHARS])):
        attrs = _attributes(match.group(0)[len(match.group(1)) + 1 :])
        if match.group(1).lower() == "base":
            href = resolve(base_url, attrs.get("href"))
            if href and is_followable(href) and base == base_url:
                base = href
            continue
        rels = attrs.get("rel", "").lower().split()
        mime = attrs.get("type", "").split(";")[0].strip().lower()
        if "alternate" not in rels or mime not in _FEED_TYPES:
            continue
        url = resolve(base, attrs.get("href"))
        if url is None or not is_followable(url):
            continue
        url = without_fragment(url)
        if url in seen or (mime == "application/json" and _NOT_A_FEED.search(url)):
            continue
        seen.add(url)
        title = clean_line(attrs.get("title"))[:200]
        comments = bool(_COMMENTS.search(title) or _COMMENTS.search(url))
        rank = 2 if comments else (1 if mime == "application/json" else 0)
        found.append((rank, index, FeedLink(url=url, title=title, kind=_FEED_TYPES[mime])))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [link for _, _, link in found]


def _attributes(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attrs.setdefault(name, htmllib.unescape(value))
    return attrs
