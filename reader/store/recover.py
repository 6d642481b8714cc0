"""A damaged library: move the file aside and salvage what can still be read.

Bookmarks are what a user cannot get back by reading again, so they are
salvaged row by row (skipping unreadable stretches), and those whose rows are
lost with a damaged table page are found again through the bookmarks' address
index and the search index (their title, tags and note). Every other table
(pages, articles and their link lists, visits, reading positions, the sources
followed and their stories) is copied row by row too (`salvage_rows`), rows of
the wrong type or whose parent is lost left out; the search index is then
rebuilt from what was saved.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path

from reader.core.models import BOOKMARK_STATES, Bookmark
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


def readable_copy(path: Path) -> Path | None:
    """A copy of a truncated database whose header claims the pages it lost
    (SQLite then reads nothing at all), with the header's page count set to
    what the file holds; None when the file needs no such repair."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    claimed = int.from_bytes(header[28:32], "big")
    if page_size < 512 or claimed * page_size <= size:
        return None
    copy = path.with_name(f"{path.name}.salvage")
    data = bytearray(path.read_bytes()[: size - size % page_size])
    data[28:32] = (len(data) // page_size).to_bytes(4, "big")
    copy.write_bytes(bytes(data))
    return copy


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
                        state=_state(row),
                        favourite=bool(_column(row, "favourite")),
                    )
                )
            if not rows and last == 1_000_000 and start > 10_000:
                break
        return found


def salvage_lost_bookmarks(path: Path, found: list[Bookmark]) -> list[Bookmark]:
    """Bookmarks whose rows could not be read, rebuilt from the index of their
    addresses (`url_key`, an address without its scheme: https is assumed)
    and, where it can be read, their search row (title, tags, note)."""
    known = {b.url.split(":", 1)[-1] for b in found}
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    lost: list[Bookmark] = []
    with closing(conn):
        try:
            keys = [
                str(row[0])
                for row in conn.execute(
                    "SELECT url_key FROM bookmarks INDEXED BY sqlite_autoindex_bookmarks_1"
                )
            ]
        except sqlite3.Error:
            return []
        for key in keys:
            url = clean_line(f"https:{key}") if key.startswith("//") else ""
            if not url or key in known or not is_followable(url):
                continue
            title, note = "", ""
            tags: tuple[str, ...] = ()
            with suppress(sqlite3.Error):
                row = conn.execute(
                    "SELECT s.title, s.tags, s.note FROM documents d JOIN search s "
                    "ON s.rowid = d.id WHERE d.url_key = ?",
                    (key,),
                ).fetchone()
                if row is not None:
                    title, note = clean_line(str(row[0] or "")), str(row[2] or "")
                    tags = tuple(str(row[1] or "").split())
            lost.append(Bookmark(url=url, title=title, tags=tags, note=note, created=None))
    return lost


#: The tables copied by `salvage_rows`, parents first (bookmarks are added
#: through the store; the search index is rebuilt).
SALVAGED_TABLES = (
    "pages",
    "aliases",
    "articles",
    "sections",
    "links",
    "visits",
    "positions",
    "sources",
    "source_tags",
    "items",
    "item_sources",
)


def salvage_rows(conn: sqlite3.Connection, damaged: Path) -> dict[str, int]:
    """Copy every readable row of `SALVAGED_TABLES` from the `damaged` file
    into the new library open on `conn` (outside any transaction); returns
    how many rows of each table were kept."""
    counts: dict[str, int] = {}
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("ATTACH DATABASE ? AS old", (f"{damaged.as_uri()}?mode=ro",))
    except sqlite3.Error:
        conn.execute("PRAGMA foreign_keys = ON")
        return counts
    try:
        for table in SALVAGED_TABLES:
            with suppress(sqlite3.Error):
                _copy_table(conn, table)
        _drop_orphans(conn)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE sources SET item_count = (SELECT count(*) FROM item_sources s "
            "WHERE s.source_id = sources.id), unread_count = (SELECT coalesce(sum(unread), 0) "
            "FROM item_sources s WHERE s.source_id = sources.id)"
        )
        conn.execute("COMMIT")
        for table in SALVAGED_TABLES:
            counts[table] = int(conn.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0])
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        with suppress(sqlite3.Error):
            conn.execute("DETACH DATABASE old")
        conn.execute("PRAGMA foreign_keys = ON")
    return counts


