"""The Store: the library's one SQLite file, shared by the app's threads.

It owns the connections (`reader.store.db`), replaces a file found damaged,
and hands each operation to the module that holds it: pages and articles
(`pages`), visits, link marks and reading positions (`history`), bookmarks
and tags (`bookmarks`), full-text search (`search`), the cache's figures,
purging and size cap (`cache`), and the sources followed (`sources`) with the
stories they bring and their read state (`items`). They are plain functions that take the
`Database` and open their own read or write transaction (joining the caller's
`batch()`, if any).

Only `pages` and `history` load with this module: they are what opening a
stored page at start-up reads. The others load on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any

from reader.core.models import Article, Page
from reader.store import history, pages
from reader.store.bookmark_methods import BookmarkMethods
from reader.store.db import Database, StoreCorrupt, StoreError
from reader.store.recovering import recovering as _recovering

if TYPE_CHECKING:
    from reader.core.feeds.model import FeedItem
    from reader.core.records import CacheStats, NewsItem, SearchHit, Source, Visit
    from reader.store.pages import StoredArticle, StoredPage


class Store(BookmarkMethods):
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
        if self.db.read_only is not None:
            self.notices.append(
                f"The library is read-only ({self.db.read_only}): it can be read, "
                "but nothing will be saved."
            )

    @property
    def read_only(self) -> str | None:
        """Why the library can only be read, or None when it can be written."""
        return self.db.read_only

    def start_afresh(self, reason: str) -> None:
        """Replace a library found damaged while in use."""
        if self.db.read_only is not None:
            raise StoreError(
                f"{reason} It is read-only ({self.db.read_only}), so it was left as it is."
            )
        self.db.close()
        self.db = self._replace_damaged(reason)

    def _replace_damaged(self, reason: str) -> Database:
        from reader.store.db import why_read_only
        from reader.store.recover import (
            move_aside,
            readable_copy,
            rebuild_search,
            salvage_bookmarks,
            salvage_lost_bookmarks,
            salvage_rows,
        )

        if str(self.path) == ":memory:":
            return Database(self.path)
        path = Path(self.path)
        refused = why_read_only(path) if path.exists() else None
        if refused is not None:
            raise StoreError(f"{reason} It is read-only ({refused}), so it was left as it is.")
        try:
            aside = move_aside(path)
        except OSError as exc:
            raise StoreError(
                f"{reason} It could not be moved aside ({exc.strerror or exc})."
            ) from None
        repaired = readable_copy(aside)
        source = repaired or aside
        try:
            saved = salvage_bookmarks(source)
            saved += salvage_lost_bookmarks(source, saved)
            self.db = Database(path)
            with self.db._lock:  # the new file is ours alone until this returns
                counts = salvage_rows(self.db.conn, source)
                rebuild_search(self.db.conn)
        finally:
            if repaired is not None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{repaired}{suffix}").unlink(missing_ok=True)
        with self.db.write():
            for bookmark in saved:
                self.add_bookmark(
                    bookmark.url, bookmark.title, bookmark.tags, bookmark.note, bookmark.created,
                    state=bookmark.state, favourite=bookmark.favourite,
                )  # fmt: skip
        kept = [
            f"{counts[table]} {noun}"
            for table, noun in (("pages", "saved pages"), ("sources", "sources"))
            if counts.get(table)
        ]
        self.notices.append(
            f"{reason} It was moved to {aside.name} and a "
            f"new library was started with the {len(saved)} bookmark"
            f"{'' if len(saved) == 1 else 's'} that could be read"
            + (f" (and {', '.join(kept)})." if kept else ".")
        )
        return self.db

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def batch(self) -> AbstractContextManager[Connection]:
        """Group several operations into one transaction (all or nothing)."""
        return self.db.write()

    # -- pages and articles --------------------------------------------------------

    @_recovering
    def save_page(self, page: Page, *, requested_url: str | None = None) -> None:
        """Store a fetched page (raw HTML compressed) under its final address,
        with the requested address as an alias."""
        pages.save_page(self.db, page, requested_url)

    @_recovering
    def load_page(self, url: str) -> StoredPage | None:
        """The stored page for `url` (or an alias of it), or None."""
        return pages.load_page(self.db, url)

    @_recovering
    def mark_checked(self, url: str, *, headers: Mapping[str, str] | None = None) -> None:
        """Record that the server confirmed the stored copy is current (a 304)."""
        pages.mark_checked(self.db, url, headers)

    @_recovering
    def save_article(self, url: str, article: Article) -> None:
        """Store the article extracted from the page at `url` (which must be saved),
        with its sections and links, and index it for search."""
        pages.save_article(self.db, url, article)

    @_recovering
    def load_article(self, url: str) -> StoredArticle | None:
        """The stored article for `url` (or an alias), or None."""
        return pages.load_article(self.db, url)

    # -- visits, link marks and reading positions ----------------------------------

    @_recovering
    def link_states(self, urls: Sequence[str]) -> dict[str, str]:
        """For each address: "read" when it was opened before or its story is
        marked read, else "saved" when its article is stored; unknown addresses
        are left out."""
        return history.link_states(self.db, urls)

    @_recovering
    def add_visit(self, url: str, title: str, site: str = "", at: datetime | None = None) -> None:
        """Record that `url` was opened (one row per page per local day, the last)."""
        history.add_visit(self.db, url, title, site, at)

    @_recovering
    def visits(self, limit: int = 200, offset: int = 0, text: str = "") -> list[Visit]:
        """Visits, newest first, one per page per local day (the last); `text`
        keeps those whose title, site or address hold each of its words."""
        return history.visits(self.db, limit, offset, text)

    @_recovering
    def recent(self, limit: int = 20) -> list[Visit]:
        """The last pages opened, each once, newest first (reads a bounded window,
        so it costs the same with a large history)."""
        return history.recent(self.db, limit)

    @_recovering
    def save_position(self, url: str, data: Mapping[str, Any], fraction: float | None) -> None:
        """Remember where reading stopped on `url`."""
        history.save_position(self.db, url, data, fraction)

    @_recovering
    def position(self, url: str) -> dict[str, Any] | None:
        """Where reading stopped on `url`, or None."""
        return history.position(self.db, url)

    # -- search --------------------------------------------------------------------

    @_recovering
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Stored articles and bookmarks matching `query`, best first, with the
        matching words marked in the title and a snippet of the text."""
        from reader.store import search

        return search.search(self.db, query, limit)

    # -- cache figures, purging, size cap ------------------------------------------

    @_recovering
    def stats(self) -> CacheStats:
        """Counts and sizes."""
        from reader.store import cache

        return cache.stats(self.db)

    @_recovering
    def purge(self, older_than: timedelta) -> int:
        """Delete stored pages not read or fetched within `older_than`, except
        bookmarked ones; returns how many were deleted."""
        from reader.store import cache

        return cache.purge(self.db, older_than)

    @_recovering
    def enforce_size_cap(self, max_bytes: int) -> int:
        """Delete the least recently read unbookmarked pages until the stored
        bodies fit in `max_bytes`; returns how many were deleted."""
        from reader.store import cache

        return cache.enforce_size_cap(self.db, max_bytes)

    # -- sources followed ----------------------------------------------------------

    @_recovering
    def add_source(
        self,
        url: str,
        kind: str,
        title: str,
        tags: Iterable[str] = (),
        list_heading: str | None = None,
        *,
        site_url: str | None = None,
    ) -> Source:
        """Follow `url` (`kind`: SOURCE_FEED, SOURCE_PAGE or SOURCE_LIST with
        `list_heading`); the existing source, unchanged, when followed already."""
        from reader.store import sources

        return sources.add_source(
            self.db,
            url,
            kind=kind,
            title=title,
            tags=tags,
            list_heading=list_heading,
            site_url=site_url,
        )

    @_recovering
    def source(self, url: str, list_heading: str | None = None) -> Source | None:
        """The source following `url` (its list `list_heading`), or None."""
        from reader.store import sources

        return sources.source(self.db, url, list_heading)

    @_recovering
    def source_by_id(self, source_id: int) -> Source | None:
        """The source with this id, or None."""
        from reader.store import sources

        return sources.source_by_id(self.db, source_id)

    @_recovering
    def any_followed(self) -> bool:
        """Whether any source is followed."""
        from reader.store import sources

        return sources.any_followed(self.db)

    @_recovering
    def sources(self, tag: str | None = None) -> list[Source]:
        """Every source (with `tag`: those tagged so), by title, with the counts
        of its stories and unread stories."""
        from reader.store import sources

        return sources.sources(self.db, tag)

    @_recovering
    def remove_source(self, url_or_id: str | int, list_heading: str | None = None) -> Source | None:
        """Stop following a source (by id, or by address and list heading). Its
        stories no other source holds are deleted; bookmarks and stored pages
        stay. Returns the source removed, or None."""
        from reader.store import sources

        return sources.remove_source(self.db, url_or_id, list_heading)

    @_recovering
    def rename_source(self, source_id: int, title: str) -> Source | None:
        """Give a source a new title; None when there is no such source."""
        from reader.store import sources

        return sources.rename_source(self.db, source_id, title)

    @_recovering
    def set_source_tags(self, source_id: int, tags: Iterable[str]) -> Source | None:
        """Replace a source's tags; None when there is no such source."""
        from reader.store import sources

        return sources.set_source_tags(self.db, source_id, tags)

    @_recovering
    def update_source(self, source_id: int, **state: Any) -> Source | None:
        """Change a source's refresh state: checked_at, error, failures, etag,
        last_modified, next_due, gone, title, site_url, and `url` when it moved
        for good (onto an address followed already: the two are merged and the
        other one returned). None when there is no such source."""
        from reader.store import sources

        return sources.update_source(self.db, source_id, state)

    @_recovering
    def due_sources(
        self,
        now: datetime,
        urls: Sequence[str] | None = None,
        tag: str | None = None,
        force: bool = False,
    ) -> list[Source]:
        """The sources to ask at `now`: not gone, and due (never asked, or
        next_due passed) unless `force`; only those at `urls` or tagged `tag`
        when given."""
        from reader.store import sources

        return sources.due_sources(self.db, now, urls, tag, force)

    # -- the stories sources bring -------------------------------------------------

    @_recovering
    def add_items(
        self, source_id: int, items: Sequence[FeedItem], seen_at: datetime
    ) -> list[NewsItem]:
        """Record the stories `source_id` lists now; returns those new to the
        library. One story through two sources (same address, or same guid)
        is one item; a story opened before arrives read."""
        from reader.store import items as stories

        return stories.add_items(self.db, source_id, items, seen_at)

    @_recovering
    def items(
        self,
        source_id: int | None = None,
        tag: str | None = None,
        unread_only: bool = False,
        limit: int = 500,
        offset: int = 0,
    ) -> list[NewsItem]:
        """Stories, newest first (published, else first seen), of one source,
        of the sources tagged `tag`, or of all."""
        from reader.store import items as stories

        return stories.items(
            self.db,
            source_id=source_id,
            tag=tag,
            unread_only=unread_only,
            limit=limit,
            offset=offset,
        )

    @_recovering
    def item(self, url: str) -> NewsItem | None:
        """The story at `url`, or None."""
        from reader.store import items as stories

        return stories.item(self.db, url)

    @_recovering
    def unread_count(self) -> int:
        """Unread stories over all sources."""
        from reader.store import items as stories

        return stories.unread_count(self.db)

    @_recovering
    def mark_read(self, urls: Sequence[str], read: bool = True) -> int:
        """Mark the stories at `urls` read (or unread); how many changed."""
        from reader.store import items as stories

        return stories.mark_read(self.db, urls, read)

    @_recovering
    def mark_all_read(self, source_id: int | None = None, tag: str | None = None) -> list[str]:
        """Mark every unread story of a source, a tag or all read; the
        addresses changed (for undo: `mark_read(urls, False)`)."""
        from reader.store import items as stories

        return stories.mark_all_read(self.db, source_id, tag)

    @_recovering
    def purge_items(self, keep_days: int) -> int:
        """Delete read stories no source has listed for `keep_days` days, unless
        bookmarked; unread ones stay. How many were deleted."""
        from reader.store import items as stories

        return stories.purge_items(self.db, keep_days)
