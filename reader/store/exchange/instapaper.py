"""Instapaper's CSV export: `URL,Title,Selection,Folder,Timestamp,Tags`.

`Folder` is `Unread`, `Archive`, `Starred` or the name of a folder of the
user's (kept as a tag, the story unread); `Timestamp` is unix seconds;
`Tags` (added to the export in 2024) is a JSON list (`["a","b"]`), `[]` or
empty; `Selection` is the text the user selected when saving, kept as the note.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from reader.core.models import Bookmark
from reader.store.exchange.fields import (
    clean_note,
    clean_title,
    dated,
    entry_address,
    split_tags,
    tag_names,
)
from reader.store.exchange.parsed import Tally

#: The columns of Instapaper's CSV export.
INSTAPAPER_COLUMNS = ("url", "title", "selection", "folder", "timestamp", "tags")


def instapaper_row(row: Mapping[str, str], tally: Tally) -> Bookmark | None:
    """One bookmark of Instapaper's CSV, or None (counted in `tally`)."""
    url = entry_address(row.get("url"), tally)
    if url is None:
        return None
    folder = (row.get("folder") or "").strip()
    kind = folder.lower()
    tags = instapaper_tags(row.get("tags"))
    if kind not in ("", "unread", "archive", "starred"):
        tags = [*tags, folder]
    return Bookmark(
        url=url,
        title=clean_title(row.get("title")),
        tags=tag_names(tags),
        note=clean_note(row.get("selection")),
        created=dated(tally, row.get("timestamp"), unix=True),
        state="archived" if kind == "archive" else "unread",
        favourite=kind == "starred",
    )


def instapaper_tags(value: str | None) -> list[str]:
    """The tags of Instapaper's `Tags` cell: a JSON list of strings; a cell
    that is not valid JSON is read as a comma-separated list."""
    text = (value or "").strip()[: 64 * 1024]
    if not text:
        return []
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return split_tags(text.strip("[]").replace('"', ""), ",")
    if isinstance(data, list):
        return [item for item in data if isinstance(item, str)]
    return [data] if isinstance(data, str) else []
