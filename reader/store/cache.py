"""The page cache's upkeep: counts and sizes (sources and stories counted
too), purging pages not read for a while, and the size cap. Bookmarked pages
are never deleted; deleting a page takes its article, sections and aliases
with it and updates the search index. Loaded on first use (opening a stored
page needs none of it)."""

from __future__ import annotations

from datetime import timedelta
from sqlite3 import Connection

from reader.core.records import CacheStats
from reader.store.db import Database
from reader.store.items import item_counts
from reader.store.pages import alias_keys
from reader.store.schema import from_text, now, to_text
from reader.store.search_index import reindex
from reader.store.sources import source_count


def stats(db: Database) -> CacheStats:
    """Counts and sizes."""
    with db.read() as conn:
        pages, body, oldest = conn.execute(
            "SELECT count(*), coalesce(sum(body_size), 0), min(fetched_at) FROM pages"
        ).fetchone()
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        bookmarks = conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0]
        visits = conn.execute("SELECT count(*) FROM visits").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        sources = source_count(conn)
        items, unread = item_counts(conn)
    return CacheStats(
        pages=pages,
        articles=articles,
        bookmarks=bookmarks,
        visits=visits,
        body_bytes=body,
        file_bytes=page_size * page_count,
        oldest=from_text(oldest),
        sources=sources,
        items=items,
        unread=unread,
    )


def purge(db: Database, older_than: timedelta) -> int:
    """Delete stored pages not read or fetched within `older_than`, except
    bookmarked ones; returns how many were deleted."""
    cutoff = to_text(now() - older_than)
    with db.write() as conn:
        ids = [
            row[0]
            for row in conn.execute(
                """SELECT p.id FROM pages p
                   WHERE coalesce(p.read_at, p.fetched_at) < ?
                     AND NOT EXISTS (SELECT 1 FROM aliases al JOIN bookmarks b
                                     ON b.url_key = al.url_key WHERE al.page_id = p.id)""",
                (cutoff,),
            )
        ]
        _delete_pages(conn, ids)
    return len(ids)


def enforce_size_cap(db: Database, max_bytes: int) -> int:
    """Delete the least recently read unbookmarked pages until the stored
    bodies fit in `max_bytes`; returns how many were deleted."""
    with db.read() as conn:
        total = conn.execute("SELECT coalesce(sum(body_size), 0) FROM pages").fetchone()[0]
    if total <= max_bytes:
        return 0
    with db.write() as conn:
        rows = conn.execute(
            """SELECT p.id, p.body_size FROM pages p
               WHERE NOT EXISTS (SELECT 1 FROM aliases al JOIN bookmarks b
                                 ON b.url_key = al.url_key WHERE al.page_id = p.id)
               ORDER BY coalesce(p.read_at, p.fetched_at) ASC"""
        ).fetchall()
        doomed = []
        for row in rows:
            if total <= max_bytes:
                break
            doomed.append(row["id"])
            total -= row["body_size"]
        _delete_pages(conn, doomed)
    return len(doomed)


def _delete_pages(conn: Connection, ids: list[int]) -> None:
    for page_id in ids:
        keys = alias_keys(conn, page_id)
        conn.execute("DELETE FROM pages WHERE id = ?", (page_id,))
        for key in keys:
            reindex(conn, key)
