"""The sources a user follows: feeds, pages and one list of a page, each with
its tags and refresh state (last check, last error, ETag/Last-Modified, next
due time, gone). A source is found by its comparable address and, for a list
source, the heading of the list (matched case-insensitively). Removing a
source removes the stories no other source holds; bookmarks and stored pages
live in their own tables and stay. Loaded on first use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from sqlite3 import Connection
from typing import Any

from reader.core.records import Source
from reader.core.sanitize import clean_line
from reader.core.urls import comparable
from reader.store.bookmarks import normalize_tags
from reader.store.db import Database
from reader.store.schema import from_text, now, to_text

_SELECT = """SELECT s.*,
                    (SELECT group_concat(tag, ' ') FROM
                       (SELECT tag FROM source_tags t WHERE t.source_id = s.id ORDER BY tag))
                    AS tags
             FROM sources s"""

#: The refresh state `update_source` may change, and whether each is a time.
_STATE: Mapping[str, bool] = {
    "checked_at": True,
    "error": False,
    "failures": False,
    "etag": False,
    "last_modified": False,
    "next_due": True,
    "gone": False,
    "title": False,
    "site_url": False,
}


def heading_key(list_heading: str | None) -> str:
    """How a list heading is stored: one line, '' for none."""
    return clean_line(list_heading)


def add_source(
    db: Database,
    url: str,
    *,
    kind: str,
    title: str,
    tags: Iterable[str],
    list_heading: str | None,
    site_url: str | None,
) -> Source:
    """Follow `url` (a list of it when `list_heading`); the existing source,
    unchanged, when it is followed already."""
    key = comparable(url)
    heading = heading_key(list_heading)
    with db.write() as conn:
        found = _find(conn, key, heading)
        if found is not None:
            return found
        cursor = conn.execute(
            "INSERT INTO sources(url, url_key, kind, list_heading, title, site_url, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (url.strip(), key, kind, heading, clean_line(title), site_url, to_text(now())),
        )
        source_id = int(cursor.lastrowid or 0)
        _set_tags(conn, source_id, tags)
        return _by_id(conn, source_id)  # type: ignore[return-value]


def source(db: Database, url: str, list_heading: str | None) -> Source | None:
    """The source following `url` (its list `list_heading`), or None."""
    with db.read() as conn:
        return _find(conn, comparable(url), heading_key(list_heading))


def source_by_id(db: Database, source_id: int) -> Source | None:
    """The source with this id, or None."""
    with db.read() as conn:
        return _by_id(conn, source_id)


def any_followed(db: Database) -> bool:
    """Whether any source is followed (one indexed row read)."""
    with db.read() as conn:
        return conn.execute("SELECT 1 FROM sources LIMIT 1").fetchone() is not None


def sources(db: Database, tag: str | None) -> list[Source]:
    """Every source (with `tag`: those tagged so), by title, with the number of
    its stories and of those unread (kept by the schema's triggers)."""
    with db.read() as conn:
        if tag is None:
            rows = conn.execute(_SELECT).fetchall()
        else:
            rows = conn.execute(
                f"{_SELECT} WHERE s.id IN (SELECT source_id FROM source_tags WHERE tag = ?)",
                (tag.lower(),),
            ).fetchall()
    out = [_source(row) for row in rows]
    out.sort(key=lambda s: (s.title.casefold() or s.url, s.id))
    return out


def remove_source(db: Database, url_or_id: str | int, list_heading: str | None) -> Source | None:
    """Stop following a source (by id, or by address and list heading); its
    stories that no other source holds are deleted. Returns it, or None."""
    with db.write() as conn:
        if isinstance(url_or_id, int):
            found = _by_id(conn, url_or_id)
        else:
            found = _find(conn, comparable(url_or_id), heading_key(list_heading))
        if found is None:
            return None
        conn.execute(
            """DELETE FROM items WHERE id IN (
                 SELECT item_id FROM item_sources WHERE source_id = :id
                 EXCEPT SELECT item_id FROM item_sources WHERE source_id != :id)""",
            {"id": found.id},
        )
        conn.execute("DELETE FROM sources WHERE id = ?", (found.id,))
        return found


def rename_source(db: Database, source_id: int, title: str) -> Source | None:
    """Give a source a new title; None when there is no such source."""
    return update_source(db, source_id, {"title": title})


def set_source_tags(db: Database, source_id: int, tags: Iterable[str]) -> Source | None:
    """Replace a source's tags; None when there is no such source."""
    with db.write() as conn:
        if _by_id(conn, source_id) is None:
            return None
        conn.execute("DELETE FROM source_tags WHERE source_id = ?", (source_id,))
        _set_tags(conn, source_id, tags)
        return _by_id(conn, source_id)


def update_source(db: Database, source_id: int, state: Mapping[str, Any]) -> Source | None:
    """Change a source's refresh state (see `_STATE`) and, when it moved for good,
    its `url`. A move onto an address followed already merges the two: the
    stories go to the other source, which is returned. None when there is no
    such source."""
    unknown = set(state) - set(_STATE) - {"url"}
    if unknown:
        raise TypeError(f"update_source: unknown fields {sorted(unknown)}")
    columns: dict[str, Any] = {}
    for name, value in state.items():
        if name != "url":
            columns[name] = _column(name, value)
    with db.write() as conn:
        found = _by_id(conn, source_id)
        if found is None:
            return None
        new_url = state.get("url")
        if new_url and comparable(new_url) != comparable(found.url):
            source_id = _move(conn, found, str(new_url))
        elif new_url:
            conn.execute("UPDATE sources SET url = ? WHERE id = ?", (new_url, source_id))
        if columns:
            assignments = ", ".join(f"{name} = :{name}" for name in columns)
            conn.execute(
                f"UPDATE sources SET {assignments} WHERE id = :id", {**columns, "id": source_id}
            )
        return _by_id(conn, source_id)


def _column(name: str, value: Any) -> Any:
    """A state value as stored: times as text, titles and errors one line."""
    if _STATE[name] and isinstance(value, datetime):
        return to_text(value)
    if name == "title":
        return clean_line(value)
    if name == "error":
        return clean_line(value) or None
    if name == "gone":
        return int(bool(value))
    return value


def _move(conn: Connection, found: Source, url: str) -> int:
    """Give a source its new address; the id of the source that follows it now
    (another one, when the new address was followed already: the two merge)."""
    key = comparable(url)
    heading = heading_key(found.list_heading)
    other = _find(conn, key, heading)
    if other is None:
        conn.execute("UPDATE sources SET url = ?, url_key = ? WHERE id = ?", (url, key, found.id))
        return found.id
    conn.execute(
        "INSERT OR IGNORE INTO item_sources(item_id, source_id, seen_at, unread) "
        "SELECT item_id, ?, seen_at, unread FROM item_sources WHERE source_id = ?",
        (other.id, found.id),
    )
    _set_tags(conn, other.id, found.tags)
    conn.execute("DELETE FROM sources WHERE id = ?", (found.id,))
    return other.id


def due_sources(
    db: Database,
    moment: datetime,
    urls: Sequence[str] | None,
    tag: str | None,
    force: bool,
) -> list[Source]:
    """The sources to ask now: not gone, and (unless `force`) never asked or
    due by `moment`; only those at `urls` (any list of them) or tagged `tag`
    when given. By title."""
    where = ["s.gone = 0"]
    params: list[Any] = []
    if not force:
        where.append("(s.next_due IS NULL OR s.next_due <= ?)")
        params.append(to_text(moment))
    if tag is not None:
        where.append("s.id IN (SELECT source_id FROM source_tags WHERE tag = ?)")
        params.append(tag.lower())
    keys: set[str] | None = {comparable(url) for url in urls} if urls is not None else None
    with db.read() as conn:
        rows = conn.execute(f"{_SELECT} WHERE {' AND '.join(where)}", params).fetchall()
    out = [_source(row) for row in rows if keys is None or row["url_key"] in keys]
    out.sort(key=lambda s: (s.title.casefold() or s.url, s.id))
    return out


def source_count(conn: Connection) -> int:
    """How many sources are followed."""
    return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])