def _copy_table(conn: sqlite3.Connection, table: str) -> None:
    """Copy the rows of one table whose values have the declared types, in
    stretches of ids; a stretch that meets damage is copied row by row."""
    new = {
        str(r[1]): (str(r[2]).upper(), bool(r[3]))
        for r in conn.execute(f'PRAGMA main.table_info("{table}")')
    }
    old = {str(r[1]) for r in conn.execute(f'PRAGMA old.table_info("{table}")')}
    columns = [name for name in new if name in old]
    if not columns:
        return
    checks = [
        f'(typeof("{name}") IN ({_TYPES[kind]})'
        + ("" if required else f' OR "{name}" IS NULL')
        + ")"
        for name, (kind, required) in new.items()
        if name in old and kind in _TYPES
    ]
    names = ", ".join(f'"{name}"' for name in columns)
    query = (
        f'INSERT OR IGNORE INTO main."{table}" ({names}) SELECT {names} FROM old."{table}" '
        f"WHERE rowid >= ? AND rowid < ?" + "".join(f" AND {check}" for check in checks)
    )
    try:
        last = int(conn.execute(f'SELECT max(rowid) FROM old."{table}"').fetchone()[0] or 0)
    except sqlite3.Error:
        last = 1_000_000  # the table's index pages are damaged: walk blindly
    empty = 0
    for start in range(0, last + 1, _CHUNK):
        # Each statement commits on its own: damage met by one rolls back
        # only that statement, never the rows copied before it.
        try:
            copied = conn.execute(query, (start, start + _CHUNK)).rowcount
        except sqlite3.Error:
            copied = 0
            for rowid in range(start, start + _CHUNK):
                with suppress(sqlite3.Error):
                    copied += conn.execute(query, (rowid, rowid + 1)).rowcount
        empty = 0 if copied > 0 else empty + _CHUNK
        if last == 1_000_000 and empty > 10_000:
            break


_TYPES = {
    "TEXT": "'text'",
    "INTEGER": "'integer'",
    "REAL": "'real', 'integer'",
    "BLOB": "'blob', 'text'",
}


def _drop_orphans(conn: sqlite3.Connection) -> None:
    """Delete the rows whose parent row was lost (foreign keys off while copying)."""
    for _ in range(5):  # deleting a parent can orphan its children: a few rounds
        orphans = conn.execute("PRAGMA main.foreign_key_check").fetchall()
        if not orphans:
            return
        conn.execute("BEGIN IMMEDIATE")
        for table, rowid, _parent, _key in orphans:
            conn.execute(f'DELETE FROM main."{table}" WHERE rowid = ?', (rowid,))
        conn.execute("COMMIT")


def rebuild_search(conn: sqlite3.Connection) -> None:
    """Index every saved article and bookmark again (as migration 2 first did)."""
    from reader.store.schema import MIGRATIONS

    statements = [
        part.strip()
        for part in MIGRATIONS[1].split(";")
        if part.strip().startswith(("INSERT INTO documents", "INSERT INTO search"))
    ]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM search")
        conn.execute("DELETE FROM documents")
        for statement in statements:
            conn.execute(statement)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _column(row: sqlite3.Row, name: str) -> object:
    """`row[name]`, or None in a library older than that column."""
    return row[name] if name in row.keys() else None  # noqa: SIM118 (a Row iterates its values)


def _state(row: sqlite3.Row) -> str:
    """The bookmark's state in the queue, if it can be read (else unread)."""
    state = _column(row, "state")
    return str(state) if state in BOOKMARK_STATES else "unread"


def _rows(conn: sqlite3.Connection, start: int, end: int) -> list[sqlite3.Row]:
    """Rows with ids in [start, end); one by one when the stretch is damaged."""
    query = "SELECT * FROM bookmarks WHERE id >= ? AND id < ?"
    try:
        return list(conn.execute(query, (start, end)))
    except sqlite3.Error:
        pass
    rows: list[sqlite3.Row] = []
    for rowid in range(start, end):
        with suppress(sqlite3.Error):
            rows.extend(conn.execute(query, (rowid, rowid + 1)))
    return rows
