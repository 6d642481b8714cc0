"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read by hand:
feedparser does not read JSON Feed, and the format is a small JSON object."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from reader.core.errors import FeedError
from reader.core.feeds.entries import RawEntry
from reader.core.fetch.charset import decode_feed
from reader.core.sanitize import clean_line

__all__ = ["JsonFeed", "read_json_feed"]


@dataclass
class JsonFeed:
    """What a JSON Feed holds, entries unchecked."""

    title: str
    site_url: str | None
    entries: list[RawEntry]


def read_json_feed(body: bytes, url: str, limit: int) -> JsonFeed:
    """Read a JSON Feed (at most `limit` entries). Raises FeedError when the
    body is not JSON or not a JSON Feed object."""
    text, _ = decode_feed(body, None, json=True)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise FeedError("The feed is not valid JSON.") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    ):
        raise FeedError("The JSON is not a JSON Feed (it has no jsonfeed.org version).")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raw_items = []
    feed_author = _author(data)
    entries = [
        _entry(item, url, feed_author) for item in raw_items[: limit * 2] if isinstance(item, dict)
    ]
    home = data.get("home_page_url")
    return JsonFeed(
        title=clean_line(_text(data.get("title"))),
        site_url=home if isinstance(home, str) and home.strip() else None,
        entries=entries,
    )


def _entry(item: dict[str, Any], url: str, feed_author: str) -> RawEntry:
    link = _text(item.get("url")) or _text(item.get("external_url"))
    ident = item.get("id")
    guid = str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else ""
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    summary, is_html = _text(item.get("summary")), False
    if not summary:
        if _text(item.get("content_html")):
            summary, is_html = _text(item.get("content_html")), True
        else:
            summary = _text(item.get("content_text"))
    return RawEntry(
        link=link or None,
        guid=guid,
        title=_text(item.get("title")),
        title_is_html=False,
        summary=summary,
        summary_is_html=is_html,
        author=_author(item) or feed_author,
        published=_text(item.get("date_published")) or None,
        updated=_text(item.get("date_modified")) or None,
        base=url,
    )


def _author(obj: dict[str, Any]) -> str:
    authors = obj.get("authors")
    if isinstance(authors, list):
        names = [_text(a.get("name")) for a in authors if isinstance(a, dict)]
        named = [n for n in names if n]
        if named:
            return ", ".join(named[:3])
    author = obj.get("author")
    return _text(author.get("name")) if isinstance(author, dict) else ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
