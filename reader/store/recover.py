"""A damaged library: move the file aside and salvage what can still be read.

Bookmarks are what a user cannot get back by reading again, so they are
salvaged row by row (skipping unreadable stretches); pages and articles are a
cache and are not.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

from reader.core.models import Bookmark
from reader.core.sanitize import clean_line
from reader.core.urls import is_followable
from reader.store.schema import from_text

_CHUNK = 200


def move_aside(path: Path) -> Path:
    """Rename the database (and its WAL and shared-memory files) to
    `NAME.damaged-YYYYmmdd-HHMMSS`; returns the new path of the database."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.replace(Path(f"{target}{suffix}"))
    return target


def salvage_bookmarks(path: Path) -> list[Bookmark]:
    """Every bookmark still readable in a damaged database, tags and notes
    included where they can be read."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    with closing(conn):
        conn.row_factory = sqlite3.Row
        try:
            last = conn.execute("SELECT max(id) FROM bookmarks").fetchone()[0] or 0
        except sqlite3.Error:
            last = 1_000_000  # the index is damaged: walk the id space blindly
        found: list[Bookmark] = []
        for start in range(0, last + 1, _CHUNK):
            rows = _rows(conn, start, start + _CHUNK)
            for row in rows:
                url = clean_line(str(row["url"]))
                if not is_followable(url):
                    continue
                tags: tuple[str, ...] = ()
                with suppress(sqlite3.Error):
                    tags = tuple(
                        str(t[0])
                        for t in conn.execute(
                            "SELECT tag FROM bookmark_tags WHERE bookmark_id = ?", (row["id"],)
                        )
                    )
                found.append(
                    Bookmark(
                        url=url,
                        title=clean_line(str(row["title"] or "")),
                        tags=tags,
                        note=str(row["note"] or ""),
                        created=from_text(row["created_at"]),
                    )
                )
            if not rows and last == 1_000_000 and start > 10_000:
                break
        return found


def _rows(conn: sqlite3.Connection, start: int, end: int) -> list[sqlite3.Row]:
    """Rows with ids in [start, end); one by one when the stretch is damaged."""
    query = "SELECT id, url, title, note, created_at FROM bookmarks WHERE id >= ? AND id < ?"
    try:
        return list(conn.execute(query, (start, end)))
    except sqlite3.Error:
        pass
    rows: list[sqlite3.Row] = []
    for rowid in range(start, end):
        with suppress(sqlite3.Error):
            rows.extend(conn.execute(query, (rowid, rowid + 1)))
    return rows
