"""Bookmarks: the read-later queue. One bookmark per address (merged by
comparable URL) with its tags, note, state (unread, read, archived) and
favourite mark; the filter text (`haystack`) and the search row kept in step
by every write; listings filtered in SQL (reader.core.bookmark_query) with
what the stored page says (saved, site, words) joined in for the rows shown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from sqlite3 import Connection
from typing import Any

from reader.core.bookmark_query import BookmarkQuery, haystack, parse_query
from reader.core.models import BOOKMARK_STATES, Bookmark
from reader.core.records import BookmarkCounts, BookmarkListing
from reader.core.sanitize import clean_line
from reader.core.urls import comparable
from reader.store.db import Database
from reader.store.schema import from_text, now, to_text

#: The columns of a listed bookmark, from `b` (bookmarks) and `a` (its article).
_COLUMNS = """b.id, b.url, b.title, b.note, b.created_at, b.updated_at, b.state,
       b.favourite, b.state_at, b.save_error,
       (SELECT group_concat(tag, ' ') FROM
          (SELECT tag FROM bookmark_tags t WHERE t.bookmark_id = b.id ORDER BY tag)) AS tags,
       a.page_id IS NOT NULL AS saved, a.title AS article_title,
       coalesce(a.site_name, '') AS site, coalesce(a.word_count, 0) AS words"""
_ARTICLE = """LEFT JOIN aliases al ON al.url_key = b.url_key
              LEFT JOIN articles a ON a.page_id = al.page_id"""
#: Whether bookmark `b`'s page is stored with its article (a set SQLite builds once).
_SAVED = """b.url_key IN (SELECT al2.url_key FROM aliases al2
                            JOIN articles a2 ON a2.page_id = al2.page_id)"""


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored: lower-case, no spaces or commas, no duplicates, sorted."""
    out = set()
    for tag in tags:
        for piece in str(tag).replace(",", " ").split():
            cleaned = clean_line(piece).lower().strip("#")
            if cleaned:
                out.add(cleaned[:64])
    return tuple(sorted(out))


def check_state(state: str) -> str:
    """`state` if it is one of BOOKMARK_STATES, else ValueError."""
    if state not in BOOKMARK_STATES:
        raise ValueError(f"not a bookmark state: {state!r} (one of {', '.join(BOOKMARK_STATES)})")
    return state


def add_bookmark(
    db: Database,
    url: str,
    *,
    title: str,
    tags: Iterable[str],
    note: str,
    created: datetime | None,
    state: str | None = None,
    favourite: bool | None = None,
) -> Bookmark:
    """Bookmark `url` (never twice: an existing bookmark gets the new tags
    added and keeps its date). The title comes from the stored article when
    none is given. `state` and `favourite` (None: unread and not a favourite
    for a new bookmark, unchanged for one kept) set its place in the queue."""
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
        if state is not None:
            conn.execute(
                "UPDATE bookmarks SET state = ?, state_at = ? WHERE id = ? AND state != ?",
                (check_state(state), to_text(now()), bookmark_id, state),
            )
        if favourite is not None:
            conn.execute(
                "UPDATE bookmarks SET favourite = ? WHERE id = ?", (int(favourite), bookmark_id)
            )
        refresh_haystacks(conn, [bookmark_id])
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
        refresh_haystacks(conn, [row[0]])
        _reindex(conn, key)
        return _bookmark(conn, key)


def set_state(db: Database, urls: Sequence[str], state: str) -> int:
    """Put the bookmarks of `urls` in `state`; how many changed."""
    check_state(state)
    moment = to_text(now())
    return _update(db, urls, "state = ?, state_at = ?, updated_at = ?", (state, moment, moment),
                   unless=("state != ?", state))  # fmt: skip


def set_favourite(db: Database, urls: Sequence[str], favourite: bool) -> int:
    """Mark the bookmarks of `urls` favourites (or not); how many changed."""
    mark = int(favourite)
    return _update(db, urls, "favourite = ?, updated_at = ?", (mark, to_text(now())),
                   unless=("favourite != ?", mark))  # fmt: skip


def _update(
    db: Database,
    urls: Sequence[str],
    assignments: str,
    values: tuple[Any, ...],
    *,
    unless: tuple[str, Any],
) -> int:
    """`UPDATE bookmarks SET assignments` (with `values`) for the bookmarks
    of `urls` where `unless` (a condition and its value) holds, that is those
    not already so, 500 addresses a statement; how many changed."""
    condition, value = unless
    keys = [comparable(url) for url in urls]
    changed = 0
    with db.write() as conn:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            changed += conn.execute(
                f"UPDATE bookmarks SET {assignments} WHERE url_key IN ({marks}) AND {condition}",
                (*values, *chunk, value),
            ).rowcount
    return changed


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


