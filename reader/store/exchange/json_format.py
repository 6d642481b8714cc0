"""Bookmarks as JSON, both ways: reader's own format
(`{"version": 1, "bookmarks": [...]}`) out, and ours, buku's or Pinboard's in."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from reader.core.models import BOOKMARK_STATES, Bookmark
from reader.core.sanitize import clean_line, strip_controls
from reader.store.exchange.fields import (
    clean_note,
    clean_title,
    dated,
    entry_address,
    flag,
    tag_names,
)
from reader.store.exchange.parsed import NOT_ENTRY, ExchangeError, ParsedBookmarks, Tally
from reader.store.schema import to_text

JSON_VERSION = 1


def export_json(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks as `{"version": 1, "bookmarks": [{url, title, tags, note,
    created, state, favourite}]}` (state and favourite are read back by any
    reader that knows them; older ones ignore them)."""
    items = [
        {
            "url": strip_controls(b.url),
            "title": clean_line(b.title),
            "tags": list(b.tags),
            "note": clean_note(b.note),
            "created": to_text(b.created) if b.created else None,
            "state": b.state,
            "favourite": b.favourite,
        }
        for b in bookmarks
    ]
    return json.dumps({"version": JSON_VERSION, "bookmarks": items}, ensure_ascii=False, indent=2)


def _json_item(item: Any, tally: Tally) -> Bookmark | None:
    """One bookmark from our format, buku's (`uri`, `description`, comma tags) or
    Pinboard's (`href`, `description` as title, `extended`, space-separated tags);
    None (counted in `tally`) when the entry cannot be one. A date that cannot
    be used is dropped (and counted); the bookmark is kept."""
    if not isinstance(item, dict):
        tally.skip(NOT_ENTRY)
        return None
    when: Any = None
    if "uri" in item:  # buku
        url, title, note = item.get("uri"), item.get("title"), item.get("description")
        tags: Any = item.get("tags")
        tags = tags.split(",") if isinstance(tags, str) else tags
    elif "href" in item and "url" not in item:  # Pinboard
        url, title, note = item.get("href"), item.get("description"), item.get("extended")
        tags = item.get("tags")
        tags = tags.split() if isinstance(tags, str) else tags
        when = item.get("time")
    else:
        url, title, note = item.get("url"), item.get("title"), item.get("note")
        tags = item.get("tags")
        tags = tags.split(",") if isinstance(tags, str) else tags
        when = item.get("created", item.get("added"))
    kept = entry_address(url, tally)
    if kept is None:
        return None
    tag_list = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    state = item.get("state")
    return Bookmark(
        url=kept,
        title=clean_title(title),
        tags=tag_names(tag_list),
        note=clean_note(note if isinstance(note, str) else ""),
        created=dated(tally, when),
        state=state if state in BOOKMARK_STATES else "unread",
        favourite=flag(item.get("favourite", item.get("favorite", False))),
    )


def load_json(text: str) -> Any:
    """The value a JSON text holds; JSON Lines (one object per line, as
    `reader bookmarks list --format json` prints) as a list. ExchangeError
    when it is neither, or nested too deeply."""
    try:
        try:
            return json.loads(text, parse_int=_whole_number)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data" or not text.lstrip().startswith("{"):
                raise
            lines = [line for line in text.splitlines() if line.strip()]
            return [json.loads(line, parse_int=_whole_number) for line in lines]
    except RecursionError:
        raise ExchangeError(
            "nested too deeply to be a bookmarks file (lists or objects inside each other)"
        ) from None
    except ValueError as exc:
        raise ExchangeError(f"not valid JSON ({clean_line(str(exc))[:120]})") from None


def read_json(text: str) -> ParsedBookmarks:
    """The bookmarks of a JSON export (reader's, buku's, Pinboard's,
    wallabag's, or one of Omnivore's metadata files) and how many entries
    were skipped. Raises ExchangeError when the text is not JSON or holds
    no bookmark list."""
    from reader.store.exchange.omnivore import looks_like_omnivore, read_omnivore_items
    from reader.store.exchange.wallabag import looks_like_wallabag, read_wallabag

    data = load_json(text)
    if isinstance(data, dict) and isinstance(data.get("bookmarks"), list):
        items: list[Any] = data["bookmarks"]
    elif isinstance(data, list):
        items = data
    else:
        raise ExchangeError('not a bookmarks file (expected {"bookmarks": [...]} or a list)')
    if looks_like_wallabag(items):
        return read_wallabag(items)
    if looks_like_omnivore(items):
        return read_omnivore_items(items)
    bookmarks: list[Bookmark] = []
    tally = Tally()
    for item in items:
        bookmark = _json_item(item, tally)
        if bookmark is not None:
            bookmarks.append(bookmark)
    return tally.result(bookmarks, "json")


def _whole_number(text: str) -> int | float:
    """A JSON integer; one too long for int() (over 4300 digits raises
    ValueError, which would reject the whole file) becomes a float (inf),
    which the entry's checks then refuse on its own."""
    return int(text) if len(text) <= 100 else float(text)


def parse_json(text: str) -> list[Bookmark]:
    """The http(s) bookmarks of a JSON export (ours, buku's or Pinboard's).
    Raises ExchangeError when the text is not JSON or holds no bookmark list."""
    return read_json(text).bookmarks
