"""Bookmarks and their tags: one bookmark per address (merged by comparable
URL), its tags normalised, and the search row kept in step."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from sqlite3 import Connection
from typing import Any

from reader.core.models import Bookmark
from reader.core.sanitize import clean_line
from reader.core.urls import comparable
from reader.store.db import Database
from reader.store.schema import from_text, now, to_text

_SELECT = """SELECT b.id, b.url, b.title, b.note, b.created_at, b.updated_at,
                    (SELECT group_concat(tag, ' ') FROM
                       (SELECT tag FROM bookmark_tags t WHERE t.bookmark_id = b.id ORDER BY tag))
                    AS tags
             FROM bookmarks b"""


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored: lower-case, no spaces or commas, no duplicates, sorted."""
    out = set()
    for tag in tags:
        for piece in str(tag).replace(",", " ").split():
            cleaned = clean_line(piece).lower().strip("#")
            if cleaned:
                out.add(cleaned[:64])
    return tuple(sorted(out))


def add_bookmark(
    db: Database,
    url: str,
    *,
    title: str,
    tags: Iterable[str],
    note: str,
    created: datetime | None,
) -> Bookmark:
    """Bookmark `url` (never twice: an existing bookmark gets the new tags
    added and keeps its date). The title comes from the stored article when
    none is given."""
    key = comparable(url)
    clean_tags = normalize_tags(tags)
    moment = to_text(created or now())
    with db.write() as conn:
        if not title:
            row = conn.execute(
                "SELECT a.title FROM aliases al JOIN articles a ON a.page_id = al.page_id "
                "WHERE al.url_key = ?",
                (key,),
            ).fetchone()
            title = row["title"] if row else ""
        conn.execute(
            """INSERT INTO bookmarks(url, url_key, title, note, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(url_key) DO UPDATE SET
                 title = CASE WHEN excluded.title != '' THEN excluded.title ELSE title END,
                 note = CASE WHEN excluded.note != '' THEN excluded.note ELSE note END,
                 updated_at = excluded.updated_at""",
            (url, key, clean_line(title), note.strip(), moment, to_text(now())),
        )
        bookmark_id = conn.execute("SELECT id FROM bookmarks WHERE url_key = ?", (key,)).fetchone()[
            0
        ]
        conn.executemany(
            "INSERT OR IGNORE INTO bookmark_tags(bookmark_id, tag) VALUES (?, ?)",
            [(bookmark_id, tag) for tag in clean_tags],
        )
        _reindex(conn, key)
        return _bookmark(conn, key)  # type: ignore[return-value]


def update_bookmark(
    db: Database,
    url: str,
    title: str | None,
    tags: Iterable[str] | None,
    note: str | None,
) -> Bookmark | None:
    """Change a bookmark's title, tags (replaced) or note; None if not bookmarked."""
    key = comparable(url)
    with db.write() as conn:
        row = conn.execute("SELECT id FROM bookmarks WHERE url_key = ?", (key,)).fetchone()
        if row is None:
            return None
        if title is not None:
            conn.execute("UPDATE bookmarks SET title = ? WHERE id = ?", (clean_line(title), row[0]))
        if note is not None:
            conn.execute("UPDATE bookmarks SET note = ? WHERE id = ?", (note.strip(), row[0]))
        if tags is not None:
            conn.execute("DELETE FROM bookmark_tags WHERE bookmark_id = ?", (row[0],))
            conn.executemany(
                "INSERT OR IGNORE INTO bookmark_tags(bookmark_id, tag) VALUES (?, ?)",
                [(row[0], tag) for tag in normalize_tags(tags)],
            )
        conn.execute("UPDATE bookmarks SET updated_at = ? WHERE id = ?", (to_text(now()), row[0]))
        _reindex(conn, key)
        return _bookmark(conn, key)


def remove_bookmark(db: Database, url: str) -> Bookmark | None:
    """Delete a bookmark; returns it (for undo) or None if there was none."""
    key = comparable(url)
    with db.write() as conn:
        bookmark = _bookmark(conn, key)
        if bookmark is None:
            return None
        conn.execute("DELETE FROM bookmarks WHERE url_key = ?", (key,))
        _reindex(conn, key)
        return bookmark


def bookmark(db: Database, url: str) -> Bookmark | None:
    """The bookmark for `url`, or None."""
    with db.read() as conn:
        return _bookmark(conn, comparable(url))


def bookmarks(db: Database, text: str, tag: str | None) -> list[Bookmark]:
    """All bookmarks, newest first; `text` filters on title, address, tags and
    note (case-insensitive substring), `tag` on one tag."""
    with db.read() as conn:
        rows = conn.execute(f"{_SELECT} ORDER BY b.created_at DESC, b.id DESC").fetchall()
    needle = text.strip().lower()
    out = []
    for row in rows:
        found = _bookmark_row(row)
        if tag and tag.lower() not in found.tags:
            continue
        if needle:
            haystack = " ".join((found.title, found.url, found.note, " ".join(found.tags))).lower()
            if not all(word in haystack for word in needle.split()):
                continue
        out.append(found)
    return out


def tags(db: Database) -> list[str]:
    """Every tag in use, most used first."""
    with db.read() as conn:
        rows = conn.execute(
            "SELECT tag FROM bookmark_tags GROUP BY tag ORDER BY count(*) DESC, tag"
        ).fetchall()
    return [str(row[0]) for row in rows]


def _reindex(conn: Connection, key: str) -> None:
    # The index is kept by writes only: looking a bookmark up (as opening a
    # page does at start-up) needs none of it.
    from reader.store.search_index import reindex

    reindex(conn, key)


def _bookmark(conn: Connection, key: str) -> Bookmark | None:
    row = conn.execute(f"{_SELECT} WHERE b.url_key = ?", (key,)).fetchone()
    return _bookmark_row(row) if row else None


def _bookmark_row(row: Any) -> Bookmark:
    return Bookmark(
        url=row["url"],
        title=row["title"],
        tags=tuple((row["tags"] or "").split()),
        note=row["note"],
        created=from_text(row["created_at"]),
        updated=from_text(row["updated_at"]),
    )