#: A filter's matches are counted up to this many ("5,000+"): counting more
#: would read the whole table at every key typed.
COUNT_CAP = 5000


def listing(
    db: Database,
    query: BookmarkQuery,
    *,
    limit: int | None = None,
    offset: int = 0,
    tag: str | None = None,
) -> BookmarkListing:
    """The bookmarks `query` keeps, newest first (oldest with `sort:oldest`),
    at most `limit` from `offset`, and how many it keeps in all (counted up
    to COUNT_CAP when the filter has words or tags: then `capped`)."""
    where, args = _where(query, tag)
    order = "ASC" if query.oldest_first else "DESC"
    window = "LIMIT ? OFFSET ?" if limit is not None else "LIMIT -1 OFFSET ?"
    page_args: tuple[Any, ...] = (limit, offset) if limit is not None else (offset,)
    with db.read() as conn:
        # The filter and the order run on `bookmarks` alone (indexes, one
        # column of text) and stop at the window; the article is joined for
        # the rows shown only.
        rows = conn.execute(
            f"""SELECT {_COLUMNS} FROM
                  (SELECT b.id FROM bookmarks b {where}
                   ORDER BY b.created_at {order}, b.id {order} {window}) f
                JOIN bookmarks b ON b.id = f.id {_ARTICLE}
                ORDER BY b.created_at {order}, b.id {order}""",
            (*args, *page_args),
        ).fetchall()
        capped = False
        if limit is None or (len(rows) < limit and (rows or not offset)):
            total = offset + len(rows)  # the window reached the end: all are counted
        elif query.words or query.tags or tag or query.saved is not None:
            found = conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM bookmarks b {where} LIMIT ?)",
                (*args, COUNT_CAP + 1),
            ).fetchone()[0]
            total, capped = min(int(found), COUNT_CAP), int(found) > COUNT_CAP
        else:  # states and favourites only: an index counts them at once
            total = int(
                conn.execute(f"SELECT count(*) FROM bookmarks b {where}", args).fetchone()[0]
            )
    return BookmarkListing([_bookmark_row(row) for row in rows], total, capped)


def _where(query: BookmarkQuery, tag: str | None) -> tuple[str, tuple[Any, ...]]:
    clauses: list[str] = []
    args: list[Any] = []
    if query.states:
        states = sorted(query.states)
        clauses.append(f"b.state IN ({','.join('?' * len(states))})")
        args += states
    if query.favourite is not None:
        clauses.append("b.favourite = ?")
        args.append(int(query.favourite))
    for name in (*query.tags, *((tag.lower(),) if tag else ())):
        clauses.append("b.id IN (SELECT t.bookmark_id FROM bookmark_tags t WHERE t.tag = ?)")
        args.append(name)
    for word in query.words:
        clauses.append("instr(b.haystack, ?) > 0")
        args.append(word)
    if query.saved is not None:
        clauses.append(_SAVED if query.saved else f"NOT {_SAVED}")
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


def bookmarks(
    db: Database,
    text: str,
    tag: str | None,
    *,
    limit: int | None = None,
    offset: int = 0,
    oldest_first: bool = False,
) -> list[Bookmark]:
    """Bookmarks newest first (oldest with `oldest_first`), filtered by
    `text` (reader.core.bookmark_query's language: words, #tags, is:, sort:)
    and by one `tag`."""
    query = parse_query(text)
    if oldest_first:
        query = replace(query, oldest_first=True)
    return listing(db, query, limit=limit, offset=offset, tag=tag).bookmarks


def counts(db: Database) -> BookmarkCounts:
    """Bookmarks by state, favourites, and those whose page is not stored."""
    with db.read() as conn:  # each count reads an index, not the table
        by_state = {
            str(row[0]): int(row[1])
            for row in conn.execute("SELECT state, count(*) FROM bookmarks GROUP BY state")
        }
        favourite = conn.execute("SELECT count(*) FROM bookmarks WHERE favourite = 1").fetchone()
        unsaved = conn.execute(f"SELECT count(*) FROM bookmarks b WHERE NOT {_SAVED}").fetchone()
    return BookmarkCounts(
        unread=by_state.get("unread", 0),
        read=by_state.get("read", 0),
        archived=by_state.get("archived", 0),
        favourite=int(favourite[0]),
        unsaved=int(unsaved[0]),
    )


