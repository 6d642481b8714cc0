"""wallabag's JSON export: a list of entries with `url`, `title`, `tags`
(names, or `{"label": ...}` objects as its API gives them), `created_at`
(`2024-01-31T10:00:00+0100`), `is_archived` and `is_starred` (0/1 or
booleans) and `content`, the article as wallabag extracted it: kept as the
stored article, so that nothing needs fetching (unless it is wallabag's
"can't retrieve contents" placeholder)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeGuard

from reader.core.models import Bookmark
from reader.store.exchange.fields import (
    clean_title,
    dated,
    entry_address,
    flag,
    tag_names,
)
from reader.store.exchange.parsed import NOT_ENTRY, Content, ParsedBookmarks, Tally

#: Keys only wallabag's entries have (two are enough to tell).
WALLABAG_KEYS = frozenset({"is_archived", "is_starred", "reading_time", "domain_name"})
#: The largest article kept from an entry's `content` (longer ones are fetched instead).
MAX_CONTENT = 16 * 1024 * 1024
_PLACEHOLDER = "wallabag can't retrieve contents"


def looks_like_wallabag(items: list[Any]) -> bool:
    """Whether a JSON list is wallabag's export (its first entries have its keys)."""
    entries = [item for item in items[:20] if isinstance(item, dict)]
    return bool(entries) and all(len(WALLABAG_KEYS & item.keys()) >= 2 for item in entries)


def read_wallabag(items: list[Any]) -> ParsedBookmarks:
    """The bookmarks of wallabag's export, and the articles it holds."""
    tally = Tally()
    bookmarks: list[Bookmark] = []
    contents: list[Content] = []
    for item in items:
        if not isinstance(item, dict):
            tally.skip(NOT_ENTRY)
            continue
        url = entry_address(item.get("url"), tally)
        if url is None:
            continue
        bookmark = Bookmark(
            url=url,
            title=clean_title(item.get("title")),
            tags=tag_names(_tags(item.get("tags"))),
            created=dated(tally, item.get("created_at")),
            state="archived" if flag(item.get("is_archived")) else "unread",
            favourite=flag(item.get("is_starred")),
        )
        bookmarks.append(bookmark)
        content = item.get("content")
        if _usable(content):
            contents.append(Content(url, bookmark.title, _constant(content)))
    return tally.result(bookmarks, "wallabag", tuple(contents))


def _usable(content: Any) -> TypeGuard[str]:
    """Whether an entry's `content` is an article to keep."""
    return (
        isinstance(content, str)
        and bool(content.strip())
        and len(content) <= MAX_CONTENT
        and _PLACEHOLDER not in content[:500]
    )


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    names = []
    for tag in value:
        name = (tag.get("label") or tag.get("slug")) if isinstance(tag, dict) else tag
        if isinstance(name, str):
            names.append(name)
    return names


def _constant(text: str) -> Callable[[], str]:
    def read() -> str:
        return text

    return read