def _set_tags(conn: Connection, source_id: int, tags: Iterable[str]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO source_tags(source_id, tag) VALUES (?, ?)",
        [(source_id, tag) for tag in normalize_tags(tags)],
    )


def _find(conn: Connection, key: str, heading: str) -> Source | None:
    row = conn.execute(
        "SELECT id FROM sources WHERE url_key = ? AND list_heading = ?", (key, heading)
    ).fetchone()
    return _by_id(conn, int(row[0])) if row else None


def _by_id(conn: Connection, source_id: int) -> Source | None:
    row = conn.execute(f"{_SELECT} WHERE s.id = ?", (source_id,)).fetchone()
    return _source(row) if row else None


def _source(row: Any) -> Source:
    return Source(
        id=int(row["id"]),
        url=row["url"],
        kind=row["kind"],
        title=row["title"],
        tags=tuple((row["tags"] or "").split()),
        list_heading=row["list_heading"] or None,
        site_url=row["site_url"],
        added_at=from_text(row["added_at"]),
        checked_at=from_text(row["checked_at"]),
        error=row["error"],
        failures=int(row["failures"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        next_due=from_text(row["next_due"]),
        gone=bool(row["gone"]),
        unread=int(row["unread_count"]),
        items=int(row["item_count"]),
    )