def unsaved(
    db: Database,
    limit: int | None = None,
    urls: Sequence[str] | None = None,
    *,
    tried_before: datetime | None = None,
) -> list[str]:
    """Addresses of bookmarks whose page is not stored, newest first; only
    those of `urls` when given; with `tried_before`, not those whose saving
    failed since then."""
    clauses = [f"NOT {_SAVED}"]
    args: list[Any] = []
    if tried_before is not None:
        clauses.append("(b.save_tried_at IS NULL OR b.save_tried_at < ?)")
        args.append(to_text(tried_before))
    wanted: set[str] | None = None
    if urls is not None:
        wanted = {comparable(url) for url in urls}
    with db.read() as conn:
        rows = conn.execute(
            f"SELECT b.url, b.url_key FROM bookmarks b WHERE {' AND '.join(clauses)} "
            "ORDER BY b.created_at DESC, b.id DESC",
            args,
        )
        out: list[str] = []
        for row in rows:
            if wanted is not None and row["url_key"] not in wanted:
                continue
            out.append(str(row["url"]))
            if limit is not None and len(out) >= limit:
                break
        return out


def note_save(db: Database, url: str, error: str) -> None:
    """Remember why saving the page of bookmark `url` failed ('' clears it)."""
    with db.write() as conn:
        conn.execute(
            "UPDATE bookmarks SET save_error = ?, save_tried_at = ? WHERE url_key = ?",
            (clean_line(error)[:300] or None, to_text(now()), comparable(url)),
        )


def tags(db: Database) -> list[str]:
    """Every tag in use, most used first."""
    with db.read() as conn:
        rows = conn.execute(
            "SELECT tag FROM bookmark_tags GROUP BY tag ORDER BY count(*) DESC, tag"
        ).fetchall()
    return [str(row[0]) for row in rows]


def refresh_haystacks(conn: Connection, ids: Sequence[int]) -> None:
    """Write again the filter text of the bookmarks `ids` (after any change
    to their title, address, note, tags, or their page's site)."""
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"""SELECT b.id, b.url, b.title, b.note, coalesce(a.site_name, '') AS site,
                       (SELECT group_concat(tag, ' ') FROM bookmark_tags t
                        WHERE t.bookmark_id = b.id) AS tags
                FROM bookmarks b {_ARTICLE} WHERE b.id IN ({marks})""",
            chunk,
        ).fetchall()
        conn.executemany(
            "UPDATE bookmarks SET haystack = ? WHERE id = ?",
            [
                (
                    haystack(
                        row["title"], row["url"], row["note"], (row["tags"] or "").split(),
                        row["site"],
                    ),
                    row["id"],
                )
                for row in rows
            ],
        )  # fmt: skip


def page_stored(conn: Connection, page_id: int) -> None:
    """A page was stored with its article: its bookmarks' filter text takes
    the site in, and an earlier failure to save it is forgotten."""
    ids = [
        int(row[0])
        for row in conn.execute(
            "SELECT b.id FROM bookmarks b JOIN aliases al ON al.url_key = b.url_key "
            "WHERE al.page_id = ?",
            (page_id,),
        )
    ]
    if ids:
        marks = ",".join("?" * len(ids))
        conn.execute(f"UPDATE bookmarks SET save_error = NULL WHERE id IN ({marks})", ids)
        refresh_haystacks(conn, ids)


def _reindex(conn: Connection, key: str) -> None:
    # The index is kept by writes only: looking a bookmark up (as opening a
    # page does at start-up) needs none of it.
    from reader.store.search_index import reindex

    reindex(conn, key)


def _bookmark(conn: Connection, key: str) -> Bookmark | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM bookmarks b {_ARTICLE} WHERE b.url_key = ?", (key,)
    ).fetchone()
    return _bookmark_row(row) if row else None


def _bookmark_row(row: Any) -> Bookmark:
    return Bookmark(
        url=row["url"],
        title=row["title"] or row["article_title"] or "",
        tags=tuple((row["tags"] or "").split()),
        note=row["note"],
        created=from_text(row["created_at"]),
        updated=from_text(row["updated_at"]),
        state=row["state"],
        favourite=bool(row["favourite"]),
        state_changed=from_text(row["state_at"]),
        saved=bool(row["saved"]),
        site=row["site"] or "",
        words=int(row["words"] or 0),
        save_error=row["save_error"] or "",
    )
