"""Adding an import file's bookmarks to the store, fast: a few thousand rows
per transaction, each step one statement for all of them (looking the
addresses up, inserting the new bookmarks, their tags, their filter text),
where adding them one by one cost five statements and a search-index
rebuild each.

The rules: one bookmark per address (merged by comparable URL); a new one
keeps the file's title, tags, note, time added, state and favourite mark
(its title comes from the stored article when the file has none); one
already kept never changes state or favourite and loses nothing: it gains
the file's tags, and a title or note it lacked, and counts as updated.
Importing the same file again adds and changes nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from sqlite3 import Connection
from typing import Any

from reader.core.bookmark_query import haystack
from reader.core.models import Bookmark
from reader.core.sanitize import clean_line
from reader.store.bookmarks import normalize_tags, refresh_haystacks
from reader.store.exchange.importing import ImportResult, by_address
from reader.store.exchange.parsed import ParsedBookmarks
from reader.store.schema import now, to_text
from reader.store.search_index import reindex
from reader.store.store import Store

#: Bookmarks written per transaction: other programs wait at most this long
#: (about 0.1 s) for the library.
BATCH = 2000
#: Values bound per statement (SQLite's limit is 32,766; kept well below).
_CHUNK = 500


def add_parsed(store: Store, parsed: ParsedBookmarks) -> ImportResult:
    """Add `parsed` to the store (see the module's rules); what was done."""
    unique, duplicates = by_address(parsed.bookmarks)
    pairs = list(unique.items())
    added = merged = unchanged = 0
    for start in range(0, len(pairs), BATCH):
        batch = pairs[start : start + BATCH]
        with store.batch() as conn:
            kept = _existing(conn, [key for key, _ in batch])
            added += _insert(conn, [(key, b) for key, b in batch if key not in kept])
            for key, bookmark in batch:
                old = kept.get(key)
                if old is None:
                    continue
                if _merge(store, old, bookmark):
                    merged += 1
                else:
                    unchanged += 1
    return ImportResult(
        added=added,
        merged=merged,
        unchanged=unchanged,
        duplicates=duplicates,
        skipped_invalid=parsed.skipped,
        format=parsed.format,
        reasons=tuple(parsed.reasons.most_common()),
        bad_dates=parsed.bad_dates,
    )


#: `normalize_tags`, cached: the bookmarks of a file share a few sets of tags.
_normal = functools.lru_cache(maxsize=4096)(normalize_tags)


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _existing(conn: Connection, keys: list[str]) -> dict[str, Bookmark]:
    """The bookmarks already kept under `keys` (title, note and tags only)."""
    found: dict[str, Bookmark] = {}
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"""SELECT b.url, b.url_key, b.title, b.note,
                       (SELECT group_concat(tag, ' ') FROM bookmark_tags t
                        WHERE t.bookmark_id = b.id) AS tags
                FROM bookmarks b WHERE b.url_key IN ({marks})""",
            tuple(chunk),
        )
        for row in rows:
            found[row["url_key"]] = Bookmark(
                url=row["url"],
                title=row["title"],
                note=row["note"],
                tags=_normal(tuple((row["tags"] or "").split())),
            )
    return found


def _merge(store: Store, old: Bookmark, new: Bookmark) -> bool:
    """Give a bookmark already kept the file's tags, and a title or note it
    lacked; whether anything changed."""
    tags = normalize_tags((*old.tags, *new.tags))
    title = None if old.title or not new.title else new.title
    note = None if old.note or not new.note else new.note
    if tags == old.tags and title is None and note is None:
        return False
    store.update_bookmark(old.url, title=title, note=note, tags=tags if tags != old.tags else None)
    return True


def _insert(conn: Connection, pairs: list[tuple[str, Bookmark]]) -> int:
    """Insert new bookmarks (under their comparable address) with their tags,
    filter text and search rows."""
    if not pairs:
        return 0
    moment = to_text(now())
    keys = [key for key, _ in pairs]
    titles = _article_titles(conn, [key for key, b in pairs if not b.title])
    rows = [
        _Row(key, b.url, clean_line(b.title or titles.get(key, "")), b.note.strip(),
             _normal(b.tags), b)
        for key, b in pairs
    ]  # fmt: skip
    conn.executemany(
        """INSERT OR IGNORE INTO bookmarks(url, url_key, title, note, created_at, updated_at,
                                           state, favourite, haystack)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (
                r.url, r.key, r.title, r.note,
                to_text(r.source.created) if r.source.created else moment, moment,
                r.source.state, int(r.source.favourite),
                haystack(r.title, r.url, r.note, r.tags, ""),
            )
            for r in rows
        ],
    )  # fmt: skip
    ids: dict[str, int] = {}
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT id, url_key FROM bookmarks WHERE url_key IN ({marks})", tuple(chunk)
        ):
            ids[row["url_key"]] = int(row["id"])
    conn.executemany(
        "INSERT OR IGNORE INTO bookmark_tags(bookmark_id, tag) VALUES (?, ?)",
        [(ids[r.key], tag) for r in rows for tag in r.tags],
    )
    paged = _paged(conn, keys)
    if paged:  # their filter text takes the stored article's site in
        refresh_haystacks(conn, [ids[key] for key in paged if key in ids])
    for key in paged:
        reindex(conn, key)
    _index_alone(conn, [r for r in rows if r.key not in paged])
    return len(ids)


@dataclass(frozen=True)
class _Row:
    """A new bookmark as written."""

    key: str
    url: str
    title: str
    note: str
    tags: tuple[str, ...]
    source: Bookmark


def _paged(conn: Connection, keys: list[str]) -> set[str]:
    """Those of `keys` whose page is stored."""
    paged: set[str] = set()
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        paged.update(
            str(row[0])
            for row in conn.execute(
                f"SELECT url_key FROM aliases WHERE url_key IN ({marks})", tuple(chunk)
            )
        )
    return paged


def _index_alone(conn: Connection, rows: list[_Row]) -> None:
    """The search rows of new bookmarks whose page is not stored, in bulk:
    what `reindex` writes for them (the bookmark's title, tags and note)."""
    for chunk in _chunks(rows):
        keys = tuple(r.key for r in chunk)
        marks = ",".join("?" * len(keys))
        old = f"SELECT id FROM documents WHERE url_key IN ({marks})"
        conn.execute(f"DELETE FROM search WHERE rowid IN ({old})", keys)
        conn.execute(f"DELETE FROM documents WHERE url_key IN ({marks})", keys)
        conn.executemany("INSERT INTO documents(url_key) VALUES (?)", [(k,) for k in keys])
        found = conn.execute(f"SELECT id, url_key FROM documents WHERE url_key IN ({marks})", keys)
        doc = {str(row["url_key"]): int(row["id"]) for row in found}
        conn.executemany(
            "INSERT INTO search(rowid, title, byline, text, tags, note) "
            "VALUES (?, ?, '', '', ?, ?)",
            [(doc[r.key], r.title, " ".join(r.tags), r.note) for r in chunk],
        )


def _article_titles(conn: Connection, keys: list[str]) -> dict[str, str]:
    """The titles of the stored articles of `keys`, for bookmarks given none."""
    titles: dict[str, str] = {}
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"""SELECT al.url_key, a.title FROM aliases al
                JOIN articles a ON a.page_id = al.page_id WHERE al.url_key IN ({marks})""",
            tuple(chunk),
        )
        titles.update((row["url_key"], row["title"] or "") for row in rows)
    return titles
