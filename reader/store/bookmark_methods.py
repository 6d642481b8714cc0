"""The Store's bookmark methods (the read-later queue), each a call to
`reader.store.bookmarks` in its own transaction; `Store` inherits them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from reader.core.models import Bookmark
from reader.store.recovering import recovering as _recovering

if TYPE_CHECKING:
    from reader.core.records import BookmarkCounts, BookmarkListing
    from reader.store.db import Database


class BookmarkMethods:
    """Bookmarks, their state in the queue, tags (the `Store`'s part)."""

    db: Database

    @_recovering
    def add_bookmark(
        self,
        url: str,
        title: str = "",
        tags: Iterable[str] = (),
        note: str = "",
        created: datetime | None = None,
        *,
        state: str | None = None,
        favourite: bool | None = None,
    ) -> Bookmark:
        """Bookmark `url` (never twice: an existing bookmark gets the new tags
        added and keeps its date). The title comes from the stored article when
        none is given; `state`/`favourite` None: unread and not a favourite when
        new, unchanged when kept."""
        from reader.store import bookmarks

        return bookmarks.add_bookmark(
            self.db, url, title=title, tags=tags, note=note, created=created,
            state=state, favourite=favourite,
        )  # fmt: skip

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
    def set_bookmark_state(self, urls: Sequence[str], state: str) -> int:
        """Put bookmarks in `state` (unread, read, archived); how many changed."""
        from reader.store import bookmarks

        return bookmarks.set_state(self.db, urls, state)

    @_recovering
    def set_favourite(self, urls: Sequence[str], favourite: bool) -> int:
        """Mark bookmarks favourites, or not; how many changed."""
        from reader.store import bookmarks

        return bookmarks.set_favourite(self.db, urls, favourite)

    @_recovering
    def remove_bookmark(self, url: str) -> Bookmark | None:
        """Delete a bookmark; returns it (for undo) or None if there was none."""
        from reader.store import bookmarks

        return bookmarks.remove_bookmark(self.db, url)

    @_recovering
    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark exactly as it was (undo)."""
        return self.add_bookmark(
            bookmark.url, bookmark.title, bookmark.tags, bookmark.note, created=bookmark.created,
            state=bookmark.state, favourite=bookmark.favourite,
        )  # fmt: skip

    @_recovering
    def bookmark(self, url: str) -> Bookmark | None:
        """The bookmark for `url`, or None."""
        from reader.store import bookmarks

        return bookmarks.bookmark(self.db, url)

    @_recovering
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
        is:archived, is:fav, sort:oldest: reader.core.bookmark_query) and `tag`."""
        from reader.store import bookmarks

        return bookmarks.bookmarks(
            self.db, text, tag, limit=limit, offset=offset, oldest_first=oldest_first
        )

    @_recovering
    def bookmark_listing(
        self, text: str = "", *, limit: int | None = None, offset: int = 0
    ) -> BookmarkListing:
        """The bookmarks `text` keeps (at most `limit`) and how many in all."""
        from reader.core.bookmark_query import parse_query
        from reader.store import bookmarks

        return bookmarks.listing(self.db, parse_query(text), limit=limit, offset=offset)

    @_recovering
    def bookmark_counts(self) -> BookmarkCounts:
        """Bookmarks by state, favourites, and those not stored for offline."""
        from reader.store import bookmarks

        return bookmarks.counts(self.db)

    @_recovering
    def unsaved_bookmarks(
        self,
        limit: int | None = None,
        urls: Sequence[str] | None = None,
        *,
        tried_before: datetime | None = None,
    ) -> list[str]:
        """Addresses of bookmarks whose page is not stored, newest first (only
        those of `urls`; with `tried_before`, not those that failed since)."""
        from reader.store import bookmarks

        return bookmarks.unsaved(self.db, limit, urls, tried_before=tried_before)

    @_recovering
    def note_bookmark_save(self, url: str, error: str) -> None:
        """Remember why saving bookmark `url`'s page failed ('' clears it)."""
        from reader.store import bookmarks

        bookmarks.note_save(self.db, url, error)

    @_recovering
    def tags(self) -> list[str]:
        """Every tag in use, most used first."""
        from reader.store import bookmarks

        return bookmarks.tags(self.db)
