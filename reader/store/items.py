"""The stories sources bring (items) and their read state.

One story is one item, however many sources list it: it is found by its
comparable address, else by its guid (a guid that names a story worldwide, a
URL or URN, across sources; a short one like "1234" only within the same
source). A story whose page was opened before it arrives arrives read. The
river is ordered by `sort_at`: the published time (never later than first
seen) else the time first seen, in UTC. Whether the story is saved for
offline, its word count and its site come from the stored article, through
the page's aliases. Loaded on first use."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from sqlite3 import Connection
from typing import Any

from reader.core.feeds.model import FeedItem
from reader.core.records import NewsItem
from reader.core.sanitize import clean_line, clean_text
from reader.core.urls import comparable, host_of
from reader.store.db import Database
from reader.store.schema import from_text, now, to_text

#: Addresses per IN (...) list.
_CHUNK = 500

#: What the river shows of an item (`_page` gives the ids, newest first).
_ROWS = """SELECT i.id, i.url, i.title, i.guid, i.summary, i.author, i.published, i.updated,
                  i.first_seen, i.read_at, i.sort_at, s.id AS source_id,
                  s.title AS source_title, a.page_id AS article, a.word_count, a.site_name
           FROM items i
           JOIN sources s ON s.id = coalesce(:source, (SELECT x.source_id FROM item_sources x
                                                       WHERE x.item_id = i.id
                                                       ORDER BY x.rowid LIMIT 1))
           LEFT JOIN aliases al ON al.url_key = i.url_key
           LEFT JOIN articles a ON a.page_id = al.page_id
           WHERE i.id IN ({ids})
           ORDER BY i.sort_at DESC, i.id DESC"""


def add_items(
    db: Database, source_id: int, items: Sequence[FeedItem], seen_at: datetime
) -> list[NewsItem]:
    """Record what `source_id` lists now; the items new to the library, in the
    order given. A story already known is linked to this source too (and
    its summary, author or times filled in when they were missing)."""
    seen = to_text(seen_at)
    new_ids: dict[int, None] = {}
    with db.write() as conn:
        if conn.execute("SELECT 1 FROM sources WHERE id = ?", (source_id,)).fetchone() is None:
            return []
        for item in items:
            key = comparable(item.url)
            found = _known(conn, source_id, key, item.guid.strip())
            if found is None:
                found = _insert(conn, key, item, seen_at)
                if found is not None:
                    new_ids[found] = None
            if found is None:  # the address is taken (defensive: writes are serialised)
                found = int(
                    conn.execute("SELECT id FROM items WHERE url_key = ?", (key,)).fetchone()[0]
                )
            elif found not in new_ids:
                _fill_in(conn, found, item)
            conn.execute(
                "INSERT INTO item_sources(item_id, source_id, seen_at, unread) "
                "VALUES (:item, :source, :seen,"
                " (SELECT read_at IS NULL FROM items WHERE id = :item)) "
                "ON CONFLICT(item_id, source_id) DO UPDATE SET seen_at = excluded.seen_at",
                {"item": found, "source": source_id, "seen": seen},
            )
        rows = _rows(conn, list(new_ids), source_id)
    order = {item_id: n for n, item_id in enumerate(new_ids)}
    return sorted(rows, key=lambda item: order[item.id])


def is_global_guid(guid: str) -> bool:
    """True for a guid that names a story across sources (a URL, a URN, a tag:
    URI or a long opaque id), False for a short one a feed numbers itself."""
    if not guid or guid.isdigit():
        return False
    return ":" in guid or "/" in guid or len(guid) >= 16


def _known(conn: Connection, source_id: int, key: str, guid: str) -> int | None:
    row = conn.execute("SELECT id FROM items WHERE url_key = ?", (key,)).fetchone()
    if row is None and guid:
        if is_global_guid(guid):
            row = conn.execute(
                "SELECT id FROM items WHERE guid = ? AND guid != '' LIMIT 1", (guid,)
            ).fetchone()
        else:
            row = conn.execute(
                "SELECT i.id FROM items i JOIN item_sources x ON x.item_id = i.id "
                "WHERE i.guid = ? AND i.guid != '' AND x.source_id = ? LIMIT 1",
                (guid, source_id),
            ).fetchone()
    return int(row[0]) if row else None


def _insert(conn: Connection, key: str, item: FeedItem, seen_at: datetime) -> int | None:
    """A new item (None when the address was taken meanwhile); read already when
    its page was opened before."""
    published = _aware(item.published)
    sort_at = min(published, _aware(seen_at) or seen_at) if published else seen_at
    cursor = conn.execute(
        """INSERT INTO items(read_at, sort_at, url_key, url, guid, first_seen, published,
                             updated, title, author, summary)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(url_key) DO NOTHING""",
        (_read_before(conn, key), to_text(sort_at), key, item.url.strip(), item.guid.strip(),
         to_text(seen_at), _when(item.published), _when(item.updated),
         clean_line(item.title) or item.url.strip(), clean_line(item.author),
         clean_text(item.summary)),
    )  # fmt: skip
    return int(cursor.lastrowid) if cursor.rowcount and cursor.lastrowid else None


def _read_before(conn: Connection, key: str) -> str | None:
    """When the story at `key` was last opened (a visit, or its stored page read)."""
    row = conn.execute(
        """SELECT max(t) FROM (
             SELECT max(visited_at) AS t FROM visits WHERE url_key = ?
             UNION ALL
             SELECT p.read_at FROM aliases al JOIN pages p ON p.id = al.page_id
             WHERE al.url_key = ?)""",
        (key, key),
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def _fill_in(conn: Connection, item_id: int, item: FeedItem) -> None:
    """Keep what is known of an item; add what was missing, and take a newer
    title and summary when the feed says the story was updated."""
    conn.execute(
        """UPDATE items SET
             summary = CASE WHEN summary = '' THEN :summary ELSE summary END,
             author = CASE WHEN author = '' THEN :author ELSE author END,
             published = coalesce(published, :published)
           WHERE id = :id""",
        {
            "summary": clean_text(item.summary),
            "author": clean_line(item.author),
            "published": _when(item.published),
            "id": item_id,
        },
    )
    if item.updated is None:
        return
    conn.execute(
        """UPDATE items SET updated = :updated,
             title = CASE WHEN :title != '' THEN :title ELSE title END,
             summary = CASE WHEN :summary != '' THEN :summary ELSE summary END
           WHERE id = :id AND (updated IS NULL OR updated < :updated)""",
        {
            "updated": _when(item.updated),
            "title": clean_line(item.title),
            "summary": clean_text(item.summary),
            "id": item_id,
        },
    )


def items(
    db: Database,
    *,
    source_id: int | None,
    tag: str | None,
    unread_only: bool,
    limit: int,
    offset: int,
) -> list[NewsItem]:
    """Stories, newest first, of one source, of the sources tagged `tag`, or
    of all; `unread_only` leaves read ones out."""
    unread = " AND i.read_at IS NULL" if unread_only else ""
    index = "items_unread" if unread_only else "items_sort"
    order = " ORDER BY i.sort_at DESC, i.id DESC LIMIT ? OFFSET ?"
    params: list[Any]
    if source_id is not None:
        join, scope, sources, params = "", "x.source_id = ?", "id = ?", [source_id]
    elif tag is not None:
        join = "JOIN source_tags t ON t.source_id = x.source_id"
        scope, params = "t.tag = ?", [tag.lower()]
        sources = "id IN (SELECT source_id FROM source_tags WHERE tag = ?)"
    else:
        join, scope, sources, params = "", "", "", []
    with db.read() as conn:
        if not scope:
            where = f"FROM items i INDEXED BY {index} WHERE 1"
        elif _walk_the_river(conn, sources, params, unread_only, limit + offset):
            where = f"""FROM items i INDEXED BY {index} WHERE EXISTS (SELECT 1 FROM
                          item_sources x {join} WHERE x.item_id = i.id AND {scope})"""
        else:
            where = f"""FROM items i WHERE i.id IN (SELECT x.item_id FROM item_sources x
                          {join} WHERE {scope})"""
        query = f"SELECT i.id {where}{unread}{order}"
        ids = [int(row[0]) for row in conn.execute(query, [*params, limit, offset])]
        return _rows(conn, ids, source_id)


def _walk_the_river(
    conn: Connection, sources: str, params: list[Any], unread_only: bool, wanted: int
) -> bool:
    """Whether the stories of the `sources` (a condition on sources.id) are so
    many that walking all stories newest first, keeping theirs, finds `wanted`
    sooner than gathering their stories and sorting them (their counts say)."""
    column = "unread_count" if unread_only else "item_count"
    mine = conn.execute(
        f"SELECT coalesce(sum({column}), 0) FROM sources WHERE {sources}", params
    ).fetchone()[0]
    everyone = conn.execute(f"SELECT coalesce(sum({column}), 0) FROM sources").fetchone()[0]
    return bool(mine) and mine * mine >= wanted * everyone


def item(db: Database, url: str) -> NewsItem | None:
    """The story at `url`, or None."""
    with db.read() as conn:
        row = conn.execute("SELECT id FROM items WHERE url_key = ?", (comparable(url),)).fetchone()
        found = _rows(conn, [int(row[0])], None) if row else []
    return found[0] if found else None


def unread_count(db: Database) -> int:
    """Unread stories over all sources."""
    with db.read() as conn:
        return int(
            conn.execute(
                "SELECT count(*) FROM items INDEXED BY items_unread WHERE read_at IS NULL"
            ).fetchone()[0]
        )


def mark_read(db: Database, urls: Sequence[str], read: bool) -> int:
    """Mark the stories at `urls` (or at another address of the same stored
    page) read, or unread; how many changed."""
    changed = 0
    with db.write() as conn:
        for chunk in _chunks(list({comparable(url) for url in urls})):
            marks = ",".join("?" * len(chunk))
            keys = f"""url_key IN ({marks}) OR url_key IN (
                         SELECT b.url_key FROM aliases a JOIN aliases b ON b.page_id = a.page_id
                         WHERE a.url_key IN ({marks}))"""
            if read:
                cursor = conn.execute(
                    f"UPDATE items SET read_at = ? WHERE read_at IS NULL AND ({keys})",
                    [to_text(now()), *chunk, *chunk],
                )
            else:
                cursor = conn.execute(
                    f"UPDATE items SET read_at = NULL WHERE read_at IS NOT NULL AND ({keys})",
                    [*chunk, *chunk],
                )
            changed += cursor.rowcount
    return changed


def mark_all_read(db: Database, source_id: int | None, tag: str | None) -> list[str]:
    """Mark every unread story of a source, a tag or all read; the addresses changed."""
    if source_id is not None:
        scope = " AND id IN (SELECT item_id FROM item_sources WHERE source_id = ?)"
        params: list[Any] = [source_id]
    elif tag is not None:
        scope = """ AND id IN (SELECT x.item_id FROM item_sources x JOIN source_tags t
                               ON t.source_id = x.source_id WHERE t.tag = ?)"""
        params = [tag.lower()]
    else:
        scope, params = "", []
    with db.write() as conn:
        rows = conn.execute(
            f"SELECT url FROM items WHERE read_at IS NULL{scope} ORDER BY sort_at DESC",
            params,
        ).fetchall()
        conn.execute(
            f"UPDATE items SET read_at = ? WHERE read_at IS NULL{scope}", [to_text(now()), *params]
        )
    return [str(row["url"]) for row in rows]


def purge_items(db: Database, keep_days: int) -> int:
    """Delete read stories no source has listed for `keep_days` days and that
    are not bookmarked (under any address of their stored page); unread
    stories stay. How many were deleted."""
    cutoff = to_text(now() - timedelta(days=keep_days))
    with db.write() as conn:
        cursor = conn.execute(
            """DELETE FROM items WHERE read_at IS NOT NULL AND sort_at < :cutoff
                 AND NOT EXISTS (SELECT 1 FROM item_sources x
                                 WHERE x.item_id = items.id AND x.seen_at >= :cutoff)
                 AND NOT EXISTS (SELECT 1 FROM bookmarks b WHERE b.url_key = items.url_key)
                 AND NOT EXISTS (SELECT 1 FROM aliases a JOIN aliases o ON o.page_id = a.page_id
                                 JOIN bookmarks b ON b.url_key = o.url_key
                                 WHERE a.url_key = items.url_key)""",
            {"cutoff": cutoff},
        )
        return int(cursor.rowcount)


def item_counts(conn: Connection) -> tuple[int, int]:
    """Stories, and unread stories, in the library."""
    total = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    unread = conn.execute(
        "SELECT count(*) FROM items INDEXED BY items_unread WHERE read_at IS NULL"
    ).fetchone()[0]
    return int(total), int(unread)


def _rows(conn: Connection, ids: list[int], source_id: int | None) -> list[NewsItem]:
    out: list[NewsItem] = []
    seen: set[int] = set()
    for chunk in _chunks(ids):
        query = _ROWS.replace("{ids}", ",".join(str(int(n)) for n in chunk))
        for row in conn.execute(query, {"source": source_id}):
            if row["id"] not in seen:  # two aliases of one page: one item
                seen.add(row["id"])
                out.append(_item(row))
    return out


def _item(row: Any) -> NewsItem:
    saved = row["article"] is not None
    return NewsItem(
        id=int(row["id"]),
        url=row["url"],
        title=row["title"],
        source_id=int(row["source_id"]),
        source_title=row["source_title"],
        guid=row["guid"],
        summary=row["summary"],
        author=row["author"],
        published=from_text(row["published"]),
        updated=from_text(row["updated"]),
        first_seen=from_text(row["first_seen"]),
        read=row["read_at"] is not None,
        saved=saved,
        word_count=int(row["word_count"]) if saved else None,
        site=clean_line(row["site_name"]) or _host(row["url"]),
    )


def _host(url: str) -> str:
    """`host_of` for the absolute http(s) addresses items have, without urlsplit
    (a river of 500 stories calls it 500 times)."""
    netloc = url.partition("://")[2].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = netloc.rpartition("@")[2]
    if not host or host.startswith("["):
        return host_of(url)
    host = host.split(":", 1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def _aware(moment: datetime | None) -> datetime | None:
    """A time with its offset (a naive one is read as UTC)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _when(moment: datetime | None) -> str | None:
    """A feed's time as stored: ISO 8601 with the publisher's offset."""
    moment = _aware(moment)
    return moment.isoformat() if moment is not None else None


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
