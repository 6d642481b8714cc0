"""Pages and their articles: the raw page as fetched (body compressed, a few
headers kept) and the article extracted from it, with its link sections.

Addresses are looked up by `reader.core.urls.comparable`, so "www." or a
tracking parameter does not make a second copy; the address a page was asked
for is kept as an alias of the address it was found at (every key that leads
to a page is a row of `aliases`, its own address's key included).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from sqlite3 import Connection

from reader.core.models import Article, Page
from reader.core.urls import comparable
from reader.store.db import Database
from reader.store.schema import from_text, now, to_text

#: Response headers worth keeping with a page (revalidation, type, language).
KEEP_HEADERS = frozenset(
    {"content-type", "etag", "last-modified", "cache-control", "date", "content-language",
     "expires", "age", "content-encoding", "server"}
)  # fmt: skip


@dataclass(frozen=True)
class StoredPage:
    """A page as saved: the Page plus when it was last checked with the server."""

    page: Page
    checked_at: datetime


@dataclass(frozen=True)
class StoredArticle:
    """An article as saved, with the time of the page it came from."""

    url: str
    article: Article
    fetched_at: datetime
    checked_at: datetime
    extractor_version: str


def save_page(db: Database, page: Page, requested_url: str | None) -> None:
    """Store a fetched page (raw HTML compressed) under its final address,
    with the requested address as an alias."""
    body = zlib.compress(page.body, 6)
    headers = {k: v for k, v in page.headers.items() if k.lower() in KEEP_HEADERS}
    key = comparable(page.url)
    at = to_text(page.fetched_at)
    with db.write() as conn:
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
        stored_id = page_id(conn, key)
        for alias in {key, comparable(requested_url or page.requested_url)}:
            if alias:
                conn.execute(
                    "INSERT OR REPLACE INTO aliases(url_key, page_id) VALUES (?, ?)",
                    (alias, stored_id),
                )


def load_page(db: Database, url: str) -> StoredPage | None:
    """The stored page for `url` (or an alias of it), or None."""
    with db.read() as conn:
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


def mark_checked(db: Database, url: str, headers: Mapping[str, str] | None) -> None:
    """Record that the server confirmed the stored copy is current (a 304)."""
    with db.write() as conn:
        stored_id = aliased_page_id(conn, comparable(url))
        if stored_id is None:
            return
        conn.execute("UPDATE pages SET checked_at = ? WHERE id = ?", (to_text(now()), stored_id))
        if headers:
            row = conn.execute("SELECT headers FROM pages WHERE id = ?", (stored_id,)).fetchone()
            merged = json.loads(row["headers"])
            merged.update({k: v for k, v in headers.items() if k.lower() in KEEP_HEADERS})
            conn.execute(
                "UPDATE pages SET headers = ? WHERE id = ?", (json.dumps(merged), stored_id)
            )


def save_article(db: Database, url: str, article: Article) -> None:
    """Store the article extracted from the page at `url` (which must be saved),
    with its sections and links, and index it for search."""
    # The index is kept by writes only: reading a stored page needs none of it.
    from reader.store.bookmarks import page_stored
    from reader.store.search_index import reindex

    data = json.dumps(article.to_store(), ensure_ascii=False)
    with db.write() as conn:
        stored_id = aliased_page_id(conn, comparable(url))
        if stored_id is None:
            raise KeyError(url)
        conn.execute(
            """INSERT OR REPLACE INTO articles(page_id, title, byline, published, site_name,
                   lang, word_count, text, data, extractor, extracted_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (stored_id, article.title, article.byline, article.published, article.site_name,
             article.lang, article.word_count, article.text, data,
             article.extractor_version, to_text(now())),
        )  # fmt: skip
        conn.execute("DELETE FROM sections WHERE page_id = ?", (stored_id,))
        for position, section in enumerate(article.sections):
            cursor = conn.execute(
                "INSERT INTO sections(page_id, position, kind, heading) VALUES (?, ?, ?, ?)",
                (stored_id, position, section.kind, section.heading),
            )
            conn.executemany(
                "INSERT INTO links(section_id, position, url, url_key, text) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (cursor.lastrowid, n, link.url, comparable(link.url), link.text)
                    for n, link in enumerate(section.links)
                ],
            )
        key = page_key(conn, stored_id)
        conn.execute(
            "UPDATE bookmarks SET title = ? WHERE url_key IN "
            "(SELECT url_key FROM aliases WHERE page_id = ?) AND title = ''",
            (article.title, stored_id),
        )
        page_stored(conn, stored_id)
        reindex(conn, key)


def load_article(db: Database, url: str) -> StoredArticle | None:
    """The stored article for `url` (or an alias), or None."""
    with db.read() as conn:
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


# -- addresses and aliases ---------------------------------------------------------


def page_id(conn: Connection, key: str) -> int:
    """The page stored under its own address `key` (which must exist)."""
    return int(conn.execute("SELECT id FROM pages WHERE url_key = ?", (key,)).fetchone()[0])


def aliased_page_id(conn: Connection, key: str) -> int | None:
    """The page that `key` (its own address or an alias) leads to, or None."""
    row = conn.execute("SELECT page_id FROM aliases WHERE url_key = ?", (key,)).fetchone()
    return int(row[0]) if row else None


def page_key(conn: Connection, page_id: int) -> str:
    """The key of the address a page was found at."""
    return str(conn.execute("SELECT url_key FROM pages WHERE id = ?", (page_id,)).fetchone()[0])


def alias_keys(conn: Connection, page_id: int) -> list[str]:
    """Every key that leads to a page."""
    return [
        row[0] for row in conn.execute("SELECT url_key FROM aliases WHERE page_id = ?", (page_id,))
    ]
