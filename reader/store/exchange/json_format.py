"""Bookmarks as JSON, both ways: reader's own format
(`{"version": 1, "bookmarks": [...]}`) out, and ours, buku's or Pinboard's in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from reader.core.models import Bookmark
from reader.core.sanitize import clean_line, strip_controls
from reader.store.exchange.fields import address, clean_note, iso_time, tag_names
from reader.store.exchange.parsed import ExchangeError, ParsedBookmarks
from reader.store.schema import to_text

JSON_VERSION = 1


def export_json(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks as `{"version": 1, "bookmarks": [{url, title, tags, note, created}]}`."""
    items = [
        {
            "url": strip_controls(b.url),
            "title": clean_line(b.title),
            "tags": list(b.tags),
            "note": clean_note(b.note),
            "created": to_text(b.created) if b.created else None,
        }
        for b in bookmarks
    ]
    return json.dumps({"version": JSON_VERSION, "bookmarks": items}, ensure_ascii=False, indent=2)


def _json_item(item: Any) -> Bookmark | None:
    """One bookmark from our format, buku's (`uri`, `description`, comma tags) or
    Pinboard's (`href`, `description` as title, `extended`, space-separated tags)."""
    if not isinstance(item, dict):
        return None
    if "uri" in item:  # buku
        url, title, note = item.get("uri"), item.get("title"), item.get("description")
        tags: Any = item.get("tags")
        tags = tags.split(",") if isinstance(tags, str) else tags
        created = None
    elif "href" in item and "url" not in item:  # Pinboard
        url, title, note = item.get("href"), item.get("description"), item.get("extended")
        tags = item.get("tags")
        tags = tags.split() if isinstance(tags, str) else tags
        created = iso_time(item.get("time"))
    else:
        url, title, note = item.get("url"), item.get("title"), item.get("note")
        tags = item.get("tags")
        tags = tags.split(",") if isinstance(tags, str) else tags
        created = iso_time(item.get("created"))
    kept = address(url)
    if kept is None:
        return None
    tag_list = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    return Bookmark(
        url=kept,
        title=clean_line(title if isinstance(title, str) else ""),
        tags=tag_names(tag_list),
        note=clean_note(note if isinstance(note, str) else ""),
        created=created,
    )


def read_json(text: str) -> ParsedBookmarks:
    """The bookmarks of a JSON export and how many entries were skipped.
    Raises ExchangeError when the text is not JSON or holds no bookmark list."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ExchangeError(f"not valid JSON ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("bookmarks"), list):
        items: list[Any] = data["bookmarks"]
    elif isinstance(data, list):
        items = data
    else:
        raise ExchangeError('not a bookmarks file (expected {"bookmarks": [...]} or a list)')
    bookmarks: list[Bookmark] = []
    skipped = 0
    for item in items:
        bookmark = _json_item(item)
        if bookmark is None:
            skipped += 1
        else:
            bookmarks.append(bookmark)
    return ParsedBookmarks(bookmarks, skipped, "json")


def parse_json(text: str) -> list[Bookmark]:
    """The http(s) bookmarks of a JSON export (ours, buku's or Pinboard's).
    Raises ExchangeError when the text is not JSON or holds no bookmark list."""
    return read_json(text).bookmarks
