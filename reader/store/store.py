"""The local library: pages and their articles, link sections, bookmarks, visits,
reading positions and full-text search, in one SQLite file.

Addresses are looked up by `reader.core.urls.comparable`, so "www." or a
tracking parameter does not make a second copy; the address a page was asked
for is kept as an alias of the address it was found at.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from reader.core.models import Article, Bookmark, Page
from reader.core.sanitize import clean_line
from reader.core.urls import comparable
from reader.store.db import Database, StoreCorrupt
from reader.store.records import StoredArticle, StoredPage, from_text, now, to_text
from reader.store.recover import move_aside, salvage_bookmarks

if TYPE_CHECKING:
    from reader.core.records import CacheStats, SearchHit, Visit

# Search and the records of lists (visits, hits, figures) load on first use:
# opening a stored page at start-up needs neither.

_CHUNK = 500
#: At most this many matches are ranked per search (the newest ones).
RANK_WINDOW = 3_000  # SQLite's variable limit is generous, but keep IN (...) lists small
_KEEP_HEADERS = frozenset(
    {"content-type", "etag", "last-modified", "cache-control", "date", "content-language",
     "expires", "age", "content-encoding", "server"}
)  # fmt: skip


_T = TypeVar("_T")
_P = ParamSpec("_P")


def _recovering(method: Callable[_P, _T]) -> Callable[_P, _T]:
    """Run a Store method; if the file turns out to be damaged, move it aside,
    start a new library with the bookmarks that can be salvaged, and retry once."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(*args, **kwargs)
        except StoreCorrupt as exc:
            store = args[0]
            assert isinstance(store, Store)
            store.start_afresh(str(exc))
            return method(*args, **kwargs)

    return wrapper


