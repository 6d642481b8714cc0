"""The Store: the library's one SQLite file, shared by the app's threads.

It owns the connections (`reader.store.db`), replaces a file found damaged,
and hands each operation to the module that holds it: pages and articles
(`pages`), visits, link marks and reading positions (`history`), bookmarks
and tags (`bookmarks`), full-text search (`search`) and the cache's figures,
purging and size cap (`cache`). They are plain functions that take the
`Database` and open their own read or write transaction (joining the caller's
`batch()`, if any).

Only `pages` and `history` load with this module: they are what opening a
stored page at start-up reads. The others load on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from sqlite3 import Connection
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from reader.core.models import Article, Bookmark, Page
from reader.store import history, pages
from reader.store.db import Database, StoreCorrupt

if TYPE_CHECKING:
    from reader.core.records import CacheStats, SearchHit, Visit
    from reader.store.pages import StoredArticle, StoredPage

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
        from reader.store.recover import move_aside, salvage_bookmarks

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
        """For each address: "saved" when its article is stored, "read" when it was
        opened before; unknown addresses are left out."""
        return history.link_states(self.db, urls)

    @_recovering
    def add_visit(self, url: str, title: str, site: str = "", at: datetime | None = None) -> None:
        """Record that `url` was opened."""
        history.add_visit(self.db, url, title, site, at)

    @_recovering
    def visits(self, limit: int = 200, offset: int = 0) -> list[Visit]:
        """Visits, newest first."""
        return history.visits(self.db, limit, offset)

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

    # -- bookmarks and tags --------------------------------------------------------

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
        from reader.store import bookmarks

        return bookmarks.add_bookmark(
            self.db, url, title=title, tags=tags, note=note, created=created
        )

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
        from reader.store import bookmarks

        return bookmarks.update_bookmark(self.db, url, title, tags, note)

    @_recovering
    def remove_bookmark(self, url: str) -> Bookmark | None:
        """Delete a bookmark; returns it (for undo) or None if there was none."""
        from reader.store import bookmarks

        return bookmarks.remove_bookmark(self.db, url)

    @_recovering
    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark exactly as it was (undo)."""
        return self.add_bookmark(
            bookmark.url, bookmark.title, bookmark.tags, bookmark.note, created=bookmark.created
        )

    @_recovering
    def bookmark(self, url: str) -> Bookmark | None:
        """The bookmark for `url`, or None."""
        from reader.store import bookmarks

        return bookmarks.bookmark(self.db, url)

    @_recovering
    def bookmarks(self, text: str = "", tag: str | None = None) -> list[Bookmark]:
        """All bookmarks, newest first; `text` filters on title, address, tags and
        note (case-insensitive substring), `tag` on one tag."""
        from reader.store import bookmarks

        return bookmarks.bookmarks(self.db, text, tag)

    @_recovering
    def tags(self) -> list[str]:
        """Every tag in use, most used first."""
        from reader.store import bookmarks

        return bookmarks.tags(self.db)

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
