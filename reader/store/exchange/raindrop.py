"""Raindrop.io's CSV export:
`id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite`.

`tags` are comma-separated in one (quoted) field, `created` is ISO 8601
(`2024-03-05T10:11:12.000Z`), `favorite` is `true` or `false`, `folder` is
the collection (kept as a tag, except "Unsorted", where everything lands).
The note and the highlights become the bookmark's note. Raindrop has no
read state: every story is unread.
"""

from __future__ import annotations

from collections.abc import Mapping

from reader.core.models import Bookmark
from reader.store.exchange.fields import (
    clean_note,
    clean_title,
    dated,
    entry_address,
    flag,
    split_tags,
    tag_names,
)
from reader.store.exchange.parsed import Tally

#: The columns of Raindrop's CSV export.
RAINDROP_COLUMNS = (
    "id", "title", "note", "excerpt", "url", "folder", "tags", "created", "cover",
    "highlights", "favorite",
)  # fmt: skip
#: Collections that hold everything not sorted: no use as a tag.
_ROOTS = frozenset({"", "unsorted", "trash"})


def raindrop_row(row: Mapping[str, str], tally: Tally) -> Bookmark | None:
    """One bookmark of Raindrop's CSV, or None (counted in `tally`)."""
    url = entry_address(row.get("url"), tally)
    if url is None:
        return None
    tags = split_tags(row.get("tags"), ",")
    folder = (row.get("folder") or "").strip()
    if folder.lower() not in _ROOTS:
        tags.append(folder)
    notes = [clean_note(row.get("note")), clean_note(row.get("highlights"))]
    return Bookmark(
        url=url,
        title=clean_title(row.get("title")),
        tags=tag_names(tags),
        note=clean_note("\n\n".join(note for note in notes if note)),
        created=dated(tally, row.get("created")),
        favourite=flag(row.get("favorite")),
    )
