"""Omnivore's export (a zip, November 2024): `metadata_0_to_19.json`,
`metadata_20_to_39.json`... each a JSON list of the saved items (`id, slug,
title, description, author, url, state, readingProgress, thumbnail, labels,
savedAt, updatedAt, publishedAt`), and, when the export had them,
`content/<slug>.html` (the article as Omnivore kept it) and
`highlights/<slug>.md` (the user's highlights and notes, in Markdown).

`state` ARCHIVED is archived; a `readingProgress` of 100 is read; DELETED
items are skipped. `labels` are names (objects with a `name` are read too).
The content becomes the stored article; the highlights become the note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from reader.core.models import Bookmark
from reader.store.exchange.fields import (
    clean_note,
    clean_title,
    dated,
    entry_address,
    tag_names,
)
from reader.store.exchange.parsed import DELETED, NOT_ENTRY, Content, ParsedBookmarks, Tally

#: Keys Omnivore's items have and other lists of links do not.
OMNIVORE_KEYS = frozenset(
    {"savedAt", "slug", "readingProgress", "readingProgressPercent", "labels", "isArchived"}
)
#: The metadata files of an export, wherever they sit in the zip.
METADATA = re.compile(r"(?:^|/)metadata_(\d+)(?:_to_\d+)?\.json$", re.I)

Reader = Callable[[str], str | None]
"""Reads a member of the export by name (None when there is none)."""


def looks_like_omnivore(items: list[Any]) -> bool:
    """Whether a JSON list is one of Omnivore's metadata files."""
    entries = [item for item in items[:20] if isinstance(item, dict)]
    return bool(entries) and all(len(OMNIVORE_KEYS & item.keys()) >= 2 for item in entries)


def omnivore_item(item: Any, tally: Tally) -> tuple[Bookmark, str] | None:
    """One item's bookmark and slug, or None (counted in `tally`)."""
    if not isinstance(item, dict):
        tally.skip(NOT_ENTRY)
        return None
    state = str(item.get("state") or "").upper()
    if state == "DELETED":
        tally.skip(DELETED)
        return None
    url = entry_address(item.get("url"), tally)
    if url is None:
        return None
    progress = item.get("readingProgress", item.get("readingProgressPercent"))
    done = isinstance(progress, int | float) and not isinstance(progress, bool) and progress >= 100
    # Community exporters of the API wrote isArchived / archivedAt instead of state.
    archived = state == "ARCHIVED" or item.get("isArchived") is True or bool(item.get("archivedAt"))
    slug = item.get("slug")
    bookmark = Bookmark(
        url=url,
        title=clean_title(item.get("title")),
        tags=tag_names(_labels(item.get("labels"))),
        created=dated(tally, item.get("savedAt")),
        state="archived" if archived else "read" if done else "unread",
    )
    return bookmark, slug if isinstance(slug, str) else ""


def _labels(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    names = []
    for label in value:
        name = label.get("name") if isinstance(label, dict) else label
        if isinstance(name, str):
            names.append(name)
    return names


def read_omnivore_items(items: list[Any]) -> ParsedBookmarks:
    """The bookmarks of one metadata file read on its own (no content)."""
    tally = Tally()
    found = (omnivore_item(item, tally) for item in items)
    return tally.result([pair[0] for pair in found if pair is not None], "omnivore")


def read_omnivore(
    metadata: list[tuple[str, list[Any]]],
    names: Mapping[str, str],
    read_text: Reader,
    content_of: Callable[[str], Callable[[], str]],
) -> ParsedBookmarks:
    """The bookmarks of an export: `metadata` is (member name, its list)
    for each metadata file; `names` maps the export's member names (lower-
    case) to their real names; `read_text` reads a small member (the
    highlights) and `content_of` gives the reader of an article's member."""
    tally = Tally()
    bookmarks: list[Bookmark] = []
    contents: list[Content] = []
    for member, items in metadata:
        folder = member.rsplit("/", 1)[0] + "/" if "/" in member else ""
        for item in items:
            found = omnivore_item(item, tally)
            if found is None:
                continue
            bookmark, slug = found
            if slug and "/" not in slug and ".." not in slug:
                highlights = names.get(f"{folder}highlights/{slug}.md".lower())
                if highlights is not None:
                    note = clean_note(read_text(highlights))
                    bookmark = replace(bookmark, note=note)
                page = names.get(f"{folder}content/{slug}.html".lower())
                if page is not None:
                    contents.append(Content(bookmark.url, bookmark.title, content_of(page)))
            bookmarks.append(bookmark)
    return tally.result(bookmarks, "omnivore", tuple(contents))