class Store:
    """The library database. Safe to share between threads.

    A damaged file is detected when it is opened or when a query meets the
    damage: it is then moved aside (`NAME.damaged-DATE`), a new library is
    started with every bookmark that could still be read, and `notices` says so.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.notices: list[str] = []
        """Messages for the user about the library (e.g. a damaged file replaced)."""
        try:
            self.db = Database(path)
        except StoreCorrupt as exc:
            self.db = self._replace_damaged(str(exc))

    def start_afresh(self, reason: str) -> None:
        """Replace a library found damaged while in use."""
        self.db.close()
        self.db = self._replace_damaged(reason)

    def _replace_damaged(self, reason: str) -> Database:
        if str(self.path) == ":memory:":
            return Database(self.path)
        path = Path(self.path)
        aside = move_aside(path)
        saved = salvage_bookmarks(aside)
        self.db = Database(path)
        with self.db.write():
            for bookmark in saved:
                self.add_bookmark(
                    bookmark.url, bookmark.title, bookmark.tags, bookmark.note, bookmark.created
                )
        self.notices.append(
            f"The library file was damaged ({reason}). It was moved to {aside.name} and a "
            f"new library was started with the {len(saved)} bookmark"
            f"{'' if len(saved) == 1 else 's'} that could be read."
        )
        return self.db

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def batch(self) -> AbstractContextManager[Connection]:
        """Group several operations into one transaction (all or nothing)."""
        return self.db.write()

    # -- pages -----------------------------------------------------------------

    @_recovering
    def save_page(self, page: Page, *, requested_url: str | None = None) -> None:
        """Store a fetched page (raw HTML compressed) under its final address,
        with the requested address as an alias."""
        body = zlib.compress(page.body, 6)
        headers = {k: v for k, v in page.headers.items() if k.lower() in _KEEP_HEADERS}
        key = comparable(page.url)
        at = to_text(page.fetched_at)
        with self.db.write() as conn:
            conn.execute(
                """INSERT INTO pages(url, url_key, status, headers, charset, body, body_size,
                                     fetched_at, checked_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url_key) DO UPDATE SET
                     url = excluded.url, status = excluded.status, headers = excluded.headers,
                     charset = excluded.charset, body = excluded.body,
                     body_size = excluded.body_size, fetched_at = excluded.fetched_at,
                     checked_at = excluded.checked_at""",
                (page.url, key, page.status, json.dumps(headers), page.charset, body, len(body),
                 at, at),
            )  # fmt: skip
            page_id = _page_id(conn, key)
            for alias in {key, comparable(requested_url or page.requested_url)}:
                if alias:
                    conn.execute(
                        "INSERT OR REPLACE INTO aliases(url_key, page_id) VALUES (?, ?)",
                        (alias, page_id),
                    )

    @_recovering
    def load_page(self, url: str) -> StoredPage | None:
        """The stored page for `url` (or an alias of it), or None."""
        with self.db.read() as conn:
            row = conn.execute(
                "SELECT * FROM pages WHERE id = (SELECT page_id FROM aliases WHERE url_key = ?)",
                (comparable(url),),
            ).fetchone()
        if row is None or row["body"] is None:
            return None
        body = zlib.decompress(row["body"])
        charset = row["charset"]
        headers = json.loads(row["headers"])
        fetched = from_text(row["fetched_at"]) or now()
        page = Page(
            url=row["url"],
            requested_url=url,
            status=row["status"],
            headers=headers,
            body=body,
            html=body.decode(charset, "replace"),
            charset=charset,
            fetched_at=fetched,
        )
        return StoredPage(page, from_text(row["checked_at"]) or fetched)

    @_recovering
    def mark_checked(self, url: str, *, headers: Mapping[str, str] | None = None) -> None:
        """Record that the server confirmed the stored copy is current (a 304)."""
        with self.db.write() as conn:
            page_id = _aliased_page_id(conn, comparable(url))
            if page_id is None:
                return
            conn.execute("UPDATE pages SET checked_at = ? WHERE id = ?", (to_text(now()), page_id))
            if headers:
                row = conn.execute("SELECT headers FROM pages WHERE id = ?", (page_id,)).fetchone()
                merged = json.loads(row["headers"])
                merged.update({k: v for k, v in headers.items() if k.lower() in _KEEP_HEADERS})
                conn.execute(
                    "UPDATE pages SET headers = ? WHERE id = ?", (json.dumps(merged), page_id)
                )

    # -- articles --------------------------------------------------------------

    @_recovering
    def save_article(self, url: str, article: Article) -> None:
        """Store the article extracted from the page at `url` (which must be saved),
        with its sections and links, and index it for search."""
        data = json.dumps(article.to_store(), ensure_ascii=False)
        with self.db.write() as conn:
            page_id = _aliased_page_id(conn, comparable(url))
            if page_id is None:
                raise KeyError(url)
            conn.execute(
                """INSERT OR REPLACE INTO articles(page_id, title, byline, published, site_name,
                       lang, word_count, text, data, extractor, extracted_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (page_id, article.title, article.byline, article.published, article.site_name,
                 article.lang, article.word_count, article.text, data,
                 article.extractor_version, to_text(now())),
            )  # fmt: skip
            conn.execute("DELETE FROM sections WHERE page_id = ?", (page_id,))
            for position, section in enumerate(article.sections):
                cursor = conn.execute(
                    "INSERT INTO sections(page_id, position, kind, heading) VALUES (?, ?, ?, ?)",
                    (page_id, position, section.kind, section.heading),
                )
                conn.executemany(
                    "INSERT INTO links(section_id, position, url, url_key, text) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [
                        (cursor.lastrowid, n, link.url, comparable(link.url), link.text)
                        for n, link in enumerate(section.links)
                    ],
                )
            key = _page_key(conn, page_id)
            conn.execute(
                "UPDATE bookmarks SET title = ? WHERE url_key IN "
                "(SELECT url_key FROM aliases WHERE page_id = ?) AND title = ''",
                (article.title, page_id),
            )
            _reindex(conn, key)

    @_recovering
    def load_article(self, url: str) -> StoredArticle | None:
        """The stored article for `url` (or an alias), or None."""
        with self.db.read() as conn:
            row = conn.execute(
                """SELECT p.url, p.fetched_at, p.checked_at, a.data, a.extractor
                   FROM aliases al JOIN pages p ON p.id = al.page_id
                   JOIN articles a ON a.page_id = p.id
                   WHERE al.url_key = ?""",
                (comparable(url),),
            ).fetchone()
        if row is None:
            return None
        article = Article.from_store(json.loads(row["data"]))
        fetched = from_text(row["fetched_at"]) or now()
        return StoredArticle(
            url=row["url"],
            article=article,
            fetched_at=fetched,
            checked_at=from_text(row["checked_at"]) or fetched,
            extractor_version=row["extractor"],
        )

    @_recovering
    def link_states(self, urls: Sequence[str]) -> dict[str, str]:
        """For each address: "saved" when its article is stored, "read" when it was
        opened before; unknown addresses are left out."""
        keys = {url: comparable(url) for url in urls}
        saved: set[str] = set()
        read: set[str] = set()
        unique = list(set(keys.values()))
        with self.db.read() as conn:
            for chunk in _chunks(unique):
                marks = ",".join("?" * len(chunk))
                saved.update(
                    row[0]
                    for row in conn.execute(
                        f"SELECT al.url_key FROM aliases al JOIN articles a "
                        f"ON a.page_id = al.page_id WHERE al.url_key IN ({marks})",
                        chunk,
                    )
                )
                read.update(
                    row[0]
                    for row in conn.execute(
                        f"SELECT DISTINCT url_key FROM visits WHERE url_key IN ({marks})", chunk
                    )
                )
        out: dict[str, str] = {}
        for url, key in keys.items():
            if key in saved:
                out[url] = "saved"
            elif key in read:
                out[url] = "read"
        return out

    # -- visits and reading positions -----------------------------------------

    @_recovering
    def add_visit(self, url: str, title: str, site: str = "", at: datetime | None = None) -> None:
        """Record that `url` was opened."""
        moment = to_text(at or now())
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO visits(url, url_key, title, site, visited_at) VALUES (?, ?, ?, ?, ?)",
                (url, comparable(url), clean_line(title), clean_line(site), moment),
            )
            conn.execute(
                "UPDATE pages SET read_at = ? WHERE id = "
                "(SELECT page_id FROM aliases WHERE url_key = ?)",
                (moment, comparable(url)),
            )

    @_recovering
    def visits(self, limit: int = 200, offset: int = 0) -> list[Visit]:
        """Visits, newest first."""
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT url, title, site, visited_at FROM visits "
                "ORDER BY visited_at DESC, id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_visit(row) for row in rows]

    @_recovering
    def recent(self, limit: int = 20) -> list[Visit]:
        """The last pages opened, each once, newest first (reads a bounded window,
        so it costs the same with a large history)."""
        seen: set[str] = set()
        out: list[Visit] = []
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT url, url_key, title, site, visited_at FROM visits "
                "ORDER BY visited_at DESC, id DESC LIMIT ?",
                (limit * 10,),
            ).fetchall()
        for row in rows:
            if row["url_key"] in seen:
                continue
            seen.add(row["url_key"])
            out.append(_visit(row))
            if len(out) >= limit:
                break
        return out

    @_recovering
    def save_position(self, url: str, data: Mapping[str, Any], fraction: float | None) -> None:
        """Remember where reading stopped on `url`."""
        with self.db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO positions(url_key, data, fraction, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (comparable(url), json.dumps(dict(data)), fraction, to_text(now())),
            )

    @_recovering
    def position(self, url: str) -> dict[str, Any] | None:
        """Where reading stopped on `url`, or None."""
        with self.db.read() as conn:
            row = conn.execute(
                "SELECT data FROM positions WHERE url_key = ?", (comparable(url),)
            ).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row["data"])
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    # -- bookmarks -------------------------------------------------------------

    @_recovering
    def add_bookmark(
        self,
        url: str,
        title: str = "",
        tags: Iterable[str] = (),
        note: str = "",
        created: datetime | None = None,
    ) -> Bookmark:
        """Bookmark `url` (never twice: an existing bookmark gets the new tags
        added and keeps its date). The title comes from the stored article when
        none is given."""
        key = comparable(url)
        clean_tags = normalize_tags(tags)
        moment = to_text(created or now())
        with self.db.write() as conn:
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
            bookmark_id = conn.execute(
                "SELECT id FROM bookmarks WHERE url_key = ?", (key,)
            ).fetchone()[0]
            conn.executemany(
                "INSERT OR IGNORE INTO bookmark_tags(bookmark_id, tag) VALUES (?, ?)",
                [(bookmark_id, tag) for tag in clean_tags],
            )
            _reindex(conn, key)
            return _bookmark(conn, key)  # type: ignore[return-value]

    @_recovering
    def update_bookmark(
        self,
        url: str,
        *,
        title: str | None = None,
        tags: Iterable[str] | None = None,
        note: str | None = None,
    ) -> Bookmark | None:
        """Change a bookmark's title, tags (replaced) or note; None if not bookmarked."""
        key = comparable(url)
        with self.db.write() as conn:
            row = conn.execute("SELECT id FROM bookmarks WHERE url_key = ?", (key,)).fetchone()
            if row is None:
                return None
            if title is not None:
                conn.execute(
                    "UPDATE bookmarks SET title = ? WHERE id = ?", (clean_line(title), row[0])
                )
            if note is not None:
                conn.execute("UPDATE bookmarks SET note = ? WHERE id = ?", (note.strip(), row[0]))
            if tags is not None:
                conn.execute("DELETE FROM bookmark_tags WHERE bookmark_id = ?", (row[0],))
                conn.executemany(
                    "INSERT OR IGNORE INTO bookmark_tags(bookmark_id, tag) VALUES (?, ?)",
                    [(row[0], tag) for tag in normalize_tags(tags)],
                )
            conn.execute(
                "UPDATE bookmarks SET updated_at = ? WHERE id = ?", (to_text(now()), row[0])
            )
            _reindex(conn, key)
            return _bookmark(conn, key)

    @_recovering
    def remove_bookmark(self, url: str) -> Bookmark | None:
        """Delete a bookmark; returns it (for undo) or None if there was none."""
        key = comparable(url)
        with self.db.write() as conn:
            bookmark = _bookmark(conn, key)
            if bookmark is None:
                return None
            conn.execute("DELETE FROM bookmarks WHERE url_key = ?", (key,))
            _reindex(conn, key)
            return bookmark

    @_recovering
    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark exactly as it was (undo)."""
        return self.add_bookmark(
            bookmark.url, bookmark.title, bookmark.tags, bookmark.note, created=bookmark.created
        )

    @_recovering
    def bookmark(self, url: str) -> Bookmark | None:
        """The bookmark for `url`, or None."""
        with self.db.read() as conn:
            return _bookmark(conn, comparable(url))

    @_recovering
    def bookmarks(self, text: str = "", tag: str | None = None) -> list[Bookmark]:
        """All bookmarks, newest first; `text` filters on title, address, tags and
        note (case-insensitive substring), `tag` on one tag."""
        with self.db.read() as conn:
            rows = conn.execute(
                """SELECT b.id, b.url, b.title, b.note, b.created_at, b.updated_at,
                          (SELECT group_concat(tag, ' ') FROM
                             (SELECT tag FROM bookmark_tags t WHERE t.bookmark_id = b.id
                              ORDER BY tag)) AS tags
                   FROM bookmarks b ORDER BY b.created_at DESC, b.id DESC"""
            ).fetchall()
        needle = text.strip().lower()
        out = []
        for row in rows:
            bookmark = _bookmark_row(row)
            if tag and tag.lower() not in bookmark.tags:
                continue
            if needle:
                haystack = " ".join(
                    (bookmark.title, bookmark.url, bookmark.note, " ".join(bookmark.tags))
                ).lower()
                if not all(word in haystack for word in needle.split()):
                    continue
            out.append(bookmark)
        return out

    @_recovering
    def tags(self) -> list[str]:
        """Every tag in use, most used first."""
        with self.db.read() as conn:
            rows = conn.execute(
                "SELECT tag FROM bookmark_tags GROUP BY tag ORDER BY count(*) DESC, tag"
            ).fetchall()
        return [str(row[0]) for row in rows]

    # -- search ----------------------------------------------------------------

    @_recovering
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Stored articles and bookmarks matching `query`, best first, with the
        matching words marked in the title and a snippet of the text."""
        from reader.store.search import fts_query, query_words

        match = fts_query(query)
        if not match:
            return []
        words = query_words(query)
        with self.db.read() as conn:
            # Ranking costs time per matching row: for words found nearly
            # everywhere, rank the newest RANK_WINDOW matches (a document's
            # rowid grows each time it is saved), so a search stays fast
            # whatever the size of the library.
            floor = conn.execute(
                "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC "
                "LIMIT 1 OFFSET ?",
                (match, RANK_WINDOW),
            ).fetchone()
            ranked = conn.execute(
                """SELECT d.url_key FROM search JOIN documents d ON d.id = search.rowid
                   WHERE search MATCH ? AND search.rowid > ?
                   ORDER BY bm25(search, 10.0, 2.0, 1.0, 3.0, 2.0) LIMIT ?""",
                (match, floor[0] if floor else 0, limit),
            ).fetchall()
            hits = []
            for (key,) in ranked:
                hit = _search_hit(conn, key, words)
                if hit is not None:
                    hits.append(hit)
        return hits

    # -- cache management ------------------------------------------------------

    @_recovering
    def stats(self) -> CacheStats:
        """Counts and sizes."""
        from reader.core.records import CacheStats

        with self.db.read() as conn:
            pages, body, oldest = conn.execute(
                "SELECT count(*), coalesce(sum(body_size), 0), min(fetched_at) FROM pages"
            ).fetchone()
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            bookmarks = conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0]
            visits = conn.execute("SELECT count(*) FROM visits").fetchone()[0]
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            page_count = conn.execute("PRAGMA page_count").fetchone()[0]
        return CacheStats(
            pages=pages,
            articles=articles,
            bookmarks=bookmarks,
            visits=visits,
            body_bytes=body,
            file_bytes=page_size * page_count,
            oldest=from_text(oldest),
        )

    @_recovering
    def purge(self, older_than: timedelta) -> int:
        """Delete stored pages not read or fetched within `older_than`, except
        bookmarked ones; returns how many were deleted."""
        cutoff = to_text(now() - older_than)
        with self.db.write() as conn:
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

    @_recovering
    def enforce_size_cap(self, max_bytes: int) -> int:
        """Delete the least recently read unbookmarked pages until the stored
        bodies fit in `max_bytes`; returns how many were deleted."""
        with self.db.read() as conn:
            total = conn.execute("SELECT coalesce(sum(body_size), 0) FROM pages").fetchone()[0]
        if total <= max_bytes:
            return 0
        with self.db.write() as conn:
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


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as stored: lower-case, no spaces or commas, no duplicates, sorted."""
    out = set()
    for tag in tags:
        for piece in str(tag).replace(",", " ").split():
            cleaned = clean_line(piece).lower().strip("#")
            if cleaned:
                out.add(cleaned[:64])
    return tuple(sorted(out))


# -- helpers --------------------------------------------------------------------


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _page_id(conn: Connection, key: str) -> int:
    return int(conn.execute("SELECT id FROM pages WHERE url_key = ?", (key,)).fetchone()[0])


def _aliased_page_id(conn: Connection, key: str) -> int | None:
    row = conn.execute("SELECT page_id FROM aliases WHERE url_key = ?", (key,)).fetchone()
    return int(row[0]) if row else None


def _page_key(conn: Connection, page_id: int) -> str:
    return str(conn.execute("SELECT url_key FROM pages WHERE id = ?", (page_id,)).fetchone()[0])


def _visit(row: Any) -> Visit:
    from reader.core.records import Visit

    return Visit(
        url=row["url"],
        title=row["title"],
        site=row["site"],
        visited_at=from_text(row["visited_at"]) or now(),
    )


def _bookmark(conn: Connection, key: str) -> Bookmark | None:
    row = conn.execute(
        """SELECT b.id, b.url, b.title, b.note, b.created_at, b.updated_at,
                  (SELECT group_concat(tag, ' ') FROM
                     (SELECT tag FROM bookmark_tags t WHERE t.bookmark_id = b.id ORDER BY tag))
                  AS tags
           FROM bookmarks b WHERE b.url_key = ?""",
        (key,),
    ).fetchone()
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


def _reindex(conn: Connection, key: str) -> None:
    """Rebuild the search row of one story (a page with all its aliases, or a
    bookmark of a page never saved) from its article and bookmark."""
    page_id = _aliased_page_id(conn, key)
    keys = {key}
    canonical = key
    if page_id is not None:
        canonical = _page_key(conn, page_id)
        keys.update(
            row[0]
            for row in conn.execute("SELECT url_key FROM aliases WHERE page_id = ?", (page_id,))
        )
    for old in keys:
        doc = conn.execute("SELECT id FROM documents WHERE url_key = ?", (old,)).fetchone()
        if doc is not None:
            conn.execute("DELETE FROM search WHERE rowid = ?", (doc[0],))
            conn.execute("DELETE FROM documents WHERE id = ?", (doc[0],))
    article = None
    if page_id is not None:
        article = conn.execute(
            "SELECT title, byline, text FROM articles WHERE page_id = ?", (page_id,)
        ).fetchone()
    marks = ",".join("?" * len(keys))
    bookmark = conn.execute(
        f"""SELECT b.title, b.note, (SELECT group_concat(tag, ' ') FROM bookmark_tags t
                                      WHERE t.bookmark_id = b.id) AS tags
            FROM bookmarks b WHERE b.url_key IN ({marks}) LIMIT 1""",
        tuple(keys),
    ).fetchone()
    if article is None and bookmark is None:
        return
    doc_id = conn.execute("INSERT INTO documents(url_key) VALUES (?)", (canonical,)).lastrowid
    conn.execute(
        "INSERT INTO search(rowid, title, byline, text, tags, note) VALUES (?, ?, ?, ?, ?, ?)",
        (
            doc_id,
            (article["title"] if article else "") or (bookmark["title"] if bookmark else ""),
            (article["byline"] or "") if article else "",
            article["text"] if article else "",
            (bookmark["tags"] or "") if bookmark else "",
            bookmark["note"] if bookmark else "",
        ),
    )


def _search_hit(conn: Connection, key: str, words: list[str]) -> SearchHit | None:
    """One search result: the story's address, marked title and snippet, marks."""
    from reader.core.records import SearchHit
    from reader.store.search import highlight, snippet

    row = conn.execute(
        """SELECT p.url AS page_url, a.title AS title, a.text AS text, a.site_name AS site,
                  a.page_id IS NOT NULL AS saved
           FROM aliases al JOIN pages p ON p.id = al.page_id
           LEFT JOIN articles a ON a.page_id = p.id
           WHERE al.url_key = ?""",
        (key,),
    ).fetchone()
    bookmark = conn.execute(
        """SELECT b.url, b.title, b.note, (SELECT group_concat(tag, ' ') FROM
                  (SELECT tag FROM bookmark_tags t WHERE t.bookmark_id = b.id ORDER BY tag))
                  AS tags
           FROM bookmarks b
           WHERE b.url_key = ? OR b.url_key IN
                 (SELECT url_key FROM aliases WHERE page_id =
                    (SELECT page_id FROM aliases WHERE url_key = ?))
           LIMIT 1""",
        (key, key),
    ).fetchone()
    url = (row["page_url"] if row else None) or (bookmark["url"] if bookmark else None)
    if not url:
        return None
    title = (row["title"] if row and row["title"] else "") or (
        bookmark["title"] if bookmark else ""
    )
    text = row["text"] if row and row["text"] else ""
    note = bookmark["note"] if bookmark else ""
    body = snippet(text, words)
    if note and not any(part.match for part in body):
        body = snippet(note, words)
    return SearchHit(
        url=url,
        title=highlight(title or url, words),
        snippet=body,
        site=(row["site"] if row else "") or "",
        saved=bool(row and row["saved"]),
        bookmarked=bookmark is not None,
        tags=tuple((bookmark["tags"] or "").split()) if bookmark else (),
    )


def _delete_pages(conn: Connection, ids: list[int]) -> None:
    for page_id in ids:
        keys = [
            row[0]
            for row in conn.execute("SELECT url_key FROM aliases WHERE page_id = ?", (page_id,))
        ]
        conn.execute("DELETE FROM pages WHERE id = ?", (page_id,))
        for key in keys:
            _reindex(conn, key)
