"""The library's shelf: what the UI shows around an article (recent pages,
link marks, history, reading positions), bookmarks, search and the cache's
figures. Thin calls to the store, kept apart from the flow in flow.py;
`Library` inherits them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from reader.core.errors import ReaderError
from reader.core.models import Bookmark
from reader.core.records import (
    BookmarkCounts,
    BookmarkListing,
    CacheStats,
    RecentPage,
    SearchHit,
    Visit,
)

if TYPE_CHECKING:
    from reader.store import Store


class Shelf:
    """Bookmarks, history, positions, search and cache figures (store calls)."""

    use_store: bool

    @property
    def store(self) -> Store:
        """The library database (`Library.store`)."""
        raise NotImplementedError

    # -- what the UI shows around an article --------------------------------------

    def recent(self, limit: int = 20) -> list[RecentPage]:
        """Pages opened before, most recent first."""
        if not self.use_store:
            return []
        try:
            visits = self.store.recent(limit)
        except ReaderError:
            return []
        return [
            RecentPage(v.url, v.title, v.site, v.visited_at.isoformat(timespec="seconds"))
            for v in visits
        ]

    def link_states(self, urls: Sequence[str]) -> Mapping[str, str]:
        """ "saved" or "read" for each address known to the library."""
        if not self.use_store:
            return {}
        try:
            return self.store.link_states(urls)
        except ReaderError:
            return {}

    def history(self, limit: int = 500, offset: int = 0, text: str = "") -> list[Visit]:
        """Visits, newest first, one per page per local day (the last); `text`
        keeps those whose title, site or address contain every one of its
        words (case-insensitive)."""
        return self.store.visits(limit, offset, text)

    def save_position(self, url: str, position: Mapping[str, Any], fraction: float | None) -> None:
        """Remember where reading stopped (quietly does nothing if it cannot)."""
        try:
            json.dumps(dict(position))
            self.store.save_position(url, position, fraction)
        except (ReaderError, TypeError, ValueError):
            pass

    def position(self, url: str) -> dict[str, Any] | None:
        """Where reading stopped on `url`, if known."""
        try:
            return self.store.position(url)
        except ReaderError:
            return None

    # -- bookmarks -----------------------------------------------------------------

    def bookmark(self, url: str) -> Bookmark | None:
        """The bookmark for `url`, or None."""
        return self.store.bookmark(url)

    def add_bookmark(
        self,
        url: str,
        title: str = "",
        tags: Sequence[str] = (),
        note: str = "",
        *,
        state: str | None = None,
        favourite: bool | None = None,
    ) -> Bookmark:
        """Bookmark `url` (an address never read is stored at once; its title is
        filled in when it is read); a new bookmark is unread unless `state` says."""
        return self.store.add_bookmark(url, title, tags, note, state=state, favourite=favourite)

    def update_bookmark(
        self, url: str, *, tags: Sequence[str] | None = None, note: str | None = None
    ) -> Bookmark | None:
        """Change a bookmark's tags or note."""
        return self.store.update_bookmark(url, tags=tags, note=note)

    def set_bookmark_state(self, urls: Sequence[str], state: str) -> int:
        """Mark bookmarks unread, read or archived; how many changed."""
        return self.store.set_bookmark_state(urls, state)

    def set_favourite(self, urls: Sequence[str], favourite: bool) -> int:
        """Mark bookmarks favourites, or not; how many changed."""
        return self.store.set_favourite(urls, favourite)

    def remove_bookmark(self, url: str) -> Bookmark | None:
        """Delete a bookmark, returning it for undo."""
        return self.store.remove_bookmark(url)

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Undo a removal."""
        return self.store.restore_bookmark(bookmark)

    def bookmarks(
        self,
        text: str = "",
        tag: str | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        oldest_first: bool = False,
    ) -> list[Bookmark]:
        """Bookmarks, newest first, filtered by `text` (words, #tags, is:unread,
        is:read, is:archived, is:fav, is:saved, sort:oldest) and `tag`."""
        return self.store.bookmarks(
            text, tag, limit=limit, offset=offset, oldest_first=oldest_first
        )

    def bookmark_listing(
        self, text: str = "", *, limit: int | None = None, offset: int = 0
    ) -> BookmarkListing:
        """The bookmarks the filter `text` keeps (at most `limit`), and how many in all."""
        return self.store.bookmark_listing(text, limit=limit, offset=offset)

    def bookmark_counts(self) -> BookmarkCounts:
        """Bookmarks by state, favourites, and those not stored for offline yet."""
        return self.store.bookmark_counts()

    def tags(self) -> list[str]:
        """Every bookmark tag in use, most used first."""
        return self.store.tags()

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over stored articles and bookmarks."""
        return self.store.search(query, limit)

    # -- cache -------------------------------------------------------------------

    def cache_stats(self) -> CacheStats:
        """What the library holds."""
        return self.store.stats()

    def purge(self, older_than: timedelta) -> int:
        """Delete pages not read within `older_than` (never bookmarked ones)."""
        return self.store.purge(older_than)
